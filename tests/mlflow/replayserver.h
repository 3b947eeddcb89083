#pragma once
// An HTTP server inside the test that replays the responses recorded from a real MLflow 2.10.2
// tracking server (tests/data/mlflow-2.10.2/rest/INDEX.tsv) byte for byte, with their status and
// content type. Requests match on method, path, decoded query items (any order) and JSON body.
// `/slow/...` accepts the connection and never answers; POST registered-models/alias is
// answered "{}" and remembered, as a write-back would be.
// It serves from a thread of its own: the code under test may block the test's thread (openReview
// waits for its two loaders), and a server on that thread would then never answer the other one.
// requests() and unmatched() are for reading once the client is done.
#include <QHash>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUrlQuery>

namespace gr::test {

class ReplayServer : public QObject
{
public:
    struct Response
    {
        int status = 200;
        QByteArray contentType;
        QByteArray body;
    };
    struct Request
    {
        QByteArray method, target, body, authorization;
    };

    explicit ReplayServer(const QString &restDir)
    {
        QFile index(QDir(restDir).filePath(QStringLiteral("INDEX.tsv")));
        if (!index.open(QIODevice::ReadOnly)) qFatal("cannot read INDEX.tsv");
        index.readLine(); // header
        while (!index.atEnd()) {
            const QList<QByteArray> f = index.readLine().trimmed().split('\t');
            if (f.size() < 5) continue;
            QFile body(QDir(restDir).filePath(QString::fromUtf8(f[0])));
            if (!body.open(QIODevice::ReadOnly)) qFatal("cannot read %s", f[0].constData());
            QByteArray url = f[2], json;
            if (const qsizetype space = url.indexOf(' '); space > 0) {
                json = url.mid(space + 1);
                url = url.left(space);
            }
            m_responses.insert(key(f[1], url, json), {f[3].toInt(), f[4], body.readAll()});
        }
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
        });
        if (!m_server.listen(QHostAddress::LocalHost)) qFatal("cannot listen");
        m_thread.start();
        moveToThread(&m_thread); // with m_server, its child
    }

    ~ReplayServer() override
    {
        QThread *const home = QThread::currentThread();
        QMetaObject::invokeMethod(
            this,
            [this, home] {
                m_server.close();
                moveToThread(home); // back, so it is destroyed where it is deleted
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    int recordedResponses() const { return int(m_responses.size()); }
    const QList<Request> &requests() const { return m_requests; }
    const QList<QByteArray> &unmatched() const { return m_unmatched; }

private:
    // Method, path, sorted decoded query items, and the JSON body in compact form.
    static QString key(const QByteArray &method, const QByteArray &target, const QByteArray &body)
    {
        const QUrl url(QString::fromUtf8(target));
        QStringList items;
        for (const auto &[k, v] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
            items << k + QLatin1Char('=') + v;
        items.sort();
        QByteArray json;
        if (!body.trimmed().isEmpty())
            json = QJsonDocument::fromJson(body).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(method) + QLatin1Char(' ') + url.path() + QLatin1Char('?') +
               items.join(QLatin1Char('&')) + QLatin1Char(' ') + QString::fromUtf8(json);
    }

    void onData(QTcpSocket *s)
    {
        QByteArray &buffer = m_buffers[s];
        buffer += s->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        qsizetype length = 0;
        Request r;
        for (const QByteArray &line : lines.mid(1)) {
            const QByteArray l = line.trimmed();
            if (l.toLower().startsWith("content-length:"))
                length = l.mid(15).trimmed().toLongLong();
            if (l.toLower().startsWith("authorization:")) r.authorization = l.mid(14).trimmed();
        }
        if (buffer.size() < end + 4 + length) return;
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        r.method = requestLine.value(0);
        r.target = requestLine.value(1);
        r.body = buffer.mid(end + 4, length);
        buffer.clear();
        m_requests.append(r);
        if (r.target.startsWith("/slow/")) return; // never answer: the client must time out
        Response response;
        if (r.method == "POST" && r.target == "/api/2.0/mlflow/registered-models/alias") {
            response = {200, "application/json", "{}"};
        } else if (auto it = m_responses.constFind(key(r.method, r.target, r.body));
                   it != m_responses.cend()) {
            response = *it;
        } else {
            m_unmatched.append(r.method + ' ' + r.target + ' ' + r.body);
            response = {404, "application/json",
                        R"({"error_code": "ENDPOINT_NOT_FOUND", "message": "not recorded"})"};
        }
        QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) +
                          " X\r\nContent-Type: " + response.contentType +
                          "\r\nContent-Length: " + QByteArray::number(response.body.size()) +
                          "\r\nConnection: close\r\n\r\n";
        s->write(head + response.body);
        s->disconnectFromHost();
    }

    QThread m_thread;
    QTcpServer m_server{this};
    QHash<QString, Response> m_responses;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Request> m_requests;
    QList<QByteArray> m_unmatched;
};

} // namespace gr::test

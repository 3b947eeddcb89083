#pragma once
// A loopback HTTP server whose every answer is written by the test: redirects to another port,
// slow drips, oversized bodies, injected run ids. It runs on the test's thread; the client's
// blocking calls spin their own event loop, which serves it. Each request is recorded with its
// Authorization header, so a test can prove credentials did (not) travel.
#include <functional>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace gr::test {

class HostileServer : public QObject
{
public:
    struct Request
    {
        QByteArray method, target, authorization, body;
    };
    using Handler = std::function<void(QTcpSocket *, const Request &)>;

    explicit HostileServer(Handler handler) : m_handler(std::move(handler))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
        });
        if (!m_server.listen(QHostAddress::LocalHost)) qFatal("cannot listen");
    }

    quint16 port() const { return m_server.serverPort(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }
    const QList<Request> &requests() const { return m_requests; }

    static void answer(QTcpSocket *s, int status, const QByteArray &body,
                       const QByteArray &extraHeaders = {},
                       const QByteArray &contentType = "application/json")
    {
        s->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + contentType +
                 "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders +
                 "Connection: close\r\n\r\n" + body);
        s->disconnectFromHost();
    }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buffer = m_buffers[s];
        buffer += s->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        Request r;
        qsizetype length = 0;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
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
        m_handler(s, r);
    }

    QTcpServer m_server;
    Handler m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Request> m_requests;
};

} // namespace gr::test

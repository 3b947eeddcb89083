#include "mlflowhttp.h"
#include "model/errors.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

namespace gr {

MlflowHttp::MlflowHttp(QString baseUrl, TrackingConnection connection)
    : m_base(std::move(baseUrl)), m_connection(std::move(connection))
{
    if (m_connection.token.isEmpty())
        m_connection.token = qEnvironmentVariable("MLFLOW_TRACKING_TOKEN");
    if (m_connection.username.isEmpty())
        m_connection.username = qEnvironmentVariable("MLFLOW_TRACKING_USERNAME");
    if (m_connection.password.isEmpty())
        m_connection.password = qEnvironmentVariable("MLFLOW_TRACKING_PASSWORD");
}

QString describeErrorBody(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (o.contains(QStringLiteral("message")) || o.contains(QStringLiteral("error_code"))) {
        const QString code = o.value(QStringLiteral("error_code")).toString();
        const QString message = o.value(QStringLiteral("message")).toString();
        return code.isEmpty() ? message : QStringLiteral("%1: %2").arg(code, message);
    }
    QString text = QString::fromUtf8(body);
    static const QRegularExpression title(QStringLiteral("<title>(.*?)</title>"),
                                          QRegularExpression::CaseInsensitiveOption);
    text.remove(title); // the <h1> repeats it
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    text = text.remove(tags).simplified();
    return text.size() > 300 ? text.left(300) + QStringLiteral("…") : text;
}

QByteArray MlflowHttp::request(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                               const QByteArray &body) const
{
    QUrl url(m_base + path);
    if (!query.isEmpty()) url.setQuery(query);
    const QString shown = url.toString();
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    if (!m_connection.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_connection.token.toUtf8());
    else if (!m_connection.username.isEmpty())
        request.setRawHeader("Authorization", "Basic " + (m_connection.username + QLatin1Char(':') +
                                                          m_connection.password)
                                                             .toUtf8()
                                                             .toBase64());
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));

    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool timedOut = false;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply->abort();
    });
    timer.start(m_connection.timeoutMs);
    if (!reply->isFinished()) loop.exec();
    const QByteArray data = timedOut ? QByteArray() : reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const QString errorText = reply->errorString();
    reply->deleteLater();

    if (timedOut)
        throw InputError(shown, QStringLiteral("the tracking server did not answer within %1 s; "
                                               "check the server or raise the timeout")
                                    .arg(m_connection.timeoutMs / 1000.0, 0, 'g', 3));
    if (status >= 400) {
        QString hint;
        if (status == 401 || status == 403)
            hint = QStringLiteral(" (set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and "
                                  "MLFLOW_TRACKING_PASSWORD)");
        throw InputError(shown, QStringLiteral("the tracking server answered HTTP %1: %2%3")
                                    .arg(status)
                                    .arg(describeErrorBody(data), hint));
    }
    if (error != QNetworkReply::NoError) {
        const QString why =
            error == QNetworkReply::ConnectionRefusedError
                ? QStringLiteral("connection refused — is the tracking server running at %1?")
                      .arg(m_base)
                : errorText;
        throw InputError(shown, QStringLiteral("cannot reach the tracking server: %1").arg(why));
    }
    return data;
}

QByteArray MlflowHttp::get(const QString &path, const QUrlQuery &query) const
{
    return request("GET", path, query, {});
}

static QJsonObject parseJson(const QByteArray &data, const QString &where)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw InputError(
            where,
            QStringLiteral(
                "the tracking server sent something that is not a JSON object (%1 at byte %2)")
                .arg(error.errorString())
                .arg(error.offset));
    return doc.object();
}

QJsonObject MlflowHttp::getJson(const QString &path, const QUrlQuery &query) const
{
    return parseJson(get(path, query), m_base + path);
}

QJsonObject MlflowHttp::postJson(const QString &path, const QJsonObject &body) const
{
    return parseJson(request("POST", path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact)),
                     m_base + path);
}

} // namespace gr

#include "mlflowhttp.h"
#include "model/errors.h"
#include "model/redaction.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>

namespace gr {
namespace {

constexpr int kMaxRedirects = 5;
constexpr int kTlsHandshakeMs = 5000;
constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kErrorBodyBytes = 64 * 1024; // enough for any error message worth showing

qint64 limitFromEnvironment(const char *variable, qint64 fallback)
{
    bool ok = false;
    const double mib = qEnvironmentVariable(variable).toDouble(&ok);
    return ok && mib > 0 ? qint64(mib * double(kMiB)) : fallback;
}

bool isTrue(const char *variable)
{
    const QString v = qEnvironmentVariable(variable).trimmed().toLower();
    return v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes");
}

QSslKey readPrivateKey(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Opaque}) {
        const QSslKey key(pem, algorithm, QSsl::Pem);
        if (!key.isNull()) return key;
    }
    return {};
}

// MLflow's TLS variables, applied as the Python client applies them to `requests`.
QSslConfiguration tlsConfiguration()
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    const QString serverCert = qEnvironmentVariable("MLFLOW_TRACKING_SERVER_CERT_PATH");
    const bool insecure = isTrue("MLFLOW_TRACKING_INSECURE_TLS");
    if (insecure && !serverCert.isEmpty())
        throw InputError(QString(), QStringLiteral("MLFLOW_TRACKING_INSECURE_TLS and "
                                                   "MLFLOW_TRACKING_SERVER_CERT_PATH cannot both "
                                                   "be set (MLflow refuses that too)"));
    if (insecure) tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!serverCert.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(serverCert, QSsl::Pem);
        if (cas.isEmpty())
            throw InputError(serverCert,
                             QStringLiteral("MLFLOW_TRACKING_SERVER_CERT_PATH names no readable "
                                            "PEM certificate"));
        tls.setCaCertificates(cas); // like requests' verify=PATH: trust exactly this bundle
    }
    const QString clientCert = qEnvironmentVariable("MLFLOW_TRACKING_CLIENT_CERT_PATH");
    if (!clientCert.isEmpty()) {
        QFile f(clientCert);
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(clientCert, QSsl::Pem);
        if (!f.open(QIODevice::ReadOnly) || certs.isEmpty())
            throw InputError(clientCert, QStringLiteral("MLFLOW_TRACKING_CLIENT_CERT_PATH names no "
                                                        "readable PEM certificate"));
        const QSslKey key = readPrivateKey(f.readAll());
        if (key.isNull())
            throw InputError(clientCert,
                             QStringLiteral("MLFLOW_TRACKING_CLIENT_CERT_PATH holds no unencrypted "
                                            "private key beside the certificate (one PEM file "
                                            "with both, as MLflow expects)"));
        tls.setLocalCertificate(certs.first());
        tls.setPrivateKey(key);
    }
    return tls;
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

} // namespace

QString originOf(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == QLatin1String("https") ? 443 : 80);
    return QStringLiteral("%1://%2:%3").arg(scheme, url.host().toLower()).arg(port);
}

MlflowHttp::MlflowHttp(QString baseUrl, TrackingConnection connection)
    : m_base(std::move(baseUrl)), m_connection(std::move(connection))
{
    if (m_connection.token.isEmpty())
        m_connection.token = qEnvironmentVariable("MLFLOW_TRACKING_TOKEN");
    if (m_connection.username.isEmpty())
        m_connection.username = qEnvironmentVariable("MLFLOW_TRACKING_USERNAME");
    if (m_connection.password.isEmpty())
        m_connection.password = qEnvironmentVariable("MLFLOW_TRACKING_PASSWORD");
    if (m_connection.timeoutMs <= 0) {
        bool ok = false;
        const double seconds = qEnvironmentVariable("MLFLOW_HTTP_REQUEST_TIMEOUT").toDouble(&ok);
        m_connection.timeoutMs = ok && seconds > 0 ? int(seconds * 1000) : 120000;
    }
    if (m_connection.maxResponseBytes <= 0)
        m_connection.maxResponseBytes =
            limitFromEnvironment("GATEREVIEW_MAX_RESPONSE_MB", 64 * kMiB);
    if (m_connection.maxArtifactBytes <= 0)
        m_connection.maxArtifactBytes =
            limitFromEnvironment("GATEREVIEW_MAX_ARTIFACT_MB", 8192 * kMiB);
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

MlflowHttp::Answer MlflowHttp::exchange(const QByteArray &verb, const QString &path,
                                        const QUrlQuery &query, const QByteArray &body,
                                        QIODevice *sink) const
{
    QUrl url(m_base + path);
    if (!query.isEmpty()) url.setQuery(query);
    const QString origin = originOf(QUrl(m_base));
    const bool https = url.scheme() == QLatin1String("https");
    const QSslConfiguration tls = https ? tlsConfiguration() : QSslConfiguration();
    QByteArray method = verb, payload = body;
    for (int hop = 0;; ++hop) {
        const QString shown = redactUri(url.toString());
        QNetworkRequest request(url);
        // Redirects are judged here, not by Qt: only same-origin ones keep the credentials.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        if (!m_connection.token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_connection.token.toUtf8());
        else if (!m_connection.username.isEmpty())
            request.setRawHeader(
                "Authorization",
                "Basic " + (m_connection.username + QLatin1Char(':') + m_connection.password)
                               .toUtf8()
                               .toBase64());
        if (!payload.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              method == "PUT" ? QStringLiteral("application/octet-stream")
                                              : QStringLiteral("application/json"));
        if (https) request.setSslConfiguration(tls);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false); // MLflow: HTTP/1.1

        QNetworkAccessManager manager;
        QNetworkReply *reply = manager.sendCustomRequest(request, method, payload);
        reply->setReadBufferSize(4 * kMiB); // bounded memory however fast the server sends
        Answer answer;
        enum class Stop
        {
            None,
            Idle,
            Handshake,
            TooLarge,
            WriteFailed,
            Cancelled
        } stop = Stop::None;
        qint64 announced = -1;
        const qint64 cap = sink ? m_connection.maxArtifactBytes : m_connection.maxResponseBytes;
        QEventLoop loop;
        QTimer idle, handshake;
        idle.setSingleShot(true);
        handshake.setSingleShot(true);
        auto abortWith = [&](Stop why) {
            if (stop == Stop::None) stop = why;
            reply->abort();
        };
        auto alive = [&] { idle.start(m_connection.timeoutMs); };
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QObject::connect(&idle, &QTimer::timeout, &loop, [&] { abortWith(Stop::Idle); });
        QObject::connect(&handshake, &QTimer::timeout, &loop, [&] { abortWith(Stop::Handshake); });
        QObject::connect(reply, &QNetworkReply::encrypted, &loop, [&] {
            handshake.stop();
            alive();
        });
        QObject::connect(reply, &QNetworkReply::uploadProgress, &loop, alive);
        QObject::connect(reply, &QNetworkReply::metaDataChanged, &loop, [&] {
            alive();
            answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
            if (length.isValid()) announced = length.toLongLong();
            if (answer.status / 100 == 2 && announced > cap) abortWith(Stop::TooLarge);
        });
        auto drain = [&] {
            alive();
            const QByteArray chunk = reply->readAll();
            if (answer.status / 100 != 2) { // an error or redirect page: keep its start only
                if (answer.body.size() < kErrorBodyBytes)
                    answer.body += chunk.left(kErrorBodyBytes - answer.body.size());
                return;
            }
            answer.bytes += chunk.size();
            if (answer.bytes > cap) return abortWith(Stop::TooLarge);
            if (!sink)
                answer.body += chunk;
            else if (sink->write(chunk) != chunk.size())
                abortWith(Stop::WriteFailed);
            if (sink && m_observer && !m_observer(answer.bytes, announced))
                abortWith(Stop::Cancelled);
        };
        QObject::connect(reply, &QNetworkReply::readyRead, &loop, drain);
        alive();
        if (https) handshake.start(std::min(m_connection.timeoutMs, kTlsHandshakeMs));
        if (!reply->isFinished()) loop.exec();
        idle.stop();
        handshake.stop();
        if (stop == Stop::None && reply->bytesAvailable() > 0) drain();
        const QNetworkReply::NetworkError error = reply->error();
        const QString errorText = reply->errorString();
        const QUrl location = QUrl::fromEncoded(reply->rawHeader("Location").trimmed());
        if (answer.status == 0)
            answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();

        const QString seconds = QString::number(m_connection.timeoutMs / 1000.0, 'g', 3);
        switch (stop) {
        case Stop::Idle:
            throw InputError(shown, QStringLiteral("the tracking server sent nothing for %1 s; "
                                                   "check the server, or raise the inactivity "
                                                   "limit with --timeout or "
                                                   "MLFLOW_HTTP_REQUEST_TIMEOUT")
                                        .arg(seconds));
        case Stop::Handshake:
            throw InputError(
                shown, QStringLiteral("no TLS handshake from %1 within %2 s: is it a plain-HTTP "
                                      "server? Then use http:// in the tracking URI")
                           .arg(origin)
                           .arg(std::min(m_connection.timeoutMs, kTlsHandshakeMs) / 1000.0));
        case Stop::TooLarge:
            throw InputError(
                shown,
                QStringLiteral("the answer is larger than the limit of %1 MiB%2; raise it "
                               "with %3 if this is expected")
                    .arg(cap / kMiB)
                    .arg(announced > cap ? QStringLiteral(" (it announced %1 bytes)").arg(announced)
                                         : QString())
                    .arg(sink ? QStringLiteral("GATEREVIEW_MAX_ARTIFACT_MB")
                              : QStringLiteral("GATEREVIEW_MAX_RESPONSE_MB")));
        case Stop::WriteFailed:
            throw InputError(
                shown, QStringLiteral("cannot save the download: %1").arg(sink->errorString()));
        case Stop::Cancelled:
            throw Cancelled();
        case Stop::None:
            break;
        }
        if (isRedirect(answer.status)) {
            const QUrl target = url.resolved(location);
            if (location.isEmpty() || !target.isValid())
                throw InputError(shown, QStringLiteral("the tracking server answered HTTP %1 "
                                                       "without a usable Location")
                                            .arg(answer.status));
            if (originOf(target) != origin)
                throw InputError(
                    shown,
                    QStringLiteral("the tracking server at %1 redirected to %2, another origin; "
                                   "refusing to follow it, so the credentials meant for %1 are "
                                   "not sent to %2. Point --tracking-uri at the final server")
                        .arg(origin, originOf(target)));
            if (hop >= kMaxRedirects)
                throw InputError(
                    shown, QStringLiteral("more than %1 redirects; giving up").arg(kMaxRedirects));
            url = target;
            if (answer.status == 303) {
                method = "GET";
                payload.clear();
            }
            continue;
        }
        if (answer.status >= 400 || (answer.status == 0 && error == QNetworkReply::NoError))
            return answer; // callers decide: some fall back on 404
        if (error != QNetworkReply::NoError) {
            QString why = errorText;
            if (error == QNetworkReply::ConnectionRefusedError)
                why = QStringLiteral("connection refused — is the tracking server running at %1?")
                          .arg(redactUri(m_base));
            else if (error == QNetworkReply::SslHandshakeFailedError && https)
                why = QStringLiteral("TLS handshake failed (%1). If the server speaks plain HTTP, "
                                     "use http://; for a private CA set "
                                     "MLFLOW_TRACKING_SERVER_CERT_PATH")
                          .arg(errorText);
            throw InputError(shown,
                             QStringLiteral("cannot reach the tracking server: %1").arg(why));
        }
        return answer;
    }
}

namespace {

[[noreturn]] void throwHttpError(int status, const QByteArray &body, const QString &shown,
                                 bool hasCredentials)
{
    QString hint;
    if (status == 401)
        hint = hasCredentials
                   ? QStringLiteral(" (the credentials sent were refused: check "
                                    "MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD)")
                   : QStringLiteral(" (the server wants credentials: set MLFLOW_TRACKING_TOKEN, "
                                    "or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD)");
    else if (status == 403)
        hint = hasCredentials
                   ? QStringLiteral(" (you are authenticated, but this user lacks the permission; "
                                    "ask the server's administrator to grant it)")
                   : QStringLiteral(" (no credentials were sent: set MLFLOW_TRACKING_TOKEN, or "
                                    "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD)");
    throw InputError(shown, QStringLiteral("the tracking server answered HTTP %1: %2%3")
                                .arg(status)
                                .arg(describeErrorBody(body), hint));
}

} // namespace

QByteArray MlflowHttp::get(const QString &path, const QUrlQuery &query) const
{
    const Answer a = exchange("GET", path, query, {}, nullptr);
    if (a.status >= 400)
        throwHttpError(a.status, a.body, m_base + path,
                       !m_connection.token.isEmpty() || !m_connection.username.isEmpty());
    return a.body;
}

QByteArray MlflowHttp::put(const QString &path, const QByteArray &body) const
{
    const Answer a = exchange("PUT", path, {}, body, nullptr);
    if (a.status >= 400)
        throwHttpError(a.status, a.body, m_base + path,
                       !m_connection.token.isEmpty() || !m_connection.username.isEmpty());
    return a.body;
}

qint64 MlflowHttp::download(const QString &path, const QUrlQuery &query, QIODevice *sink,
                            int *status) const
{
    const Answer a = exchange("GET", path, query, {}, sink);
    if (status) *status = a.status;
    if (a.status >= 400)
        throwHttpError(a.status, a.body, m_base + path,
                       !m_connection.token.isEmpty() || !m_connection.username.isEmpty());
    return a.bytes;
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
    const Answer a =
        exchange("POST", path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact), nullptr);
    if (a.status >= 400)
        throwHttpError(a.status, a.body, m_base + path,
                       !m_connection.token.isEmpty() || !m_connection.username.isEmpty());
    return parseJson(a.body, m_base + path);
}

} // namespace gr

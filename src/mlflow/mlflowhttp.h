#pragma once
// Blocking HTTP for the tracking-server reader, on Qt Network. Each call runs its own event loop,
// so it works on the UI thread, a worker thread or in the CLI. Failures become InputError with
// the URL (credentials masked) and what happened: MLflow's own error body, a stall, a refused
// connection, a TLS problem.
//
// Hostile-server rules (issue 17):
// - Redirects are followed by hand, and only within the origin (scheme, host, port) of the
//   tracking URI: a redirect to another origin is refused with a message naming both, so the
//   Authorization header (token or basic credentials) never reaches another server.
// - JSON answers are capped (TrackingConnection::maxResponseBytes) and downloads are streamed to
//   disk and capped (maxArtifactBytes): a server cannot make the tool buffer a gigabyte.
// - The timeout is an inactivity limit: any byte that arrives restarts it, so a slow but live
//   transfer finishes and a server that stops sending fails after the limit.
// - https:// must complete its TLS handshake within min(timeout, 5 s): a plain-HTTP port that
//   waits for a request line fails fast with a message saying so.
// TLS follows MLflow's variables: MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_TRACKING_SERVER_CERT_PATH
// (CA bundle to trust instead of the system's), MLFLOW_TRACKING_CLIENT_CERT_PATH (PEM with the
// client certificate and its key).
#include "trackingstore.h"

#include <QByteArray>
#include <QJsonObject>
#include <QUrlQuery>

class QIODevice;

namespace gr {

class MlflowHttp
{
public:
    MlflowHttp(QString baseUrl, TrackingConnection connection);

    QByteArray get(const QString &path, const QUrlQuery &query = {}) const;
    QJsonObject getJson(const QString &path, const QUrlQuery &query = {}) const;
    QJsonObject postJson(const QString &path, const QJsonObject &body) const;
    QByteArray put(const QString &path, const QByteArray &body) const;
    // Streams a GET to `sink`; returns the byte count. Throws InputError (status in `status`
    // when the server answered an HTTP error, so callers can fall back on 404/501).
    qint64 download(const QString &path, const QUrlQuery &query, QIODevice *sink,
                    int *status = nullptr) const;
    const QString &baseUrl() const { return m_base; }
    const TrackingConnection &connection() const { return m_connection; }
    // Sees download progress; returning false aborts the transfer with Cancelled.
    void setTransferObserver(TrackingStore::TransferObserver observer)
    {
        m_observer = std::move(observer);
    }

private:
    struct Answer
    {
        int status = 0;
        QByteArray body; // the body, or the (capped) error body when streaming to a sink
        qint64 bytes = 0;
    };
    Answer exchange(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                    const QByteArray &body, QIODevice *sink) const;

    QString m_base;
    TrackingConnection m_connection;
    TrackingStore::TransferObserver m_observer;
};

// The text a user should read from an error response: MLflow's JSON {error_code, message}, or
// the visible text of an HTML page.
QString describeErrorBody(const QByteArray &body);

// "http://host:port" of a URL: what must not change across a redirect.
QString originOf(const QUrl &url);

} // namespace gr

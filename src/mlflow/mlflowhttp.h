#pragma once
// Blocking HTTP for the tracking-server reader, on Qt Network. Each call runs its own event loop,
// so it works on the UI thread, a worker thread or in the CLI. Failures become InputError with
// the URL and what happened: MLflow's own error body, a timeout, or a refused connection.
#include "trackingstore.h"

#include <QByteArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace gr {

class MlflowHttp
{
public:
    MlflowHttp(QString baseUrl, TrackingConnection connection);

    QByteArray get(const QString &path, const QUrlQuery &query = {}) const;
    QJsonObject getJson(const QString &path, const QUrlQuery &query = {}) const;
    QJsonObject postJson(const QString &path, const QJsonObject &body) const;
    const QString &baseUrl() const { return m_base; }

private:
    QByteArray request(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                       const QByteArray &body) const;

    QString m_base;
    TrackingConnection m_connection;
};

// The text a user should read from an error response: MLflow's JSON {error_code, message}, or
// the visible text of an HTML page.
QString describeErrorBody(const QByteArray &body);

} // namespace gr

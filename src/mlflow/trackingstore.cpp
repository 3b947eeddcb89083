#include "trackingstore.h"
#include "filestore.h"
#include "mlflowaddress.h"
#include "model/errors.h"
#include "reststore.h"
#include "sqlitestore.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gr {

std::optional<qint64> datasetRowsFromProfile(const QString &profile)
{
    const QJsonObject o = QJsonDocument::fromJson(profile.toUtf8()).object();
    if (o.contains(QStringLiteral("num_rows")))
        return qint64(o.value(QStringLiteral("num_rows")).toDouble());
    return std::nullopt;
}

std::unique_ptr<TrackingStore> openTrackingStore(const QString &uri,
                                                 const TrackingConnection &connection)
{
    const QString effective = uri.isEmpty() ? qEnvironmentVariable("MLFLOW_TRACKING_URI") : uri;
    if (effective.isEmpty())
        throw InputError(
            QString(),
            QStringLiteral(
                "no MLflow tracking URI: pass --tracking-uri (sqlite:///path/mlflow.db, "
                "file:///path/mlruns, a path or http://host:port) or set MLFLOW_TRACKING_URI"));
    const TrackingUri t = parseTrackingUri(effective);
    switch (t.kind) {
    case TrackingUri::Kind::Sqlite:
        return std::make_unique<SqliteStore>(t.path);
    case TrackingUri::Kind::FileStore:
        return std::make_unique<FileStore>(t.path);
    case TrackingUri::Kind::Server:
        return std::make_unique<RestStore>(t.url, connection);
    }
    return {};
}

} // namespace gr

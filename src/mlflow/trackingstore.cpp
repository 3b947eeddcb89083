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

int trackingTimeoutOption(const QString &text)
{
    if (text.isEmpty()) return 0;
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || !(seconds > 0) || seconds > 86400)
        throw InputError(QString(), QStringLiteral("--timeout must be a positive number of "
                                                   "seconds (at most 86400), not '%1'")
                                        .arg(text));
    return std::max(1, int(seconds * 1000));
}

QStringList TrackingStore::listArtifacts(const MlflowRunRecord &)
{
    return {};
}

void TrackingStore::setModelVersionTag(const QString &, const QString &, const QString &,
                                       const QString &)
{
    throw InputError(location(), QStringLiteral("writing the gate result back needs a tracking "
                                                "server (--tracking-uri http(s)://...)"));
}

void TrackingStore::logArtifact(const MlflowRunRecord &, const QString &, const QByteArray &)
{
    throw InputError(location(), QStringLiteral("logging the report as a run artifact needs a "
                                                "tracking server (--tracking-uri http(s)://...)"));
}

std::unique_ptr<TrackingStore> openTrackingStore(const QString &uri,
                                                 const TrackingConnection &given)
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
    case TrackingUri::Kind::Server: {
        TrackingConnection connection = given;
        if (connection.username.isEmpty() && !t.username.isEmpty()) {
            connection.username = t.username;
            connection.password = t.password;
        }
        return std::make_unique<RestStore>(t.url, connection);
    }
    }
    return {};
}

} // namespace gr

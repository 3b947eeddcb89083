#pragma once
// One interface over the three places MLflow keeps runs and the model registry: the SQLite store
// (`mlflow.db`, MLflow 3.7+'s default), the `mlruns/` file store and a tracking server (REST).
// Every reader throws InputError naming the store file or URL, the line where there is one, and
// what is wrong.
#include "model/run.h"

#include <functional>
#include <memory>
#include <optional>
#include <QMap>
#include <QString>
#include <QStringList>

namespace gr {

struct MlflowRegisteredModel
{
    QString name;
    QString description;
    QMap<QString, QString> aliases; // alias -> version
};

struct MlflowModelVersion
{
    QString name;
    QString version;
    QString runId;
    QString source; // the model's artifact URI as recorded
    QString status;
    QString description;
    QStringList aliases;
    QMap<QString, QString> tags;
};

struct MlflowRunRecord
{
    QString runId;
    QString runName;
    QString experimentId;
    QString artifactUri; // as recorded; may point to the machine that wrote the store
    QString status;
    QMap<QString, QString> params;
    QMap<QString, QString> tags;
    QMap<QString, double> metrics; // latest value of each metric
    QList<DatasetInput> datasets;
};

// Where an artifact ended up on this machine, and what the reader had to do to find it.
struct FetchedArtifact
{
    QString localPath;  // a file the caller may read (a download for a tracking server)
    QString displayUri; // where it lives in MLflow terms, for reports
    // What was actually read, for reports: the local file (after relocation), or the tracking
    // server's download URL (credentials removed). Empty: localPath.
    QString readFrom;
    QStringList notes; // e.g. "artifact location relocated from ... to ..."
};

class TrackingStore
{
public:
    virtual ~TrackingStore() = default;
    virtual QString kind() const = 0;     // "MLflow SQLite store", "MLflow file store", ...
    virtual QString location() const = 0; // the file, folder or URL that was opened

    virtual QList<MlflowRegisteredModel> registeredModels() = 0;
    virtual QList<MlflowModelVersion>
    modelVersions(const QString &model) = 0; // deleted ones skipped
    virtual MlflowModelVersion modelVersion(const QString &model, const QString &version) = 0;
    virtual MlflowModelVersion versionForAlias(const QString &model, const QString &alias) = 0;
    virtual MlflowRunRecord run(const QString &runId) = 0;
    // `artifactPath` is relative to the run's artifact root and may never leave it. `scratchDir`
    // receives downloads and converted files; it must outlive the use of the result.
    virtual FetchedArtifact fetchArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                                          const QString &scratchDir) = 0;
    // Points `alias` at `version` (the guarded write-back after a promotion decision).
    virtual void setAlias(const QString &model, const QString &alias, const QString &version) = 0;
    // The artifact paths of a run (recursively, files only, relative to the artifact root), for
    // messages about a missing artifact. Never throws: an empty list when they cannot be read.
    virtual QStringList listArtifacts(const MlflowRunRecord &run);
    // Called while an artifact downloads (tracking server): bytes so far and the total (-1 when
    // unknown). Returning false cancels the download (fetchArtifact then throws Cancelled).
    using TransferObserver = std::function<bool(qint64 received, qint64 total)>;
    virtual void setTransferObserver(TransferObserver observer) { (void)observer; }
    // Opt-in write-back of a gate result (tracking server only; the local stores throw
    // InputError saying so: MLflow's own writers own those files).
    virtual void setModelVersionTag(const QString &model, const QString &version,
                                    const QString &key, const QString &value);
    // Uploads `content` as `artifactPath` of the run.
    virtual void logArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                             const QByteArray &content);
};

// How the tracking-server client talks to the server. Limits are documented in the README
// ("MLflow tracking server: limits and TLS").
struct TrackingConnection
{
    // Inactivity limit: a transfer fails only when nothing arrives for this long, however long
    // the whole download takes. 0: $MLFLOW_HTTP_REQUEST_TIMEOUT (seconds), else 120 s (MLflow's own
    // default).
    int timeoutMs = 0;
    QString token;              // bearer token; MLFLOW_TRACKING_TOKEN when empty
    QString username, password; // basic auth; MLFLOW_TRACKING_USERNAME / _PASSWORD when empty
    // Largest JSON answer kept in memory. 0: $GATEREVIEW_MAX_RESPONSE_MB, else 64 MiB.
    qint64 maxResponseBytes = 0;
    // Largest artifact streamed to disk. 0: $GATEREVIEW_MAX_ARTIFACT_MB, else 8 GiB.
    qint64 maxArtifactBytes = 0;
};

// --timeout SECONDS as milliseconds (0 when empty: the connection's default). Throws InputError
// for anything but a positive number.
int trackingTimeoutOption(const QString &seconds);

// The row count in a dataset's profile (MLflow stores it as JSON text: {"num_rows": N, ...}).
std::optional<qint64> datasetRowsFromProfile(const QString &profile);

// `uri`: sqlite:///path/mlflow.db, file:///path/mlruns, a plain path (folder = file store,
// file = SQLite), or http(s)://host:port. Empty: $MLFLOW_TRACKING_URI.
std::unique_ptr<TrackingStore> openTrackingStore(const QString &uri,
                                                 const TrackingConnection &connection = {});

} // namespace gr

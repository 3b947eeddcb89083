#include "mlflowrunloader.h"
#include "gate/datasetevidence.h"
#include "io/chunkedfile.h"
#include "localartifacts.h"
#include "mlflowaddress.h"
#include "model/errors.h"
#include "model/numberparsing.h"
#include "model/redaction.h"
#include "model/taskcontrol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTemporaryDir>

namespace gr {
namespace {

const QString kEvalTable = QStringLiteral("eval_results_table.json");

QString csvField(const QJsonValue &v)
{
    QString s;
    if (v.isDouble())
        s = QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    else if (v.isBool())
        s = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    else if (v.isString())
        s = v.toString();
    else if (!v.isNull())
        s = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) ||
        s.contains(QLatin1Char('\n')))
        s = QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
            QLatin1Char('"');
    return s;
}

void fillMetadata(RunMetadata &meta, const MlflowRunRecord &run)
{
    meta.runId = run.runId;
    meta.params = run.params;
    meta.tags = run.tags;
    meta.metrics = run.metrics;
    meta.datasets = run.datasets;
    // Threshold precedence (README "Thresholds from MLflow"): a command-line override (applied
    // later by resolveThreshold), then the run's `threshold` param, then its `threshold` metric
    // (latest value), then 0.5. A param and metric that disagree are both named in a note.
    const QString where = QStringLiteral("runs:/") + run.runId;
    std::optional<double> fromParam, fromMetric;
    if (run.params.contains(QStringLiteral("threshold"))) {
        fromParam = parseThreshold(run.params.value(QStringLiteral("threshold")),
                                   QStringLiteral("runs:/%1 param 'threshold'").arg(run.runId));
    }
    if (run.metrics.contains(QStringLiteral("threshold"))) {
        const double t = run.metrics.value(QStringLiteral("threshold"));
        if (const QString problem = thresholdProblem(t); !problem.isEmpty())
            throw InputError(
                where, QStringLiteral("the run's 'threshold' metric %1 %2").arg(t).arg(problem));
        fromMetric = t;
    }
    if (fromParam) {
        meta.threshold = fromParam;
        if (fromMetric && *fromMetric != *fromParam)
            meta.notes << QStringLiteral("Run %1 logs threshold %2 as a param and %3 as a metric; "
                                         "the param wins.")
                              .arg(run.runId)
                              .arg(*fromParam)
                              .arg(*fromMetric);
    } else if (fromMetric) {
        meta.threshold = fromMetric;
        meta.notes << QStringLiteral("Threshold %1 from run %2's 'threshold' metric.")
                          .arg(*fromMetric)
                          .arg(run.runId);
    }
    if (const DatasetInput *eval = evalDataset(run.datasets))
        meta.datasetDigest = eval->digest;
    else
        meta.datasetDigest = run.tags.value(QStringLiteral("eval_dataset_digest"));
}

} // namespace

QByteArray evalResultsTableToCsv(const QByteArray &json, const QString &path)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        throw InputError(path, QStringLiteral("not valid JSON: %1 at byte %2")
                                   .arg(error.errorString())
                                   .arg(error.offset));
    const QJsonObject o = doc.object();
    const QJsonArray columns = o.value(QStringLiteral("columns")).toArray();
    const QJsonArray data = o.value(QStringLiteral("data")).toArray();
    if (columns.isEmpty() || !o.value(QStringLiteral("data")).isArray())
        throw InputError(path, QStringLiteral("expected MLflow evaluate's table layout "
                                              "{\"columns\": [...], \"data\": [[...], ...]}"));
    QStringList names;
    for (const QJsonValue &c : columns)
        names << c.toString();
    const QJsonArray index = o.value(QStringLiteral("index")).toArray();
    const bool hasId = names.contains(QStringLiteral("row_id")) ||
                       names.contains(QStringLiteral("id")) ||
                       names.contains(QStringLiteral("index"));
    QString csv;
    QStringList header;
    if (!hasId) header << QStringLiteral("row_id");
    for (const QString &n : names)
        header << csvField(n);
    csv += header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (qsizetype r = 0; r < data.size(); ++r) {
        const QJsonArray row = data[r].toArray();
        if (row.size() != columns.size())
            throw InputError(path,
                             QStringLiteral("row %1 of the table has %2 values for %3 columns")
                                 .arg(r + 1)
                                 .arg(row.size())
                                 .arg(columns.size()));
        QStringList fields;
        if (!hasId) fields << (index.isEmpty() ? QString::number(r) : csvField(index[r]));
        for (const QJsonValue &v : row)
            fields << csvField(v);
        csv += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv.toUtf8();
}

std::shared_ptr<Run> loadMlflowRun(const QString &address, const RunSourceOptions &options,
                                   TaskControl *control, double progressFrom, double progressTo)
{
    parseMlflowAddress(address); // a bad address is reported before any store is opened
    TrackingConnection connection;
    connection.timeoutMs = options.trackingTimeoutMs;
    const std::unique_ptr<TrackingStore> store = openTrackingStore(options.trackingUri, connection);
    return loadMlflowRun(*store, address, options, control, progressFrom, progressTo);
}

std::shared_ptr<Run> loadMlflowRun(TrackingStore &store, const QString &address,
                                   const RunSourceOptions &options, TaskControl *control,
                                   double progressFrom, double progressTo)
{
    const MlflowAddress a = parseMlflowAddress(address);
    auto run = std::make_shared<Run>();
    RunMetadata &meta = run->meta;
    QString runId = a.runId;
    if (control) control->setProgress(progressFrom, QStringLiteral("Reading %1").arg(address));
    if (a.kind != MlflowAddress::Kind::Run) {
        MlflowModelVersion v;
        if (a.kind == MlflowAddress::Kind::ModelAlias) {
            v = store.versionForAlias(a.model, a.alias);
        } else if (a.version == QLatin1String("latest")) {
            // MLflow's models:/NAME/latest: the highest version number (stages are not used).
            const QList<MlflowModelVersion> all = store.modelVersions(a.model);
            if (all.isEmpty())
                throw InputError(store.location(),
                                 QStringLiteral("%1: the model has no versions").arg(address));
            v = all.last();
        } else {
            v = store.modelVersion(a.model, a.version);
        }
        if (v.runId.isEmpty())
            throw InputError(
                store.location(),
                QStringLiteral(
                    "%1 (version %2) is not linked to a run, so it has no predictions to review")
                    .arg(address, v.version));
        checkRunId(v.runId, store.location());
        runId = v.runId;
        meta.modelName = v.name.isEmpty() ? a.model : v.name;
        meta.modelVersion = v.version;
        meta.alias = a.alias;
        meta.displayName =
            a.kind == MlflowAddress::Kind::ModelAlias
                ? QStringLiteral("%1@%2 (v%3)").arg(meta.modelName, a.alias, v.version)
                : QStringLiteral("%1 v%2").arg(meta.modelName, v.version);
    }
    checkRunId(runId, address);
    const MlflowRunRecord record = store.run(runId);
    fillMetadata(meta, record);
    if (meta.displayName.isEmpty())
        meta.displayName =
            record.runName.isEmpty() ? QStringLiteral("run ") + runId.left(8) : record.runName;
    meta.origin = store.kind();
    meta.registry = redactUri(store.location());
    meta.metadataSource = meta.registry + QStringLiteral(" ") + address;
    if (control) control->checkCancelled();

    QTemporaryDir scratch;
    if (!scratch.isValid())
        throw InputError(scratch.path(),
                         QStringLiteral("cannot create a temporary folder for downloads"));
    QString artifactPath = a.artifactPath.isEmpty() ? options.artifactPath : a.artifactPath;
    if (artifactPath.isEmpty()) artifactPath = QStringLiteral("predictions.csv");
    FetchedArtifact artifact;
    // The download takes the first half of this run's progress span (a tracking server streams
    // it; local stores return at once); parsing takes the rest. Cancel aborts the transfer.
    const double downloadTo = progressFrom + (progressTo - progressFrom) / 2;
    if (control)
        store.setTransferObserver([&](qint64 received, qint64 total) {
            if (control->isCancelled()) return false;
            const double fraction = total > 0 ? double(received) / double(total) : 0.0;
            control->setProgress(progressFrom + (downloadTo - progressFrom) * fraction,
                                 QStringLiteral("Downloading %1 (%2 MB)")
                                     .arg(address)
                                     .arg(double(received) / 1e6, 0, 'f', 1));
            return true;
        });
    const auto unobserve = qScopeGuard([&] { store.setTransferObserver({}); });
    try {
        artifact = store.fetchArtifact(record, artifactPath, scratch.path());
    } catch (const InputError &missing) {
        // The default lookup: predictions.csv, predictions.csv.gz, predictions.parquet, then
        // MLflow evaluate's per-row table.
        if (artifactPath != QLatin1String("predictions.csv")) throw;
        bool found = false;
        for (const QString &fallback : {QStringLiteral("predictions.csv.gz"),
                                        QStringLiteral("predictions.parquet"), kEvalTable}) {
            try {
                artifact = store.fetchArtifact(record, fallback, scratch.path());
            } catch (const InputError &) {
                continue;
            }
            artifactPath = fallback;
            artifact.notes << QStringLiteral("Run %1 has no predictions.csv; read %2 instead.")
                                  .arg(runId, fallback);
            found = true;
            break;
        }
        if (!found) throw missing;
    }
    meta.notes << artifact.notes;

    QString predictionsFile = artifact.localPath;
    QString artifactSha256; // of the artifact itself when it is converted before reading
    if (artifactPath.endsWith(QLatin1String(".json"))) {
        const InputLimits limits = InputLimits::fromEnvironment();
        const QByteArray json =
            readInputFile(artifact.localPath, QStringLiteral("the evaluation table"), limits,
                          limits.maxEvalTableBytes, "GATEREVIEW_MAX_EVAL_TABLE_BYTES");
        predictionsFile = scratch.filePath(QStringLiteral("eval-table.csv"));
        QFile out(predictionsFile);
        artifactSha256 = sha256Hex(json.constData(), size_t(json.size()));
        const QByteArray csv = evalResultsTableToCsv(json, artifact.displayUri);
        if (!out.open(QIODevice::WriteOnly) || out.write(csv) != csv.size())
            throw InputError(predictionsFile,
                             QStringLiteral("cannot write: %1").arg(out.errorString()));
    }
    try {
        run->predictions =
            PredictionReader(options.columns)
                .read(predictionsFile, control, control ? downloadTo : progressFrom, progressTo);
    } catch (const InputError &e) {
        // Name the artifact, not the temporary download.
        throw InputError(artifact.displayUri, e.line(), e.problem());
    }
    run->predictions.source = artifact.displayUri;
    // Reports name what was read and hash those bytes, not only the recorded URI (which may be
    // stale: a store copied elsewhere is read from where it is now).
    run->predictions.readFrom =
        artifact.readFrom.isEmpty() ? artifact.localPath : artifact.readFrom;
    if (!artifactSha256.isEmpty()) run->predictions.fileSha256 = artifactSha256;
    resolveThreshold(*run, options.thresholdOverride);
    return run;
}

} // namespace gr

#include "runloader.h"
#include "model/errors.h"
#include "runmetadata.h"

#include <QDir>
#include <QFileInfo>

namespace gr {

void resolveThreshold(Run &run, std::optional<double> overrideThreshold)
{
    if (overrideThreshold) {
        run.threshold = *overrideThreshold;
        run.thresholdSource = ThresholdSource::Override;
    } else if (run.meta.threshold) {
        run.threshold = *run.meta.threshold;
        run.thresholdSource = ThresholdSource::Metadata;
    } else {
        run.threshold = 0.5;
        run.thresholdSource = ThresholdSource::Default;
    }
}

static QString firstExisting(const QDir &dir, const QStringList &names)
{
    for (const QString &n : names)
        if (QFileInfo::exists(dir.filePath(n))) return dir.filePath(n);
    return {};
}

std::shared_ptr<Run> loadLocalRun(const QString &source, const RunSourceOptions &options,
                                  TaskControl *control, double progressFrom, double progressTo)
{
    const QFileInfo info(source);
    // A dangling link or a link loop "does not exist" either; the prediction reader names which.
    if (!info.exists() && !info.isSymLink())
        throw InputError(source, QStringLiteral("no such file or folder"));
    auto run = std::make_shared<Run>();
    QString predictions = source;
    QString metadata;
    if (info.isDir()) {
        const QDir dir(source);
        predictions = firstExisting(
            dir, {QStringLiteral("predictions.csv"), QStringLiteral("predictions.csv.gz"),
                  QStringLiteral("predictions.tsv"), QStringLiteral("predictions.tsv.gz"),
                  QStringLiteral("predictions.parquet")});
        if (predictions.isEmpty())
            throw InputError(
                source,
                QStringLiteral(
                    "the run folder has no predictions.csv (or .csv.gz, .tsv, .tsv.gz, .parquet)"));
        metadata = firstExisting(dir, {QStringLiteral("run.yaml"), QStringLiteral("run.yml"),
                                       QStringLiteral("run.json")});
        run->meta.origin = QStringLiteral("run folder");
    } else {
        metadata = firstExisting(info.dir(), {info.fileName() + QStringLiteral(".run.yaml"),
                                              info.fileName() + QStringLiteral(".run.yml"),
                                              info.fileName() + QStringLiteral(".run.json")});
        run->meta.origin = QStringLiteral("prediction file");
    }
    if (!metadata.isEmpty()) {
        const QString origin = run->meta.origin;
        run->meta = loadRunMetadata(metadata);
        if (!run->meta.dvcLock.isEmpty() && QFileInfo(run->meta.dvcLock).isRelative())
            run->meta.dvcLock = QFileInfo(metadata).dir().filePath(run->meta.dvcLock);
        run->meta.origin = origin;
    }
    // Explicit options (command line, GUI) win over the sidecar's column names.
    const ColumnMapping columns = options.columns.overriding(run->meta.columns);
    run->predictions =
        PredictionReader(columns).read(predictions, control, progressFrom, progressTo);
    resolveThreshold(*run, options.thresholdOverride);
    return run;
}

} // namespace gr

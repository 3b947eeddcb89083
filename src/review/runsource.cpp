#include "runsource.h"
#include "mlflow/mlflowrunloader.h"

#include <QDir>
#include <QFileInfo>

namespace gr {

bool isMlflowAddress(const QString &source)
{
    return source.startsWith(QLatin1String("models:/")) ||
           source.startsWith(QLatin1String("runs:/"));
}

namespace {
bool isRunFolder(const QDir &dir)
{
    return QFileInfo(dir.filePath(QStringLiteral("meta.yaml"))).isFile() &&
           QFileInfo(dir.filePath(QStringLiteral("artifacts"))).isDir();
}
} // namespace

std::optional<MlflowRunFolder> findMlflowRunFolder(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists()) return std::nullopt;
    QDir dir(info.isDir() ? info.absoluteFilePath() : info.absolutePath());
    const QString target = info.absoluteFilePath();
    // Up from the path: the run folder itself, or the artifacts/ folder below it.
    for (int depth = 0; depth < 16; ++depth) {
        if (isRunFolder(dir)) {
            MlflowRunFolder run;
            run.runId = dir.dirName();
            QDir root = dir;
            if (!root.cdUp() || !root.cdUp()) return std::nullopt; // <root>/<experiment>/<run>
            run.storeRoot = root.absolutePath();
            const QDir artifacts(dir.filePath(QStringLiteral("artifacts")));
            if (target != dir.absolutePath()) {
                const QString inside = artifacts.relativeFilePath(target);
                if (inside.startsWith(QLatin1String(".."))) return std::nullopt; // not an artifact
                run.artifactPath = info.isDir() ? QString() : inside;
            }
            return run;
        }
        if (!dir.cdUp()) break;
    }
    return std::nullopt;
}

std::shared_ptr<Run> loadRun(const QString &source, const RunSourceOptions &options,
                             TaskControl *control, double progressFrom, double progressTo)
{
    if (isMlflowAddress(source))
        return loadMlflowRun(source, options, control, progressFrom, progressTo);
    if (const std::optional<MlflowRunFolder> folder = findMlflowRunFolder(source)) {
        RunSourceOptions inStore = options;
        inStore.trackingUri = folder->storeRoot;
        QString address = QStringLiteral("runs:/") + folder->runId;
        if (!folder->artifactPath.isEmpty()) address += QLatin1Char('/') + folder->artifactPath;
        auto run = loadMlflowRun(address, inStore, control, progressFrom, progressTo);
        run->meta.origin = QStringLiteral("MLflow run folder");
        return run;
    }
    return loadLocalRun(source, options, control, progressFrom, progressTo);
}

} // namespace gr

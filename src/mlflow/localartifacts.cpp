#include "localartifacts.h"
#include "model/errors.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace gr {
namespace {

QString localPathOf(const QString &artifactUri, const QString &runId)
{
    if (artifactUri.startsWith(QLatin1String("file:"))) return QUrl(artifactUri).toLocalFile();
    if (artifactUri.contains(QLatin1String(":/")) && !artifactUri.startsWith(QLatin1Char('/')))
        throw InputError(
            artifactUri,
            QStringLiteral("run %1 keeps its artifacts at a remote location; a local store "
                           "can only read file artifacts — open the tracking server instead")
                .arg(runId));
    return artifactUri;
}

bool isInside(const QString &path, const QString &folder)
{
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

// The longest tail of `recorded` that exists as a folder under one of `roots`. The tail must
// still name the run (a bare "artifacts" folder of some other run is no match), and a match that
// leads out of the store through a link is refused, not skipped for a shorter one.
QString relocate(const QString &recorded, const QString &runId, const QStringList &roots)
{
    const QStringList parts = QDir::cleanPath(recorded).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const qsizetype runPart = parts.lastIndexOf(runId);
    for (qsizetype start = 0; start <= runPart; ++start) {
        const QString tail = parts.mid(start).join(QLatin1Char('/'));
        if (parts.mid(start).contains(QStringLiteral(".."))) continue;
        for (const QString &root : roots) {
            const QString candidate = QDir(root).filePath(tail);
            if (!QFileInfo(candidate).isDir()) continue;
            if (!isInside(QFileInfo(candidate).canonicalFilePath(),
                          QFileInfo(root).canonicalFilePath()))
                throw InputError(root, QStringLiteral("the artifact folder %1 of run %2 is a link "
                                                      "that leads outside the store; refusing to "
                                                      "read it")
                                           .arg(candidate, runId));
            return QDir::cleanPath(candidate);
        }
    }
    return {};
}

} // namespace

void checkArtifactPath(const QString &artifactPath, const QString &context)
{
    if (artifactPath.isEmpty())
        throw InputError(context, QStringLiteral("the artifact path is empty"));
    if (artifactPath.startsWith(QLatin1Char('/')) || artifactPath.startsWith(QLatin1Char('\\')) ||
        QDir::isAbsolutePath(artifactPath))
        throw InputError(
            context,
            QStringLiteral("artifact path '%1' is absolute; give a path inside the run's artifacts")
                .arg(artifactPath));
    const QStringList parts =
        QString(artifactPath).replace(QLatin1Char('\\'), QLatin1Char('/')).split(QLatin1Char('/'));
    if (parts.contains(QStringLiteral("..")))
        throw InputError(
            context,
            QStringLiteral(
                "artifact path '%1' leaves the run's artifact folder ('..' is not allowed)")
                .arg(artifactPath));
}

QStringList listLocalArtifacts(const QString &root)
{
    QStringList files;
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    if (canonicalRoot.isEmpty()) return files;
    QDirIterator it(canonicalRoot, QDir::Files, QDirIterator::Subdirectories);
    const QDir base(canonicalRoot);
    while (it.hasNext() && files.size() < 1000)
        files << base.relativeFilePath(it.next());
    files.sort();
    return files;
}

void checkRunId(const QString &runId, const QString &context)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"));
    if (!valid.match(runId).hasMatch())
        throw InputError(context, QStringLiteral("'%1' is not an MLflow run id (letters, digits, "
                                                 "'-' and '_', at most 64); refusing to use it")
                                      .arg(runId.left(80)));
}

FetchedArtifact resolveLocalArtifact(const QString &artifactUri, const QString &runId,
                                     const QString &artifactPath, const QStringList &storeRoots)
{
    checkArtifactPath(artifactPath, artifactUri);
    checkRunId(runId, artifactUri);
    FetchedArtifact out;
    QString root = localPathOf(artifactUri, runId);
    if (QDir::isRelativePath(root) && !storeRoots.isEmpty())
        root =
            QDir(storeRoots.last()).filePath(root); // relative locations are relative to the store
    if (QFileInfo(root).isDir()) {
        const QString canonical = QFileInfo(root).canonicalFilePath();
        if (std::none_of(storeRoots.cbegin(), storeRoots.cend(), [&](const QString &store) {
                return isInside(canonical, QFileInfo(store).canonicalFilePath());
            }))
            throw InputError(storeRoots.value(0),
                             QStringLiteral("run %1 records its artifacts at %2, which resolves to "
                                            "%3, outside the store; refusing to read it")
                                 .arg(runId, artifactUri, canonical));
    } else {
        const QString moved = relocate(root, runId, storeRoots);
        if (moved.isEmpty())
            throw InputError(
                artifactUri,
                QStringLiteral("the artifact folder of run %1 does not exist here, and no folder "
                               "with the same trailing path was found under %2")
                    .arg(runId, storeRoots.join(QStringLiteral(" or "))));
        out.notes
            << QStringLiteral(
                   "Run %1: the recorded artifact location %2 does not exist on this machine; "
                   "read the artifacts from %3 (resolved against the opened store).")
                   .arg(runId, artifactUri, moved);
        root = moved;
    }
    const QString file = QDir(root).filePath(artifactPath);
    const QFileInfo info(file);
    if (!info.exists()) {
        const QStringList held = listLocalArtifacts(root);
        throw InputError(file,
                         QStringLiteral("run %1 has no artifact '%2'; %3")
                             .arg(runId, artifactPath,
                                  held.isEmpty() ? QStringLiteral("it holds no artifacts")
                                                 : QStringLiteral("it holds: ") +
                                                       held.mid(0, 30).join(QStringLiteral(", "))));
    }
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    if (!isInside(info.canonicalFilePath(), canonicalRoot))
        throw InputError(file,
                         QStringLiteral("artifact '%1' of run %2 is a link that leads outside the "
                                        "run's artifact folder; refusing to read it")
                             .arg(artifactPath, runId));
    if (!info.isFile())
        throw InputError(file, QStringLiteral("artifact '%1' of run %2 is a folder, not a file")
                                   .arg(artifactPath, runId));
    out.localPath = info.absoluteFilePath();
    out.displayUri = artifactUri + QLatin1Char('/') + artifactPath;
    return out;
}

} // namespace gr

#include "review.h"

#include <QFileInfo>

namespace gr {

RunSourceOptions ReviewRequest::optionsFor(bool championSide) const
{
    RunSourceOptions options = championSide ? championOptions : candidateOptions;
    options.trackingUri = trackingUri;
    return options;
}

namespace {
bool sameOptions(const RunSourceOptions &a, const RunSourceOptions &b)
{
    return a.thresholdOverride == b.thresholdOverride && a.artifactPath == b.artifactPath &&
           a.columns.idColumn == b.columns.idColumn &&
           a.columns.labelColumn == b.columns.labelColumn &&
           a.columns.scoreColumn == b.columns.scoreColumn &&
           a.columns.positiveClass == b.columns.positiveClass;
}
} // namespace

bool ReviewRequest::samePair(const ReviewRequest &other) const
{
    return champion == other.champion && candidate == other.candidate &&
           trackingUri == other.trackingUri &&
           sameOptions(championOptions, other.championOptions) &&
           sameOptions(candidateOptions, other.candidateOptions);
}

SourceIdentity identityOf(const QString &source, const Run &run)
{
    SourceIdentity id;
    id.source = source;
    id.modelName = run.meta.modelName;
    id.modelVersion = run.meta.modelVersion;
    id.alias = run.meta.alias;
    id.runId = run.meta.runId;
    id.file = run.predictions.source.isEmpty()
                  ? QString()
                  : QFileInfo(run.predictions.source).absoluteFilePath();
    id.sha256 = run.predictions.fileSha256;
    return id;
}

QStringList identityChanges(const SourceIdentity &saved, const SourceIdentity &now,
                            const QString &side)
{
    QStringList changes;
    const bool versionMoved =
        !saved.modelVersion.isEmpty() && saved.modelVersion != now.modelVersion;
    const bool runMoved = !saved.runId.isEmpty() && saved.runId != now.runId;
    if (versionMoved || runMoved) {
        const QString what = saved.alias.isEmpty()
                                 ? QStringLiteral("%1").arg(saved.source)
                                 : QStringLiteral("%1 (@%2)").arg(saved.source, saved.alias);
        changes << QStringLiteral("The %1 %2 now points elsewhere: the saved review used version "
                                  "%3, run %4; it now resolves to version %5, run %6.")
                       .arg(side, what, saved.modelVersion, saved.runId, now.modelVersion,
                            now.runId);
    } else if (!saved.sha256.isEmpty() && saved.sha256 != now.sha256) {
        changes << QStringLiteral("The %1's predictions changed since the review was saved: %2 "
                                  "had SHA-256 %3…, now %4….")
                       .arg(side, now.file, saved.sha256.left(12), now.sha256.left(12));
    }
    return changes;
}

} // namespace gr

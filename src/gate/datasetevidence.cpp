#include "datasetevidence.h"

namespace gr {

const DatasetInput *evalDataset(const QList<DatasetInput> &datasets)
{
    for (const char *context : {"eval", "evaluation", "test", "validation"})
        for (const DatasetInput &d : datasets)
            if (d.context == QLatin1String(context)) return &d;
    return nullptr;
}

DatasetEvidence compareEvalDatasets(const RunMetadata &champion, const RunMetadata &candidate)
{
    DatasetEvidence e;
    auto take = [](const RunMetadata &m, QString &name, QString &digest, QString &source) {
        if (const DatasetInput *d = evalDataset(m.datasets)) {
            name = d->name;
            digest = d->digest;
            source = d->source;
        } else {
            digest = m.datasetDigest; // a sidecar may record only the digest
        }
    };
    take(champion, e.championName, e.championDigest, e.championSource);
    take(candidate, e.candidateName, e.candidateDigest, e.candidateSource);
    if (e.championDigest.isEmpty() || e.candidateDigest.isEmpty())
        e.state = DatasetEvidence::State::Unknown;
    else
        e.state = e.championDigest == e.candidateDigest ? DatasetEvidence::State::Same
                                                        : DatasetEvidence::State::Different;
    return e;
}

QString DatasetEvidence::summary() const
{
    auto describe = [](const QString &name, const QString &digest) {
        if (digest.isEmpty()) return QStringLiteral("none recorded");
        return name.isEmpty() ? QStringLiteral("digest %1").arg(digest)
                              : QStringLiteral("%1 (digest %2)").arg(name, digest);
    };
    const QString both =
        QStringLiteral("champion %1, candidate %2")
            .arg(describe(championName, championDigest), describe(candidateName, candidateDigest));
    switch (state) {
    case State::Unknown:
        return QStringLiteral("Eval data sets logged with the runs: %1.").arg(both);
    case State::Same:
        return QStringLiteral("Both runs logged the same eval data set: %1.")
            .arg(describe(championName, championDigest));
    case State::Different:
        return QStringLiteral("The runs logged different eval data sets: %1.").arg(both);
    }
    return {};
}

CheckOutcome DatasetEvidence::check(bool rowsIdentical) const
{
    CheckOutcome c{
        QStringLiteral("cicd.eval_dataset"),
        QStringLiteral("both runs logged the same eval data set (MLflow dataset digest)"),
        {},
        {},
        LayerResult::NotRun,
        summary()};
    if (state == State::Same)
        c.result = LayerResult::Pass;
    else if (state == State::Different)
        c.result = rowsIdentical ? LayerResult::Pass : LayerResult::Fail;
    if (state == State::Different && rowsIdentical)
        c.detail += QStringLiteral(" The rows and labels are identical, so the comparison stands "
                                   "(the digest also covers feature columns).");
    return c;
}

} // namespace gr

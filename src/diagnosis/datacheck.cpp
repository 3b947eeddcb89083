// Step 2 of the diagnosis: did the data move between the runs?
#include "diagnosis.h"
#include "model/errors.h"

#include <cmath>
#include <QDir>
#include <QFileInfo>

namespace gr {
namespace {

// Shifts in class balance beyond this many percentage points are called out: at that size the
// best threshold usually moves too.
constexpr double kNotableShiftPoints = 5.0;

QString percent(double rate)
{
    return QString::number(rate * 100, 'f', 1) + QLatin1Char('%');
}

QString points(double rateDelta)
{
    const double pp = rateDelta * 100;
    return (pp > 0   ? QStringLiteral("+")
            : pp < 0 ? QStringLiteral("−")
                     : QString()) +
           QString::number(std::abs(pp), 'f', 1) + QStringLiteral(" pp");
}

QString shortDigest(const QString &digest)
{
    return digest.size() > 12 ? digest.left(12) + QStringLiteral("…") : digest;
}

QString evalDigest(const RunMetadata &meta)
{
    if (!meta.datasetDigest.isEmpty()) return meta.datasetDigest;
    for (const DatasetInput &d : meta.datasets)
        if (d.context == QLatin1String("eval") && !d.digest.isEmpty()) return d.digest;
    return {};
}

std::optional<ClassBalance> trainingBalance(const QString &who, const RunMetadata &meta)
{
    for (const DatasetInput &d : meta.datasets)
        if (d.context == QLatin1String("training") && d.positiveRate)
            return ClassBalance{who, d.context, d.name, *d.positiveRate, d.rows};
    return std::nullopt;
}

QString describeChanges(const QString &what, const QList<MapChange> &changes, bool anyRecorded)
{
    if (!anyRecorded) return QStringLiteral("%1: neither run records any.").arg(what);
    if (changes.isEmpty()) return QStringLiteral("%1: identical.").arg(what);
    QStringList parts;
    for (const MapChange &c : changes) {
        switch (c.change) {
        case Change::Added:
            parts << QStringLiteral("%1 added (%2)").arg(c.key, c.candidateValue);
            break;
        case Change::Removed:
            parts << QStringLiteral("%1 removed (was %2)").arg(c.key, c.championValue);
            break;
        case Change::Changed:
            parts << QStringLiteral("%1 %2 → %3").arg(c.key, c.championValue, c.candidateValue);
            break;
        }
    }
    return QStringLiteral("%1: %2 changed — %3.")
        .arg(what)
        .arg(changes.size())
        .arg(parts.join(QStringLiteral("; ")));
}

QMap<QString, QString> datasetMap(const RunMetadata &meta)
{
    QMap<QString, QString> out;
    for (const DatasetInput &d : meta.datasets)
        out.insert(d.context + QLatin1Char(':') + d.name, d.digest);
    return out;
}

DvcLockEvidence compareDvcLocks(const Run &champion, const Run &candidate)
{
    DvcLockEvidence e;
    e.championPath = resolveDvcLockPath(champion.meta);
    e.candidatePath = resolveDvcLockPath(candidate.meta);
    if (e.championPath.isEmpty() || e.candidatePath.isEmpty()) {
        e.problem =
            e.championPath.isEmpty() && e.candidatePath.isEmpty()
                ? QStringLiteral("neither run references a dvc.lock")
                : QStringLiteral(
                      "only the %1 references a dvc.lock, so there is nothing to compare it with")
                      .arg(e.championPath.isEmpty() ? QStringLiteral("candidate")
                                                    : QStringLiteral("champion"));
        return e;
    }
    try {
        e.diff = diffDvcLocks(loadDvcLock(e.championPath), loadDvcLock(e.candidatePath));
    } catch (const InputError &error) {
        e.problem = error.message();
    }
    return e;
}

QString describeDvc(const DvcLockEvidence &e)
{
    if (!e.diff) return QStringLiteral("dvc.lock: %1.").arg(e.problem);
    const DvcLockDiff &d = *e.diff;
    if (d.changes.isEmpty())
        return QStringLiteral("dvc.lock: all %1 deps and outs have the same md5 in both runs.")
            .arg(d.unchanged);
    QStringList parts;
    for (const DvcLockChange &c : d.changes)
        parts << QStringLiteral("%1 (%2 of stage %3) %4")
                     .arg(c.path, c.kind, c.stage, toString(c.change));
    return QStringLiteral("dvc.lock: %1 of %2 deps and outs differ — %3.")
        .arg(d.changes.size())
        .arg(d.changes.size() + d.unchanged)
        .arg(parts.join(QStringLiteral("; ")));
}

} // namespace

QString resolveDvcLockPath(const RunMetadata &meta)
{
    if (meta.dvcLock.isEmpty() || QDir::isAbsolutePath(meta.dvcLock) ||
        meta.metadataSource.isEmpty())
        return meta.dvcLock;
    return QFileInfo(meta.metadataSource).dir().filePath(meta.dvcLock);
}

QList<MapChange> diffMaps(const QMap<QString, QString> &champion,
                          const QMap<QString, QString> &candidate)
{
    QMap<QString, MapChange> changes; // ordered by key
    for (auto it = champion.cbegin(); it != champion.cend(); ++it) {
        const auto other = candidate.constFind(it.key());
        if (other == candidate.cend())
            changes.insert(it.key(), {it.key(), it.value(), {}, Change::Removed});
        else if (*other != it.value())
            changes.insert(it.key(), {it.key(), it.value(), *other, Change::Changed});
    }
    for (auto it = candidate.cbegin(); it != candidate.cend(); ++it)
        if (!champion.contains(it.key()))
            changes.insert(it.key(), {it.key(), {}, it.value(), Change::Added});
    return changes.values();
}

// Some tags hold whole documents (MLflow's `mlflow.log-model.history` is a JSON list of every
// logged model): shown in full they bury the differences a reader is looking for and overflow a
// report's page. They are cut, saying how long they were.
static constexpr qsizetype kLongestValue = 160;

static QString elided(const QString &value)
{
    if (value.size() <= kLongestValue) return value;
    return value.left(kLongestValue) +
           QStringLiteral("… (%1 characters in all)").arg(formatCount(value.size()));
}

static QList<MapChange> elidedChanges(QList<MapChange> changes)
{
    for (MapChange &c : changes) {
        c.championValue = elided(c.championValue);
        c.candidateValue = elided(c.candidateValue);
    }
    return changes;
}

DataEvidence checkData(const GateReport &r)
{
    DataEvidence e;
    const Run &champion = *r.champion.run;
    const Run &candidate = *r.candidate.run;
    e.sameTestSet = r.testSet.identical;
    e.championFingerprint = r.testSet.championFingerprint;
    e.candidateFingerprint = r.testSet.candidateFingerprint;
    e.championEvalDigest = evalDigest(champion.meta);
    e.candidateEvalDigest = evalDigest(candidate.meta);
    e.findings << r.testSet.summary();
    if (e.championEvalDigest.isEmpty() || e.candidateEvalDigest.isEmpty())
        e.findings << QStringLiteral("Evaluation data digest: %1; the test-set fingerprint above "
                                     "is the check that counts.")
                          .arg(e.championEvalDigest.isEmpty() && e.candidateEvalDigest.isEmpty()
                                   ? QStringLiteral("recorded by neither run")
                                   : QStringLiteral("recorded only by the %1")
                                         .arg(e.championEvalDigest.isEmpty()
                                                  ? QStringLiteral("candidate")
                                                  : QStringLiteral("champion")));
    else if (e.championEvalDigest == e.candidateEvalDigest)
        e.findings << QStringLiteral("Both runs record the same evaluation data digest (%1).")
                          .arg(shortDigest(e.championEvalDigest));
    else
        e.findings << QStringLiteral(
                          "The runs record different evaluation data digests (%1 vs %2).")
                          .arg(shortDigest(e.championEvalDigest),
                               shortDigest(e.candidateEvalDigest));

    // Class balance: the test data each model was scored on, and its training data where known.
    const Run *runs[2] = {&champion, &candidate};
    const QString who[2] = {QStringLiteral("champion"), QStringLiteral("candidate")};
    std::optional<ClassBalance> training[2];
    ClassBalance test[2];
    for (int i = 0; i < 2; ++i) {
        const PredictionSet &p = runs[i]->predictions;
        const double rate = p.size() ? double(p.positives) / double(p.size()) : 0.0;
        test[i] = ClassBalance{who[i], QStringLiteral("test"), QFileInfo(p.source).fileName(), rate,
                               qint64(p.size())};
        e.balances << test[i];
        training[i] = trainingBalance(who[i], runs[i]->meta);
        if (training[i]) e.balances << *training[i];
    }
    QStringList balance;
    balance << QStringLiteral("test positive rate %1 (champion) vs %2 (candidate)")
                   .arg(percent(test[0].positiveRate), percent(test[1].positiveRate));
    for (int i = 0; i < 2; ++i)
        if (training[i]) {
            const double shift = test[i].positiveRate - training[i]->positiveRate;
            balance << QStringLiteral("%1 trained at %2, tested at %3 (%4%5)")
                           .arg(who[i], percent(training[i]->positiveRate),
                                percent(test[i].positiveRate), points(shift),
                                std::abs(shift) * 100 >= kNotableShiftPoints
                                    ? QStringLiteral(", a notable shift")
                                    : QString());
        }
    if (training[0] && training[1])
        balance << QStringLiteral("training positive rate moved %1 between the runs")
                       .arg(points(training[1]->positiveRate - training[0]->positiveRate));
    else
        balance << QStringLiteral("training class balance is %1")
                       .arg(training[0] || training[1]
                                ? QStringLiteral("recorded for one run only")
                                : QStringLiteral("not recorded in either run's metadata"));
    e.findings << QStringLiteral("Class balance: %1.").arg(balance.join(QStringLiteral("; ")));

    e.params = elidedChanges(diffMaps(champion.meta.params, candidate.meta.params));
    e.tags = elidedChanges(diffMaps(champion.meta.tags, candidate.meta.tags));
    e.datasets = elidedChanges(diffMaps(datasetMap(champion.meta), datasetMap(candidate.meta)));
    e.findings << describeChanges(QStringLiteral("Params"), e.params,
                                  !champion.meta.params.isEmpty() ||
                                      !candidate.meta.params.isEmpty());
    e.findings << describeChanges(QStringLiteral("Tags"), e.tags,
                                  !champion.meta.tags.isEmpty() || !candidate.meta.tags.isEmpty());
    e.findings << describeChanges(QStringLiteral("Dataset inputs"), e.datasets,
                                  !champion.meta.datasets.isEmpty() ||
                                      !candidate.meta.datasets.isEmpty());
    e.dvcLock = compareDvcLocks(champion, candidate);
    e.findings << describeDvc(e.dvcLock);
    return e;
}

} // namespace gr

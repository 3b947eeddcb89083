// The diagnosis evidence as JSON, for the decision report's JSON form.
#include "diagnosis.h"

#include <QJsonArray>

namespace gr {
namespace {

QJsonObject confusionJson(const Confusion &c)
{
    return {{QStringLiteral("tp"), double(c.tp)},
            {QStringLiteral("fp"), double(c.fp)},
            {QStringLiteral("fn"), double(c.fn)},
            {QStringLiteral("tn"), double(c.tn)}};
}

QJsonArray changesJson(const QList<MapChange> &changes)
{
    QJsonArray out;
    for (const MapChange &c : changes)
        out.append(QJsonObject{{QStringLiteral("key"), c.key},
                               {QStringLiteral("change"), toString(c.change)},
                               {QStringLiteral("champion"), c.championValue},
                               {QStringLiteral("candidate"), c.candidateValue}});
    return out;
}

QJsonObject sensitivityJson(const ThresholdSensitivity &s)
{
    return {{QStringLiteral("operating_threshold"), s.operatingThreshold},
            {QStringLiteral("operating_net_benefit"), s.operatingNetBenefit.toJson()},
            {QStringLiteral("best_threshold"), s.bestThreshold},
            {QStringLiteral("best_net_benefit"), s.bestNetBenefit.toJson()},
            {QStringLiteral("headroom"), s.headroom().toJson()}};
}

QJsonObject scoresJson(const std::array<ScoreSummary, 2> &s)
{
    QJsonObject out;
    for (int label = 0; label < 2; ++label)
        out.insert(label ? QStringLiteral("positives") : QStringLiteral("negatives"),
                   QJsonObject{{QStringLiteral("rows"), double(s[size_t(label)].rows)},
                               {QStringLiteral("mean"), s[size_t(label)].mean},
                               {QStringLiteral("p10"), s[size_t(label)].p10},
                               {QStringLiteral("p50"), s[size_t(label)].p50},
                               {QStringLiteral("p90"), s[size_t(label)].p90}});
    return out;
}

QJsonObject dvcJson(const DvcLockEvidence &d)
{
    QJsonObject out{{QStringLiteral("champion"), d.championPath},
                    {QStringLiteral("candidate"), d.candidatePath}};
    if (!d.diff) {
        out.insert(QStringLiteral("problem"), d.problem);
        return out;
    }
    QJsonArray changes;
    for (const DvcLockChange &c : d.diff->changes)
        changes.append(QJsonObject{{QStringLiteral("stage"), c.stage},
                                   {QStringLiteral("kind"), c.kind},
                                   {QStringLiteral("path"), c.path},
                                   {QStringLiteral("change"), toString(c.change)},
                                   {QStringLiteral("champion_md5"), c.championMd5},
                                   {QStringLiteral("candidate_md5"), c.candidateMd5}});
    out.insert(QStringLiteral("changes"), changes);
    out.insert(QStringLiteral("unchanged"), d.diff->unchanged);
    return out;
}

} // namespace

static QJsonObject decideJson(const DiagnosisEvidence &e)
{
    QJsonArray choices;
    for (DecisionKind k : e.choices)
        choices.append(toString(k));
    return {{QStringLiteral("choices"), choices},
            {QStringLiteral("findings"), QJsonArray::fromStringList(e.decideFindings)}};
}

QJsonObject diagnosisToJson(const DiagnosisEvidence &e)
{
    const ComparisonEvidence &c = e.comparison;
    QJsonObject byCell;
    for (const CellContribution &cell : c.cells)
        byCell.insert(QLatin1String(cellName(cell.cell)),
                      QJsonObject{{QStringLiteral("count_delta"), double(cell.countDelta)},
                                  {QStringLiteral("net_benefit_delta"), cell.dollars.toJson()}});
    QJsonObject comparison{{QStringLiteral("paired"), c.paired},
                           {QStringLiteral("net_benefit_delta"), c.delta.toJson()},
                           {QStringLiteral("by_cell"), byCell},
                           {QStringLiteral("interval_excludes_zero"), c.intervalExcludesZero},
                           {QStringLiteral("findings"), QJsonArray::fromStringList(c.findings)}};

    const DataEvidence &d = e.data;
    QJsonArray balances;
    for (const ClassBalance &b : d.balances) {
        QJsonObject o{{QStringLiteral("run"), b.run},
                      {QStringLiteral("context"), b.context},
                      {QStringLiteral("dataset"), b.dataset},
                      {QStringLiteral("positive_rate"), b.positiveRate}};
        if (b.rows) o.insert(QStringLiteral("rows"), double(*b.rows));
        balances.append(o);
    }
    QJsonObject data{{QStringLiteral("same_test_set"), d.sameTestSet},
                     {QStringLiteral("champion_fingerprint"), d.championFingerprint},
                     {QStringLiteral("candidate_fingerprint"), d.candidateFingerprint},
                     {QStringLiteral("champion_eval_digest"), d.championEvalDigest},
                     {QStringLiteral("candidate_eval_digest"), d.candidateEvalDigest},
                     {QStringLiteral("class_balance"), balances},
                     {QStringLiteral("params"), changesJson(d.params)},
                     {QStringLiteral("tags"), changesJson(d.tags)},
                     {QStringLiteral("datasets"), changesJson(d.datasets)},
                     {QStringLiteral("dvc_lock"), dvcJson(d.dvcLock)},
                     {QStringLiteral("findings"), QJsonArray::fromStringList(d.findings)}};

    const ModelEvidence &m = e.model;
    if (!m.comparable) // different test sets: no numbers that would compare data, not models
        return {{QStringLiteral("comparison"), comparison},
                {QStringLiteral("data"), data},
                {QStringLiteral("model"),
                 QJsonObject{{QStringLiteral("comparable"), false},
                             {QStringLiteral("findings"), QJsonArray::fromStringList(m.findings)}}},
                {QStringLiteral("decide"), decideJson(e)}};
    QJsonObject delta;
    for (int k = 0; k < 4; ++k)
        delta.insert(QLatin1String(cellName(Cell(k))), double(m.confusionDelta[size_t(k)]));
    QJsonObject model{
        {QStringLiteral("confusion_delta"), delta},
        {QStringLiteral("champion_confusion"), confusionJson(m.champion)},
        {QStringLiteral("candidate_confusion"), confusionJson(m.candidate)},
        {QStringLiteral("champion_threshold_sensitivity"), sensitivityJson(m.championSensitivity)},
        {QStringLiteral("candidate_threshold_sensitivity"),
         sensitivityJson(m.candidateSensitivity)},
        {QStringLiteral("candidate_wins_at_best_threshold"), m.candidateWinsAtBest},
        {QStringLiteral("champion_scores"), scoresJson(m.championScores)},
        {QStringLiteral("candidate_scores"), scoresJson(m.candidateScores)},
        {QStringLiteral("findings"), QJsonArray::fromStringList(m.findings)}};

    return {{QStringLiteral("comparison"), comparison},
            {QStringLiteral("data"), data},
            {QStringLiteral("model"), model},
            {QStringLiteral("decide"), decideJson(e)}};
}

} // namespace gr

#include "gatereportjson.h"
#include "segments/segmentanalysis.h"

#include <cmath>
#include <QJsonArray>

namespace gr {
namespace {

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QJsonObject confusionToJson(const Confusion &c)
{
    return {{QStringLiteral("tp"), double(c.tp)},
            {QStringLiteral("fp"), double(c.fp)},
            {QStringLiteral("fn"), double(c.fn)},
            {QStringLiteral("tn"), double(c.tn)}};
}

QJsonObject runToJson(const Run &run)
{
    const RunMetadata &m = run.meta;
    QJsonObject o{{QStringLiteral("label"), run.label()},
                  {QStringLiteral("source"), run.predictions.source},
                  {QStringLiteral("sha256"), run.predictions.fileSha256},
                  {QStringLiteral("rows"), double(run.predictions.size())},
                  {QStringLiteral("origin"), m.origin},
                  {QStringLiteral("threshold_source"), toString(run.thresholdSource)}};
    auto put = [&o](const char *key, const QString &v) {
        if (!v.isEmpty()) o.insert(QLatin1String(key), v);
    };
    put("read_from", run.predictions.readFrom); // the file or download the sha256 is of
    put("display_name", m.displayName);
    put("model_name", m.modelName);
    put("model_version", m.modelVersion);
    put("alias", m.alias);
    put("run_id", m.runId);
    put("dataset_digest", m.datasetDigest);
    put("metadata_source", m.metadataSource);
    put("registry", m.registry);
    if (!m.datasets.isEmpty()) {
        QJsonArray ds;
        for (const DatasetInput &d : m.datasets)
            ds.append(QJsonObject{{QStringLiteral("name"), d.name},
                                  {QStringLiteral("digest"), d.digest},
                                  {QStringLiteral("source"), d.source},
                                  {QStringLiteral("context"), d.context}});
        o.insert(QStringLiteral("datasets"), ds);
    }
    if (!m.notes.isEmpty()) o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(m.notes));
    return o;
}

QJsonObject layerToJson(const LayerOutcome &layer)
{
    QJsonArray checks;
    for (const CheckOutcome &c : layer.checks) {
        QJsonObject o{{QStringLiteral("id"), c.id},
                      {QStringLiteral("description"), c.description},
                      {QStringLiteral("result"), toString(c.result)},
                      {QStringLiteral("detail"), c.detail}};
        if (c.actualMoney)
            o.insert(QStringLiteral("actual"), c.actualMoney->toJson());
        else if (c.actual)
            o.insert(QStringLiteral("actual"), number(*c.actual));
        if (c.limitMoney)
            o.insert(QStringLiteral("limit"), c.limitMoney->toJson());
        else if (c.limit)
            o.insert(QStringLiteral("limit"), number(*c.limit));
        checks.append(o);
    }
    return {{QStringLiteral("id"), layer.id},
            {QStringLiteral("name"), layer.name},
            {QStringLiteral("result"), toString(layer.result)},
            {QStringLiteral("summary"), layer.summary},
            {QStringLiteral("checks"), checks}};
}

} // namespace

QJsonObject modelMetricsToJson(const ModelMetrics &m)
{
    QJsonObject undefined;
    for (auto it = m.undefined.cbegin(); it != m.undefined.cend(); ++it)
        undefined.insert(it.key(), it.value());
    return {
        {QStringLiteral("undefined"), undefined},
        {QStringLiteral("threshold"), m.threshold},
        {QStringLiteral("confusion"), confusionToJson(m.confusion)},
        {QStringLiteral("net_benefit"), m.netBenefit.toJson()},
        {QStringLiteral("precision"), m.precision},
        {QStringLiteral("recall"), m.recall},
        {QStringLiteral("f1"), m.f1},
        {QStringLiteral("accuracy"), m.accuracy},
        {QStringLiteral("mcc"), m.mcc},
        {QStringLiteral("roc_auc"), number(m.rocAuc)},
        {QStringLiteral("average_precision"), number(m.averagePrecision)},
        {QStringLiteral("brier"), m.brier},
        {QStringLiteral("distinct_thresholds"), double(m.distinctThresholds)},
        {QStringLiteral("best_net_benefit"),
         QJsonObject{{QStringLiteral("threshold"), m.bestNetBenefit.threshold},
                     {QStringLiteral("net_benefit"), m.bestNetBenefit.value.toJson()},
                     {QStringLiteral("confusion"), confusionToJson(m.bestNetBenefit.confusion)}}},
        {QStringLiteral("best_f1"), QJsonObject{{QStringLiteral("threshold"), m.bestF1.threshold},
                                                {QStringLiteral("f1"), m.bestF1.value}}}};
}

QJsonObject gateReportToJson(const GateReport &r)
{
    const TestSetCheck &t = r.testSet;
    QJsonObject testSet{{QStringLiteral("rows"), double(t.championRows)},
                        {QStringLiteral("positives"), double(t.positives)},
                        {QStringLiteral("identical"), t.identical},
                        {QStringLiteral("fingerprint"), t.identical
                                                            ? QJsonValue(t.championFingerprint)
                                                            : QJsonValue(QJsonValue::Null)},
                        {QStringLiteral("champion_fingerprint"), t.championFingerprint},
                        {QStringLiteral("candidate_fingerprint"), t.candidateFingerprint},
                        {QStringLiteral("summary"), t.summary()}};
    if (!t.identical) {
        QJsonArray disagreements;
        for (const LabelDisagreement &d : t.firstDisagreements)
            disagreements.append(QJsonObject{{QStringLiteral("row_id"), d.rowId},
                                             {QStringLiteral("champion"), d.championLabel},
                                             {QStringLiteral("candidate"), d.candidateLabel}});
        testSet.insert(QStringLiteral("candidate_rows"), double(t.candidateRows));
        testSet.insert(QStringLiteral("shared_rows"), double(t.sharedRows));
        testSet.insert(QStringLiteral("only_in_champion"),
                       QJsonObject{{QStringLiteral("count"), double(t.onlyInChampion)},
                                   {QStringLiteral("examples"),
                                    QJsonArray::fromStringList(t.firstOnlyInChampion)}});
        testSet.insert(QStringLiteral("only_in_candidate"),
                       QJsonObject{{QStringLiteral("count"), double(t.onlyInCandidate)},
                                   {QStringLiteral("examples"),
                                    QJsonArray::fromStringList(t.firstOnlyInCandidate)}});
        testSet.insert(QStringLiteral("label_disagreements"),
                       QJsonObject{{QStringLiteral("count"), double(t.labelDisagreements)},
                                   {QStringLiteral("examples"), disagreements}});
    }

    QJsonObject champion = modelMetricsToJson(r.champion.metrics);
    champion.insert(QStringLiteral("run"), runToJson(*r.champion.run));
    QJsonObject candidate = modelMetricsToJson(r.candidate.metrics);
    candidate.insert(QStringLiteral("run"), runToJson(*r.candidate.run));

    QJsonArray layers;
    for (const LayerOutcome &l : r.layers)
        layers.append(layerToJson(l));

    QJsonObject policy = r.policy.toJson();
    policy.insert(QStringLiteral("sha256"), r.policy.sha256());
    policy.insert(QStringLiteral("source"), r.policy.sourceFile.isEmpty()
                                                ? QStringLiteral("built-in default")
                                                : r.policy.sourceFile);
    if (!r.policy.sourceSha256.isEmpty())
        policy.insert(QStringLiteral("source_sha256"), r.policy.sourceSha256);

    QJsonObject out{
        {QStringLiteral("schema"), QLatin1String(kGateReportSchema)},
        {QStringLiteral("gate_result"), toString(r.result)},
        {QStringLiteral("reasons"), QJsonArray::fromStringList(r.reasons)},
        {QStringLiteral("evaluated_at"), r.evaluatedAt.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("app_version"), r.appVersion},
        {QStringLiteral("test_set"), testSet},
        {QStringLiteral("champion"), champion},
        {QStringLiteral("candidate"), candidate},
        {QStringLiteral("layers"), layers},
        {QStringLiteral("policy"), policy},
        {QStringLiteral("inputs"),
         QJsonObject{
             {QStringLiteral("champion"),
              QJsonObject{{QStringLiteral("path"), r.champion.run->predictions.source},
                          {QStringLiteral("sha256"), r.champion.run->predictions.fileSha256}}},
             {QStringLiteral("candidate"),
              QJsonObject{{QStringLiteral("path"), r.candidate.run->predictions.source},
                          {QStringLiteral("sha256"), r.candidate.run->predictions.fileSha256}}},
             {QStringLiteral("policy"),
              QJsonObject{{QStringLiteral("path"), policy.value(QStringLiteral("source"))},
                          {QStringLiteral("sha256"), r.policy.sourceSha256.isEmpty()
                                                         ? QJsonValue(QJsonValue::Null)
                                                         : QJsonValue(r.policy.sourceSha256)}}}}}};
    if (r.comparison) {
        const PairedComparison &p = *r.comparison;
        QJsonObject byCell;
        for (int k = 0; k < 4; ++k)
            byCell.insert(
                QLatin1String(cellName(Cell(k))),
                QJsonObject{
                    {QStringLiteral("count_delta"), double(p.countDeltaByCell[size_t(k)])},
                    {QStringLiteral("net_benefit_delta"), p.deltaByCell[size_t(k)].toJson()}});
        QJsonArray transitions;
        for (const auto &row : p.transitions) {
            QJsonArray r2;
            for (int64_t n : row)
                r2.append(double(n));
            transitions.append(r2);
        }
        out.insert(
            QStringLiteral("comparison"),
            QJsonObject{
                {QStringLiteral("net_benefit_delta"), p.netBenefitDelta.toJson()},
                {QStringLiteral("net_benefit_delta_ci95"),
                 QJsonArray{p.bootstrap.low.toJson(), p.bootstrap.high.toJson()}},
                {QStringLiteral("sign_flip"),
                 QJsonObject{{QStringLiteral("p_value"), p.signFlip.pValue},
                             {QStringLiteral("alternative"), QStringLiteral("greater")},
                             {QStringLiteral("rows_that_differ"), double(p.signFlip.nonZeroRows)},
                             {QStringLiteral("omitted_mass_bound"), p.signFlip.omittedMass},
                             {QStringLiteral("method"),
                              QStringLiteral("exact paired sign-flip permutation test of the "
                                             "summed row ΔNB (two binomials, no Monte Carlo)")}}},
                {QStringLiteral("bootstrap"),
                 QJsonObject{
                     {QStringLiteral("resamples"), p.bootstrap.resamples},
                     {QStringLiteral("seed"), double(r.policy.bootstrap.seed)},
                     {QStringLiteral("level"), r.policy.bootstrap.level},
                     {QStringLiteral("low"), p.bootstrap.low.toJson()},
                     {QStringLiteral("high"), p.bootstrap.high.toJson()},
                     {QStringLiteral("mean"), p.bootstrap.mean.toJson()},
                     {QStringLiteral("degenerate"), p.bootstrap.isDegenerate()},
                     {QStringLiteral("stddev"), p.bootstrap.stddev},
                     {QStringLiteral("fraction_at_or_below_zero"),
                      p.bootstrap.fractionAtOrBelowZero},
                     {QStringLiteral("method"),
                      QStringLiteral("multinomial over the 16 paired cell categories (Boost.Random "
                                     "mt19937_64); percentile interval")}}},
                {QStringLiteral("by_cell"), byCell},
                {QStringLiteral("paired"),
                 QJsonObject{
                     {QStringLiteral("both_correct"), double(p.bothCorrect)},
                     {QStringLiteral("champion_only_correct"), double(p.championOnlyCorrect)},
                     {QStringLiteral("candidate_only_correct"), double(p.candidateOnlyCorrect)},
                     {QStringLiteral("both_wrong"), double(p.bothWrong)}}},
                {QStringLiteral("transitions"), transitions},
                {QStringLiteral("mcnemar"),
                 QJsonObject{{QStringLiteral("b"), double(p.mcnemar.b)},
                             {QStringLiteral("c"), double(p.mcnemar.c)},
                             {QStringLiteral("p_value"), p.mcnemar.pValue},
                             {QStringLiteral("informative"), p.mcnemar.hasDiscordantRows()},
                             {QStringLiteral("note"),
                              p.mcnemar.hasDiscordantRows()
                                  ? QJsonValue(QJsonValue::Null)
                                  : QJsonValue(QStringLiteral(
                                        "no discordant rows (b = c = 0): the test has no "
                                        "information about a difference"))}}}});
    } else {
        out.insert(QStringLiteral("comparison"), QJsonValue(QJsonValue::Null));
    }
    // Only files with segment columns have it, so other reports keep their exact shape.
    if (r.segments)
        out.insert(QStringLiteral("where_it_lost"), segmentAnalysisToJson(*r.segments, 20));
    return out;
}

} // namespace gr

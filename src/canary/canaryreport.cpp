// The canary result as layer 4 of the gate, as JSON (schema gatereview/canary-report/v1) and as
// a few lines for the terminal.
#include "canaryevaluator.h"

#include <cmath>
#include <QJsonArray>

namespace gr {
namespace {

QJsonValue jsonNumber(std::optional<double> v)
{
    return v && std::isfinite(*v) ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

LayerResult fromVerdict(CanaryVerdict v)
{
    return v == CanaryVerdict::Promote    ? LayerResult::Pass
           : v == CanaryVerdict::Rollback ? LayerResult::Fail
                                          : LayerResult::NotRun;
}

} // namespace

LayerOutcome canaryLayerOutcome(const CanaryResult &r)
{
    LayerOutcome layer;
    layer.id = 4;
    layer.name = QStringLiteral("Canary");
    layer.result = fromVerdict(r.verdict);
    const QString prefix =
        r.verdict == CanaryVerdict::Inconclusive
            ? QStringLiteral("INCONCLUSIVE (shown as NOT_RUN: the canary ran but could not decide)")
            : toString(r.verdict);
    layer.summary = prefix + QStringLiteral(": ") + r.reasons.join(QStringLiteral("; "));

    layer.checks = r.checks; // the checks the verdict was derived from
    return layer;
}

QJsonObject canaryResultToJson(const CanaryResult &r)
{
    QJsonArray intervals;
    for (const IntervalResult &ir : r.intervalResults) {
        QJsonArray checks;
        for (const MetricLimitCheck &c : ir.checks)
            checks.append(QJsonObject{{QStringLiteral("metric"), c.metric},
                                      {QStringLiteral("baseline"), jsonNumber(c.baseline)},
                                      {QStringLiteral("canary"), jsonNumber(c.canary)},
                                      {QStringLiteral("limit"), jsonNumber(c.limit)},
                                      {QStringLiteral("passed"), c.passed},
                                      {QStringLiteral("critical"), c.critical},
                                      {QStringLiteral("detail"), c.detail}});
        intervals.append(
            QJsonObject{{QStringLiteral("index"), ir.index + 1},
                        {QStringLiteral("start"), ir.start.toString(Qt::ISODate)},
                        {QStringLiteral("end"), ir.end.toString(Qt::ISODate)},
                        {QStringLiteral("baseline_requests"), ir.baselineRequests},
                        {QStringLiteral("canary_requests"), ir.canaryRequests},
                        {QStringLiteral("verdict"), toString(ir.verdict)},
                        {QStringLiteral("reasons"), QJsonArray::fromStringList(ir.reasons)},
                        {QStringLiteral("checks"), checks}});
    }
    QJsonArray judged;
    for (const JudgedMetric &m : r.judge.metrics) {
        QJsonObject o{{QStringLiteral("metric"), m.metric},
                      {QStringLiteral("classification"), toString(m.classification)},
                      {QStringLiteral("intervals"), int(m.canary.size())},
                      {QStringLiteral("detail"), m.detail},
                      {QStringLiteral("weight"), m.weight},
                      {QStringLiteral("critical"), m.critical},
                      {QStringLiteral("tolerance"), m.tolerance}};
        if (m.classification != JudgeClass::NoData) {
            o.insert(QStringLiteral("mann_whitney_u"), m.test.u1);
            o.insert(QStringLiteral("p_value"), m.test.pValue);
            o.insert(QStringLiteral("method"),
                     m.test.exact ? QStringLiteral("exact") : QStringLiteral("asymptotic"));
            o.insert(QStringLiteral("baseline_median"), m.baselineMedian);
            o.insert(QStringLiteral("canary_median"), m.canaryMedian);
            o.insert(QStringLiteral("relative_shift"), jsonNumber(m.relativeShift));
        }
        judged.append(o);
    }
    const PredictionResult &pr = r.predictions;
    QJsonObject predictions{
        {QStringLiteral("run"), pr.run},
        {QStringLiteral("passed"), pr.passed},
        {QStringLiteral("detail"), pr.detail},
        {QStringLiteral("from_histogram"), pr.fromHistogram},
        {QStringLiteral("baseline_scores"), pr.baselineCount},
        {QStringLiteral("canary_scores"), pr.canaryCount},
        {QStringLiteral("psi"), jsonNumber(pr.psi)},
        {QStringLiteral("psi_bins"), pr.psiBins},
        {QStringLiteral("baseline_positive_rate"), jsonNumber(pr.baselinePositiveRate)},
        {QStringLiteral("canary_positive_rate"), jsonNumber(pr.canaryPositiveRate)},
        {QStringLiteral("failures"), QJsonArray::fromStringList(pr.failures)}};
    if (pr.ks)
        predictions.insert(QStringLiteral("ks"),
                           QJsonObject{{QStringLiteral("statistic"), pr.ks->statistic},
                                       {QStringLiteral("p_value"), pr.ks->pValue},
                                       {QStringLiteral("exact"), pr.ks->exact}});
    return QJsonObject{
        {QStringLiteral("schema"), QStringLiteral("gatereview/canary-report/v1")},
        {QStringLiteral("canary_result"), toString(r.verdict)},
        {QStringLiteral("reasons"), QJsonArray::fromStringList(r.reasons)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(r.notes)},
        {QStringLiteral("sources"), QJsonArray::fromStringList(r.sources)},
        {QStringLiteral("policy"), r.policy.toJson()},
        {QStringLiteral("intervals"), intervals},
        {QStringLiteral("summary"),
         QJsonObject{{QStringLiteral("passed"), r.passedIntervals},
                     {QStringLiteral("failed"), r.failedIntervals},
                     {QStringLiteral("inconclusive"), r.inconclusiveIntervals}}},
        {QStringLiteral("judge"),
         QJsonObject{{QStringLiteral("verdict"), toString(r.judge.verdict)},
                     {QStringLiteral("score"), r.judge.score},
                     {QStringLiteral("detail"), r.judge.detail},
                     {QStringLiteral("metrics"), judged}}},
        {QStringLiteral("predictions"), predictions},
    };
}

QString canaryResultToText(const CanaryResult &r)
{
    QString text = QStringLiteral("Canary: %1\n").arg(toString(r.verdict));
    for (const QString &reason : r.reasons)
        text += QStringLiteral("  - %1\n").arg(reason);
    for (const QString &note : r.notes)
        text += QStringLiteral("Note: %1\n").arg(note);
    text += QStringLiteral("Intervals: %1 passed, %2 failed, %3 inconclusive\n")
                .arg(r.passedIntervals)
                .arg(r.failedIntervals)
                .arg(r.inconclusiveIntervals);
    for (const IntervalResult &ir : r.intervalResults)
        if (ir.verdict != IntervalVerdict::Pass)
            text += QStringLiteral("  %1 %2 %3: %4\n")
                        .arg(ir.index + 1, 3)
                        .arg(ir.start.toString(Qt::ISODate), toString(ir.verdict),
                             ir.reasons.join(QStringLiteral("; ")));
    if (r.judge.verdict != JudgeVerdict::NotRun)
        text += QStringLiteral("Judge: %1, %2\n").arg(toString(r.judge.verdict), r.judge.detail);
    if (r.predictions.run) text += QStringLiteral("Predictions: %1\n").arg(r.predictions.detail);
    if (r.predictions.psi)
        text += QStringLiteral("  PSI %1 on %2\n")
                    .arg(*r.predictions.psi, 0, 'g', 4)
                    .arg(r.predictions.psiBins);
    return text;
}

} // namespace gr

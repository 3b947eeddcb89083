// The checks layer 4 runs, and the one rule that turns them into the canary verdict. The gate
// table, the reports and the Canary page all show these checks, so what they list is what decided.
#include "canaryevaluator.h"

#include <cmath>

namespace gr {
namespace {

QString num(double v)
{
    return QString::number(v, 'g', 4);
}

CheckOutcome check(const QString &id, const QString &description, std::optional<double> actual,
                   std::optional<double> limit, LayerResult result, const QString &detail)
{
    CheckOutcome c;
    c.id = id;
    c.description = description;
    c.actual = actual;
    c.limit = limit;
    c.result = result;
    c.detail = detail;
    return c;
}

CheckOutcome countCheck(const QString &id, const QString &description, qint64 actual, qint64 limit,
                        LayerResult result, const QString &detail)
{
    CheckOutcome c = check(id, description, double(actual), double(limit), result, detail);
    c.counts = true;
    return c;
}

void intervalChecks(const CanaryResult &r, QList<CheckOutcome> &checks)
{
    const CanaryPolicy &p = r.policy;
    const qsizetype n = qsizetype(r.intervals.size());
    const bool tooManyFailed = r.failedIntervals > p.failureLimit;
    checks << countCheck(
        QStringLiteral("canary.failed_intervals"),
        QStringLiteral("failed intervals <= failure_limit %1").arg(p.failureLimit),
        r.failedIntervals, p.failureLimit, tooManyFailed ? LayerResult::Fail : LayerResult::Pass,
        tooManyFailed ? QStringLiteral("%1 of %2 intervals failed, more than failure_limit %3")
                            .arg(r.failedIntervals)
                            .arg(n)
                            .arg(p.failureLimit)
                      : QStringLiteral("%1 passed, %2 failed, %3 inconclusive of %4 intervals")
                            .arg(r.passedIntervals)
                            .arg(r.failedIntervals)
                            .arg(r.inconclusiveIntervals)
                            .arg(n));
    // Too little traffic cannot roll back: it leaves the canary undecided.
    const bool tooManyUndecided = r.inconclusiveIntervals > p.inconclusiveLimit;
    checks << countCheck(
        QStringLiteral("canary.inconclusive_intervals"),
        QStringLiteral("intervals under min_requests %1 <= inconclusive_limit %2")
            .arg(num(p.minRequests))
            .arg(p.inconclusiveLimit),
        r.inconclusiveIntervals, p.inconclusiveLimit,
        tooManyUndecided ? LayerResult::NotRun : LayerResult::Pass,
        tooManyUndecided
            ? QStringLiteral(
                  "%1 of %2 intervals had too little traffic, more than inconclusive_limit %3")
                  .arg(r.inconclusiveIntervals)
                  .arg(n)
                  .arg(p.inconclusiveLimit)
            : QString());
    for (const CanaryMetricPolicy &m : p.metrics) {
        if (!m.absolute && !m.relative) continue;
        int failed = 0;
        QStringList critical;
        QString firstFailure;
        for (const IntervalResult &ir : r.intervalResults)
            for (const MetricLimitCheck &c : ir.checks) {
                if (c.metric != m.name || c.passed) continue;
                if (failed++ == 0)
                    firstFailure =
                        QStringLiteral("first in interval %1: %2").arg(ir.index + 1).arg(c.detail);
                if (c.critical)
                    critical << QStringLiteral("interval %1: critical %2")
                                    .arg(ir.index + 1)
                                    .arg(c.detail);
            }
        if (m.critical) {
            // One failed interval of a critical metric rolls back on its own.
            checks << countCheck(
                QStringLiteral("canary.limit.") + m.name,
                QStringLiteral("%1 within its limit in every interval (critical)").arg(m.name),
                failed, 0, failed ? LayerResult::Fail : LayerResult::Pass,
                critical.join(QStringLiteral("; ")));
        } else {
            // Otherwise its failed intervals count towards failure_limit, checked above.
            checks << countCheck(
                QStringLiteral("canary.limit.") + m.name,
                QStringLiteral("intervals with %1 over its limit, counted against failure_limit %2")
                    .arg(m.name)
                    .arg(p.failureLimit),
                failed, p.failureLimit,
                failed && tooManyFailed ? LayerResult::Fail : LayerResult::Pass,
                failed ? QStringLiteral("%1 intervals over the limit; %2")
                             .arg(failed)
                             .arg(firstFailure)
                       : QString());
        }
    }
}

void judgeChecks(const CanaryResult &r, QList<CheckOutcome> &checks)
{
    const CanaryPolicy &p = r.policy;
    if (!p.judge.enabled || (r.judge.verdict == JudgeVerdict::NotRun && r.judge.metrics.isEmpty()))
        return;
    const JudgeVerdict v = r.judge.verdict;
    checks << check(QStringLiteral("canary.judge.score"),
                    QStringLiteral("judge score >= pass %1 (marginal %2)")
                        .arg(num(p.judge.passScore), num(p.judge.marginalScore)),
                    v == JudgeVerdict::NotRun ? std::nullopt : std::optional<double>(r.judge.score),
                    p.judge.passScore,
                    v == JudgeVerdict::Pass   ? LayerResult::Pass
                    : v == JudgeVerdict::Fail ? LayerResult::Fail
                                              : LayerResult::NotRun,
                    v == JudgeVerdict::NotRun
                        ? QStringLiteral("the judge could not run: ") + r.judge.detail
                        : r.judge.detail);
    for (const JudgedMetric &m : r.judge.metrics) {
        const bool shifted =
            m.classification == JudgeClass::High || m.classification == JudgeClass::Low;
        // A metric the judge could not compare leaves the judgement open, like a marginal score;
        // a shifted one rolls back only when the score fails.
        const LayerResult result = !shifted && m.classification == JudgeClass::Pass
                                       ? LayerResult::Pass
                                   : shifted && v == JudgeVerdict::Fail ? LayerResult::Fail
                                                                        : LayerResult::NotRun;
        checks << check(QStringLiteral("canary.judge.") + m.metric,
                        QStringLiteral("%1 median shift within %2% or not significant")
                            .arg(m.metric, num(100 * m.tolerance)),
                        m.classification == JudgeClass::NoData
                            ? std::nullopt
                            : std::optional<double>(m.relativeShift),
                        m.tolerance, result, m.detail);
    }
}

void predictionChecks(const CanaryResult &r, QList<CheckOutcome> &checks)
{
    const CanaryPredictionPolicy &p = r.policy.predictions;
    if (!p.enabled) return;
    const PredictionResult &pr = r.predictions;
    const QString notRun = QStringLiteral("prediction checks could not run: ") + pr.detail;
    auto failureAbout = [&](const QString &start) {
        for (const QString &f : pr.failures)
            if (f.startsWith(start)) return f;
        return QString();
    };
    if (!pr.run || (!p.psiMax && !p.ksAlpha && !p.positiveThreshold)) {
        checks << check(QStringLiteral("canary.predictions"),
                        QStringLiteral("canary and baseline prediction scores compared"),
                        std::nullopt, std::nullopt,
                        pr.run ? LayerResult::Pass : LayerResult::NotRun,
                        pr.run ? pr.detail : notRun);
        return;
    }
    if (p.psiMax)
        checks << check(
            QStringLiteral("canary.predictions.psi"),
            QStringLiteral("PSI of canary vs baseline scores <= %1").arg(num(*p.psiMax)), pr.psi,
            p.psiMax, pr.psi && *pr.psi > *p.psiMax ? LayerResult::Fail : LayerResult::Pass,
            failureAbout(QStringLiteral("PSI")));
    if (p.ksAlpha) {
        const QString failure = failureAbout(QStringLiteral("KS"));
        checks << check(
            QStringLiteral("canary.predictions.ks"),
            QStringLiteral("two-sample KS p >= %1 or D <= %2")
                .arg(num(*p.ksAlpha), num(p.ksMinStatistic)),
            pr.ks ? std::optional<double>(pr.ks->pValue) : std::nullopt, p.ksAlpha,
            failure.isEmpty() ? LayerResult::Pass : LayerResult::Fail,
            !failure.isEmpty() ? failure
            : pr.ks
                ? QStringLiteral("D = %1%2")
                      .arg(num(pr.ks->statistic),
                           pr.fromHistogram ? QStringLiteral(" (on histogram buckets)") : QString())
                : QString());
    }
    if (p.positiveThreshold) {
        const std::optional<double> diff =
            pr.canaryPositiveRate
                ? std::optional<double>(std::abs(*pr.canaryPositiveRate - *pr.baselinePositiveRate))
                : std::nullopt;
        const QString failure = failureAbout(QStringLiteral("positive rate"));
        checks << check(
            QStringLiteral("canary.predictions.positive_rate"),
            QStringLiteral("|canary - baseline| share of scores >= %1 within %2")
                .arg(num(*p.positiveThreshold), num(p.positiveRateMaxDiff.value_or(0))),
            diff, p.positiveRateMaxDiff, failure.isEmpty() ? LayerResult::Pass : LayerResult::Fail,
            !failure.isEmpty() ? failure
            : diff             ? QStringLiteral("canary %1, baseline %2")
                         .arg(num(*pr.canaryPositiveRate), num(*pr.baselinePositiveRate))
                   : QString());
    }
}

} // namespace

QList<CheckOutcome> canaryChecks(const CanaryResult &r)
{
    QList<CheckOutcome> checks;
    if (r.intervals.empty()) {
        checks << check(QStringLiteral("canary.data"),
                        QStringLiteral("canary data covers at least one interval"), 0.0,
                        std::nullopt, LayerResult::NotRun, QStringLiteral("no canary data"));
        checks.last().counts = true;
        return checks;
    }
    intervalChecks(r, checks);
    judgeChecks(r, checks);
    predictionChecks(r, checks);
    return checks;
}

void decideCanary(CanaryResult &r)
{
    r.checks = canaryChecks(r);
    QStringList rollback, undecided;
    for (const CheckOutcome &c : std::as_const(r.checks)) {
        if (c.result == LayerResult::Pass) continue;
        QStringList &reasons = c.result == LayerResult::Fail ? rollback : undecided;
        const QString why = c.detail.isEmpty() ? c.description : c.detail;
        if (!reasons.contains(why)) reasons << why;
    }
    r.reasons.clear();
    if (!rollback.isEmpty()) {
        r.verdict = CanaryVerdict::Rollback;
        r.reasons = rollback;
    } else if (!undecided.isEmpty()) {
        r.verdict = CanaryVerdict::Inconclusive;
        r.reasons = undecided;
    } else {
        r.verdict = CanaryVerdict::Promote;
        r.reasons << QStringLiteral("%1 of %2 intervals passed (%3 failed, limit %4)")
                         .arg(r.passedIntervals)
                         .arg(r.intervals.size())
                         .arg(r.failedIntervals)
                         .arg(r.policy.failureLimit);
        if (r.judge.verdict == JudgeVerdict::Pass) r.reasons << r.judge.detail;
        if (r.predictions.run) r.reasons << r.predictions.detail;
    }
}

} // namespace gr

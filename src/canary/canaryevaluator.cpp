#include "canaryevaluator.h"
#include "model/errors.h"

#include <cmath>

namespace gr {

QString toString(CanaryVerdict v)
{
    switch (v) {
    case CanaryVerdict::Promote:
        return QStringLiteral("PROMOTE");
    case CanaryVerdict::Rollback:
        return QStringLiteral("ROLLBACK");
    case CanaryVerdict::Inconclusive:
        break;
    }
    return QStringLiteral("INCONCLUSIVE");
}

QString toString(IntervalVerdict v)
{
    switch (v) {
    case IntervalVerdict::Pass:
        return QStringLiteral("PASS");
    case IntervalVerdict::Fail:
        return QStringLiteral("FAIL");
    case IntervalVerdict::Inconclusive:
        break;
    }
    return QStringLiteral("INCONCLUSIVE");
}

QString toString(JudgeClass c)
{
    switch (c) {
    case JudgeClass::Pass:
        return QStringLiteral("PASS");
    case JudgeClass::High:
        return QStringLiteral("HIGH");
    case JudgeClass::Low:
        return QStringLiteral("LOW");
    case JudgeClass::NoData:
        break;
    }
    return QStringLiteral("NODATA");
}

QString toString(JudgeVerdict v)
{
    switch (v) {
    case JudgeVerdict::Pass:
        return QStringLiteral("PASS");
    case JudgeVerdict::Marginal:
        return QStringLiteral("MARGINAL");
    case JudgeVerdict::Fail:
        return QStringLiteral("FAIL");
    case JudgeVerdict::NotRun:
        break;
    }
    return QStringLiteral("NOT_RUN");
}

namespace {

QString num(double v)
{
    return QString::number(v, 'g', 4);
}

// Requests and scores are counted (a request rate summed over an interval may not be whole:
// then it keeps its digits).
QString count(double v)
{
    return std::isfinite(v) && v == std::round(v) && std::abs(v) < 9e15 ? formatCount(qint64(v))
                                                                        : num(v);
}

// With both an absolute and a relative limit the canary fails only when it breaks both: the
// absolute value is a floor under a relative limit that would be too strict on a tiny baseline.
MetricLimitCheck checkLimit(const CanaryMetricPolicy &p, const CanaryInterval &interval)
{
    MetricLimitCheck c;
    c.metric = p.name;
    c.critical = p.critical;
    c.baseline = interval.baseline().metric(p.name);
    c.canary = interval.canary().metric(p.name);
    if (!c.canary || (p.relative && !c.baseline)) {
        c.passed = false;
        c.detail =
            QStringLiteral("no %1 for the %2")
                .arg(p.name, c.canary ? QStringLiteral("baseline") : QStringLiteral("canary"));
        return c;
    }
    const double canary = *c.canary;
    if (p.direction == MetricDirection::Either) {
        const double allowed = *p.relative * std::abs(*c.baseline);
        c.limit = allowed;
        c.passed = std::abs(canary - *c.baseline) <= allowed;
        c.detail = QStringLiteral("%1 canary %2 vs baseline %3: allowed difference %4")
                       .arg(p.name, num(canary), num(*c.baseline), num(allowed));
        return c;
    }
    const bool up = p.direction == MetricDirection::Increase;
    std::optional<double> bound;
    if (p.relative) bound = *c.baseline * (up ? 1 + *p.relative : 1 - *p.relative);
    if (p.absolute)
        bound = bound ? (up ? std::max(*bound, *p.absolute) : std::min(*bound, *p.absolute))
                      : *p.absolute;
    c.limit = bound;
    c.passed = up ? canary <= *bound : canary >= *bound;
    c.detail = QStringLiteral("%1 canary %2 %3 limit %4 (baseline %5)")
                   .arg(p.name, num(canary),
                        c.passed ? (up ? QStringLiteral("<=") : QStringLiteral(">="))
                                 : (up ? QStringLiteral(">") : QStringLiteral("<")),
                        num(*bound), c.baseline ? num(*c.baseline) : QStringLiteral("n/a"));
    return c;
}

IntervalResult evaluateInterval(const CanaryInterval &interval, const CanaryPolicy &policy)
{
    IntervalResult r;
    r.index = interval.index;
    r.start = interval.start;
    r.end = interval.end;
    r.baselineRequests = interval.baseline().requests();
    r.canaryRequests = interval.canary().requests();
    for (const Variant v : {Variant::Baseline, Variant::Canary}) {
        const double requests = interval.variant[int(v)].requests();
        if (requests < policy.minRequests)
            r.reasons << QStringLiteral("%1 served %2 requests, fewer than min_requests %3")
                             .arg(toString(v), count(requests), num(policy.minRequests));
    }
    if (!r.reasons.isEmpty()) {
        r.verdict = IntervalVerdict::Inconclusive;
        return r;
    }
    for (const CanaryMetricPolicy &p : policy.metrics) {
        if (!p.absolute && !p.relative) continue; // judged only
        const MetricLimitCheck c = checkLimit(p, interval);
        r.checks << c;
        if (!c.passed) {
            r.verdict = IntervalVerdict::Fail;
            r.reasons << (c.critical ? QStringLiteral("critical: ") : QString()) + c.detail;
        }
    }
    return r;
}

JudgeResult judge(const std::vector<CanaryInterval> &intervals,
                  const QList<IntervalResult> &results, const CanaryPolicy &policy)
{
    JudgeResult j;
    double total = 0, passed = 0;
    bool criticalFailed = false;
    for (const CanaryMetricPolicy &p : policy.metrics) {
        if (!p.judge) continue;
        JudgedMetric m;
        m.metric = p.name;
        m.tolerance = p.tolerance.value_or(policy.judge.tolerance);
        m.weight = p.weight;
        m.critical = p.critical;
        for (size_t i = 0; i < intervals.size(); ++i) {
            if (results[qsizetype(i)].verdict == IntervalVerdict::Inconclusive) continue;
            const auto b = intervals[i].baseline().metric(p.name),
                       c = intervals[i].canary().metric(p.name);
            if (b && c) {
                m.baseline.push_back(*b);
                m.canary.push_back(*c);
            }
        }
        if (int(m.canary.size()) < policy.judge.minIntervals) {
            m.detail = QStringLiteral("%1: %2 intervals with data, the judge needs %3")
                           .arg(p.name)
                           .arg(m.canary.size())
                           .arg(policy.judge.minIntervals);
            j.metrics << m;
            continue;
        }
        m.test = mannWhitneyU(m.canary, m.baseline);
        m.baselineMedian = median(m.baseline);
        m.canaryMedian = median(m.canary);
        const double diff = m.canaryMedian - m.baselineMedian;
        m.relativeShift = m.baselineMedian != 0 ? diff / std::abs(m.baselineMedian)
                                                : (diff == 0 ? 0 : std::copysign(INFINITY, diff));
        const bool significant = m.test.pValue < 1 - policy.judge.confidence;
        const bool badUp = p.direction != MetricDirection::Decrease,
                   badDown = p.direction != MetricDirection::Increase;
        m.classification = significant && badUp && m.relativeShift > m.tolerance ? JudgeClass::High
                           : significant && badDown && m.relativeShift < -m.tolerance
                               ? JudgeClass::Low
                               : JudgeClass::Pass;
        m.detail =
            QStringLiteral("%1: canary median %2 vs baseline %3 (%4%5%), Mann-Whitney p = %6%7")
                .arg(p.name, num(m.canaryMedian), num(m.baselineMedian),
                     m.relativeShift >= 0 ? QStringLiteral("+") : QString(),
                     num(100 * m.relativeShift), num(m.test.pValue),
                     m.classification == JudgeClass::Pass
                         ? QString()
                         : QStringLiteral(": %1 beyond tolerance %2%")
                               .arg(toString(m.classification), num(100 * m.tolerance)));
        total += m.weight;
        if (m.classification == JudgeClass::Pass)
            passed += m.weight;
        else if (m.critical)
            criticalFailed = true;
        j.metrics << m;
    }
    if (j.metrics.isEmpty()) {
        j.detail = QStringLiteral("no metric is judged");
        return j;
    }
    if (total <= 0) {
        j.detail = j.metrics.first().detail;
        return j;
    }
    // Kayenta zeroes the score when a critical metric fails.
    j.score = criticalFailed ? 0.0 : 100.0 * passed / total;
    j.verdict = j.score >= policy.judge.passScore       ? JudgeVerdict::Pass
                : j.score >= policy.judge.marginalScore ? JudgeVerdict::Marginal
                                                        : JudgeVerdict::Fail;
    j.detail = QStringLiteral("judge score %1 (pass >= %2, marginal >= %3)%4")
                   .arg(num(j.score), num(policy.judge.passScore), num(policy.judge.marginalScore),
                        criticalFailed ? QStringLiteral(": a critical metric failed") : QString());
    return j;
}

double positiveShare(const std::vector<double> &scores, double threshold)
{
    return double(std::count_if(scores.begin(), scores.end(),
                                [&](double s) { return s >= threshold; })) /
           double(scores.size());
}

PredictionResult checkPredictions(CanaryResult &r, const CanaryPredictionPolicy &p)
{
    PredictionResult out;
    const bool raw = !r.baselineScores.empty() || !r.canaryScores.empty();
    out.fromHistogram = !raw;
    out.baselineCount =
        raw ? double(r.baselineScores.size())
            : (r.baselineHistogram.empty() ? 0 : r.baselineHistogram.rbegin()->second);
    out.canaryCount = raw ? double(r.canaryScores.size())
                          : (r.canaryHistogram.empty() ? 0 : r.canaryHistogram.rbegin()->second);
    if (out.baselineCount == 0 && out.canaryCount == 0) {
        out.detail =
            r.passedIntervals + r.failedIntervals == 0
                ? QStringLiteral("no interval had enough traffic to compare prediction scores")
                : QStringLiteral(
                      "no prediction scores in the data (metric score or score_bucket_le_*)");
        return out;
    }
    if (out.baselineCount < p.minScores || out.canaryCount < p.minScores) {
        out.detail = QStringLiteral("%1 baseline and %2 canary scores, fewer than min_scores %3")
                         .arg(count(out.baselineCount), count(out.canaryCount), num(p.minScores));
        return out;
    }
    out.run = true;
    if (p.psiMax) {
        out.psi = raw ? populationStabilityIndex(r.baselineScores, r.canaryScores, p.psiBins)
                      : populationStabilityIndex(r.baselineHistogram, r.canaryHistogram);
        out.psiBins =
            raw ? QStringLiteral("%1 bins cut halfway between the distinct baseline scores "
                                 "nearest its %2-quantiles: tied scores never split, a canary "
                                 "score on an edge counts above it")
                      .arg(psiBinEdges(r.baselineScores, p.psiBins).size() + 1)
                      .arg(p.psiBins)
                : QStringLiteral("the histogram's buckets (scores <= le)");
        if (*out.psi > *p.psiMax)
            out.failures << QStringLiteral("PSI %1 > %2: the canary's score distribution moved")
                                .arg(num(*out.psi), num(*p.psiMax));
    }
    if (p.ksAlpha) {
        out.ks = raw ? ks2Sample(r.canaryScores, r.baselineScores)
                     : ks2SampleHistogram(r.baselineHistogram, r.canaryHistogram);
        if (out.ks->pValue < *p.ksAlpha && out.ks->statistic > p.ksMinStatistic)
            out.failures
                << QStringLiteral(
                       "KS D = %1 > %2 with p = %3 < %4: canary and baseline scores differ")
                       .arg(num(out.ks->statistic), num(p.ksMinStatistic), num(out.ks->pValue),
                            num(*p.ksAlpha));
    }
    if (p.positiveThreshold) {
        const double t = *p.positiveThreshold;
        if (raw) {
            out.baselinePositiveRate = positiveShare(r.baselineScores, t);
            out.canaryPositiveRate = positiveShare(r.canaryScores, t);
        } else if (r.baselineHistogram.count(t) && r.canaryHistogram.count(t)) {
            // A histogram counts scores <= le, so its positive share is the one above the bound.
            out.baselinePositiveRate = 1 - r.baselineHistogram.at(t) / out.baselineCount;
            out.canaryPositiveRate = 1 - r.canaryHistogram.at(t) / out.canaryCount;
        } else {
            out.failures
                << QStringLiteral(
                       "positive rate: threshold %1 is not a bucket bound of the score histogram")
                       .arg(num(t));
        }
        if (out.canaryPositiveRate &&
            std::abs(*out.canaryPositiveRate - *out.baselinePositiveRate) > *p.positiveRateMaxDiff)
            out.failures
                << QStringLiteral(
                       "positive rate %1 (canary) vs %2 (baseline) differs by more than %3")
                       .arg(num(*out.canaryPositiveRate), num(*out.baselinePositiveRate),
                            num(*p.positiveRateMaxDiff));
    }
    out.passed = out.failures.isEmpty();
    out.detail =
        out.passed
            ? QStringLiteral("prediction scores of canary and baseline agree (%1 vs %2 scores)")
                  .arg(count(out.canaryCount), count(out.baselineCount))
            : out.failures.join(QStringLiteral("; "));
    return out;
}

} // namespace

// A policy metric the data never mentions is a typo or a missing query, not a failing canary.
static void requireMetricsInData(const CanaryData &data, const CanaryPolicy &policy)
{
    QStringList known = data.metricNames();
    if (known.contains(canarymetric::requests)) // errors may be absent: none happened
        known << canarymetric::errors << canarymetric::errorRate;
    known.removeDuplicates();
    known.sort();
    // Thousands of series (a query without a metric filter) must not make a message of pages.
    constexpr int kListed = 30;
    QString listed = known.mid(0, kListed).join(QStringLiteral(", "));
    if (known.size() > kListed)
        listed += QStringLiteral(" and %1 more").arg(known.size() - kListed);
    for (const CanaryMetricPolicy &m : policy.metrics)
        if (!known.contains(m.name))
            throw InputError(policy.sourceFile,
                             QStringLiteral("canary metric '%1' is not in the data (%2 has: %3)")
                                 .arg(m.name, data.sources.join(QStringLiteral(", ")), listed));
}

CanaryResult evaluateCanary(const CanaryData &data, const CanaryPolicy &policy)
{
    requireMetricsInData(data, policy);
    CanaryResult r;
    r.policy = policy;
    r.sources = data.sources;
    r.notes = data.notes;
    r.intervals = groupIntoIntervals(data, policy.intervalSeconds, policy.maxIntervals);
    for (const CanaryInterval &interval : r.intervals) {
        IntervalResult ir = evaluateInterval(interval, policy);
        if (ir.verdict == IntervalVerdict::Pass)
            ++r.passedIntervals;
        else if (ir.verdict == IntervalVerdict::Fail)
            ++r.failedIntervals;
        else
            ++r.inconclusiveIntervals;
        if (ir.verdict != IntervalVerdict::Inconclusive) {
            const VariantMeasurements &b = interval.baseline(), &c = interval.canary();
            r.baselineScores.insert(r.baselineScores.end(), b.scores.begin(), b.scores.end());
            r.canaryScores.insert(r.canaryScores.end(), c.scores.begin(), c.scores.end());
            for (const auto &[le, n] : b.scoreHistogram)
                r.baselineHistogram[le] += n;
            for (const auto &[le, n] : c.scoreHistogram)
                r.canaryHistogram[le] += n;
        }
        r.intervalResults << ir;
    }
    if (!r.intervals.empty()) {
        if (policy.judge.enabled) r.judge = judge(r.intervals, r.intervalResults, policy);
        if (policy.predictions.enabled) r.predictions = checkPredictions(r, policy.predictions);
    }
    decideCanary(r); // the verdict is read from the checks, nowhere else
    return r;
}

} // namespace gr

#pragma once
// Layer 4: decides PROMOTE / ROLLBACK / INCONCLUSIVE from baseline-vs-canary traffic.
//   per interval (Argo Rollouts): enough traffic? each metric within its limit?
//   over the window (Kayenta): Mann-Whitney U per metric -> a 0-100 score
//   over the window (new): the canary's prediction scores vs the baseline's (PSI, KS, positive
//   rate)
// ROLLBACK wins over INCONCLUSIVE, which wins over PROMOTE; every cause is listed in `reasons`,
// and each is one of the result's `checks` (canarychecks.cpp decides the verdict from them).
#include "canarypolicy.h"
#include "gate/gatereport.h"

namespace gr {

enum class CanaryVerdict
{
    Promote,
    Rollback,
    Inconclusive
};
QString toString(CanaryVerdict v); // "PROMOTE", "ROLLBACK", "INCONCLUSIVE"

enum class IntervalVerdict
{
    Pass,
    Fail,
    Inconclusive
};
QString toString(IntervalVerdict v); // "PASS", "FAIL", "INCONCLUSIVE"

struct MetricLimitCheck
{
    QString metric;
    std::optional<double> baseline, canary;
    std::optional<double> limit; // the bound the canary was held to in this interval
    bool passed = true;
    bool critical = false;
    QString detail;
};

struct IntervalResult
{
    int index = 0;
    QDateTime start, end;
    double baselineRequests = 0, canaryRequests = 0;
    IntervalVerdict verdict = IntervalVerdict::Pass;
    QList<MetricLimitCheck> checks;
    QStringList reasons; // why it failed or was inconclusive
};

enum class JudgeClass
{
    Pass,
    High,
    Low,
    NoData
};
QString toString(JudgeClass c);

struct JudgedMetric
{
    QString metric;
    std::vector<double> baseline, canary; // one value per interval with enough traffic
    MannWhitneyResult test;               // canary first: u1 is the canary's U
    double baselineMedian = 0, canaryMedian = 0;
    double relativeShift = 0; // (canary median - baseline median) / |baseline median|
    double tolerance = 0, weight = 1;
    bool critical = false;
    JudgeClass classification = JudgeClass::NoData;
    QString detail;
};

enum class JudgeVerdict
{
    Pass,
    Marginal,
    Fail,
    NotRun
};
QString toString(JudgeVerdict v);

struct JudgeResult
{
    JudgeVerdict verdict = JudgeVerdict::NotRun;
    double score = 0; // 0-100
    QList<JudgedMetric> metrics;
    QString detail;
};

struct PredictionResult
{
    bool run = false;
    bool passed = true;
    bool fromHistogram = false;
    double baselineCount = 0, canaryCount = 0;
    std::optional<double> psi;
    QString psiBins; // how the PSI bins were cut, for the report (docs/canary.md)
    std::optional<KolmogorovSmirnovResult> ks;
    std::optional<double> baselinePositiveRate, canaryPositiveRate;
    QStringList failures;
    QString detail; // why it did not run, or a one-line summary
};

struct CanaryResult
{
    CanaryVerdict verdict = CanaryVerdict::Inconclusive;
    QStringList reasons;
    QStringList notes; // what the importers ignored or assumed (e.g. series of other revisions)
    CanaryPolicy policy;
    QStringList sources;
    std::vector<CanaryInterval> intervals;
    QList<IntervalResult> intervalResults; // same order as intervals
    int passedIntervals = 0, failedIntervals = 0, inconclusiveIntervals = 0;
    JudgeResult judge;
    PredictionResult predictions;
    // Pooled over the intervals with enough traffic, for plots and the prediction checks.
    std::vector<double> baselineScores, canaryScores;
    CumulativeHistogram baselineHistogram, canaryHistogram;
    // Every check layer 4 ran, in the order shown. The verdict is derived from these alone: a
    // FAIL rolls back, a NOT_RUN leaves it inconclusive, all PASS promotes; `reasons` are the
    // deciding checks' details.
    QList<CheckOutcome> checks;
};

// Throws InputError when a metric of the policy is nowhere in the data.
CanaryResult evaluateCanary(const CanaryData &data, const CanaryPolicy &policy);

// The checks of an evaluated result, and the one place that sets `checks`, `verdict` and
// `reasons` from them (evaluateCanary calls it last).
QList<CheckOutcome> canaryChecks(const CanaryResult &result);
void decideCanary(CanaryResult &result);

// The verdict as layer 4 of the gate: PROMOTE -> PASS, ROLLBACK -> FAIL, INCONCLUSIVE -> NOT_RUN
// (the summary says INCONCLUSIVE: the canary ran but could not decide).
LayerOutcome canaryLayerOutcome(const CanaryResult &result);

QJsonObject canaryResultToJson(const CanaryResult &result); // schema gatereview/canary-report/v1
QString canaryResultToText(const CanaryResult &result);

} // namespace gr

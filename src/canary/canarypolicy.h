#pragma once
// The `canary:` section of the gate policy YAML (layer 4). It borrows Argo Rollouts' analysis
// counters (interval, failure_limit, inconclusive_limit), Flagger's per-metric thresholds and
// Kayenta's judge (Mann-Whitney U per metric, 0-100 score with pass and marginal thresholds),
// and adds what none of them has: checks of the model's predictions. Keys: docs/canary.md.
#include "canaryimport.h"

#include <optional>
#include <QJsonObject>
#include <QList>

namespace gr {

// Which way a metric moving is bad (Kayenta's direction).
enum class MetricDirection
{
    Increase,
    Decrease,
    Either
};
QString toString(MetricDirection d); // "increase", "decrease", "either"

struct CanaryMetricPolicy
{
    QString name; // a metric in the data, e.g. error_rate, latency_p95
    MetricDirection direction = MetricDirection::Increase;
    std::optional<double> absolute;  // canary must stay at or below (increase) / above (decrease)
    std::optional<double> relative;  // canary within baseline * (1 +/- relative)
    bool critical = false;           // one failed interval or a failed judgement rolls back
    bool judge = true;               // take part in the Mann-Whitney judge
    double weight = 1;               // share of the judge's score
    std::optional<double> tolerance; // overrides judge.tolerance for this metric
};

struct CanaryJudgePolicy
{
    bool enabled = true;
    double confidence = 0.95;  // a difference counts when the two-sided p < 1 - confidence
    double tolerance = 0.10;   // ... and the medians differ by more than this share of the baseline
    double passScore = 95;     // score >= pass: the judge passes
    double marginalScore = 75; // marginal <= score < pass: inconclusive; below: rollback
    int minIntervals = 5;      // intervals with enough traffic needed per variant
};

struct CanaryPredictionPolicy
{
    bool enabled = false;   // true when the policy has a `predictions:` map
    double minScores = 100; // per variant over the window; fewer -> the checks are inconclusive
    std::optional<double> psiMax; // fail when PSI > psiMax
    int psiBins = 10;
    std::optional<double> ksAlpha; // fail when KS p < alpha ...
    double ksMinStatistic = 0;     // ... and D > this (large samples make tiny shifts significant)
    std::optional<double> positiveThreshold;   // score >= threshold counts as positive
    std::optional<double> positiveRateMaxDiff; // |canary rate - baseline rate| must stay within
};

struct CanaryPolicy
{
    double intervalSeconds = 300;
    int failureLimit = 0;      // ROLLBACK when more intervals fail
    int inconclusiveLimit = 0; // INCONCLUSIVE when more intervals lack traffic
    double minRequests = 1;    // per interval and variant
    int maxIntervals = 10000;  // longest window accepted (~35 days of 5-minute intervals)
    CanaryLabels labels;
    QList<CanaryMetricPolicy> metrics;
    CanaryJudgePolicy judge;
    CanaryPredictionPolicy predictions;
    QString sourceFile;

    QJsonObject toJson() const;
};

// Reads the `canary:` section of a gate policy file. Throws InputError naming the line of an
// unknown key or a bad value, or when the file has no `canary:` section.
CanaryPolicy loadCanaryPolicy(const QString &path);
CanaryPolicy parseCanaryPolicy(const QByteArray &yaml, const QString &displayName);

// "30s", "5m", "1h", or a number of seconds.
std::optional<double> parseDuration(const QString &text);

} // namespace gr

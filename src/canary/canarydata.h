#pragma once
// Canary traffic as the gate sees it: baseline (the champion serving most traffic) and canary
// (the candidate on a slice of it), measured per analysis interval. Importers produce flat
// observations; groupIntoIntervals() cuts them into the policy's intervals.
#include "canarystatistics.h"

#include <optional>
#include <QDateTime>
#include <QMap>
#include <QString>
#include <vector>

namespace gr {

enum class Variant
{
    Baseline = 0,
    Canary = 1
};
QString toString(Variant v); // "baseline", "canary"

// Well-known metric names. Any other name is a gauge the policy may judge (e.g. "cpu").
namespace canarymetric {
inline const QString requests = QStringLiteral("requests"); // count in the interval
inline const QString errors = QStringLiteral("errors");     // count in the interval
inline const QString errorRate =
    QStringLiteral("error_rate");                     // errors / requests, derived when absent
inline const QString score = QStringLiteral("score"); // one prediction score per observation
} // namespace canarymetric

// Counts add up within an interval; gauges (latency quantiles, custom metrics) are averaged.
bool isCountMetric(const QString &metric);

struct CanaryObservation
{
    double timestamp = 0; // seconds since the Unix epoch (UTC)
    Variant variant = Variant::Baseline;
    QString metric;
    double value = 0;
    std::optional<double> le; // upper bound of a cumulative score-histogram bucket
    QString file;             // where it came from, for messages
    qint64 line = 0;
    // A Prometheus query_range point at t summarises the step ending at t, (t - step, t]; a CSV
    // row is a measurement at t. Grouping places step-end points by their step's start.
    bool summarisesPrecedingStep = false;
};

struct VariantMeasurements
{
    QMap<QString, double> metrics;
    std::vector<double> scores;         // raw prediction scores
    CumulativeHistogram scoreHistogram; // or a histogram of them

    // error_rate is derived from errors / requests when not measured; errors default to 0.
    std::optional<double> metric(const QString &name) const;
    double requests() const { return metrics.value(canarymetric::requests, 0.0); }
    bool hasScores() const { return !scores.empty() || !scoreHistogram.empty(); }
    double scoreCount() const;
};

struct CanaryInterval
{
    int index = 0;
    QDateTime start; // UTC
    QDateTime end;
    VariantMeasurements variant[2];

    const VariantMeasurements &baseline() const { return variant[int(Variant::Baseline)]; }
    const VariantMeasurements &canary() const { return variant[int(Variant::Canary)]; }
};

struct CanaryData
{
    std::vector<CanaryObservation> observations;
    QStringList sources; // files read, in order
    QStringList notes;   // what the importers ignored or assumed, for the report

    void append(CanaryData other);
    QStringList metricNames() const; // sorted, including the derived error_rate
};

// Timestamps are accepted from 1970 to 9999 (Unix seconds 0 .. kMaxCanaryTimestamp).
inline constexpr double kMaxCanaryTimestamp = 253402300799.0; // 9999-12-31T23:59:59Z

// Interval k covers [t0 + k*seconds, t0 + (k+1)*seconds) where t0 is the earliest observation
// (for a step-end point: the start of its step, so the point at t lands in [t - seconds, t)).
// Empty intervals between the first and the last stay in the list (with no traffic). Throws
// InputError naming the first and the last timestamp when the window needs more than
// maxIntervals intervals, and naming the file and line when an interval has more errors than
// requests for a variant. O(observations + intervals).
std::vector<CanaryInterval> groupIntoIntervals(const CanaryData &data, double intervalSeconds,
                                               int maxIntervals);

} // namespace gr

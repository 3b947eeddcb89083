#include "canarydata.h"
#include "model/errors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace gr {

QString toString(Variant v)
{
    return v == Variant::Baseline ? QStringLiteral("baseline") : QStringLiteral("canary");
}

bool isCountMetric(const QString &metric)
{
    return metric == canarymetric::requests || metric == canarymetric::errors;
}

std::optional<double> VariantMeasurements::metric(const QString &name) const
{
    if (const auto it = metrics.constFind(name); it != metrics.constEnd()) return *it;
    // A missing error count next to a request count means no errors: Prometheus drops the series
    // of a counter that never moved in the window.
    if (requests() > 0 && name == canarymetric::errors) return 0.0;
    if (requests() > 0 && name == canarymetric::errorRate)
        return metrics.value(canarymetric::errors, 0.0) / requests();
    return std::nullopt;
}

double VariantMeasurements::scoreCount() const
{
    if (!scores.empty()) return double(scores.size());
    return scoreHistogram.empty() ? 0.0 : scoreHistogram.rbegin()->second;
}

void CanaryData::append(CanaryData other)
{
    observations.insert(observations.end(), std::make_move_iterator(other.observations.begin()),
                        std::make_move_iterator(other.observations.end()));
    sources += other.sources;
    notes += other.notes;
}

QStringList CanaryData::metricNames() const
{
    std::set<QString> names;
    for (const auto &o : observations)
        if (o.metric != canarymetric::score) names.insert(o.metric);
    if (names.count(canarymetric::errors) && names.count(canarymetric::requests))
        names.insert(canarymetric::errorRate);
    return QStringList(names.begin(), names.end());
}

namespace {

QString isoTime(double seconds)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(std::llround(seconds * 1000)), Qt::UTC)
        .toString(Qt::ISODateWithMs);
}

QString whereFrom(const CanaryObservation &o)
{
    return o.line > 0 ? QStringLiteral("%1:%2").arg(o.file).arg(o.line) : o.file;
}

} // namespace

std::vector<CanaryInterval> groupIntoIntervals(const CanaryData &data, double intervalSeconds,
                                               int maxIntervals)
{
    if (data.observations.empty() || !(intervalSeconds > 0)) return {};
    auto placedAt = [intervalSeconds](const CanaryObservation &o) {
        return o.summarisesPrecedingStep ? o.timestamp - intervalSeconds : o.timestamp;
    };
    const CanaryObservation *firstObs = &data.observations.front(), *lastObs = firstObs;
    for (const auto &o : data.observations) {
        if (placedAt(o) < placedAt(*firstObs)) firstObs = &o;
        if (placedAt(o) > placedAt(*lastObs)) lastObs = &o;
    }
    const double first = placedAt(*firstObs), last = placedAt(*lastObs);
    // Compared in floating point before any conversion, so no window can overflow an integer.
    const double needed = std::floor((last - first) / intervalSeconds) + 1;
    if (!(needed <= double(maxIntervals)))
        throw InputError(
            lastObs->file, lastObs->line,
            QStringLiteral("the data spans %1 (%2) to %3 (%4): %5 intervals of %6 s, more than "
                           "canary.max_intervals %7; check the timestamps or raise the limit")
                .arg(isoTime(firstObs->timestamp), whereFrom(*firstObs),
                     isoTime(lastObs->timestamp), whereFrom(*lastObs))
                .arg(needed, 0, 'g', 6)
                .arg(intervalSeconds)
                .arg(maxIntervals));
    const int count = int(needed);
    std::vector<CanaryInterval> intervals(static_cast<size_t>(count));
    for (int k = 0; k < count; ++k) {
        intervals[size_t(k)].index = k;
        intervals[size_t(k)].start = QDateTime::fromMSecsSinceEpoch(
            qint64(std::llround((first + k * intervalSeconds) * 1000)), Qt::UTC);
        intervals[size_t(k)].end = QDateTime::fromMSecsSinceEpoch(
            qint64(std::llround((first + (k + 1) * intervalSeconds) * 1000)), Qt::UTC);
    }
    // Gauges are averaged over the points that fell into the interval.
    std::vector<std::array<QMap<QString, int>, 2>> gaugePoints(static_cast<size_t>(count));
    std::vector<std::array<const CanaryObservation *, 2>> lastErrors(size_t(count), {{}});
    for (const auto &o : data.observations) {
        const size_t k = std::min(size_t(std::floor((placedAt(o) - first) / intervalSeconds)),
                                  size_t(count - 1));
        VariantMeasurements &m = intervals[k].variant[int(o.variant)];
        if (o.le) {
            m.scoreHistogram[*o.le] += o.value;
        } else if (o.metric == canarymetric::score) {
            m.scores.push_back(o.value);
        } else if (isCountMetric(o.metric)) {
            m.metrics[o.metric] += o.value;
            if (o.metric == canarymetric::errors) lastErrors[k][size_t(o.variant)] = &o;
        } else {
            int &n = gaugePoints[k][size_t(o.variant)][o.metric];
            double &mean = m.metrics[o.metric];
            mean += (o.value - mean) / ++n;
        }
    }
    // Errors are a subset of requests; more errors than requests means the queries disagree
    // (another filter, another window). A small excess is tolerated: increase() extrapolates.
    for (size_t k = 0; k < intervals.size(); ++k)
        for (int v = 0; v < 2; ++v) {
            const VariantMeasurements &m = intervals[k].variant[v];
            const auto errors = m.metrics.constFind(canarymetric::errors);
            const auto requests = m.metrics.constFind(canarymetric::requests);
            if (errors == m.metrics.constEnd() || requests == m.metrics.constEnd()) continue;
            if (*errors > *requests * (1 + 1e-6) + 1e-9) {
                const CanaryObservation &o = *lastErrors[k][size_t(v)];
                throw InputError(
                    o.file, o.line,
                    QStringLiteral("interval %1 (from %2): %3 has %4 errors but %5 requests; "
                                   "errors must be counted from the same requests (same filter "
                                   "and window in both queries)")
                        .arg(k + 1)
                        .arg(intervals[k].start.toString(Qt::ISODate), toString(Variant(v)))
                        .arg(*errors)
                        .arg(*requests));
            }
        }
    return intervals;
}

} // namespace gr

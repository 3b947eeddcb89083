#include "canarydata.h"

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

std::vector<CanaryInterval> groupIntoIntervals(const CanaryData &data, double intervalSeconds)
{
    if (data.observations.empty() || !(intervalSeconds > 0)) return {};
    double first = data.observations.front().timestamp, last = first;
    for (const auto &o : data.observations) {
        first = std::min(first, o.timestamp);
        last = std::max(last, o.timestamp);
    }
    const int count = int(std::floor((last - first) / intervalSeconds)) + 1;
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
    for (const auto &o : data.observations) {
        const size_t k = size_t(std::floor((o.timestamp - first) / intervalSeconds));
        VariantMeasurements &m = intervals[k].variant[int(o.variant)];
        if (o.le) {
            m.scoreHistogram[*o.le] += o.value;
        } else if (o.metric == canarymetric::score) {
            m.scores.push_back(o.value);
        } else if (isCountMetric(o.metric)) {
            m.metrics[o.metric] += o.value;
        } else {
            int &n = gaugePoints[k][size_t(o.variant)][o.metric];
            double &mean = m.metrics[o.metric];
            mean += (o.value - mean) / ++n;
        }
    }
    return intervals;
}

} // namespace gr

#include "calibration.h"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>

namespace gr {
namespace {

// Scores in ascending order as the sweep holds them (descending levels with cumulative counts):
// the k-th smallest (0-based) is the score of the level whose rows cover position k.
class AscendingScores
{
public:
    explicit AscendingScores(const ThresholdSweep &sweep) : m_sweep(sweep)
    {
        m_atOrAbove.reserve(sweep.size());
        for (size_t i = 0; i < sweep.size(); ++i) {
            const Confusion c = sweep.confusionAtIndex(i);
            m_atOrAbove.push_back(c.tp + c.fp);
        }
    }
    double at(int64_t k) const
    {
        // Rows with score >= level i: m_atOrAbove[i]; the k-th smallest is the k' = N - 1 - k
        // largest, i.e. the first level with more than k' rows at or above it.
        const int64_t fromTop = m_sweep.rows() - 1 - k;
        const auto it = std::upper_bound(m_atOrAbove.begin(), m_atOrAbove.end(), fromTop);
        return m_sweep.thresholdAt(size_t(it - m_atOrAbove.begin()));
    }
    double percentile(double q) const // numpy's default "linear" method
    {
        const double pos = q * double(m_sweep.rows() - 1);
        const int64_t lo = int64_t(std::floor(pos));
        const int64_t hi = std::min(lo + 1, m_sweep.rows() - 1);
        const double a = at(lo), b = at(hi), t = pos - double(lo);
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t; // numpy's _lerp
    }

private:
    const ThresholdSweep &m_sweep;
    std::vector<int64_t> m_atOrAbove;
};

} // namespace

std::pair<double, double> wilsonInterval(int64_t positives, int64_t rows, double level)
{
    if (rows == 0) return {0, 1};
    const boost::math::normal_distribution<double> normal;
    const double z = boost::math::quantile(normal, 1 - (1 - level) / 2);
    const double n = double(rows), p = double(positives) / n, z2 = z * z;
    const double denom = 1 + z2 / n;
    const double centre = (p + z2 / (2 * n)) / denom;
    const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
    return {centre - half, centre + half};
}

CalibrationAssessment assessCalibration(const ThresholdSweep &sweep, int binCount, double level,
                                        const TaskControl *control)
{
    CalibrationAssessment out;
    out.level = level;
    if (sweep.rows() == 0) {
        out.undefinedReason = QStringLiteral("the test set has no rows");
        out.fit.undefinedReason = out.calibrationInLarge.undefinedReason = out.undefinedReason;
        return out;
    }
    const double rows = double(sweep.rows());
    const double rate = double(sweep.positives()) / rows;

    // Inner quantile edges, ascending.
    const AscendingScores ascending(sweep);
    std::vector<double> edges;
    binCount = std::max(1, binCount);
    for (int k = 0; k <= binCount; ++k)
        edges.push_back(ascending.percentile(double(k) / double(binCount)));
    std::vector<ReliabilityBin> bins(static_cast<size_t>(std::max(1, binCount)));
    for (int k = 0; k < binCount; ++k) {
        bins[size_t(k)].lowEdge = edges[size_t(k)];
        bins[size_t(k)].highEdge = edges[size_t(k) + 1];
    }
    std::vector<double> scoreSums(bins.size(), 0.0);

    LogisticData data;
    data.x.reserve(sweep.size());
    data.successes.reserve(sweep.size());
    data.trials.reserve(sweep.size());
    long double reliability = 0, resolution = 0, brierSum = 0; // 1M+ terms: keep the identity
    int64_t tpAbove = 0, fpAbove = 0;
    for (size_t i = 0; i < sweep.size(); ++i) {
        const Confusion c = sweep.confusionAtIndex(i);
        const int64_t pos = c.tp - tpAbove, neg = c.fp - fpAbove;
        tpAbove = c.tp;
        fpAbove = c.fp;
        const int64_t here = pos + neg;
        const double s = sweep.thresholdAt(i);
        // Bin: number of inner edges strictly below s (numpy.searchsorted, side "left").
        const auto inner = edges.begin() + 1, innerEnd = edges.end() - 1;
        const size_t bin = size_t(std::lower_bound(inner, innerEnd, s) - inner);
        bins[bin].rows += here;
        bins[bin].positives += pos;
        scoreSums[bin] += s * double(here);

        const double observed = double(pos) / double(here);
        reliability += double(here) * (s - observed) * (s - observed);
        resolution += double(here) * (observed - rate) * (observed - rate);
        brierSum += double(pos) * (1 - s) * (1 - s) + double(neg) * s * s;

        if (s < kLogitClip || s > 1 - kLogitClip) out.clippedRows += here;
        data.x.push_back(clippedLogit(s));
        data.successes.push_back(double(pos));
        data.trials.push_back(double(here));
    }
    for (size_t k = 0; k < bins.size(); ++k) {
        ReliabilityBin &b = bins[k];
        if (b.rows == 0) continue;
        b.meanScore = scoreSums[k] / double(b.rows);
        b.observedRate = double(b.positives) / double(b.rows);
        std::tie(b.wilsonLow, b.wilsonHigh) = wilsonInterval(b.positives, b.rows, level);
        out.expectedCalibrationError +=
            double(b.rows) / rows * std::abs(b.meanScore - b.observedRate);
        out.bins.push_back(b);
    }
    out.brier = {double(brierSum / rows), double(reliability / rows), double(resolution / rows),
                 rate * (1 - rate)};
    out.fit = fitLogistic(data, control, {0, 1}); // a calibrated model's (0, 1): fewer passes
    out.calibrationInLarge = fitLogisticInterceptWithOffset(data);
    return out;
}

} // namespace gr

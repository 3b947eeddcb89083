#include "delong.h"
#include "model/parallel.h"
#include "model/taskcontrol.h"
#include "scorelevels.h"

#include <boost/math/distributions/normal.hpp>
#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cmath>

namespace gr {
namespace {

// Placement values per distinct score of one model: for a positive at level i, the share of
// negatives scored below it plus half those tied; for a negative, the share of positives above
// it plus half those tied. Stored as whole numbers, twice the count (below + half tied), divided
// on use: half the bytes of a double, so the tables of both models stay in cache longer, and
// (2 below + tied) / 2n is the same correctly rounded double as (below + tied / 2) / n.
struct Placements
{
    LookupTable<uint32_t> ofPositive, ofNegative;
    double twiceNegatives = 0, twicePositives = 0;
    double auc = 0;
    double positive(size_t level) const { return double(ofPositive[level]) / twiceNegatives; }
    double negative(size_t level) const { return double(ofNegative[level]) / twicePositives; }
};

Placements placementsOf(const ThresholdSweep &sweep)
{
    Placements p;
    const size_t levels = sweep.size();
    p.ofPositive = LookupTable<uint32_t>(levels);
    p.ofNegative = LookupTable<uint32_t>(levels);
    p.twiceNegatives = 2 * double(sweep.negatives());
    p.twicePositives = 2 * double(sweep.positives());
    int64_t tpAbove = 0, fpAbove = 0;
    double sum = 0;
    for (size_t i = 0; i < levels; ++i) {
        const Confusion c = sweep.confusionAtIndex(i);
        const int64_t tpHere = c.tp - tpAbove, fpHere = c.fp - fpAbove;
        p.ofPositive[i] = uint32_t(2 * (sweep.negatives() - c.fp) + fpHere);
        p.ofNegative[i] = uint32_t(2 * tpAbove + tpHere);
        sum += double(tpHere) * p.positive(i);
        tpAbove = c.tp;
        fpAbove = c.fp;
    }
    p.auc = sum / double(sweep.positives());
    return p;
}

// Sums over one class's rows of the outer product of the centred placements (champion,
// candidate): xx, xy, yy.
struct OuterSums
{
    double xx = 0, xy = 0, yy = 0;
    void add(double x, double y)
    {
        xx += x * x;
        xy += x * y;
        yy += y * y;
    }
    OuterSums &operator+=(const OuterSums &o)
    {
        xx += o.xx;
        xy += o.xy;
        yy += o.yy;
        return *this;
    }
    Eigen::Matrix2d matrix() const { return (Eigen::Matrix2d() << xx, xy, xy, yy).finished(); }
};

struct ClassSums
{
    OuterSums positives, negatives;
};

// One model's placements by ScoreLevels bucket, so that a row's placement is one look-up: a bucket
// holding one distinct score (most, unless a model emits many more distinct scores than there are
// buckets) carries that score's two placements; any other is marked and resolved through
// ScoreLevels' search.
class PlacementsByBucket
{
public:
    PlacementsByBucket(const ThresholdSweep &sweep, const Placements &placements)
        : m_levels(sweep), m_placements(placements), m_entries(m_levels.buckets())
    {
        for (size_t bucket = 0; bucket < m_levels.buckets(); ++bucket) {
            const auto [first, end] = m_levels.rangeOf(bucket);
            if (end - first == 1)
                m_entries[bucket] = {placements.ofPositive[first], placements.ofNegative[first]};
        }
    }
    size_t bucketOf(double score) const { return m_levels.bucketOf(score); }
    void prefetch(size_t bucket) const { __builtin_prefetch(&m_entries[bucket]); }
    double placement(double score, size_t bucket, bool positive) const
    {
        const Entry &e = m_entries[bucket];
        if (e.ofPositive != kSeveral)
            return positive ? double(e.ofPositive) / m_placements.twiceNegatives
                            : double(e.ofNegative) / m_placements.twicePositives;
        const size_t level = m_levels.search(score, m_levels.rangeOf(bucket));
        return positive ? m_placements.positive(level) : m_placements.negative(level);
    }

private:
    static constexpr uint32_t kSeveral = UINT32_MAX; // never a placement below 2^31 rows
    struct Entry
    {
        uint32_t ofPositive = kSeveral, ofNegative = 0;
    };
    ScoreLevels m_levels;
    const Placements &m_placements;
    LookupTable<Entry> m_entries;
};

// The per-row pass over champion rows [begin, end): each row's placement in both models, looked up
// in batches of kBatch rows in stages with prefetches between them (the look-ups of different
// rows are independent, so their cache misses overlap instead of queueing).
struct RowPass
{
    const PredictionSet &champion, &candidate;
    const TestSetCheck &pairing;
    const PlacementsByBucket &a, &b;
    double thetaA, thetaB;
    const TaskControl *control;

    ClassSums run(size_t begin, size_t end) const
    {
        constexpr size_t kBatch = 64;
        std::array<size_t, kBatch> rowB, bucketA, bucketB;
        ClassSums sums;
        for (size_t start = begin; start < end; start += kBatch) {
            if (control && ((start - begin) & 0xFFFFF) < kBatch) control->checkCancelled();
            const size_t count = std::min(kBatch, end - start);
            for (size_t k = 0; k < count; ++k) {
                rowB[k] = pairing.candidateRow(start + k);
                __builtin_prefetch(&candidate.scores[rowB[k]]);
                bucketA[k] = a.bucketOf(champion.scores[start + k]);
                a.prefetch(bucketA[k]);
            }
            for (size_t k = 0; k < count; ++k) {
                bucketB[k] = b.bucketOf(candidate.scores[rowB[k]]);
                b.prefetch(bucketB[k]);
            }
            for (size_t k = 0; k < count; ++k) {
                const bool positive = champion.labels[start + k];
                const double x = a.placement(champion.scores[start + k], bucketA[k], positive);
                const double y = b.placement(candidate.scores[rowB[k]], bucketB[k], positive);
                (positive ? sums.positives : sums.negatives).add(x - thetaA, y - thetaB);
            }
        }
        return sums;
    }
};

} // namespace

DeLongTest delongPairedTest(const PredictionSet &champion, const ThresholdSweep &championSweep,
                            const PredictionSet &candidate, const ThresholdSweep &candidateSweep,
                            const TestSetCheck &pairing, double level, const TaskControl *control)
{
    DeLongTest test;
    test.level = level;
    const int64_t m = championSweep.positives(), n = championSweep.negatives();
    if (!pairing.identical) {
        test.undefinedReason =
            QStringLiteral("the two models were not scored on the same test set");
        return test;
    }
    if (m < 2 || n < 2) {
        test.undefinedReason =
            QStringLiteral("DeLong's test needs at least two positive and two negative rows "
                           "(the test set has %1 and %2)")
                .arg(m)
                .arg(n);
        return test;
    }
    if (championSweep.rows() >= (int64_t(1) << 31)) {
        test.undefinedReason = QStringLiteral("DeLong's test is limited to 2^31 rows");
        return test;
    }
    const Placements a = placementsOf(championSweep), b = placementsOf(candidateSweep);
    const PlacementsByBucket byBucketA(championSweep, a), byBucketB(candidateSweep, b);
    test.championAuc = a.auc;
    test.candidateAuc = b.auc;

    // Sums of outer products of the centred placements, per class: the rows split in two halves
    // summed at once (fixed halves, so the result does not depend on timing).
    const RowPass pass{champion, candidate, pairing, byBucketA, byBucketB, a.auc, b.auc, control};
    const size_t rows = champion.labels.size(), half = rows / 2;
    auto [first, second] =
        inParallel([&] { return pass.run(0, half); }, [&] { return pass.run(half, rows); });
    first.positives += second.positives;
    first.negatives += second.negatives;
    const Eigen::Matrix2d s10 = first.positives.matrix(), s01 = first.negatives.matrix();
    const Eigen::Matrix2d s = s10 / double(m - 1) / double(m) + s01 / double(n - 1) / double(n);
    const Eigen::Vector2d contrast(-1, 1); // candidate - champion
    const double variance = contrast.dot(s * contrast);
    test.covariance = {s(0, 0), s(0, 1), s(1, 0), s(1, 1)};
    test.correlation = s(0, 0) > 0 && s(1, 1) > 0 ? s(0, 1) / std::sqrt(s(0, 0) * s(1, 1)) : 0.0;
    test.difference = b.auc - a.auc;
    test.standardError = std::sqrt(std::max(0.0, variance));
    // pROC: identical AUCs with zero variance give z = 0 (not NaN).
    test.z = test.standardError > 0
                 ? test.difference / test.standardError
                 : (test.difference == 0 ? 0.0 : std::copysign(INFINITY, test.difference));
    test.pValue = std::isinf(test.z) ? 0.0 : std::erfc(std::abs(test.z) / std::sqrt(2.0));
    const boost::math::normal_distribution<double> normal;
    const double crit = boost::math::quantile(normal, 1 - (1 - level) / 2);
    test.low = test.difference - crit * test.standardError;
    test.high = test.difference + crit * test.standardError;
    return test;
}

} // namespace gr

#include "thresholdsweep.h"
#include "model/taskcontrol.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

namespace gr {
namespace {

// One point per distinct score, built top down.
struct Points
{
    std::vector<double> thresholds;
    std::vector<uint32_t> tp, fp; // cumulative

    void reserve(size_t n)
    {
        thresholds.reserve(n);
        tp.reserve(n);
        fp.reserve(n);
    }
    void add(double threshold, uint32_t tpSoFar, uint32_t fpSoFar)
    {
        thresholds.push_back(threshold);
        tp.push_back(tpSoFar);
        fp.push_back(fpSoFar);
    }
};

// Scores written as decimals with at most 9 fraction digits ("0.123456", "0.5", "1"), which is
// what model exports write, are exactly k / 1e9 for an integer k in [0, 1e9]: the parsed double
// is the correctly rounded value of k / 10^9, and so is IEEE division of k by 1e9. For such
// scores k is a 30-bit key that orders like the score, and k / 1e9 gives the score back exactly.
constexpr double kFixedPointScale = 1e9;
constexpr int kFixedPointBits = 30;

uint32_t fixedPointKey(double score)
{
    return uint32_t(score * kFixedPointScale + 0.5); // round half up; monotone in the score
}

bool isFixedPoint(double score)
{
    if (!(score >= 0.0 && score <= 1.0) || std::signbit(score)) return false;
    return double(fixedPointKey(score)) / kFixedPointScale == score;
}

// Sorts the entries of one bucket in descending order. Rows share scores (a file of 10M rows with
// 6 decimals has ~10 rows per score), so entries are counted in a table indexed by the entry and
// written back one run at a time: O(m + d log d) for m entries with d distinct values.
class BucketSorter
{
public:
    void sortDescending(std::vector<uint16_t>::iterator first, std::vector<uint16_t>::iterator last)
    {
        m_seen.clear();
        for (auto it = first; it != last; ++it)
            if (m_count[*it]++ == 0) m_seen.push_back(*it);
        std::sort(m_seen.begin(), m_seen.end(), std::greater<>());
        for (const uint16_t entry : m_seen) {
            first = std::fill_n(first, m_count[entry], entry);
            m_count[entry] = 0;
        }
    }

private:
    std::vector<uint32_t> m_count = std::vector<uint32_t>(size_t(1) << 15, 0); // entries < 2^15
    std::vector<uint16_t> m_seen;
};

// The sweep of scores that all have fixed-point keys, in 2 bytes a row: one counting pass over
// the keys' high 16 bits, one scatter of each row's low 14 bits and label into its bucket, then
// each bucket sorted on its own (buckets are small and sit in cache). Returns false, having done
// nothing, when some score has no fixed-point key.
bool sweepFixedPoint(const std::vector<uint8_t> &labels, const std::vector<double> &scores,
                     const TaskControl *control, Points &points)
{
    constexpr int kLowBits = 14;
    constexpr uint32_t kLowMask = (uint32_t(1) << kLowBits) - 1;
    constexpr size_t kBuckets = size_t(1) << (kFixedPointBits - kLowBits);
    std::vector<uint32_t> bucketStart(kBuckets + 1, 0);
    for (const double s : scores) {
        if (!isFixedPoint(s)) return false;
        ++bucketStart[(fixedPointKey(s) >> kLowBits) + 1];
    }
    std::partial_sum(bucketStart.begin(), bucketStart.end(), bucketStart.begin());
    if (control) control->checkCancelled();

    std::vector<uint16_t> rest(scores.size()); // (low bits << 1) | label, grouped by bucket
    std::vector<uint32_t> next(bucketStart.begin(), bucketStart.end() - 1);
    for (size_t i = 0; i < scores.size(); ++i) {
        const uint32_t key = fixedPointKey(scores[i]);
        rest[next[key >> kLowBits]++] = uint16_t((key & kLowMask) << 1 | labels[i]);
    }
    if (control) control->checkCancelled();

    // Sorted first and counted, so the points are allocated once, at their exact size.
    size_t distinct = 0;
    BucketSorter sorter;
    for (size_t bucket = 0; bucket < kBuckets; ++bucket) {
        const auto first = rest.begin() + bucketStart[bucket];
        const auto last = rest.begin() + bucketStart[bucket + 1];
        sorter.sortDescending(first, last);
        for (auto it = first; it != last; ++it)
            distinct += it == first || (*it >> 1) != (*(it - 1) >> 1);
    }
    points.reserve(distinct);
    uint32_t tp = 0, fp = 0;
    for (size_t bucket = kBuckets; bucket-- > 0;) {
        const auto first = rest.begin() + bucketStart[bucket];
        const auto last = rest.begin() + bucketStart[bucket + 1];
        for (auto it = first; it != last;) {
            const uint32_t low = *it >> 1;
            for (; it != last && (*it >> 1) == low; ++it)
                ++(*it & 1 ? tp : fp);
            const uint32_t key = uint32_t(bucket) << kLowBits | low;
            points.add(double(key) / kFixedPointScale, tp, fp);
        }
    }
    return true;
}

// LSD radix sort of non-negative doubles by their bit patterns (which order like the values):
// 11-bit digits, so each pass scatters into 2,048 buckets that stay in cache (16-bit digits
// thrash it at 10M rows), skipping passes in which every key shares the digit.
void radixSortAscending(std::vector<uint64_t> &keys, const TaskControl *control)
{
    constexpr int kBits = 11;
    constexpr int kPasses = (64 + kBits - 1) / kBits;
    constexpr size_t kBuckets = size_t(1) << kBits;
    constexpr uint64_t kMask = kBuckets - 1;
    std::vector<uint64_t> scratch(keys.size());
    std::vector<std::array<uint32_t, kBuckets>> counts(kPasses);
    for (auto &c : counts)
        c.fill(0);
    for (uint64_t k : keys)
        for (int pass = 0; pass < kPasses; ++pass)
            ++counts[size_t(pass)][(k >> (kBits * pass)) & kMask];
    for (int pass = 0; pass < kPasses; ++pass) {
        auto &count = counts[size_t(pass)];
        if (std::any_of(count.begin(), count.end(), [&](uint32_t c) { return c == keys.size(); }))
            continue;
        if (control) control->checkCancelled();
        uint32_t sum = 0;
        for (auto &c : count) {
            const uint32_t here = c;
            c = sum;
            sum += here;
        }
        const int shift = kBits * pass;
        for (uint64_t k : keys)
            scratch[count[(k >> shift) & kMask]++] = k;
        keys.swap(scratch);
    }
}

// Any scores in [0, 1]: each class's 64-bit patterns radix-sorted (16 bytes a row with the
// scratch), then both lists walked from the top. The points grow by doubling; capacity never
// written costs no memory, so they are not shrunk (which would copy them).
void sweepGeneral(const std::vector<uint8_t> &labels, const std::vector<double> &scores,
                  size_t positives, const TaskControl *control, Points &points)
{
    std::vector<uint64_t> pos, neg;
    pos.reserve(positives);
    neg.reserve(labels.size() - positives);
    for (size_t i = 0; i < labels.size(); ++i)
        (labels[i] ? pos : neg).push_back(std::bit_cast<uint64_t>(scores[i]));
    radixSortAscending(pos, control);
    radixSortAscending(neg, control);
    size_t ip = pos.size(), in = neg.size();
    uint32_t tp = 0, fp = 0;
    while (ip > 0 || in > 0) {
        const uint64_t top = std::max(ip > 0 ? pos[ip - 1] : 0, in > 0 ? neg[in - 1] : 0);
        while (ip > 0 && pos[ip - 1] == top) {
            --ip;
            ++tp;
        }
        while (in > 0 && neg[in - 1] == top) {
            --in;
            ++fp;
        }
        points.add(std::bit_cast<double>(top), tp, fp);
    }
}

double ratio(double num, double den)
{
    return den == 0 ? 0.0 : num / den;
}

} // namespace

ThresholdSweep ThresholdSweep::compute(const std::vector<uint8_t> &labels,
                                       const std::vector<double> &scores,
                                       const TaskControl *control)
{
    size_t positives = 0;
    for (uint8_t l : labels)
        positives += l;
    Points points;
    if (!sweepFixedPoint(labels, scores, control, points))
        sweepGeneral(labels, scores, positives, control, points);
    ThresholdSweep sweep;
    sweep.m_positives = int64_t(positives);
    sweep.m_negatives = int64_t(labels.size() - positives);
    sweep.m_thresholds = std::move(points.thresholds);
    sweep.m_tp = std::move(points.tp);
    sweep.m_fp = std::move(points.fp);
    return sweep;
}

Confusion ThresholdSweep::confusionAtIndex(size_t i) const
{
    Confusion c;
    c.tp = m_tp[i];
    c.fp = m_fp[i];
    c.fn = m_positives - c.tp;
    c.tn = m_negatives - c.fp;
    return c;
}

int64_t ThresholdSweep::indexFor(double threshold) const
{
    // Descending thresholds: count those >= threshold.
    const auto it = std::partition_point(m_thresholds.begin(), m_thresholds.end(),
                                         [threshold](double s) { return s >= threshold; });
    return int64_t(it - m_thresholds.begin()) - 1;
}

Confusion ThresholdSweep::confusionAt(double threshold) const
{
    const int64_t i = indexFor(threshold);
    if (i < 0) return Confusion{0, 0, m_positives, m_negatives};
    return confusionAtIndex(size_t(i));
}

double ThresholdSweep::rocAuc() const
{
    if (m_positives == 0 || m_negatives == 0) return std::numeric_limits<double>::quiet_NaN();
    double area = 0, prevTpr = 0, prevFpr = 0;
    for (size_t i = 0; i < size(); ++i) {
        const double tpr = double(m_tp[i]) / double(m_positives);
        const double fpr = double(m_fp[i]) / double(m_negatives);
        area += (fpr - prevFpr) * (tpr + prevTpr) / 2.0;
        prevTpr = tpr;
        prevFpr = fpr;
    }
    return area;
}

double ThresholdSweep::averagePrecision() const
{
    if (m_positives == 0) return std::numeric_limits<double>::quiet_NaN();
    double ap = 0, prevRecall = 0;
    for (size_t i = 0; i < size(); ++i) {
        const double recall = double(m_tp[i]) / double(m_positives);
        ap += (recall - prevRecall) * double(m_tp[i]) / double(m_tp[i] + m_fp[i]);
        prevRecall = recall;
    }
    return ap;
}

double ThresholdSweep::brierScore() const
{
    double sum = 0;
    uint32_t prevTp = 0, prevFp = 0;
    for (size_t i = 0; i < size(); ++i) {
        const double t = m_thresholds[i];
        sum += double(m_tp[i] - prevTp) * (1.0 - t) * (1.0 - t) + double(m_fp[i] - prevFp) * t * t;
        prevTp = m_tp[i];
        prevFp = m_fp[i];
    }
    return rows() == 0 ? 0.0 : sum / double(rows());
}

ThresholdSweep::BestNetBenefit ThresholdSweep::bestNetBenefit(const CellValues &values) const
{
    BestNetBenefit best;
    for (size_t i = 0; i < size(); ++i) {
        const Confusion c = confusionAtIndex(i);
        const Money nb = values.netBenefit(c);
        if (i == 0 || nb > best.value) // strict: the first (highest) threshold wins a tie
            best = {m_thresholds[i], nb, c};
    }
    return best;
}

ThresholdSweep::Best ThresholdSweep::bestF1() const
{
    Best best;
    for (size_t i = 0; i < size(); ++i) {
        const Confusion c = confusionAtIndex(i);
        const double f1 = c.f1();
        if (i == 0 || f1 > best.value) best = {m_thresholds[i], f1, c};
    }
    return best;
}

double ThresholdSweep::decisionCurveNetBenefit(double t) const
{
    const Confusion c = confusionAt(t);
    const double n = double(rows());
    return ratio(double(c.tp), n) - ratio(double(c.fp), n) * t / (1.0 - t);
}

double ThresholdSweep::decisionCurveTreatAll(double t) const
{
    const double n = double(rows());
    return ratio(double(m_positives), n) - ratio(double(m_negatives), n) * t / (1.0 - t);
}

ThresholdSweep::Checksums ThresholdSweep::checksums(const CellValues &values) const
{
    Checksums sums;
    MoneySum netBenefit;
    for (size_t i = 0; i < size(); ++i) {
        const Confusion c = confusionAtIndex(i);
        sums.sumThreshold += m_thresholds[i];
        sums.sumF1 += c.f1();
        netBenefit.add(values.netBenefit(c));
        sums.sumTp += c.tp;
        sums.sumFp += c.fp;
    }
    sums.sumNetBenefit = netBenefit.total().toDouble();
    return sums;
}

} // namespace gr

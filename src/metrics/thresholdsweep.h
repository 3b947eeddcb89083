#pragma once
// The full threshold sweep of one model: one point per distinct score, in descending order, with
// the cumulative true and false positives at "positive iff score >= threshold". Built in O(N):
// scores written with at most 9 decimals (what model exports write) are sorted as 30-bit
// fixed-point keys bucketed by their high bits, 2 bytes a row of scratch; any other scores by a
// radix sort of their 64-bit patterns, 16 bytes a row. Any threshold then answers in O(log N).
#include "confusion.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gr {

class TaskControl;

class ThresholdSweep
{
public:
    ThresholdSweep() = default;
    static ThresholdSweep compute(const std::vector<uint8_t> &labels,
                                  const std::vector<double> &scores,
                                  const TaskControl *control = nullptr);

    size_t size() const { return m_thresholds.size(); }
    bool isEmpty() const { return m_thresholds.empty(); }
    int64_t positives() const { return m_positives; }
    int64_t negatives() const { return m_negatives; }
    int64_t rows() const { return m_positives + m_negatives; }

    double thresholdAt(size_t i) const { return m_thresholds[i]; } // descending
    Confusion confusionAtIndex(size_t i) const;
    Confusion confusionAt(double threshold) const;
    // Index of the lowest distinct score >= threshold, or -1 when no score reaches it.
    int64_t indexFor(double threshold) const;

    double rocAuc() const;           // NaN when only one class is present
    double averagePrecision() const; // NaN when there are no positives
    // Mean squared error of the scores against the labels. Summed over the sorted distinct
    // scores, so it is bit-for-bit independent of the file's row order.
    double brierScore() const;

    struct Best
    {
        double threshold = 0;
        double value = 0;
        Confusion confusion;
    };
    struct BestNetBenefit
    {
        double threshold = 0;
        Money value; // exact
        Confusion confusion;
    };
    // Exact comparison of net benefits, so an exact tie -> the highest threshold.
    BestNetBenefit bestNetBenefit(const CellValues &values) const;
    Best bestF1() const; // ties -> the highest threshold

    // Decision-curve net benefit per row at threshold probability t in (0, 1):
    // TP/n - FP/n * t / (1 - t). treatAll is the same for "everyone positive"; treat-none is 0.
    double decisionCurveNetBenefit(double t) const;
    double decisionCurveTreatAll(double t) const;

    // A cheap digest of the sweep for tests: sums over all points.
    struct Checksums
    {
        double sumThreshold = 0, sumF1 = 0, sumNetBenefit = 0; // net benefit summed exactly
        int64_t sumTp = 0, sumFp = 0;
    };
    Checksums checksums(const CellValues &values) const;

private:
    std::vector<double> m_thresholds;
    std::vector<uint32_t> m_tp; // cumulative counts at each threshold
    std::vector<uint32_t> m_fp;
    int64_t m_positives = 0;
    int64_t m_negatives = 0;
};

} // namespace gr

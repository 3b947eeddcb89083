#pragma once
// Per-segment paired comparison: for every value of every segment column, the rows, positives,
// each model's net benefit and ΔNB (exact money), a t interval of ΔNB, the cells that moved and a
// Benjamini–Hochberg flag over all segments tested (docs/segments.md).
//
// Every row of the paired test set has a transition: the champion's cell and the candidate's
// cell at their thresholds. A row's paired difference is d = value(candidate cell) −
// value(champion cell), so a segment's ΔNB = Σd, exactly. The test of a segment is the paired
// t-test of its rows' values (scipy.stats.ttest_rel(candidate, champion), two-sided); the interval
// is ΔNB ± t(1 − (1 − level)/2, n − 1) · √n · s_d. Undefined cases are fixed, not NaN: fewer than
// two rows, or every d equal: p = 1 when ΔNB = 0, else 0 (and a zero-width interval).
#include "segmentcolumns.h"

#include "metrics/confusion.h"

#include <array>
#include <cstdint>
#include <vector>

namespace gr {

struct SegmentComparison
{
    int column = 0; // index into SegmentColumns::columns
    int value = 0;  // code
    int64_t rows = 0, positives = 0;
    Money championNetBenefit, candidateNetBenefit, delta; // delta = candidate − champion
    double deltaLow = 0, deltaHigh = 0;                   // interval of ΔNB, in currency units
    double pValue = 1, adjustedP = 1;                     // adjusted: BH over all segments
    bool flagged = false;                                 // adjustedP <= fdr
    std::array<std::array<int64_t, 4>, 4> transitions{};  // [champion cell][candidate cell]
    std::array<int64_t, 4> countDelta{};                  // candidate − champion, by gr::Cell
    int64_t championOnlyRight = 0, candidateOnlyRight = 0, bothWrong = 0;
};

// Transition code of a row: 4 × champion cell + candidate cell (cells by gr::Cell).
inline uint8_t transitionCode(Cell champion, Cell candidate)
{
    return uint8_t(4 * int(champion) + int(candidate));
}

std::vector<SegmentComparison> compareSegments(const SegmentColumns &columns,
                                               const std::vector<uint8_t> &transitions,
                                               const CellValues &values, double level, double fdr);

// statsmodels.stats.multitest.multipletests(p, alpha, method='fdr_bh'): reject flags and the
// adjusted p-values, in the order of `p`.
std::vector<bool> benjaminiHochberg(const std::vector<double> &p, double alpha,
                                    std::vector<double> *adjusted = nullptr);

} // namespace gr

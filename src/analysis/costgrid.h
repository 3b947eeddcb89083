#pragma once
// How robust the champion-challenger verdict is to the cost matrix: the net-benefit comparison
// of layer 2 (candidate strictly above champion by more than min_delta) re-decided over a grid of
// FP and FN cell values (each from 0 to maxMultiple x the policy's; TP and TN fixed), and along
// a ratio view (FN:FP from 1:8 to 8:1 times the policy's ratio, |FP| + |FN| fixed), either at
// the declared thresholds or with each model at its own NB-optimal threshold for each cell.
//
// Every verdict is exact: cell values in whole cents, counts x cents in 128 bits (exactcents.h).
// Own-optimum cells need max_i NB_i over all sweep points; a linear function of (TP_i, FP_i) is
// maximised on the convex hull of those points, which the sweep lists already sorted (monotone
// chain, O(distinct scores), a few hundred vertices at 10M rows). Per grid row the vertices are
// lines in the FP value and the row's best NB their upper envelope, read at every column in one
// sweep: O(rows x (hull + columns)), about a millisecond for 200 x 200 (see gatereview_bench).
#include "exactcents.h"
#include "gate/gatepolicy.h"
#include "metrics/thresholdsweep.h"

#include <array>
#include <vector>

namespace gr {

enum class OperatingPoint
{
    Declared,  // each model at the threshold the gate used
    OwnOptimum // each model at its best threshold for the cell's values
};

// What one model contributes to the grid, built once per review.
struct CostModel
{
    Confusion declared;
    int64_t positives = 0, negatives = 0;
    std::vector<std::array<int64_t, 2>> hull; // (TP, FP) vertices in hull order
};
CostModel costModelOf(const ThresholdSweep &sweep, double declaredThreshold);

// Candidate NB - champion NB in cents at one (FP, FN) cell-value pair.
WideCents netBenefitDelta(const CostModel &champion, const CostModel &candidate,
                          const CentValues &values, OperatingPoint mode);

struct Flip
{
    bool found = false;    // false: the verdict holds over the whole axis range
    int64_t cents = 0;     // the first value (from the policy's outward) where it flips
    int64_t lastHolds = 0; // the last value where it still holds
};

struct CostGrid
{
    OperatingPoint mode = OperatingPoint::Declared;
    CentValues policy;
    int64_t minDeltaCents = 0;
    std::vector<int64_t> fpCents, fnCents; // columns, rows
    std::vector<WideCents> delta;          // row-major, rows x columns
    std::vector<uint8_t> promoted;         // delta > min_delta
    bool policyPromoted = false;
    WideCents policyDelta = 0;
    // Nearest flips from the policy's point along each axis, toward 0 and away from 0.
    Flip fnTowardZero, fnAwayFromZero, fpTowardZero, fpAwayFromZero;
    double promotedShare = 0; // of the grid's cells

    size_t columns() const { return fpCents.size(); }
    size_t rows() const { return fnCents.size(); }
    bool promotedAt(size_t row, size_t column) const { return promoted[row * columns() + column]; }
};

// Throws InputError when the policy's values are not whole cents.
CostGrid computeCostGrid(const CostModel &champion, const CostModel &candidate,
                         const GatePolicy &policy, OperatingPoint mode, int steps = 200,
                         double maxMultiple = 3.0);

struct RatioPoint
{
    double ratioMultiple = 1; // FN:FP ratio / the policy's
    int64_t fpCents = 0, fnCents = 0;
    WideCents delta = 0;
    bool promoted = false;
};
std::vector<RatioPoint> ratioView(const CostModel &champion, const CostModel &candidate,
                                  const GatePolicy &policy, OperatingPoint mode, int points = 97);

// "The net-benefit comparison (candidate not ahead by more than min_delta, at the declared
// thresholds) holds unless the FN value (policy −$300) moves to −$120 (toward $0) ..." — layer 2's
// comparison, not the gate's whole verdict (layer 1 and significance are not re-decided).
QString describeFlips(const CostGrid &grid, const QString &currency);

} // namespace gr

#pragma once
// SliceLine (Sagadeeva & Boehm, SIGMOD 2021; the `sliceline` Python package): the top-K slices —
// conjunctions of up to maxLevel predicates "column = value" on distinct columns — ranked by
//
//     sc(S) = α · ((se(S) / |S|) / ē − 1) − (1 − α) · (n / |S| − 1)
//
// where se(S) is the slice's summed loss, |S| its rows, n all rows and ē = (total loss) / n. Only
// slices with |S| >= minSupport and sc > 0 qualify. Here the loss of a row is exact (integer
// micro-units of money) and may be negative; SliceLine's bounds assume non-negative errors, so
// the error bounds use the sum of the positive losses, which bounds the loss of every sub-slice
// (docs/segments.md). The search is exact: the top-K equals the exhaustive enumeration's
// (enumerateSlices, and the brute-force test), ties broken by score, then size (larger first),
// then fewer predicates, then the predicates' (column, value) order.
//
// Levels: level 1 evaluates every "column = value"; level L > 1 joins level L−1's surviving
// slices — the slice sets are Eigen sparse matrices (one row per slice, one column per
// one-hot feature) and S·Sᵀ finds the pairs sharing L − 2 predicates — keeps a candidate only
// when all L of its parents survived, and prunes it by SliceLine's size, error and score upper
// bounds before evaluating it. The one-hot matrix X is held in its compressed form, the
// dictionary codes (one byte per row and column: the column index of the row's single non-zero
// in that column's block), and a level's candidates are evaluated as X·Sᵀ grouped by the
// columns they constrain: one pass over the rows per group of columns, a dense grid of the
// group's value combinations mapping each to its candidate.
#include <cstdint>
#include <QString>
#include <vector>

namespace gr {

class TaskControl;

struct SliceInput
{
    int64_t rows = 0;
    std::vector<const uint8_t *> columns; // codes per row, one array per column
    std::vector<int> cardinality;         // values per column (codes 0 .. cardinality - 1)
    const uint8_t *rowClass = nullptr;    // per row, an index into lossOfClass
    std::vector<int64_t> lossOfClass;     // exact loss of a row of each class
};

struct SliceSettings
{
    int topK = 5;
    int maxLevel = 3;
    double alpha = 0.95;
    int64_t minSupport = 10;
};

struct SlicePredicate
{
    int column = 0;
    int value = 0;
    bool operator==(const SlicePredicate &) const = default;
};

struct SliceStats
{
    int64_t size = 0;
    int64_t loss = 0;         // summed loss
    int64_t positiveLoss = 0; // summed positive losses
    int64_t maxLoss = INT64_MIN;
};

struct Slice
{
    std::vector<SlicePredicate> predicates; // ordered by column
    SliceStats stats;
    double score = 0;
};

struct SliceLevel
{
    int level = 0;
    int64_t generated = 0; // candidates formed by the join (distinct, all parents present)
    int64_t evaluated = 0; // left after pruning
    int64_t kept = 0;      // usable as parents of the next level
};

struct SliceResult
{
    std::vector<Slice> top; // best first
    int64_t rows = 0, totalLoss = 0;
    std::vector<SliceLevel> levels;
    QString note; // why no slices were searched, when none were
};

// Throws Cancelled. The total loss must be positive (SliceLine's ē is a divisor): otherwise no
// slices are returned and `note` says why.
SliceResult findSlices(const SliceInput &input, const SliceSettings &settings,
                       const TaskControl *control = nullptr);
// Every conjunction evaluated, nothing pruned: the baseline of the bench.
SliceResult enumerateSlices(const SliceInput &input, const SliceSettings &settings);

double sliceScore(double alpha, int64_t totalLoss, int64_t rows, int64_t sliceLoss,
                  int64_t sliceSize);
// SliceLine's upper bound of the score of any sub-slice of a slice with these bounds.
double sliceScoreUpperBound(double alpha, int64_t totalLoss, int64_t rows, int64_t minSupport,
                            int64_t sizeBound, int64_t positiveLossBound, int64_t maxLossBound);
// The ranking: true when a comes before b.
bool sliceRanksBefore(const Slice &a, const Slice &b);

} // namespace gr

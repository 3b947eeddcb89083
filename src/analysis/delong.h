#pragma once
// DeLong's test for two correlated ROC AUCs (DeLong, DeLong & Clarke-Pearson 1988) on the same
// rows, by Sun & Xu's fast algorithm (2014): each row's placement value is read from its model's
// sweep (midranks: ties count half), so the whole test is O(N) after the O(N) sweeps plus one
// O(1) bucket look-up per row and model (batched with prefetches, on two threads: about 0.5 s of
// CPU at 10M rows, see gatereview_bench). The 2x2 covariance of the structural components is
//   S = S10 / m + S01 / n,  S10, S01 = sample covariances (divisor m - 1, n - 1)
// of the positives' and the negatives' placements, and var(AUC_cand - AUC_champ) = L' S L with
// L = (1, -1). This is what pROC 1.18 `roc.test(paired = TRUE, method = "delong")` computes.
#include "rankingcurves.h"

#include "metrics/testsetcheck.h"

#include <array>

namespace gr {

class TaskControl;

struct DeLongTest
{
    double championAuc = 0, candidateAuc = 0;
    double difference = 0; // candidate - champion
    double standardError = 0;
    double z = 0;
    double pValue = 1;                      // two-sided, normal
    double level = 0.95, low = 0, high = 0; // Wald interval of the difference
    std::array<double, 4> covariance{};     // S, row-major: champion, candidate
    double correlation = 0;                 // of the two AUC estimates
    QString undefinedReason;                // non-empty: no test (and every number is 0)
    bool defined() const { return undefinedReason.isEmpty(); }
};

// The rows pair through `pairing` (which must say the test sets are identical); labels are the
// champion's. Undefined with a reason when either class has fewer than two rows.
DeLongTest delongPairedTest(const PredictionSet &champion, const ThresholdSweep &championSweep,
                            const PredictionSet &candidate, const ThresholdSweep &candidateSweep,
                            const TestSetCheck &pairing, double level = 0.95,
                            const TaskControl *control = nullptr);

} // namespace gr

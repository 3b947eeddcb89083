#pragma once
// A labelled what-if, never part of the verdict: both models recalibrated by cross-fitted Platt
// scaling and thresholded where the policy's dollars say a calibrated score should be.
// Cross-fitting: the rows are split into k folds and each fold's scores are recalibrated by a
// logistic fit (label on logit(score), logisticfit.h) to the other k - 1 folds, so no row is
// scored by a fit that saw its own label. Fold of a row = its position in canonical row-id order
// mod k, so the same rows share a fold for both models whatever the files' order.
// The cost-optimal threshold for a calibrated probability p flags a row when
//   p TP + (1 - p) FP >= p FN + (1 - p) TN,  i.e.  p >= (TN - FP) / ((TP - FN) + (TN - FP)).
#include "exactcents.h"
#include "logisticfit.h"
#include "metrics/testsetcheck.h"

#include <vector>

namespace gr {

class TaskControl;

struct RecalibratedModel
{
    std::vector<LogisticFit> foldFits; // fit k was trained on every fold but k
    Confusion confusion;               // at the cost-optimal threshold
    WideCents netBenefitCents = 0;
};

struct RecalibrationWhatIf
{
    int folds = 5;
    double costOptimalThreshold = 0.5;
    RecalibratedModel champion, candidate;
    QString undefinedReason;
    bool defined() const { return undefinedReason.isEmpty(); }
    // "Recalibrated, the candidate would make $X vs the champion's $Y."
    QString sentence(const QString &currency) const;
    static QString crossFittingExplanation(int folds);
};

// Undefined (with the reason) when the test sets differ, the values are not whole cents, the
// threshold is not in (0, 1) (a policy that pays more for a miss than a catch), or a fold's fit
// does not exist (one class in the other folds, separation).
RecalibrationWhatIf recalibrateCrossFitted(const PredictionSet &champion,
                                           const PredictionSet &candidate,
                                           const TestSetCheck &pairing, const CellValues &values,
                                           int folds = 5, const TaskControl *control = nullptr);

} // namespace gr

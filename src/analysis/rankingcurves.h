#pragma once
// ROC and precision-recall curves, ROC AUC and average precision of one model, read from its
// ThresholdSweep (one point per distinct score, already sorted: no second sort). The arrays follow
// scikit-learn 1.2.1 exactly, so the reference test can compare them element by element:
// roc_curve (with or without drop_intermediate), precision_recall_curve, roc_auc_score and
// average_precision_score.
#include "metrics/thresholdsweep.h"

#include <optional>
#include <QString>
#include <vector>

namespace gr {

// A statistic that may not exist for the data at hand; when it does not, the reason says why in
// words a user can act on (e.g. "only one class is present").
struct MaybeValue
{
    std::optional<double> value;
    QString undefinedReason;

    bool defined() const { return value.has_value(); }
    static MaybeValue of(double v) { return {v, {}}; }
    static MaybeValue undefined(QString why) { return {std::nullopt, std::move(why)}; }
};

struct RocCurve
{
    // fpr and tpr start at (0, 0) with threshold max score + 1, like scikit-learn; a point per
    // distinct score follows in descending order. Empty with a reason when a class is missing.
    std::vector<double> fpr, tpr, thresholds;
    QString undefinedReason;
};

struct PrecisionRecallCurve
{
    // Ascending thresholds (recall decreasing); precision and recall have one more element, the
    // final (precision 1, recall 0). Empty with a reason when there are no positives.
    std::vector<double> precision, recall, thresholds;
    QString undefinedReason;
};

// dropIntermediate removes points on a straight line between their neighbours (scikit-learn's
// default); the area is unchanged and a 10M-point curve usually shrinks a lot.
RocCurve rocCurve(const ThresholdSweep &sweep, bool dropIntermediate = true);
PrecisionRecallCurve precisionRecallCurve(const ThresholdSweep &sweep);

// Undefined when one class is missing (as roc_auc_score raises); ties count half, as the
// trapezoid over distinct scores does.
MaybeValue rocAucOf(const ThresholdSweep &sweep);
// Step-wise area, sum of (R_n - R_{n-1}) P_n over distinct scores; undefined without positives.
MaybeValue averagePrecisionOf(const ThresholdSweep &sweep);

} // namespace gr

#include "rankingcurves.h"

namespace gr {
namespace {

QString missingClassReason(const ThresholdSweep &sweep)
{
    if (sweep.rows() == 0) return QStringLiteral("the test set has no rows");
    if (sweep.positives() == 0)
        return QStringLiteral("only one class is present: the test set has no positive rows");
    if (sweep.negatives() == 0)
        return QStringLiteral("only one class is present: the test set has no negative rows");
    return {};
}

} // namespace

RocCurve rocCurve(const ThresholdSweep &sweep, bool dropIntermediate)
{
    RocCurve curve;
    curve.undefinedReason = missingClassReason(sweep);
    if (!curve.undefinedReason.isEmpty()) return curve;
    const size_t n = sweep.size();
    // scikit-learn keeps index i when the second difference of fps or tps there is non-zero.
    auto corner = [&](size_t i) {
        if (!dropIntermediate || i == 0 || i + 1 == n) return true;
        const Confusion a = sweep.confusionAtIndex(i - 1), b = sweep.confusionAtIndex(i),
                        c = sweep.confusionAtIndex(i + 1);
        return (c.fp - 2 * b.fp + a.fp) != 0 || (c.tp - 2 * b.tp + a.tp) != 0;
    };
    const double p = double(sweep.positives()), m = double(sweep.negatives());
    curve.fpr.push_back(0);
    curve.tpr.push_back(0);
    curve.thresholds.push_back(sweep.thresholdAt(0) + 1);
    for (size_t i = 0; i < n; ++i) {
        if (!corner(i)) continue;
        const Confusion c = sweep.confusionAtIndex(i);
        curve.fpr.push_back(double(c.fp) / m);
        curve.tpr.push_back(double(c.tp) / p);
        curve.thresholds.push_back(sweep.thresholdAt(i));
    }
    return curve;
}

PrecisionRecallCurve precisionRecallCurve(const ThresholdSweep &sweep)
{
    PrecisionRecallCurve curve;
    if (sweep.positives() == 0) {
        curve.undefinedReason = missingClassReason(sweep);
        return curve;
    }
    const size_t n = sweep.size();
    const double p = double(sweep.positives());
    curve.precision.reserve(n + 1);
    curve.recall.reserve(n + 1);
    curve.thresholds.reserve(n);
    for (size_t k = n; k-- > 0;) {
        const Confusion c = sweep.confusionAtIndex(k);
        const int64_t flagged = c.tp + c.fp;
        curve.precision.push_back(flagged == 0 ? 0.0 : double(c.tp) / double(flagged));
        curve.recall.push_back(double(c.tp) / p);
        curve.thresholds.push_back(sweep.thresholdAt(k));
    }
    curve.precision.push_back(1.0);
    curve.recall.push_back(0.0);
    return curve;
}

MaybeValue rocAucOf(const ThresholdSweep &sweep)
{
    const QString why = missingClassReason(sweep);
    if (!why.isEmpty())
        return MaybeValue::undefined(why + QStringLiteral(", so ROC AUC is not defined"));
    return MaybeValue::of(sweep.rocAuc());
}

MaybeValue averagePrecisionOf(const ThresholdSweep &sweep)
{
    if (sweep.positives() == 0)
        return MaybeValue::undefined(missingClassReason(sweep) +
                                     QStringLiteral(", so average precision is not defined"));
    return MaybeValue::of(sweep.averagePrecision());
}

} // namespace gr

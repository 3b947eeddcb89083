#include "recalibration.h"
#include "model/taskcontrol.h"

#include <cmath>

namespace gr {
namespace {

// Fits fold by fold for one model, then counts the confusion of the recalibrated scores at the
// threshold (compared on the logit scale: p >= t iff a + b x >= logit(t)).
QString recalibrate(const PredictionSet &rows, const std::vector<uint32_t> &foldOf,
                    const std::vector<uint8_t> &labels, const std::vector<size_t> &rowFor,
                    int folds, double threshold, const CentValues &values, RecalibratedModel &out,
                    const TaskControl *control)
{
    const size_t n = labels.size();
    LogisticData data;
    data.x.resize(n);
    data.successes.resize(n);
    data.trials.resize(n);
    for (size_t i = 0; i < n; ++i) {
        data.x[i] = clippedLogit(rows.scores[rowFor.empty() ? i : rowFor[i]]);
        data.successes[i] = labels[i];
    }
    const double cut = std::log(threshold / (1 - threshold));
    out.confusion = {};
    for (int f = 0; f < folds; ++f) {
        for (size_t i = 0; i < n; ++i)
            data.trials[i] = foldOf[i] == uint32_t(f) ? 0.0 : 1.0;
        const LogisticFit fit = fitLogistic(data, control);
        out.foldFits.push_back(fit);
        if (!fit.defined())
            return QStringLiteral("fold %1 of %2: %3")
                .arg(f + 1)
                .arg(folds)
                .arg(fit.undefinedReason);
        for (size_t i = 0; i < n; ++i) {
            if (foldOf[i] != uint32_t(f)) continue;
            const bool flagged = fit.intercept + fit.slope * data.x[i] >= cut;
            switch (cellOf(labels[i], flagged)) {
            case Cell::TP:
                ++out.confusion.tp;
                break;
            case Cell::FP:
                ++out.confusion.fp;
                break;
            case Cell::FN:
                ++out.confusion.fn;
                break;
            case Cell::TN:
                ++out.confusion.tn;
                break;
            }
        }
    }
    out.netBenefitCents = values.netBenefit(out.confusion);
    return {};
}

} // namespace

QString RecalibrationWhatIf::sentence(const QString &currency) const
{
    if (!defined()) return QStringLiteral("No recalibration what-if: ") + undefinedReason + '.';
    return QStringLiteral("What-if (not the verdict): recalibrated, the candidate would make %1 vs "
                          "the champion's %2 (both flagging scores ≥ %3, the cost-optimal "
                          "threshold for calibrated probabilities).")
        .arg(formatCents(candidate.netBenefitCents, currency),
             formatCents(champion.netBenefitCents, currency))
        .arg(costOptimalThreshold, 0, 'g', 4);
}

QString RecalibrationWhatIf::crossFittingExplanation(int folds)
{
    return QStringLiteral("Cross-fitted: the rows are split into %1 folds and each fold is "
                          "recalibrated by a fit on the other %2, so no row is scored by a fit "
                          "that saw its own label.")
        .arg(folds)
        .arg(folds - 1);
}

RecalibrationWhatIf recalibrateCrossFitted(const PredictionSet &champion,
                                           const PredictionSet &candidate,
                                           const TestSetCheck &pairing, const CellValues &values,
                                           int folds, const TaskControl *control)
{
    RecalibrationWhatIf out;
    out.folds = folds = std::max(2, folds);
    const auto cents = CentValues::of(values);
    if (!pairing.identical) {
        out.undefinedReason = QStringLiteral("the two models were not scored on the same test set");
        return out;
    }
    if (!cents) {
        out.undefinedReason = QStringLiteral("the policy's cell values are not whole cents");
        return out;
    }
    const double gainOfCatch = (values.tp - values.fn).toDouble(),
                 costOfFlag = (values.tn - values.fp).toDouble();
    if (gainOfCatch <= 0 || costOfFlag <= 0) {
        out.undefinedReason =
            QStringLiteral("the policy's values imply no threshold inside (0, 1)");
        return out;
    }
    out.costOptimalThreshold = costOfFlag / (gainOfCatch + costOfFlag);
    const size_t n = champion.size();
    std::vector<uint32_t> foldOf(n);
    for (size_t k = 0; k < n; ++k)
        foldOf[champion.rowInIdOrder(k)] = uint32_t(k % size_t(folds));
    std::vector<size_t> candidateRow;
    if (!pairing.candidateRowFor.empty())
        candidateRow.assign(pairing.candidateRowFor.begin(), pairing.candidateRowFor.end());
    QString why = recalibrate(champion, foldOf, champion.labels, {}, folds,
                              out.costOptimalThreshold, *cents, out.champion, control);
    if (why.isEmpty())
        why = recalibrate(candidate, foldOf, champion.labels, candidateRow, folds,
                          out.costOptimalThreshold, *cents, out.candidate, control);
    if (!why.isEmpty()) out.undefinedReason = QStringLiteral("cannot recalibrate: ") + why;
    return out;
}

} // namespace gr

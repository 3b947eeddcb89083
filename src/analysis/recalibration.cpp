#include "recalibration.h"
#include "model/taskcontrol.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace gr {
namespace {

// Fits fold by fold for one model, then counts the confusion of the recalibrated scores at the
// threshold (compared on the logit scale: p >= t iff a + b x >= logit(t)). Rows sharing a score
// form one group (logisticfit.h): a fold's fit sees each group's rows outside the fold, and the
// fold's own rows of a group are all flagged or all not. So every pass is over distinct scores,
// not rows, and gives the same estimates as a row-level fit. Each fold's Newton iterations start
// from the previous fold's estimate (the first from the identity, intercept 0 and slope 1), which
// the folds' fits barely differ from.
QString recalibrate(const PredictionSet &rows, const std::vector<uint32_t> &foldOf,
                    const std::vector<uint8_t> &labels, const std::vector<size_t> &rowFor,
                    int folds, double threshold, const CentValues &values, RecalibratedModel &out,
                    const TaskControl *control)
{
    const size_t n = labels.size();
    std::vector<std::pair<double, uint32_t>> byScore(n); // (logit of the score, row)
    for (size_t i = 0; i < n; ++i)
        byScore[i] = {clippedLogit(rows.scores[rowFor.empty() ? i : rowFor[i]]), uint32_t(i)};
    std::sort(byScore.begin(), byScore.end());
    if (control) control->checkCancelled();
    std::vector<uint32_t> groupOf(n);
    LogisticData all;
    for (size_t k = 0; k < n; ++k) {
        const auto [x, i] = byScore[k];
        if (k == 0 || x != all.x.back()) {
            all.x.push_back(x);
            all.successes.push_back(0);
            all.trials.push_back(0);
        }
        groupOf[i] = uint32_t(all.x.size() - 1);
        all.successes.back() += labels[i];
        all.trials.back() += 1;
    }
    byScore = {};
    const size_t groups = all.x.size();
    LogisticData data = all;
    std::vector<double> foldSuccesses(groups), foldTrials(groups);
    const double cut = std::log(threshold / (1 - threshold));
    std::array<double, 2> start = {0, 1};
    out.confusion = {};
    for (int f = 0; f < folds; ++f) {
        std::fill(foldSuccesses.begin(), foldSuccesses.end(), 0.0);
        std::fill(foldTrials.begin(), foldTrials.end(), 0.0);
        for (size_t i = 0; i < n; ++i) {
            if (foldOf[i] != uint32_t(f)) continue;
            foldSuccesses[groupOf[i]] += labels[i];
            foldTrials[groupOf[i]] += 1;
        }
        for (size_t g = 0; g < groups; ++g) {
            data.successes[g] = all.successes[g] - foldSuccesses[g];
            data.trials[g] = all.trials[g] - foldTrials[g];
        }
        const LogisticFit fit = fitLogistic(data, control, start);
        out.foldFits.push_back(fit);
        if (!fit.defined())
            return QStringLiteral("fold %1 of %2: %3")
                .arg(f + 1)
                .arg(folds)
                .arg(fit.undefinedReason);
        start = {fit.intercept, fit.slope};
        for (size_t g = 0; g < groups; ++g) {
            const auto positives = int64_t(foldSuccesses[g]);
            const auto negatives = int64_t(foldTrials[g]) - positives;
            if (fit.intercept + fit.slope * all.x[g] >= cut) {
                out.confusion.tp += positives;
                out.confusion.fp += negatives;
            } else {
                out.confusion.fn += positives;
                out.confusion.tn += negatives;
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

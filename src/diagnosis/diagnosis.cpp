#include "diagnosis.h"
#include "analysis/reviewanalysis.h"
#include "segments/segmentanalysis.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gr {
namespace {

QString signedMoney(Money v, const QString &currency)
{
    return formatSignedMoney(v, currency);
}

QString signedCount(int64_t n)
{
    return (n > 0   ? QStringLiteral("+")
            : n < 0 ? QStringLiteral("−")
                    : QString()) +
           formatCount(std::llabs(n));
}

QString cellLabel(Cell c)
{
    return QString::fromLatin1(cellName(c)).toUpper();
}

QString score(double v)
{
    return QString::number(v, 'f', 3);
}

ComparisonEvidence diagnoseComparison(const GateReport &r)
{
    ComparisonEvidence e;
    const QString &cur = r.policy.currency;
    e.championNetBenefit = r.champion.metrics.netBenefit;
    e.candidateNetBenefit = r.candidate.metrics.netBenefit;
    e.level = r.policy.bootstrap.level;
    if (!r.comparison) {
        e.delta = e.candidateNetBenefit - e.championNetBenefit;
        e.findings << QStringLiteral(
            "The two models were not scored on the same test set, so there is no paired "
            "comparison: "
            "the net-benefit difference would mix data and model. Check the data first (step 2).");
        return e;
    }
    const PairedComparison &p = *r.comparison;
    e.paired = true;
    e.delta = p.netBenefitDelta;
    for (int k = 0; k < 4; ++k)
        e.cells[size_t(k)] = {Cell(k), p.countDeltaByCell[size_t(k)], p.deltaByCell[size_t(k)]};
    e.interval = p.bootstrap;
    e.mcnemar = p.mcnemar;
    e.intervalExcludesZero = !p.bootstrap.isDegenerate() &&
                             (p.bootstrap.low.isPositive() || p.bootstrap.high.isNegative());

    if (e.delta.isZero())
        e.findings << QStringLiteral("Net benefit is unchanged at %1; ties go to the champion.")
                          .arg(formatMoney(e.championNetBenefit, cur));
    else
        e.findings << QStringLiteral("Net benefit %1 by %2: champion %3, candidate %4.")
                          .arg(e.delta.isNegative() ? QStringLiteral("fell")
                                                    : QStringLiteral("rose"),
                               formatMoney(e.delta.abs(), cur),
                               formatMoney(e.championNetBenefit, cur),
                               formatMoney(e.candidateNetBenefit, cur));

    // The cells that moved, largest dollar effect first: that is where the change came from.
    std::array<CellContribution, 4> sorted = e.cells;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
        return a.dollars.abs() > b.dollars.abs();
    });
    QStringList moved;
    for (const CellContribution &c : sorted)
        if (c.countDelta != 0)
            moved << QStringLiteral("%1 %2 rows (%3)")
                         .arg(cellLabel(c.cell), signedCount(c.countDelta),
                              c.dollars.isZero() ? QStringLiteral("no dollar value")
                                                 : signedMoney(c.dollars, cur));
    if (moved.isEmpty())
        e.findings << QStringLiteral("No confusion cell changed size: both models make the same "
                                     "number of each kind of call.");
    else
        e.findings << QStringLiteral(
                          "Where it came from (candidate − champion, largest first): %1.")
                          .arg(moved.join(QStringLiteral(", ")));

    const int percent = int(std::lround(e.level * 100));
    const BootstrapInterval &ci = p.bootstrap;
    e.findings
        << QStringLiteral("The %1% paired-bootstrap interval of ΔNB is %2 to %3 (%4 resamples); %5")
               .arg(percent)
               .arg(signedMoney(ci.low, cur), signedMoney(ci.high, cur))
               .arg(formatCount(ci.resamples))
               .arg(ci.isDegenerate()
                        ? QStringLiteral("it has zero width (every resample alike), which is no "
                                         "evidence either way.")
                    : e.intervalExcludesZero
                        ? QStringLiteral(
                              "it excludes zero, so the %1 is unlikely to be resampling noise.")
                              .arg(e.delta.isNegative() ? QStringLiteral("loss")
                                                        : QStringLiteral("gain"))
                        : QStringLiteral("it includes zero, so the difference could be noise "
                                         "(%1% of resamples at or below zero).")
                              .arg(ci.fractionAtOrBelowZero * 100, 0, 'f', 1));
    e.findings << QStringLiteral("The exact paired sign-flip test over the %1 rows whose net "
                                 "benefit differs gives a one-sided p = %2.")
                      .arg(formatCount(p.signFlip.nonZeroRows),
                           QString::number(p.signFlip.pValue, 'g', 3));
    if (!p.mcnemar.hasDiscordantRows())
        e.findings << QStringLiteral("McNemar's test has no discordant rows (each row is right for "
                                     "both models or wrong for both), so it carries no "
                                     "information about a difference.");
    else
        e.findings << QStringLiteral(
                          "McNemar's exact test: the champion alone was right on %1 rows, "
                          "the candidate alone on %2 (p %3); "
                          "the models' error rates %4 at the 5% level.")
                          .arg(formatCount(p.mcnemar.b), formatCount(p.mcnemar.c),
                               p.mcnemar.pValue > 0 ? QStringLiteral("= ") +
                                                          QString::number(p.mcnemar.pValue, 'g', 3)
                                                    : formatPValue(p.mcnemar.pValue))
                          .arg(p.mcnemar.pValue < 0.05
                                   ? QStringLiteral("differ significantly")
                                   : QStringLiteral("do not differ significantly"));
    return e;
}

ThresholdSensitivity sensitivityOf(const ModelMetrics &m)
{
    return {m.threshold, m.netBenefit, m.bestNetBenefit.threshold, m.bestNetBenefit.value};
}

// Mean-score gaps closer than this are reported as "about as well": a 0.004 difference in mean
// score separates nothing a reader should act on.
constexpr double kGapTolerance = 0.01;

ModelEvidence diagnoseModel(const GateReport &r)
{
    ModelEvidence e;
    if (!r.testSet.identical) {
        e.comparable = false;
        e.findings << QStringLiteral(
            "Not compared: the runs were scored on different test sets, so their confusion "
            "matrices, thresholds and score distributions describe different data (the gate is "
            "INVALID). Score both models on the same fixed test set and open the pair again.");
        return e;
    }
    const QString &cur = r.policy.currency;
    e.champion = r.champion.metrics.confusion;
    e.candidate = r.candidate.metrics.confusion;
    for (int k = 0; k < 4; ++k)
        e.confusionDelta[size_t(k)] = e.candidate.count(Cell(k)) - e.champion.count(Cell(k));
    e.championSensitivity = sensitivityOf(r.champion.metrics);
    e.candidateSensitivity = sensitivityOf(r.candidate.metrics);
    e.candidateWinsAtBest =
        e.candidateSensitivity.bestNetBenefit > e.championSensitivity.bestNetBenefit;
    for (int label = 0; label < 2; ++label) {
        e.championScores[size_t(label)] = summarizeScores(*r.champion.sweep, label);
        e.candidateScores[size_t(label)] = summarizeScores(*r.candidate.sweep, label);
    }

    QStringList deltas;
    for (int k = 0; k < 4; ++k)
        deltas << QStringLiteral("%1 %2").arg(cellLabel(Cell(k)),
                                              signedCount(e.confusionDelta[size_t(k)]));
    e.findings << QStringLiteral(
                      "Confusion change at the operating thresholds (candidate − champion): %1.")
                      .arg(deltas.join(QStringLiteral(", ")));

    auto describe = [&cur](const QString &who, const ThresholdSensitivity &s) {
        return QStringLiteral("%1: %2 at its operating threshold %3; at its best threshold %4 it "
                              "would reach %5 (%6).")
            .arg(who, formatMoney(s.operatingNetBenefit, cur),
                 QString::number(s.operatingThreshold, 'g', 4),
                 QString::number(s.bestThreshold, 'g', 4), formatMoney(s.bestNetBenefit, cur),
                 signedMoney(s.headroom(), cur));
    };
    e.findings << describe(QStringLiteral("Champion"), e.championSensitivity);
    e.findings << describe(QStringLiteral("Candidate"), e.candidateSensitivity);
    e.findings << QStringLiteral("Would the candidate win at its best threshold? %1: %2 against "
                                 "the champion's best %3. "
                                 "Both optima are read off this test set, so they flatter both "
                                 "models; confirm a new threshold "
                                 "on validation data before re-running the gate.")
                      .arg(e.candidateWinsAtBest ? QStringLiteral("Yes") : QStringLiteral("No"),
                           formatMoney(e.candidateSensitivity.bestNetBenefit, cur),
                           formatMoney(e.championSensitivity.bestNetBenefit, cur));

    const double championGap = e.championScores[1].mean - e.championScores[0].mean;
    const double candidateGap = e.candidateScores[1].mean - e.candidateScores[0].mean;
    e.findings << QStringLiteral("Score distribution: mean score of positives %1 (champion) vs %2 "
                                 "(candidate), of negatives %3 vs %4; "
                                 "the candidate separates the classes %5 (mean gap %6 vs %7).")
                      .arg(score(e.championScores[1].mean), score(e.candidateScores[1].mean),
                           score(e.championScores[0].mean), score(e.candidateScores[0].mean),
                           // Gaps within 0.01 are not called a difference.
                           candidateGap > championGap + kGapTolerance ? QStringLiteral("more")
                           : candidateGap < championGap - kGapTolerance
                               ? QStringLiteral("less")
                               : QStringLiteral("about as well"),
                           score(candidateGap), score(championGap));
    return e;
}

void diagnoseDecision(const GateReport &r, DiagnosisEvidence &e)
{
    const QString result = toString(r.result);
    const QStringList names = decisionKindNames();
    for (const QString &name : names) {
        DecisionKind kind;
        decisionKindFromString(name, &kind);
        if (kind != DecisionKind::PromoteCandidate || r.result == GateResult::Promoted)
            e.choices << kind;
    }
    if (r.result != GateResult::Promoted)
        e.decideFindings << QStringLiteral("The gate result is %1, so 'Promote candidate' is not "
                                           "available; the fast-track review "
                                           "records who overrode the gate and why.")
                                .arg(result);
    // A pointer to the evidence, not a verdict: the engineer decides.
    const bool dataMoved =
        !e.data.sameTestSet || (e.data.dvcLock.diff && !e.data.dvcLock.diff->changes.isEmpty());
    if (dataMoved)
        e.decideFindings << QStringLiteral("The data moved between the runs (step 2): consider "
                                           "'Fix the data pipeline' before judging the model.");
    if (r.result != GateResult::Promoted && e.model.candidateWinsAtBest)
        e.decideFindings << QStringLiteral("The candidate would win at its best threshold (step "
                                           "3): 'Re-tune the threshold' is worth a look.");
    if (r.result == GateResult::NotPromoted && !dataMoved && !e.model.candidateWinsAtBest)
        e.decideFindings << QStringLiteral(
            "Same data and no better threshold: the evidence supports 'Champion stays'.");
}

} // namespace

const QStringList &DiagnosisEvidence::findings(int step) const
{
    switch (step) {
    case StepComparison:
        return comparison.findings;
    case StepData:
        return data.findings;
    case StepModel:
        return model.findings;
    default:
        return decideFindings;
    }
}

ScoreSummary summarizeScores(const PredictionSet &predictions, int label)
{
    std::vector<double> scores;
    for (size_t i = 0; i < predictions.size(); ++i)
        if (predictions.labels[i] == label) scores.push_back(predictions.scores[i]);
    ScoreSummary s;
    s.rows = qint64(scores.size());
    if (scores.empty()) return s;
    std::sort(scores.begin(), scores.end());
    s.mean = std::accumulate(scores.begin(), scores.end(), 0.0) / double(scores.size());
    // Linear interpolation between order statistics (numpy's default), so small sets read sensibly.
    auto quantile = [&scores](double q) {
        const double pos = q * double(scores.size() - 1);
        const size_t lo = size_t(std::floor(pos));
        const size_t hi = std::min(lo + 1, scores.size() - 1);
        return scores[lo] + (scores[hi] - scores[lo]) * (pos - double(lo));
    };
    s.p10 = quantile(0.1);
    s.p50 = quantile(0.5);
    s.p90 = quantile(0.9);
    return s;
}

ScoreSummary summarizeScores(const ThresholdSweep &sweep, int label)
{
    ScoreSummary s;
    s.rows = label ? sweep.positives() : sweep.negatives();
    if (s.rows == 0) return s;
    // Rows of the class at point i (the sweep counts rows scoring >= each distinct score).
    auto rowsAt = [&sweep, label](size_t i) {
        const Confusion here = sweep.confusionAtIndex(i);
        const Confusion above = i > 0 ? sweep.confusionAtIndex(i - 1) : Confusion{};
        return label ? here.tp - above.tp : here.fp - above.fp;
    };
    // Ascending order is the sweep's from its end. The mean adds score by score, as
    // std::accumulate over the sorted scores does, so the sum is the same double.
    double sum = 0;
    for (size_t i = sweep.size(); i-- > 0;) {
        const double score = sweep.thresholdAt(i);
        for (int64_t k = rowsAt(i); k > 0; --k)
            sum += score;
    }
    s.mean = sum / double(s.rows);
    auto orderStatistic = [&](size_t rank) { // 0-based, ascending
        size_t below = 0;
        for (size_t i = sweep.size(); i-- > 0;) {
            below += size_t(rowsAt(i));
            if (rank < below) return sweep.thresholdAt(i);
        }
        return sweep.thresholdAt(0);
    };
    auto quantile = [&](double q) { // as in the PredictionSet version
        const double pos = q * double(s.rows - 1);
        const size_t lo = size_t(std::floor(pos));
        const size_t hi = std::min(lo + 1, size_t(s.rows - 1));
        const double low = orderStatistic(lo);
        return low + (orderStatistic(hi) - low) * (pos - double(lo));
    };
    s.p10 = quantile(0.1);
    s.p50 = quantile(0.5);
    s.p90 = quantile(0.9);
    return s;
}

DiagnosisEvidence diagnose(const GateReport &report, const ReviewAnalysis *analysis)
{
    DiagnosisEvidence e;
    e.comparison = diagnoseComparison(report);
    e.data = checkData(report);
    e.model = diagnoseModel(report);
    // ROC/DeLong/calibration/costs: only for models scored on the same test set (a paired test
    // and a shared cost grid compare nothing otherwise).
    if (e.model.comparable)
        e.model.findings << (analysis ? analysisFindings(report, *analysis)
                                      : rankingAndCalibrationFindings(report));
    if (report.segments) { // where the loss sits (step 1) and which segments stand out (step 3)
        e.comparison.findings << sliceFindings(*report.segments);
        e.model.findings << segmentFindings(*report.segments);
    }
    diagnoseDecision(report, e);
    return e;
}

ReviewEvidence gatherEvidence(const GateReport &report, const TaskControl *control,
                              std::shared_ptr<const ReviewAnalysis> analysis)
{
    ReviewEvidence evidence;
    evidence.analysis = analysis ? std::move(analysis) : analyseForReview(report, control);
    evidence.diagnosis =
        std::make_shared<const DiagnosisEvidence>(diagnose(report, evidence.analysis.get()));
    return evidence;
}

} // namespace gr

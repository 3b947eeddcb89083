#include "reviewanalysis.h"
#include "model/errors.h"
#include "model/parallel.h"

#include <cmath>

namespace gr {
namespace {

ModelAnalysis analyseModel(const ModelEvaluation &e, int bins, const TaskControl *control)
{
    ModelAnalysis m;
    const ThresholdSweep &sweep = *e.sweep;
    m.roc = rocCurve(sweep);
    m.pr = precisionRecallCurve(sweep);
    m.rocAuc = rocAucOf(sweep);
    m.averagePrecision = averagePrecisionOf(sweep);
    m.calibration = assessCalibration(sweep, bins, 0.95, control);
    m.cost = costModelOf(sweep, e.metrics.threshold);
    return m;
}

QString calibrationWords(const CalibrationAssessment &c)
{
    if (!c.fit.defined())
        return QStringLiteral("its calibration slope is undefined (%1)").arg(c.fit.undefinedReason);
    const QString slope = QString::number(c.fit.slope, 'f', 2);
    if (c.fit.slope < 0.9)
        return QStringLiteral("is over-confident (calibration slope %1)").arg(slope);
    if (c.fit.slope > 1.1)
        return QStringLiteral("is under-confident (calibration slope %1)").arg(slope);
    return QStringLiteral("is about as confident as it should be (calibration slope %1)")
        .arg(slope);
}

} // namespace

ReviewAnalysis analyseReview(const GateReport &report, const AnalysisOptions &options,
                             const TaskControl *control)
{
    ReviewAnalysis out;
    auto [a, b] = inParallel(
        [&] { return analyseModel(report.champion, options.reliabilityBins, control); },
        [&] { return analyseModel(report.candidate, options.reliabilityBins, control); });
    out.models = {std::move(a), std::move(b)};
    const PredictionSet &champion = report.champion.run->predictions;
    const PredictionSet &candidate = report.candidate.run->predictions;
    out.delong = delongPairedTest(champion, *report.champion.sweep, candidate,
                                  *report.candidate.sweep, report.testSet, 0.95, control);
    if (options.recalibrate)
        out.recalibration =
            recalibrateCrossFitted(champion, candidate, report.testSet, report.policy.values,
                                   options.recalibrationFolds, control);
    else
        out.recalibration.undefinedReason = QStringLiteral("not computed");
    try {
        out.declaredGrid = computeCostGrid(out.models[0].cost, out.models[1].cost, report.policy,
                                           OperatingPoint::Declared, options.gridSteps);
        out.optimumGrid = computeCostGrid(out.models[0].cost, out.models[1].cost, report.policy,
                                          OperatingPoint::OwnOptimum, options.gridSteps);
    } catch (const InputError &e) {
        out.gridProblem = e.message();
    }
    return out;
}

QStringList analysisFindings(const GateReport &report, const ReviewAnalysis &analysis)
{
    QStringList findings;
    const DeLongTest &d = analysis.delong;
    const QString calibration = calibrationWords(analysis.candidate().calibration);
    if (d.defined()) {
        const QString ranks = d.difference > 0   ? QStringLiteral("ranks better")
                              : d.difference < 0 ? QStringLiteral("ranks worse")
                                                 : QStringLiteral("ranks the same");
        const QString p = d.pValue < 0.001 ? QStringLiteral("p < 0.001")
                                           : QStringLiteral("p = %1").arg(d.pValue, 0, 'f', 3);
        findings << QStringLiteral("The candidate %1 (AUC %2%3, DeLong %4) and %5.")
                        .arg(ranks, d.difference >= 0 ? QStringLiteral("+") : QStringLiteral("−"))
                        .arg(std::abs(d.difference), 0, 'f', 3)
                        .arg(p, calibration);
    } else {
        findings << QStringLiteral("No DeLong test: %1. The candidate %2.")
                        .arg(d.undefinedReason, calibration);
    }
    const Confusion &ca = report.candidate.metrics.confusion,
                    &ch = report.champion.metrics.confusion;
    const int64_t moreFlagged = (ca.tp + ca.fp) - (ch.tp + ch.fp);
    findings << QStringLiteral("At its declared threshold the candidate flags %1 %2 rows than the "
                               "champion.")
                    .arg(formatCount(std::abs(moreFlagged)),
                         moreFlagged >= 0 ? QStringLiteral("more") : QStringLiteral("fewer"));
    if (analysis.recalibration.defined())
        findings << analysis.recalibration.sentence(report.policy.currency);
    if (analysis.declaredGrid)
        findings << describeFlips(*analysis.declaredGrid, report.policy.currency);
    return findings;
}

std::shared_ptr<const ReviewAnalysis> analyseForReview(const GateReport &report,
                                                       const TaskControl *control)
{
    if (!report.testSet.identical || !report.champion.sweep || !report.candidate.sweep ||
        !report.champion.run || !report.candidate.run)
        return nullptr;
    AnalysisOptions options;
    options.recalibrate = report.champion.sweep->rows() <= kRecalibrationRowLimit;
    auto analysis = std::make_shared<ReviewAnalysis>(analyseReview(report, options, control));
    if (!options.recalibrate)
        analysis->recalibration.undefinedReason =
            QStringLiteral("not computed above %1 rows (it refits %2 logistic models per model "
                           "over every row)")
                .arg(formatCount(kRecalibrationRowLimit))
                .arg(options.recalibrationFolds);
    return analysis;
}

QStringList rankingAndCalibrationFindings(const GateReport &report)
{
    const auto analysis = analyseForReview(report);
    return analysis ? analysisFindings(report, *analysis) : QStringList();
}

} // namespace gr

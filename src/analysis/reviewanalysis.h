#pragma once
// Everything the "Ranking & calibration" and "Cost sensitivity" pages, diagnosis step 3 and the
// reports show about why a candidate won or lost, computed once per gate report (off the UI
// thread: about a second at 10M rows, see gatereview_bench). None of it changes the verdict.
#include "calibration.h"
#include "costgrid.h"
#include "delong.h"
#include "rankingcurves.h"
#include "recalibration.h"

#include "gate/gatereport.h"

#include <array>

namespace gr {

class TaskControl;

struct ModelAnalysis
{
    RocCurve roc;
    PrecisionRecallCurve pr;
    MaybeValue rocAuc, averagePrecision;
    CalibrationAssessment calibration;
    CostModel cost;
};

struct ReviewAnalysis
{
    std::array<ModelAnalysis, 2> models; // champion, candidate
    DeLongTest delong;
    RecalibrationWhatIf recalibration;
    std::optional<CostGrid> declaredGrid, optimumGrid; // absent when values are not whole cents
    QString gridProblem;

    const ModelAnalysis &champion() const { return models[0]; }
    const ModelAnalysis &candidate() const { return models[1]; }
};

struct AnalysisOptions
{
    int reliabilityBins = 10;
    int gridSteps = 200;
    int recalibrationFolds = 5;
    bool recalibrate = true; // the what-if refits k logistic models per model: skip when unwanted
};

ReviewAnalysis analyseReview(const GateReport &report, const AnalysisOptions &options = {},
                             const TaskControl *control = nullptr);

// Diagnosis step 3 in words: "The candidate ranks better (AUC +0.021, DeLong p = 0.003) but is
// over-confident (calibration slope 0.71); at its declared threshold it flags 1,800 more rows."
QStringList analysisFindings(const GateReport &report, const ReviewAnalysis &analysis);

// The analysis of one review, as the window's pages, diagnosis step 3 and every report show it:
// nullptr unless both runs were scored on the same test set. About a second at 10M rows; the
// cross-fitted recalibration what-if only up to kRecalibrationRowLimit rows, since it refits k
// logistic models per model over every row. Throws Cancelled.
std::shared_ptr<const ReviewAnalysis> analyseForReview(const GateReport &report,
                                                       const TaskControl *control = nullptr);
constexpr int64_t kRecalibrationRowLimit = 1'000'000;

// The same analysis's findings for diagnosis step 3, computing it (empty without a shared test
// set).
QStringList rankingAndCalibrationFindings(const GateReport &report);

} // namespace gr

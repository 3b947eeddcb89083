#pragma once
// The decision report's "Why: ranking, calibration and cost sensitivity" section, from the review's
// analysis (analysis/reviewanalysis.h): ROC AUC and average precision per model with DeLong's
// paired test, calibration (slope, intercept, ECE, Brier decomposition), the recalibration what-if
// and the cost-flip distances. As report blocks for the HTML, Markdown and PDF writers and as the
// JSON report's "analysis" object, from the same numbers. None of it changes the verdict.
#include "analysis/reviewanalysis.h"
#include "reportdocument.h"

#include <QJsonObject>

namespace gr {

QList<ReportBlock> analysisBlocks(const ReviewAnalysis &analysis, const GateReport &report);
QJsonObject analysisToJson(const ReviewAnalysis &analysis, const GateReport &report);

} // namespace gr

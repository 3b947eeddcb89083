#pragma once
// The canary page's two plots, filled from a CanaryResult: one metric over time (baseline vs
// canary with the limit the canary was held to, failed intervals marked) and the two prediction
// score distributions on common bins.
#include "canaryevaluator.h"

namespace gr::ui {

class PlotView;

// Draws the judge's tolerance as dotted lines named "judgeTolerance" (labels "judgeToleranceLabel")
// at baseline median × (1 ± tolerance): the bound behind a judge ROLLBACK beside PASS rows.
void plotMetricOverTime(PlotView *plot, const CanaryResult &result, const QString &metric);
void removeJudgeTolerance(PlotView *plot);

// Shares of scores per bin: 20 equal bins over the pooled raw scores, or the histogram's buckets.
struct ScoreShares
{
    QVector<double> binCenters, baseline, canary;
};
ScoreShares scoreShares(const CanaryResult &result, int bins = 20);
void plotScoreDistributions(PlotView *plot, const CanaryResult &result);

} // namespace gr::ui

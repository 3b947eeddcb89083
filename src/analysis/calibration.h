#pragma once
// How well one model's scores match observed rates, all read from its ThresholdSweep:
//  - a reliability diagram with equal-count bins: edges at the score quantiles (numpy's linear
//    percentile), a row in bin k when exactly k inner edges lie strictly below its score, empty
//    bins dropped. That is scikit-learn's calibration_curve(strategy="quantile"); rows sharing a
//    score always share a bin, so bins hold about, not exactly, N / bins rows. Each bin carries
//    the Wilson score interval of its observed rate.
//  - ECE: sum over bins of (rows / N) |mean score - observed rate|.
//  - Murphy's Brier decomposition over the distinct scores (each a forecast value):
//    Brier = reliability - resolution + uncertainty holds exactly, with
//    reliability = sum n_s (s - o_s)^2 / N, resolution = sum n_s (o_s - o)^2 / N, uncertainty =
//    o (1 - o), o_s the positive rate among rows scored s and o the overall rate.
//  - calibration slope and intercept: logistic regression of the label on logit(score) (slope 1
//    and intercept 0 when calibrated; slope < 1: over-confident), and the calibration-in-the-large
//    intercept with the slope fixed at 1. Scores of exactly 0 or 1 are clipped to 1e-15 from the
//    boundary before the logit (see clippedLogit); clippedRows counts them.
#include "logisticfit.h"
#include "rankingcurves.h"

namespace gr {

struct ReliabilityBin
{
    double lowEdge = 0, highEdge = 0; // quantile edges; the bin holds (lowEdge, highEdge]
    int64_t rows = 0, positives = 0;
    double meanScore = 0, observedRate = 0;
    double wilsonLow = 0, wilsonHigh = 0;
};

struct BrierDecomposition
{
    double brier = 0, reliability = 0, resolution = 0, uncertainty = 0;
};

struct CalibrationAssessment
{
    std::vector<ReliabilityBin> bins;
    double expectedCalibrationError = 0;
    BrierDecomposition brier;
    LogisticFit fit;                // slope and intercept
    LogisticFit calibrationInLarge; // intercept with slope 1
    int64_t clippedRows = 0;        // scores of exactly 0 or 1 (below 1e-15 or above 1 - 1e-15)
    double level = 0.95;
    QString undefinedReason; // set when the test set is empty
};

CalibrationAssessment assessCalibration(const ThresholdSweep &sweep, int bins = 10,
                                        double level = 0.95, const TaskControl *control = nullptr);

// Wilson score interval of `positives` out of `rows` at the given level (statsmodels'
// proportion_confint(method="wilson")).
std::pair<double, double> wilsonInterval(int64_t positives, int64_t rows, double level);

} // namespace gr

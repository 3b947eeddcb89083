#pragma once
// Everything the gate reports about one model at its operating threshold.
#include "confusion.h"
#include "thresholdsweep.h"

#include <cstddef>
#include <QStringList>
#include <vector>

namespace gr {

struct ModelMetrics
{
    double threshold = 0.5;
    Confusion confusion;
    double netBenefit = 0;
    double precision = 0, recall = 0, f1 = 0, accuracy = 0, mcc = 0;
    double rocAuc = 0, averagePrecision = 0, brier = 0;
    ThresholdSweep::Best bestNetBenefit;
    ThresholdSweep::Best bestF1;
    size_t distinctThresholds = 0;
};

// Confusion-derived metrics at `threshold`, read from the sweep in O(log N).
ModelMetrics metricsAtThreshold(const ThresholdSweep &sweep, double threshold,
                                const CellValues &values);

// The full set, adding the score-based metrics (AUC, AP, Brier) and the best thresholds.
ModelMetrics evaluateModel(const ThresholdSweep &sweep, double threshold, const CellValues &values);

// Metric by its policy name ("f1", "net_benefit", ...); false when the name is unknown.
bool metricByName(const ModelMetrics &m, const QString &name, double *value);
QStringList metricNames();
bool higherIsBetter(const QString &metricName);

} // namespace gr

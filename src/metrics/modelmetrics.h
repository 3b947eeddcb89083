#pragma once
// Everything the gate reports about one model at its operating threshold.
#include "confusion.h"
#include "thresholdsweep.h"

#include <cstddef>
#include <optional>
#include <QMap>
#include <QString>
#include <QStringList>
#include <vector>

namespace gr {

struct ModelMetrics
{
    double threshold = 0.5;
    Confusion confusion;
    Money netBenefit; // exact
    // The ratios follow scikit-learn (zero_division=0; NaN AUC/AP) so exports stay comparable,
    // but a metric whose definition divides by zero is listed in `undefined` with the reason, and
    // no policy check ever passes on it.
    double precision = 0, recall = 0, f1 = 0, accuracy = 0, mcc = 0;
    double rocAuc = 0, averagePrecision = 0, brier = 0;
    QMap<QString, QString> undefined; // metric name -> why it is undefined on this test set
    ThresholdSweep::BestNetBenefit bestNetBenefit;
    ThresholdSweep::Best bestF1;
    size_t distinctThresholds = 0;
};

// Confusion-derived metrics at `threshold`, read from the sweep in O(log N).
ModelMetrics metricsAtThreshold(const ThresholdSweep &sweep, double threshold,
                                const CellValues &values);

// The full set, adding the score-based metrics (AUC, AP, Brier) and the best thresholds.
ModelMetrics evaluateModel(const ThresholdSweep &sweep, double threshold, const CellValues &values);

// One metric by its policy name ("f1", "net_benefit", ...).
struct MetricValue
{
    double value = 0;           // net_benefit as the nearest double (for display only)
    std::optional<Money> money; // net_benefit, exact
    QString undefinedWhy;       // empty when the metric is defined
    bool isDefined() const { return undefinedWhy.isEmpty(); }
};
std::optional<MetricValue> metricByName(const ModelMetrics &m, const QString &name); // unknown: {}
QStringList metricNames();
bool higherIsBetter(const QString &metricName);
// The closed range a metric can take ([0, 1], [-1, 1] for mcc); nullopt for net_benefit.
std::optional<std::pair<double, double>> metricRange(const QString &metricName);

} // namespace gr

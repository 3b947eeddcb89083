#include "modelmetrics.h"

#include <QString>
#include <QStringList>

namespace gr {

ModelMetrics metricsAtThreshold(const ThresholdSweep &sweep, double threshold, const CellValues &values)
{
    ModelMetrics m;
    m.threshold = threshold;
    m.confusion = sweep.confusionAt(threshold);
    m.netBenefit = values.netBenefit(m.confusion);
    m.precision = m.confusion.precision();
    m.recall = m.confusion.recall();
    m.f1 = m.confusion.f1();
    m.accuracy = m.confusion.accuracy();
    m.mcc = m.confusion.mcc();
    m.distinctThresholds = sweep.size();
    return m;
}

double brierScore(const std::vector<uint8_t> &labels, const std::vector<double> &scores)
{
    // Pairwise-style blocked summation keeps the error near numpy's for large N.
    double total = 0;
    constexpr size_t kBlock = 4096;
    for (size_t start = 0; start < scores.size(); start += kBlock) {
        double block = 0;
        const size_t end = std::min(scores.size(), start + kBlock);
        for (size_t i = start; i < end; ++i) {
            const double d = scores[i] - double(labels[i]);
            block += d * d;
        }
        total += block;
    }
    return scores.empty() ? 0.0 : total / double(scores.size());
}

ModelMetrics evaluateModel(const std::vector<uint8_t> &labels, const std::vector<double> &scores,
                           const ThresholdSweep &sweep, double threshold, const CellValues &values)
{
    ModelMetrics m = metricsAtThreshold(sweep, threshold, values);
    m.rocAuc = sweep.rocAuc();
    m.averagePrecision = sweep.averagePrecision();
    m.brier = brierScore(labels, scores);
    m.bestNetBenefit = sweep.bestNetBenefit(values);
    m.bestF1 = sweep.bestF1();
    return m;
}

QStringList metricNames()
{
    return {QStringLiteral("net_benefit"), QStringLiteral("f1"), QStringLiteral("precision"),
            QStringLiteral("recall"), QStringLiteral("accuracy"), QStringLiteral("mcc"),
            QStringLiteral("roc_auc"), QStringLiteral("average_precision"), QStringLiteral("brier")};
}

bool higherIsBetter(const QString &metricName)
{
    return metricName != QLatin1String("brier");
}

bool metricByName(const ModelMetrics &m, const QString &name, double *value)
{
    const double values[] = {m.netBenefit, m.f1, m.precision, m.recall, m.accuracy,
                             m.mcc, m.rocAuc, m.averagePrecision, m.brier};
    const int i = int(metricNames().indexOf(name));
    if (i < 0)
        return false;
    *value = values[i];
    return true;
}

} // namespace gr

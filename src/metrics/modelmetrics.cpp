#include "modelmetrics.h"

#include <QString>
#include <QStringList>

namespace gr {

ModelMetrics metricsAtThreshold(const ThresholdSweep &sweep, double threshold,
                                const CellValues &values)
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

ModelMetrics evaluateModel(const ThresholdSweep &sweep, double threshold, const CellValues &values)
{
    ModelMetrics m = metricsAtThreshold(sweep, threshold, values);
    m.rocAuc = sweep.rocAuc();
    m.averagePrecision = sweep.averagePrecision();
    m.brier = sweep.brierScore();
    m.bestNetBenefit = sweep.bestNetBenefit(values);
    m.bestF1 = sweep.bestF1();
    return m;
}

QStringList metricNames()
{
    return {QStringLiteral("net_benefit"), QStringLiteral("f1"),
            QStringLiteral("precision"),   QStringLiteral("recall"),
            QStringLiteral("accuracy"),    QStringLiteral("mcc"),
            QStringLiteral("roc_auc"),     QStringLiteral("average_precision"),
            QStringLiteral("brier")};
}

bool higherIsBetter(const QString &metricName)
{
    return metricName != QLatin1String("brier");
}

bool metricByName(const ModelMetrics &m, const QString &name, double *value)
{
    const double values[] = {m.netBenefit, m.f1,     m.precision,        m.recall, m.accuracy,
                             m.mcc,        m.rocAuc, m.averagePrecision, m.brier};
    const int i = int(metricNames().indexOf(name));
    if (i < 0) return false;
    *value = values[i];
    return true;
}

} // namespace gr

#include "modelmetrics.h"

#include <QString>
#include <QStringList>

namespace gr {
namespace {

// The reasons a confusion-derived metric is undefined: its denominator is zero.
void noteUndefinedRatios(ModelMetrics &m)
{
    const Confusion &c = m.confusion;
    const QString at = QString::number(m.threshold, 'g', 10);
    if (c.total() == 0) {
        const QString empty = QStringLiteral("the test set is empty");
        for (const char *k : {"precision", "recall", "f1", "accuracy", "mcc"})
            m.undefined.insert(QLatin1String(k), empty);
        return;
    }
    if (c.tp + c.fp == 0)
        m.undefined.insert(QStringLiteral("precision"),
                           QStringLiteral("no row is predicted positive at threshold %1 "
                                          "(TP + FP = 0)")
                               .arg(at));
    if (c.tp + c.fn == 0)
        m.undefined.insert(QStringLiteral("recall"),
                           QStringLiteral("the test set has no positive rows (TP + FN = 0)"));
    if (2 * c.tp + c.fp + c.fn == 0)
        m.undefined.insert(QStringLiteral("f1"),
                           QStringLiteral("no positive rows and no positive predictions at "
                                          "threshold %1 (2·TP + FP + FN = 0)")
                               .arg(at));
    if (c.tp + c.fn == 0 || c.fp + c.tn == 0)
        m.undefined.insert(QStringLiteral("mcc"),
                           QStringLiteral("every row has the same label (%1)")
                               .arg(c.tp + c.fn == 0 ? QStringLiteral("all negative")
                                                     : QStringLiteral("all positive")));
    else if (c.tp + c.fp == 0 || c.fn + c.tn == 0)
        m.undefined.insert(QStringLiteral("mcc"),
                           QStringLiteral("every row gets the same prediction (%1) at "
                                          "threshold %2")
                               .arg(c.tp + c.fp == 0 ? QStringLiteral("all negative")
                                                     : QStringLiteral("all positive"),
                                    at));
}

} // namespace

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
    noteUndefinedRatios(m);
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
    if (sweep.rows() == 0) {
        for (const char *k : {"roc_auc", "average_precision", "brier"})
            m.undefined.insert(QLatin1String(k), QStringLiteral("the test set is empty"));
    } else {
        if (sweep.positives() == 0 || sweep.negatives() == 0)
            m.undefined.insert(QStringLiteral("roc_auc"),
                               QStringLiteral("only one class in the test set (all %1)")
                                   .arg(sweep.positives() == 0 ? QStringLiteral("negative")
                                                               : QStringLiteral("positive")));
        if (sweep.positives() == 0)
            m.undefined.insert(QStringLiteral("average_precision"),
                               QStringLiteral("the test set has no positive rows"));
    }
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

std::optional<std::pair<double, double>> metricRange(const QString &metricName)
{
    if (metricName == QLatin1String("net_benefit")) return std::nullopt;
    if (metricName == QLatin1String("mcc")) return std::pair{-1.0, 1.0};
    return std::pair{0.0, 1.0};
}

std::optional<MetricValue> metricByName(const ModelMetrics &m, const QString &name)
{
    const double values[] = {
        m.netBenefit.toDouble(), m.f1,   m.precision, m.recall, m.accuracy, m.mcc, m.rocAuc,
        m.averagePrecision,      m.brier};
    const int i = int(metricNames().indexOf(name));
    if (i < 0) return std::nullopt;
    MetricValue v;
    v.value = values[i];
    if (i == 0) v.money = m.netBenefit;
    v.undefinedWhy = m.undefined.value(name);
    return v;
}

} // namespace gr

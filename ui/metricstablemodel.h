#pragma once
// Confusion metrics of both models side by side at their current thresholds (declared or
// what-if), with the difference. Updated on every threshold move from an O(log N) sweep lookup.
#include "metrics/modelmetrics.h"

#include <QAbstractTableModel>

namespace gr::ui {

class MetricsTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        MetricColumn,
        ChampionColumn,
        CandidateColumn,
        DeltaColumn,
        ColumnCount
    };
    enum Row
    {
        Threshold,
        TP,
        FP,
        FN,
        TN,
        Precision,
        Recall,
        F1,
        Accuracy,
        Mcc,
        NetBenefit,
        RowCount
    };
    enum Role
    {
        ValueRole = Qt::UserRole + 1
    };

    explicit MetricsTableModel(QObject *parent = nullptr);
    void setMetrics(const ModelMetrics &champion, const ModelMetrics &candidate,
                    const QString &currency);
    void setWhatIf(bool championWhatIf, bool candidateWhatIf);
    void clear();

    static double valueOf(const ModelMetrics &m, int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString format(int row, double v, bool signedDelta) const;
    bool m_valid = false;
    ModelMetrics m_metrics[2];
    bool m_whatIf[2] = {false, false};
    QString m_currency;
};

} // namespace gr::ui

#pragma once
// The canary's interval verdicts as a table: one row per analysis interval with its traffic, its
// verdict and why. A widget-free adapter over CanaryResult.
#include "canaryevaluator.h"

#include <QAbstractTableModel>

namespace gr::ui {

class CanaryIntervalModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Number,
        Start,
        BaselineRequests,
        CanaryRequests,
        Verdict,
        Reasons,
        ColumnCount
    };
    static constexpr int VerdictRole = Qt::UserRole + 1; // gr::IntervalVerdict as int

    explicit CanaryIntervalModel(QObject *parent = nullptr);
    void setResult(
        const CanaryResult *result); // nullptr clears; the result must outlive the model's use

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    const CanaryResult *m_result = nullptr;
};

} // namespace gr::ui

#pragma once
// The paired 2x2 table of two models on the same rows: both right, champion only, candidate only,
// both wrong. The off-diagonal cells are McNemar's b and c.
#include "metrics/pairedcomparison.h"

#include <optional>
#include <QAbstractTableModel>

namespace gr::ui {

class PairedTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        CountRole = Qt::UserRole + 1
    };

    explicit PairedTableModel(QObject *parent = nullptr);
    void setComparison(const std::optional<PairedComparison> &comparison);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    int64_t countAt(int row, int column) const;
    std::optional<PairedComparison> m_comparison;
};

} // namespace gr::ui

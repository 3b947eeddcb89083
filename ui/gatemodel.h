#pragma once
// The four gate layers and their checks as a tree (layer → checks), with each check's value,
// limit and result. A GUI-less adapter over the core's GateReport.
#include "gate/gatereport.h"

#include <QAbstractItemModel>

namespace gr::ui {

class GateModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        ResultColumn,
        ValueColumn,
        LimitColumn,
        DetailColumn,
        ColumnCount
    };
    enum Role
    {
        ResultRole = Qt::UserRole + 1,
        CheckIdRole
    };

    explicit GateModel(QObject *parent = nullptr);
    void setReport(const GateReport *report); // nullptr clears; the report must outlive its use

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<LayerOutcome> m_layers;
    QString m_currency;
};

} // namespace gr::ui

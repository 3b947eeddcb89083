#pragma once
// The versions of one registered model as a table (version, aliases, run id, status,
// description): a GUI-less adapter over what a TrackingStore returns.
#include "mlflow/trackingstore.h"

#include <QAbstractTableModel>

namespace gr::ui {

class ModelVersionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Version,
        Aliases,
        RunId,
        Status,
        Description,
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;
    void setVersions(const QList<MlflowModelVersion> &versions);
    const MlflowModelVersion *versionAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<MlflowModelVersion> m_versions;
};

} // namespace gr::ui

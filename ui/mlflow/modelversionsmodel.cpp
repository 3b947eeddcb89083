#include "modelversionsmodel.h"

namespace gr::ui {

void ModelVersionsModel::setVersions(const QList<MlflowModelVersion> &versions)
{
    beginResetModel();
    m_versions = versions;
    endResetModel();
}

const MlflowModelVersion *ModelVersionsModel::versionAt(int row) const
{
    return row >= 0 && row < m_versions.size() ? &m_versions[row] : nullptr;
}

int ModelVersionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_versions.size());
}

int ModelVersionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelVersionsModel::data(const QModelIndex &index, int role) const
{
    const MlflowModelVersion *v = index.isValid() ? versionAt(index.row()) : nullptr;
    if (!v || (role != Qt::DisplayRole && role != Qt::ToolTipRole)) return {};
    switch (index.column()) {
    case Version:
        return v->version;
    case Aliases:
        return v->aliases.isEmpty() ? QString()
                                    : QStringLiteral("@") + v->aliases.join(QStringLiteral(" @"));
    case RunId:
        return v->runId;
    case Status:
        return v->status;
    case Description:
        return v->description;
    }
    return {};
}

QVariant ModelVersionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Version:
        return tr("Version");
    case Aliases:
        return tr("Aliases");
    case RunId:
        return tr("Run id");
    case Status:
        return tr("Status");
    case Description:
        return tr("Description");
    }
    return {};
}

} // namespace gr::ui

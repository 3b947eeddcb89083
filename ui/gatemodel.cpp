#include "gatemodel.h"
#include "palette.h"

#include <QFont>
#include <QGuiApplication>

namespace gr::ui {

// Layers have internalId 0; a check's internalId is its layer's row + 1.
GateModel::GateModel(QObject *parent) : QAbstractItemModel(parent)
{
}

void GateModel::setReport(const GateReport *report)
{
    beginResetModel();
    m_layers = report ? report->layers : QList<LayerOutcome>();
    m_currency = report ? report->policy.currency : QString();
    endResetModel();
}

QModelIndex GateModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent)) return {};
    return createIndex(row, column, parent.isValid() ? quintptr(parent.row() + 1) : quintptr(0));
}

QModelIndex GateModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0) return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int GateModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid()) return int(m_layers.size());
    if (parent.internalId() != 0 || parent.column() != 0) return 0;
    return int(m_layers[parent.row()].checks.size());
}

int GateModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant GateModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const bool isLayer = index.internalId() == 0;
    const LayerOutcome &layer = m_layers[isLayer ? index.row() : int(index.internalId() - 1)];
    const CheckOutcome *check = isLayer ? nullptr : &layer.checks[index.row()];
    const LayerResult result = isLayer ? layer.result : check->result;

    if (role == ResultRole) return toString(result);
    if (role == CheckIdRole) return isLayer ? QStringLiteral("layer%1").arg(layer.id) : check->id;
    if (role == Qt::ForegroundRole && index.column() == ResultColumn) {
        const QPalette p = QGuiApplication::palette();
        return result == LayerResult::Pass   ? colors::pass(p)
               : result == LayerResult::Fail ? colors::fail(p)
                                             : colors::notRun(p);
    }
    if (role == Qt::FontRole && (isLayer || index.column() == ResultColumn)) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole) return isLayer ? layer.summary : check->detail;
    if (role != Qt::DisplayRole) return {};

    switch (index.column()) {
    case NameColumn:
        return isLayer ? QStringLiteral("%1 · %2").arg(layer.id).arg(layer.name)
                       : check->description;
    case ResultColumn:
        // Without canary data layer 4 has not run: say why rather than a bare NOT_RUN.
        if (isLayer && layer.id == 4 && layer.result == LayerResult::NotRun &&
            layer.checks.isEmpty())
            return tr("NOT_RUN — no canary data");
        return toString(result);
    case ValueColumn:
        return check && check->actual ? formatCheckValue(*check, false, m_currency, 'f', 4)
                                      : QVariant();
    case LimitColumn:
        return check && check->limit ? formatCheckValue(*check, true, m_currency, 'f', 4)
                                     : QVariant();
    case DetailColumn:
        return isLayer ? layer.summary : check->detail;
    default:
        return {};
    }
}

QVariant GateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case NameColumn:
        return tr("Layer / check");
    case ResultColumn:
        return tr("Result");
    case ValueColumn:
        return tr("Value");
    case LimitColumn:
        return tr("Limit");
    case DetailColumn:
        return tr("Detail");
    default:
        return {};
    }
}

} // namespace gr::ui

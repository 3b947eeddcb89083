#include "canaryintervalmodel.h"
#include "gate/gatepolicy.h"

#include <cmath>

namespace gr::ui {

CanaryIntervalModel::CanaryIntervalModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void CanaryIntervalModel::setResult(const CanaryResult *result)
{
    beginResetModel();
    m_result = result;
    endResetModel();
}

int CanaryIntervalModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_result ? 0 : int(m_result->intervalResults.size());
}

int CanaryIntervalModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CanaryIntervalModel::data(const QModelIndex &index, int role) const
{
    if (!m_result ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const IntervalResult &r = m_result->intervalResults.at(index.row());
    if (role == VerdictRole) return int(r.verdict);
    if (role == Qt::TextAlignmentRole &&
        (index.column() == BaselineRequests || index.column() == CanaryRequests ||
         index.column() == Number))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Reasons)
        return r.reasons.join(QLatin1Char('\n'));
    if (role != Qt::DisplayRole) return {};
    switch (Column(index.column())) {
    case Number:
        return r.index + 1;
    case Start:
        return r.start.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case BaselineRequests:
        return formatCount(qint64(std::llround(r.baselineRequests)));
    case CanaryRequests:
        return formatCount(qint64(std::llround(r.canaryRequests)));
    case Verdict:
        return toString(r.verdict);
    case Reasons:
        return r.reasons.isEmpty() ? tr("all limits held") : r.reasons.join(QStringLiteral("; "));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant CanaryIntervalModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Number:
        return tr("#");
    case Start:
        return tr("Start (UTC)");
    case BaselineRequests:
        return tr("Baseline requests");
    case CanaryRequests:
        return tr("Canary requests");
    case Verdict:
        return tr("Verdict");
    case Reasons:
        return tr("Why");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace gr::ui

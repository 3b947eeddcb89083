#include "confusionmatrixmodel.h"
#include "gate/gatepolicy.h"
#include "palette.h"

#include <QGuiApplication>

namespace gr::ui {

ConfusionMatrixModel::ConfusionMatrixModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void ConfusionMatrixModel::setConfusion(const Confusion &confusion, const CellValues &values,
                                        const QString &currency)
{
    m_valid = true;
    m_delta = false;
    m_a = confusion;
    m_values = values;
    m_currency = currency;
    emit dataChanged(index(0, 0), index(1, 1));
}

void ConfusionMatrixModel::setDelta(const Confusion &champion, const Confusion &candidate,
                                    const CellValues &values, const QString &currency)
{
    m_valid = true;
    m_delta = true;
    m_a = champion;
    m_b = candidate;
    m_values = values;
    m_currency = currency;
    emit dataChanged(index(0, 0), index(1, 1));
}

void ConfusionMatrixModel::clear()
{
    m_valid = false;
    emit dataChanged(index(0, 0), index(1, 1));
}

Cell ConfusionMatrixModel::cellAt(int row, int column)
{
    static constexpr Cell kCells[2][2] = {{Cell::TP, Cell::FN}, {Cell::FP, Cell::TN}};
    return kCells[row][column];
}

int ConfusionMatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 2;
}

int ConfusionMatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 2;
}

QVariant ConfusionMatrixModel::data(const QModelIndex &index, int role) const
{
    if (!m_valid || !checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Cell cell = cellAt(index.row(), index.column());
    const int64_t count = m_delta ? m_b.count(cell) - m_a.count(cell) : m_a.count(cell);
    const Money amount = m_values.of(cell).times(count);
    const double dollars = amount.toDouble();
    // Row-normalised: the share of actual positives (or negatives) that landed in this cell.
    const int64_t rowTotal = index.row() == 0 ? m_a.tp + m_a.fn : m_a.fp + m_a.tn;
    const double rate = rowTotal > 0 ? double(m_a.count(cell)) / double(rowTotal) : 0.0;
    const QString name = QString::fromLatin1(cellName(cell)).toUpper();

    switch (role) {
    case Qt::DisplayRole:
        if (m_delta)
            return QStringLiteral("%1 %2\n%3")
                .arg(name, (count > 0 ? QStringLiteral("+") : QString()) + formatCount(count),
                     formatSignedMoney(amount, m_currency));
        return QStringLiteral("%1 %2\n%3 of row\n%4")
            .arg(name, formatCount(count))
            .arg(QString::number(rate * 100, 'f', 1) + QLatin1Char('%'),
                 formatMoney(amount, m_currency));
    case CountRole:
        return qlonglong(count);
    case RateRole:
        return m_delta ? QVariant() : QVariant(rate);
    case DollarsRole:
        return dollars;
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case Qt::BackgroundRole: {
        const QPalette p = QGuiApplication::palette();
        if (m_delta)
            return dollars == 0
                       ? QVariant()
                       : QVariant(colors::tint(dollars > 0 ? colors::gain(p) : colors::loss(p), p));
        const bool correct = cell == Cell::TP || cell == Cell::TN;
        return colors::tint(correct ? colors::kBluishGreen : colors::notRun(p), p, 0.5);
    }
    case Qt::ToolTipRole:
        if (m_delta)
            return tr("%1: candidate %2 − champion %3 rows, at %4 a row")
                .arg(name)
                .arg(m_b.count(cell))
                .arg(m_a.count(cell))
                .arg(formatMoney(m_values.of(cell), m_currency));
        return tr("%1 rows at %2 a row").arg(count).arg(formatMoney(m_values.of(cell), m_currency));
    default:
        return {};
    }
}

QVariant ConfusionMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || section < 0 || section > 1) return {};
    if (orientation == Qt::Horizontal)
        return section == 0 ? tr("Predicted positive") : tr("Predicted negative");
    return section == 0 ? tr("Actual positive") : tr("Actual negative");
}

} // namespace gr::ui

#include "pairedtablemodel.h"
#include "palette.h"

#include <QGuiApplication>

namespace gr::ui {

PairedTableModel::PairedTableModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void PairedTableModel::setComparison(const std::optional<PairedComparison> &comparison)
{
    m_comparison = comparison;
    emit dataChanged(index(0, 0), index(1, 1));
}

int PairedTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 2;
}

int PairedTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 2;
}

int64_t PairedTableModel::countAt(int row, int column) const
{
    const PairedComparison &c = *m_comparison;
    if (row == 0) return column == 0 ? c.bothCorrect : c.championOnlyCorrect;
    return column == 0 ? c.candidateOnlyCorrect : c.bothWrong;
}

QVariant PairedTableModel::data(const QModelIndex &index, int role) const
{
    if (!m_comparison || !checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const PairedComparison &c = *m_comparison;
    const int64_t rows =
        c.bothCorrect + c.championOnlyCorrect + c.candidateOnlyCorrect + c.bothWrong;
    const int64_t count = countAt(index.row(), index.column());
    static const char *const kNames[2][2] = {{"both right", "champion only right (b)"},
                                             {"candidate only right (c)", "both wrong"}};
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1\n%2\n%3%")
            .arg(tr(kNames[index.row()][index.column()]))
            .arg(count)
            .arg(rows > 0 ? 100.0 * double(count) / double(rows) : 0.0, 0, 'f', 2);
    case CountRole:
        return qlonglong(count);
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case Qt::BackgroundRole: {
        const QPalette p = QGuiApplication::palette();
        if (index.row() == 0 && index.column() == 1) return colors::tint(colors::loss(p), p);
        if (index.row() == 1 && index.column() == 0) return colors::tint(colors::gain(p), p);
        return {};
    }
    default:
        return {};
    }
}

QVariant PairedTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || section < 0 || section > 1) return {};
    if (orientation == Qt::Horizontal)
        return section == 0 ? tr("Candidate right") : tr("Candidate wrong");
    return section == 0 ? tr("Champion right") : tr("Champion wrong");
}

} // namespace gr::ui

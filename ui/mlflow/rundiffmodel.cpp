#include "rundiffmodel.h"

#include <algorithm>
#include <QFont>

namespace gr::ui {

void RunDiffModel::setRuns(const RunMetadata &champion, const RunMetadata &candidate)
{
    QList<Row> rows;
    auto add = [&rows](const QString &kind, const auto &a, const auto &b, auto format) {
        QStringList keys = a.keys() + b.keys();
        keys.removeDuplicates();
        keys.sort();
        for (const QString &k : keys) {
            const QString x = a.contains(k) ? format(a.value(k)) : QString();
            const QString y = b.contains(k) ? format(b.value(k)) : QString();
            rows.append({kind, k, x, y, a.contains(k) != b.contains(k) || x != y});
        }
    };
    add(tr("param"), champion.params, candidate.params, [](const QString &v) { return v; });
    add(tr("metric"), champion.metrics, candidate.metrics,
        [](double v) { return QString::number(v, 'g', 10); });
    beginResetModel();
    m_all = rows;
    rebuild();
    endResetModel();
}

void RunDiffModel::setOnlyDifferences(bool only)
{
    if (only == m_onlyDifferences) return;
    beginResetModel();
    m_onlyDifferences = only;
    rebuild();
    endResetModel();
}

void RunDiffModel::rebuild()
{
    m_rows.clear();
    for (const Row &r : m_all)
        if (!m_onlyDifferences || r.differs) m_rows.append(r);
}

int RunDiffModel::differenceCount() const
{
    return int(std::count_if(m_all.cbegin(), m_all.cend(), [](const Row &r) { return r.differs; }));
}

int RunDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunDiffModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) return {};
    const Row &r = m_rows[index.row()];
    if (role == DiffersRole) return r.differs;
    if (role == Qt::FontRole && r.differs) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
    case Kind:
        return r.kind;
    case Key:
        return r.key;
    case Champion:
        return r.champion;
    case Candidate:
        return r.candidate;
    }
    return {};
}

QVariant RunDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Kind:
        return tr("Kind");
    case Key:
        return tr("Name");
    case Champion:
        return tr("Champion");
    case Candidate:
        return tr("Candidate");
    }
    return {};
}

} // namespace gr::ui

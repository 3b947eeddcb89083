#include "disagreementmodel.h"

#include <algorithm>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace gr::ui {

namespace {

bool isRight(Cell c)
{
    return c == Cell::TP || c == Cell::TN;
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// The row's (champion cell, candidate cell), coded 4 * champion + candidate: from the segment
// analysis when there is one, else from the model's own per-row transitions.
Cell cellIn(const SegmentAnalysis *segments, const std::vector<uint8_t> *transitions, size_t row,
            bool champion)
{
    const uint8_t t = segments ? segments->transitions[row] : (*transitions)[row];
    return Cell(champion ? t / 4 : t % 4);
}

// What a row's cells, dollars and sort keys are read from. Shared and immutable, so a copy sorts
// on a worker thread while the model goes on serving the view (or is replaced).
struct RowKeys
{
    std::shared_ptr<const GateReport> report;
    const SegmentAnalysis *segments = nullptr;
    std::shared_ptr<const std::vector<uint8_t>> transitions;

    Cell cellOf(size_t row, bool champion) const
    {
        return cellIn(segments, transitions.get(), row, champion);
    }
    Money valueOf(size_t row, bool champion) const
    {
        return report->policy.values.of(cellOf(row, champion));
    }
    QVariant key(size_t row, int column) const
    {
        using M = DisagreementModel;
        const PredictionSet &champion = report->champion.run->predictions;
        switch (column) {
        case M::RowId:
            return champion.ids.isNumeric() ? QVariant(qlonglong(champion.ids.integerAt(row)))
                                            : QVariant(champion.ids.toString(row));
        case M::Label:
            return int(champion.labels[row]);
        case M::ChampionScore:
            return champion.scores[row];
        case M::CandidateScore:
            return report->candidate.run->predictions.scores[report->testSet.candidateRow(row)];
        case M::ChampionCell:
            return int(cellOf(row, true));
        case M::CandidateCell:
            return int(cellOf(row, false));
        case M::ChampionValue:
            return qlonglong(valueOf(row, true).micros());
        case M::CandidateValue:
            return qlonglong(valueOf(row, false).micros());
        case M::Loss:
            return qlonglong((valueOf(row, true) - valueOf(row, false)).micros());
        default: // bins and categories in their dictionary order
            return int(segments->columns.columns[size_t(column - M::FirstSegment)].codes[row]);
        }
    }
};

// `rows` in the order of `column`. Keys are computed once per row, not per comparison: 10M rows
// sort in seconds, not minutes. Equal keys keep file order, so a sort is deterministic.
std::vector<uint32_t> sortedRows(const RowKeys &keys, std::vector<uint32_t> rows, int column,
                                 Qt::SortOrder order)
{
    const bool descending = order == Qt::DescendingOrder;
    const RowIds &ids = keys.report->champion.run->predictions.ids;
    if (column == DisagreementModel::RowId && !ids.isNumeric()) {
        std::sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
            if (ids.equal(a, b)) return a < b;
            return descending ? ids.less(b, a) : ids.less(a, b);
        });
        return rows;
    }
    const bool score =
        column == DisagreementModel::ChampionScore || column == DisagreementModel::CandidateScore;
    std::vector<std::pair<double, uint32_t>> scored;
    std::vector<std::pair<int64_t, uint32_t>> counted;
    for (const uint32_t r : rows) {
        const QVariant key = keys.key(r, column);
        if (score)
            scored.emplace_back(key.toDouble(), r);
        else
            counted.emplace_back(key.toLongLong(), r);
    }
    auto sortPairs = [&](auto &pairs) {
        std::sort(pairs.begin(), pairs.end(), [&](const auto &x, const auto &y) {
            if (x.first == y.first) return x.second < y.second;
            return descending ? x.first > y.first : x.first < y.first;
        });
        for (size_t k = 0; k < pairs.size(); ++k)
            rows[k] = pairs[k].second;
    };
    if (score)
        sortPairs(scored);
    else
        sortPairs(counted);
    return rows;
}

} // namespace

DisagreementModel::DisagreementModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void DisagreementModel::setReport(std::shared_ptr<const GateReport> report)
{
    beginResetModel();
    m_report = report && report->comparison ? std::move(report) : nullptr;
    m_segments = m_report ? m_report->segments.get() : nullptr;
    m_transitions =
        m_report && !m_segments
            ? std::make_shared<const std::vector<uint8_t>>(pairedRowTransitions(*m_report))
            : nullptr;
    m_slice.reset();
    m_sortColumn = -1;
    refilter();
    endResetModel();
}

void DisagreementModel::setOutcome(Outcome outcome, Cell from, Cell to)
{
    beginResetModel();
    m_outcome = outcome;
    m_from = from;
    m_to = to;
    refilter();
    endResetModel();
    startSort();
}

void DisagreementModel::setSlice(std::optional<Slice> slice)
{
    beginResetModel();
    m_slice = std::move(slice);
    refilter();
    endResetModel();
    startSort();
}

Cell DisagreementModel::cellOf(size_t row, bool champion) const
{
    return cellIn(m_segments, m_transitions.get(), row, champion);
}

Money DisagreementModel::valueOf(size_t row, bool champion) const
{
    return m_report->policy.values.of(cellOf(row, champion));
}

bool DisagreementModel::listed(size_t row) const
{
    const Cell a = cellOf(row, true), b = cellOf(row, false);
    switch (m_outcome) {
    case Outcome::AllRows:
        break;
    case Outcome::Disagreements:
        if (isRight(a) == isRight(b)) return false;
        break;
    case Outcome::ChampionOnlyRight:
        if (!isRight(a) || isRight(b)) return false;
        break;
    case Outcome::CandidateOnlyRight:
        if (isRight(a) || !isRight(b)) return false;
        break;
    case Outcome::BothWrong:
        if (isRight(a) || isRight(b)) return false;
        break;
    case Outcome::Transition:
        if (a != m_from || b != m_to) return false;
        break;
    case Outcome::BothRight:
        if (!isRight(a) || !isRight(b)) return false;
        break;
    case Outcome::CellChanged:
        if ((a == m_from) == (b == m_from)) return false;
        break;
    }
    return !m_slice || !m_segments || m_segments->contains(*m_slice, row);
}

void DisagreementModel::refilter()
{
    m_rows.clear();
    if (!m_report) return;
    const size_t n = m_report->champion.run->predictions.size();
    for (size_t i = 0; i < n; ++i)
        if (listed(i)) m_rows.push_back(uint32_t(i));
    ++m_sortGeneration; // a sort still running on the old rows is never applied
    if (m_sorting) {
        m_sorting = false;
        emit sortingChanged(false);
    }
}

Money DisagreementModel::championNetBenefit() const
{
    MoneySum sum;
    for (const uint32_t r : m_rows)
        sum.add(valueOf(r, true));
    return sum.total();
}

Money DisagreementModel::candidateNetBenefit() const
{
    MoneySum sum;
    for (const uint32_t r : m_rows)
        sum.add(valueOf(r, false));
    return sum.total();
}

Confusion DisagreementModel::confusion(bool champion) const
{
    Confusion c;
    for (const uint32_t r : m_rows) {
        switch (cellOf(r, champion)) {
        case Cell::TP:
            ++c.tp;
            break;
        case Cell::FP:
            ++c.fp;
            break;
        case Cell::FN:
            ++c.fn;
            break;
        case Cell::TN:
            ++c.tn;
            break;
        }
    }
    return c;
}

int DisagreementModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DisagreementModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid()) return 0;
    return FirstSegment + (m_segments ? int(m_segments->columns.columns.size()) : 0);
}

QString DisagreementModel::text(size_t row, int column) const
{
    const PredictionSet &champion = m_report->champion.run->predictions;
    const PredictionSet &candidate = m_report->candidate.run->predictions;
    const QString &currency = m_report->policy.currency;
    switch (column) {
    case RowId:
        return champion.ids.toString(row);
    case Label:
        return QString::number(champion.labels[row]);
    case ChampionScore:
        return QString::number(champion.scores[row], 'g', 6);
    case CandidateScore:
        return QString::number(candidate.scores[m_report->testSet.candidateRow(row)], 'g', 6);
    case ChampionCell:
        return QString::fromLatin1(cellName(cellOf(row, true))).toUpper();
    case CandidateCell:
        return QString::fromLatin1(cellName(cellOf(row, false))).toUpper();
    case ChampionValue:
        return formatMoney(valueOf(row, true), currency);
    case CandidateValue:
        return formatMoney(valueOf(row, false), currency);
    case Loss:
        return formatSignedMoney(valueOf(row, true) - valueOf(row, false), currency);
    default: {
        const SegmentColumn &c = m_segments->columns.columns[size_t(column - FirstSegment)];
        return c.values[c.codes[row]];
    }
    }
}

QVariant DisagreementModel::sortKey(size_t row, int column) const
{
    return RowKeys{m_report, m_segments, m_transitions}.key(row, column);
}

QVariant DisagreementModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_report || index.row() >= int(m_rows.size()) ||
        index.column() >= columnCount())
        return {};
    const size_t row = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return text(row, index.column());
    case Qt::TextAlignmentRole:
        return index.column() >= ChampionScore && index.column() <= Loss &&
                       index.column() != ChampionCell && index.column() != CandidateCell
                   ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                   : QVariant();
    case RowIndexRole:
        return qulonglong(row);
    case SortRole:
        return sortKey(row, index.column());
    default:
        return {};
    }
}

QVariant DisagreementModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
    switch (section) {
    case RowId:
        return tr("row id");
    case Label:
        return tr("label");
    case ChampionScore:
        return tr("champion score");
    case CandidateScore:
        return tr("candidate score");
    case ChampionCell:
        return tr("champion cell");
    case CandidateCell:
        return tr("candidate cell");
    case ChampionValue:
        return tr("champion $");
    case CandidateValue:
        return tr("candidate $");
    case Loss:
        return tr("candidate's loss");
    default:
        if (m_segments && section - FirstSegment < int(m_segments->columns.columns.size()))
            return m_segments->columns.columns[size_t(section - FirstSegment)].name;
        return {};
    }
}

void DisagreementModel::sort(int column, Qt::SortOrder order)
{
    if (!m_report || column < 0 || column >= columnCount()) return;
    m_sortColumn = column;
    m_sortOrder = order;
    startSort();
}

void DisagreementModel::startSort()
{
    if (!m_report || m_sortColumn < 0) return;
    const quint64 generation = ++m_sortGeneration;
    const RowKeys keys{m_report, m_segments, m_transitions};
    if (m_rows.size() < m_backgroundSortFrom) {
        applySorted(sortedRows(keys, m_rows, m_sortColumn, m_sortOrder));
        return;
    }
    // Millions of rows: sorted on a worker from a copy; the view keeps the current order until
    // the result arrives, and a result overtaken by a new filter or sort is dropped.
    if (!m_sorting) {
        m_sorting = true;
        emit sortingChanged(true);
    }
    auto *watcher = new QFutureWatcher<std::vector<uint32_t>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_sortGeneration) return;
        m_sorting = false;
        applySorted(watcher->result());
        emit sortingChanged(false);
    });
    watcher->setFuture(QtConcurrent::run(sortedRows, keys, m_rows, m_sortColumn, m_sortOrder));
}

void DisagreementModel::applySorted(std::vector<uint32_t> rows)
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<uint32_t> old = std::exchange(m_rows, std::move(rows));
    if (!before.isEmpty()) {
        std::vector<int> newPosition(m_report->champion.run->predictions.size(), -1);
        for (size_t k = 0; k < m_rows.size(); ++k)
            newPosition[m_rows[k]] = int(k);
        QModelIndexList after;
        for (const QModelIndex &i : before)
            after << index(newPosition[old[size_t(i.row())]], i.column());
        changePersistentIndexList(before, after);
    }
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

QString DisagreementModel::toCsv(const QList<int> &listedRows) const
{
    QStringList lines;
    QStringList header;
    for (int c = 0; c < columnCount(); ++c)
        header << csvField(headerData(c, Qt::Horizontal).toString());
    lines << header.join(QLatin1Char(','));
    auto add = [&](size_t row) {
        QStringList fields;
        for (int c = 0; c < columnCount(); ++c) {
            QString t = text(row, c);
            if (c == ChampionValue || c == CandidateValue || c == Loss) {
                // Plain decimals in a CSV: no currency sign or thousands separators.
                const Money v = c == Loss ? valueOf(row, true) - valueOf(row, false)
                                          : valueOf(row, c == ChampionValue);
                t = v.toDecimalString();
            }
            fields << csvField(t);
        }
        lines << fields.join(QLatin1Char(','));
    };
    if (listedRows.isEmpty()) {
        for (const uint32_t r : m_rows)
            add(r);
    } else {
        for (const int k : listedRows)
            if (k >= 0 && k < int(m_rows.size())) add(m_rows[size_t(k)]);
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace gr::ui

#include "disagreementmodel.h"
#include "model/parallel.h"

#include <algorithm>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace gr::ui {

namespace {

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

template <typename T, typename Apply>
void DisagreementModel::applyWhenDone(QFuture<T> future, Apply apply)
{
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<T>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, apply] {
        watcher->deleteLater();
        if (generation != m_generation) return;
        apply(watcher->future().takeResult()); // moved out: millions of rows are not copied
        setBusy(Busy::Idle);
    });
    watcher->setFuture(future);
}

DisagreementModel::DisagreementModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void DisagreementModel::setReport(std::shared_ptr<const GateReport> report)
{
    beginResetModel();
    m_keys.report = report && report->comparison ? std::move(report) : nullptr;
    m_keys.segments = m_keys.report ? m_keys.report->segments.get() : nullptr;
    m_keys.transitions.reset(); // the listing computes them when there is no segment analysis
    m_filter.slice.reset();
    m_sortColumn = -1;
    m_rows.clear();
    m_shown = 0;
    m_confusion = {};
    endResetModel();
    relist();
}

void DisagreementModel::setOutcome(Outcome outcome, Cell from, Cell to)
{
    m_filter.outcome = outcome;
    m_filter.from = from;
    m_filter.to = to;
    relist();
}

void DisagreementModel::setSlice(std::optional<Slice> slice)
{
    m_filter.slice = std::move(slice);
    relist();
}

void DisagreementModel::relist()
{
    ++m_generation;
    if (!m_keys.report) {
        applyListing({});
        setBusy(Busy::Idle);
        return;
    }
    if (m_keys.report->champion.run->predictions.size() < m_backgroundFrom) {
        applyListing(listRows(m_keys, m_filter, m_sortColumn, m_sortOrder));
        setBusy(Busy::Idle);
        return;
    }
    // Millions of rows: listed on a worker. Until they arrive the model lists none, rather than
    // the previous filter's rows under the new filter's name.
    applyListing({{}, m_keys.transitions, {}, {}});
    setBusy(Busy::Listing);
    applyWhenDone(QtConcurrent::run(
                      workerPool(),
                      [](RowKeys keys, RowFilter filter, int column, Qt::SortOrder order) {
                          enterBackgroundWork();
                          return listRows(std::move(keys), filter, column, order);
                      },
                      m_keys, m_filter, m_sortColumn, m_sortOrder),
                  [this](Listing listing) { applyListing(std::move(listing)); });
}

void DisagreementModel::applyListing(Listing listing)
{
    beginResetModel();
    m_rows = std::move(listing.rows);
    m_shown = std::min(m_rows.size(), m_fetchBatch);
    if (listing.transitions) m_keys.transitions = std::move(listing.transitions);
    m_confusion = {listing.champion, listing.candidate};
    endResetModel();
}

void DisagreementModel::setBusy(Busy busy)
{
    const bool was = isBusy();
    m_busy = busy;
    if (was != isBusy()) emit busyChanged(isBusy());
}

Money DisagreementModel::championNetBenefit() const
{
    return m_keys.report ? m_keys.report->policy.values.netBenefit(m_confusion[0]) : Money();
}

Money DisagreementModel::candidateNetBenefit() const
{
    return m_keys.report ? m_keys.report->policy.values.netBenefit(m_confusion[1]) : Money();
}

int DisagreementModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown);
}

bool DisagreementModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_shown < m_rows.size();
}

void DisagreementModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent)) return;
    const size_t more = std::min(m_fetchBatch, m_rows.size() - m_shown);
    beginInsertRows({}, int(m_shown), int(m_shown + more - 1));
    m_shown += more;
    endInsertRows();
}

int DisagreementModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid()) return 0;
    return FirstSegment + (m_keys.segments ? int(m_keys.segments->columns.columns.size()) : 0);
}

QString DisagreementModel::text(size_t row, int column) const
{
    const PredictionSet &champion = m_keys.report->champion.run->predictions;
    const PredictionSet &candidate = m_keys.report->candidate.run->predictions;
    const QString &currency = m_keys.report->policy.currency;
    switch (column) {
    case RowId:
        return champion.ids.toString(row);
    case Label:
        return QString::number(champion.labels[row]);
    case ChampionScore:
        return QString::number(champion.scores[row], 'g', 6);
    case CandidateScore:
        return QString::number(candidate.scores[m_keys.report->testSet.candidateRow(row)], 'g', 6);
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
        const SegmentColumn &c = m_keys.segments->columns.columns[size_t(column - FirstSegment)];
        return c.values[c.codes[row]];
    }
    }
}

QVariant DisagreementModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_keys.report || index.row() >= int(m_shown) ||
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
        return m_keys.key(row, index.column());
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
        if (m_keys.segments &&
            section - FirstSegment < int(m_keys.segments->columns.columns.size()))
            return m_keys.segments->columns.columns[size_t(section - FirstSegment)].name;
        return {};
    }
}

void DisagreementModel::sort(int column, Qt::SortOrder order)
{
    if (!m_keys.report || column < 0 || column >= columnCount()) return;
    m_sortColumn = column;
    m_sortOrder = order;
    if (isListing())
        relist(); // the listing under way sorts by the old column: list again, sorted anew
    else
        startSort();
}

void DisagreementModel::startSort()
{
    if (!m_keys.report || m_sortColumn < 0) return;
    ++m_generation;
    if (m_rows.size() < m_backgroundFrom) {
        applySorted(sortedRows(m_keys, m_rows, m_sortColumn, m_sortOrder));
        setBusy(Busy::Idle);
        return;
    }
    // Millions of rows: sorted on a worker from a copy; the view keeps the current order until
    // the result arrives.
    setBusy(Busy::Sorting);
    applyWhenDone(
        QtConcurrent::run(
            workerPool(),
            [](RowKeys keys, std::vector<uint32_t> rows, int column, Qt::SortOrder order) {
                enterBackgroundWork();
                return sortedRows(keys, std::move(rows), column, order);
            },
            m_keys, m_rows, m_sortColumn, m_sortOrder),
        [this](std::vector<uint32_t> rows) { applySorted(std::move(rows)); });
}

void DisagreementModel::applySorted(std::vector<uint32_t> rows)
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<uint32_t> old = std::exchange(m_rows, std::move(rows));
    if (!before.isEmpty()) {
        std::vector<int> newPosition(m_keys.report->champion.run->predictions.size(), -1);
        for (size_t k = 0; k < m_rows.size(); ++k)
            newPosition[m_rows[k]] = int(k);
        QModelIndexList after;
        for (const QModelIndex &i : before) {
            // A row sorted past the fetched ones leaves the view (and its selection).
            const int to = newPosition[old[size_t(i.row())]];
            after << (to < int(m_shown) ? index(to, i.column()) : QModelIndex());
        }
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

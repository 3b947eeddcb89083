#include "rowlisting.h"

#include <algorithm>

namespace gr::ui {

namespace {

bool isRight(Cell c)
{
    return c == Cell::TP || c == Cell::TN;
}

void count(Confusion &c, Cell cell)
{
    switch (cell) {
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

} // namespace

// The row's (champion cell, candidate cell), coded 4 * champion + candidate.
Cell RowKeys::cellOf(size_t row, bool champion) const
{
    const uint8_t t = segments ? segments->transitions[row] : (*transitions)[row];
    return Cell(champion ? t / 4 : t % 4);
}

Money RowKeys::valueOf(size_t row, bool champion) const
{
    return report->policy.values.of(cellOf(row, champion));
}

QVariant RowKeys::key(size_t row, int column) const
{
    const PredictionSet &champion = report->champion.run->predictions;
    switch (column) {
    case RowId:
        return champion.ids.isNumeric() ? QVariant(qlonglong(champion.ids.integerAt(row)))
                                        : QVariant(champion.ids.toString(row));
    case Label:
        return int(champion.labels[row]);
    case ChampionScore:
        return champion.scores[row];
    case CandidateScore:
        return report->candidate.run->predictions.scores[report->testSet.candidateRow(row)];
    case ChampionCell:
        return int(cellOf(row, true));
    case CandidateCell:
        return int(cellOf(row, false));
    case ChampionValue:
        return qlonglong(valueOf(row, true).micros());
    case CandidateValue:
        return qlonglong(valueOf(row, false).micros());
    case Loss:
        return qlonglong((valueOf(row, true) - valueOf(row, false)).micros());
    default: // bins and categories in their dictionary order
        return int(segments->columns.columns[size_t(column - FirstSegment)].codes[row]);
    }
}

bool RowKeys::listed(const RowFilter &filter, size_t row) const
{
    const Cell a = cellOf(row, true), b = cellOf(row, false);
    switch (filter.outcome) {
    case RowOutcome::AllRows:
        break;
    case RowOutcome::Disagreements:
        if (isRight(a) == isRight(b)) return false;
        break;
    case RowOutcome::ChampionOnlyRight:
        if (!isRight(a) || isRight(b)) return false;
        break;
    case RowOutcome::CandidateOnlyRight:
        if (isRight(a) || !isRight(b)) return false;
        break;
    case RowOutcome::BothWrong:
        if (isRight(a) || isRight(b)) return false;
        break;
    case RowOutcome::Transition:
        if (a != filter.from || b != filter.to) return false;
        break;
    case RowOutcome::BothRight:
        if (!isRight(a) || !isRight(b)) return false;
        break;
    case RowOutcome::CellChanged:
        if ((a == filter.from) == (b == filter.from)) return false;
        break;
    }
    return !filter.slice || !segments || segments->contains(*filter.slice, row);
}

Listing listRows(RowKeys keys, const RowFilter &filter, int sortColumn, Qt::SortOrder order)
{
    Listing out;
    if (!keys.report) return out;
    if (!keys.segments && !keys.transitions)
        keys.transitions =
            std::make_shared<const std::vector<uint8_t>>(pairedRowTransitions(*keys.report));
    out.transitions = keys.transitions;
    const size_t n = keys.report->champion.run->predictions.size();
    for (size_t i = 0; i < n; ++i) {
        if (!keys.listed(filter, i)) continue;
        out.rows.push_back(uint32_t(i));
        count(out.champion, keys.cellOf(i, true));
        count(out.candidate, keys.cellOf(i, false));
    }
    if (sortColumn >= 0) out.rows = sortedRows(keys, std::move(out.rows), sortColumn, order);
    return out;
}

std::vector<uint32_t> sortedRows(const RowKeys &keys, std::vector<uint32_t> rows, int column,
                                 Qt::SortOrder order)
{
    const bool descending = order == Qt::DescendingOrder;
    const RowIds &ids = keys.report->champion.run->predictions.ids;
    if (column == RowId && !ids.isNumeric()) {
        std::sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
            if (ids.equal(a, b)) return a < b;
            return descending ? ids.less(b, a) : ids.less(a, b);
        });
        return rows;
    }
    const bool score = column == ChampionScore || column == CandidateScore;
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

} // namespace gr::ui

#pragma once
// The worker-side half of the "Where it lost" rows: which rows a paired-outcome filter and a slice
// list, their confusion, and their order by a column. Everything here reads shared, immutable
// data (the gate report, its segment analysis, the per-row transitions), so a listing of 10M
// rows runs on a worker thread while the model goes on serving the view, or is replaced.
#include "gate/gatereport.h"
#include "segments/segmentanalysis.h"

#include <memory>
#include <optional>
#include <Qt>
#include <QVariant>
#include <vector>

namespace gr::ui {

enum class RowOutcome
{
    AllRows,
    Disagreements, // one model right, the other wrong
    ChampionOnlyRight,
    CandidateOnlyRight,
    BothWrong,
    Transition, // from → to
    BothRight,
    CellChanged // rows in cell `from` for one model but not the other: the Δ matrix's rows
};

enum RowColumn
{
    RowId,
    Label,
    ChampionScore,
    CandidateScore,
    ChampionCell,
    CandidateCell,
    ChampionValue,
    CandidateValue,
    Loss,
    FirstSegment // then one column per segment column
};

struct RowFilter
{
    RowOutcome outcome = RowOutcome::Disagreements;
    Cell from = Cell::TP, to = Cell::TP;
    std::optional<Slice> slice; // nullopt: every row
};

// What a row's cells, dollars and sort keys are read from: the segment analysis's per-row
// transitions when there is one, else the model's own (`transitions`, computed by listRows()).
struct RowKeys
{
    std::shared_ptr<const GateReport> report;
    const SegmentAnalysis *segments = nullptr; // owned by report
    std::shared_ptr<const std::vector<uint8_t>> transitions;

    Cell cellOf(size_t row, bool champion) const;
    Money valueOf(size_t row, bool champion) const;
    QVariant key(size_t row, int column) const; // the SortRole value
    bool listed(const RowFilter &filter, size_t row) const;
};

struct Listing
{
    std::vector<uint32_t> rows; // champion-file row indices, in the requested order
    std::shared_ptr<const std::vector<uint8_t>> transitions;
    Confusion champion, candidate; // of the listed rows
};

// The rows `filter` lists, sorted by `sortColumn` (none when negative). Computes the per-row
// transitions first when `keys` has neither them nor a segment analysis.
Listing listRows(RowKeys keys, const RowFilter &filter, int sortColumn, Qt::SortOrder order);

// `rows` in the order of `column`. Keys are computed once per row, not per comparison: 10M rows
// sort in seconds, not minutes. Equal keys keep file order, so a sort is deterministic.
std::vector<uint32_t> sortedRows(const RowKeys &keys, std::vector<uint32_t> rows, int column,
                                 Qt::SortOrder order);

} // namespace gr::ui

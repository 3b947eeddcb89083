#pragma once
// The rows behind "Where it lost": every row of the paired test set with its id, label, both
// scores, both cells, each model's dollar outcome, the row's loss and its segment values,
// filtered by paired outcome (champion-only-right, candidate-only-right, both wrong or right, one
// champion cell → candidate cell transition, or the rows that moved into or out of one cell) and
// by slice, sortable. Virtualised: it holds one
// 4-byte row index per listed row and computes every cell on demand, so 10M rows scroll.
// No widgets: an adapter over the gate report and its SegmentAnalysis.
#include "gate/gatereport.h"
#include "segments/segmentanalysis.h"

#include <optional>
#include <QAbstractTableModel>

namespace gr::ui {

class DisagreementModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Outcome
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
    enum Column
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
    enum Role
    {
        RowIndexRole = Qt::UserRole + 1, // the row's index in the champion file
        SortRole
    };

    explicit DisagreementModel(QObject *parent = nullptr);

    // Both may be null (no review / no segment columns: the rows are listed without segments).
    void setReport(std::shared_ptr<const GateReport> report);
    void setOutcome(Outcome outcome, Cell from = Cell::TP, Cell to = Cell::TP);
    // Only the rows of this slice; nullopt: every row.
    void setSlice(std::optional<Slice> slice);
    Outcome outcome() const { return m_outcome; }
    const std::optional<Slice> &slice() const { return m_slice; }

    // The listed rows, as champion-file row indices (in the current sort order).
    const std::vector<uint32_t> &rows() const { return m_rows; }
    // The listed rows' net benefit and cells, for "NB for this slice" summaries.
    Money championNetBenefit() const;
    Money candidateNetBenefit() const;
    Confusion confusion(bool champion) const;

    // CSV of the given listed rows (all listed rows when empty), header included, fields quoted
    // where needed.
    QString toCsv(const QList<int> &listedRows = {}) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // Sorts the listed rows; from backgroundSortFrom() rows on, on a worker thread: the view keeps
    // its order until sortingChanged(false), and a filter change meanwhile drops the result.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool isSorting() const { return m_sorting; }
    size_t backgroundSortFrom() const { return m_backgroundSortFrom; }
    void setBackgroundSortFrom(size_t rows) { m_backgroundSortFrom = rows; }

signals:
    void sortingChanged(bool sorting);

private:
    void refilter();
    void startSort(); // by m_sortColumn / m_sortOrder, when one is set
    void applySorted(std::vector<uint32_t> rows);
    bool listed(size_t row) const;
    Cell cellOf(size_t row, bool champion) const;
    Money valueOf(size_t row, bool champion) const;
    QVariant sortKey(size_t row, int column) const;
    QString text(size_t row, int column) const;

    std::shared_ptr<const GateReport> m_report;
    const SegmentAnalysis *m_segments = nullptr;
    // When the report has no segment analysis; shared with a sort running on a worker.
    std::shared_ptr<const std::vector<uint8_t>> m_transitions;
    Outcome m_outcome = Outcome::Disagreements;
    Cell m_from = Cell::TP, m_to = Cell::TP;
    std::optional<Slice> m_slice;
    std::vector<uint32_t> m_rows;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    size_t m_backgroundSortFrom = 200'000;
    quint64 m_sortGeneration = 0;
    bool m_sorting = false;
};

} // namespace gr::ui

#pragma once
// The rows behind "Where it lost": every row of the paired test set with its id, label, both
// scores, both cells, each model's dollar outcome, the row's loss and its segment values,
// filtered by paired outcome (champion-only-right, candidate-only-right, both wrong or right, one
// champion cell → candidate cell transition, or the rows that moved into or out of one cell) and
// by slice, sortable. Virtualised: it holds one
// 4-byte row index per listed row and computes every cell on demand, so 10M rows scroll.
// No widgets: an adapter over the gate report and its SegmentAnalysis.
#include "rowlisting.h"

#include <algorithm>
#include <array>
#include <optional>
#include <QAbstractTableModel>
#include <QFuture>

namespace gr::ui {

class DisagreementModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using Outcome = RowOutcome;
    using Column = RowColumn;
    using enum RowColumn;
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
    Outcome outcome() const { return m_filter.outcome; }
    const std::optional<Slice> &slice() const { return m_filter.slice; }

    // The listed rows, as champion-file row indices (in the current sort order).
    const std::vector<uint32_t> &rows() const { return m_rows; }
    // The listed rows' net benefit and cells, for "NB for this slice" summaries.
    Money championNetBenefit() const;
    Money candidateNetBenefit() const;
    Confusion confusion(bool champion) const { return champion ? m_confusion[0] : m_confusion[1]; }

    // CSV of the given listed rows (all listed rows when empty), header included, fields quoted
    // where needed.
    QString toCsv(const QList<int> &listedRows = {}) const;

    // The view is given the listed rows in batches as it scrolls (canFetchMore / fetchMore):
    // a view told of millions of rows at once spends a tenth of a second on the UI thread
    // setting up its header sections. rows(), the summaries and toCsv() cover every listed row.
    int rowCount(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    size_t fetchBatch() const { return m_fetchBatch; }
    void setFetchBatch(size_t rows) { m_fetchBatch = std::max<size_t>(1, rows); }
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // Sorts the listed rows. From backgroundFrom() rows on, listing (a new report, outcome or
    // slice: the model is empty until the rows arrive) and sorting (the view keeps its order
    // until the result arrives) run on a worker, and a result overtaken by a newer filter or sort
    // is dropped. busyChanged() tells when such work starts and ends.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool isBusy() const { return m_busy != Busy::Idle; }
    bool isListing() const { return m_busy == Busy::Listing; }
    bool isSorting() const { return m_busy == Busy::Sorting; }
    size_t backgroundFrom() const { return m_backgroundFrom; }
    void setBackgroundFrom(size_t rows) { m_backgroundFrom = rows; }

signals:
    void busyChanged(bool busy);

private:
    enum class Busy
    {
        Idle,
        Listing,
        Sorting
    };
    void relist();    // lists by m_filter (and sorts by the current column), perhaps on a worker
    void startSort(); // by m_sortColumn / m_sortOrder, when one is set
    void applyListing(Listing listing);
    void applySorted(std::vector<uint32_t> rows);
    void setBusy(Busy busy);
    // Applies a worker's result, unless a newer listing or sort started since.
    template <typename T, typename Apply> void applyWhenDone(QFuture<T> future, Apply apply);
    Cell cellOf(size_t row, bool champion) const { return m_keys.cellOf(row, champion); }
    Money valueOf(size_t row, bool champion) const { return m_keys.valueOf(row, champion); }
    QString text(size_t row, int column) const;

    // The report, its segment analysis and (without one) the per-row transitions: shared with
    // the listings and sorts running on workers.
    RowKeys m_keys;
    RowFilter m_filter;
    std::vector<uint32_t> m_rows;
    size_t m_shown = 0; // of m_rows, the first m_shown are the view's rows (fetched so far)
    std::array<Confusion, 2> m_confusion{}; // champion, candidate, of m_rows
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    size_t m_backgroundFrom = 200'000;
    size_t m_fetchBatch = 100'000;
    quint64 m_generation = 0; // of the newest listing or sort: older results are dropped
    Busy m_busy = Busy::Idle;
};

} // namespace gr::ui

#pragma once
// "Where it lost": the top slices of the candidate's paired dollar loss (SliceLine), the
// per-segment comparison (ΔNB with its interval, Benjamini–Hochberg flags), a bar chart of ΔNB by
// segment with intervals, and the rows behind them: a drill-down filtered by paired outcome or
// confusion transition and by slice, sortable, with the listed rows' NB and confusion counts
// (labelled as the slice's) and CSV export of the selection.
#include "disagreementmodel.h"
#include "reviewstate.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;

namespace gr::ui {

class PlotView;

class WhereItLostPage : public QWidget
{
    Q_OBJECT
public:
    explicit WhereItLostPage(ReviewState *state, QWidget *parent = nullptr);
    DisagreementModel *rowsModel() const { return m_model; }
    // Filters the drill-down to the i-th top slice (as clicking its row does); -1: no slice.
    void showSlice(int index);
    // Filters the drill-down by paired outcome (as choosing it in the filter does).
    void showOutcome(DisagreementModel::Outcome outcome, Cell from = Cell::TP, Cell to = Cell::TP);
    // Writes the selected rows (all listed rows when none is selected) as CSV.
    bool exportRows(const QString &path) const;

private:
    void rebuild();
    void fillSlices();
    void fillSegments();
    void fillChart();
    void applyOutcome();
    void updateRowsSummary();

    ReviewState *m_state;
    DisagreementModel *m_model;
    QLabel *m_summary;
    QTableWidget *m_slices;
    QTableWidget *m_segments;
    PlotView *m_chart;
    QComboBox *m_outcome;
    QLabel *m_sliceLabel;
    QPushButton *m_clearSlice;
    QPushButton *m_export;
    QLabel *m_rowsSummary;
    QTableView *m_rows;
};

} // namespace gr::ui

#pragma once
// Confusion matrices of both models side by side at their current thresholds (live with the
// what-if sliders), the difference candidate − champion coloured by dollar gain or loss, and the
// paired 2x2 table with McNemar's test at the declared thresholds. Clicking a cell of the Δ matrix
// or of the paired table asks for its rows (the "Where it lost" drill-down lists them).
#include "reviewstate.h"
#include "segments/disagreementmodel.h"

#include <QWidget>

class QLabel;

namespace gr::ui {

class ConfusionMatrixModel;
class PairedTableModel;

class ConfusionPage : public QWidget
{
    Q_OBJECT
public:
    ConfusionPage(ReviewState *state, QWidget *parent = nullptr);

signals:
    // The rows behind a clicked cell, at the declared thresholds: the Δ matrix's cell gives
    // CellChanged (rows in that cell for one model only), the paired table's its paired outcome.
    void rowsRequested(gr::ui::DisagreementModel::Outcome outcome, gr::Cell cell);

private:
    void refreshReport();
    void refreshMatrices();

    ReviewState *m_state;
    ConfusionMatrixModel *m_champion, *m_candidate, *m_delta;
    PairedTableModel *m_paired;
    QLabel *m_championCaption, *m_candidateCaption, *m_deltaCaption, *m_mcnemar, *m_whatIfNote;
};

} // namespace gr::ui

#pragma once
// "Ranking & calibration": did the candidate rank worse, or rank better but put its threshold in
// the wrong place because its scores are calibrated differently? ROC and PR curves of both
// models (AUC / AP in the legend, operating and NB-optimal points marked), reliability diagrams
// with Wilson intervals, DeLong's paired test, a calibration table and the recalibration what-if.
#include "reviewstate.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace gr::ui {

class AnalysisState;
class PlotView;

class RankingPage : public QWidget
{
    Q_OBJECT
public:
    explicit RankingPage(ReviewState *state, QWidget *parent = nullptr);
    AnalysisState *analysisState() const { return m_analysis; }

    // Rows of the calibration table, in order (tests read cells by these).
    enum Row
    {
        RocAuc,
        AveragePrecision,
        Ece,
        Brier,
        Reliability,
        Resolution,
        Uncertainty,
        Slope,
        Intercept,
        InTheLarge,
        ClippedRows,
        RowCount
    };

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void fillCurves();
    void fillTable();

    ReviewState *m_state;
    AnalysisState *m_analysis;
    QLabel *m_status;
    QPushButton *m_cancel;
    PlotView *m_roc, *m_pr, *m_reliability;
    QLabel *m_delong, *m_recalibration;
    QTableWidget *m_table;
};

} // namespace gr::ui

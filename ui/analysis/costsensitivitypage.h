#pragma once
// "Cost sensitivity": would the verdict survive other dollar values? A heat map of the
// candidate's net-benefit advantage over a grid of FP and FN values (0 to 3x the policy's, TP
// and TN fixed) with the policy's point marked, at the declared thresholds or with each model at
// its own optimum; the nearest flips in words; a ratio view; and a labelled what-if on the FP and
// FN values that never changes the verdict. The what-if values are the ReviewState's, so every
// page's dollars follow them like a what-if threshold. All verdicts are exact (whole cents).
#include "reviewstate.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QCPColorMap;

namespace gr::ui {

class AnalysisState;
class PlotView;

class CostSensitivityPage : public QWidget
{
    Q_OBJECT
public:
    explicit CostSensitivityPage(ReviewState *state, QWidget *parent = nullptr);
    // The what-if cell values (dollars) and its sentence; tests drive these.
    void setWhatIfValues(double fp, double fn);
    QString whatIfText() const;
    QString flipText() const;

private:
    void rebuild();
    void updateWhatIf();
    void syncValues(); // the spin boxes from the review's (what-if or policy) values
    bool optimumMode() const;

    ReviewState *m_state;
    AnalysisState *m_analysis;
    QComboBox *m_mode;
    PlotView *m_heat, *m_ratio;
    QCPColorMap *m_map = nullptr;
    QLabel *m_status, *m_flips, *m_whatIf;
    QDoubleSpinBox *m_fp, *m_fn;
};

} // namespace gr::ui

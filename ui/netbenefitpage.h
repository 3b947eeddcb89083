#pragma once
// Net benefit in dollars against the threshold for both models, with operating points, optima and
// the what-if thresholds (draggable); where the dollars of ΔNB came from, cell by cell; ΔNB with
// its bootstrap interval; and, as an option, the decision curve (net benefit per row against
// treat-all and treat-none).
#include "lazypage.h"
#include "reviewstate.h"
#include "sweepcurves.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QCPItemText;

namespace gr::ui {

class PlotView;

class NetBenefitPage : public LazyPage
{
    Q_OBJECT
public:
    NetBenefitPage(ReviewState *state, QWidget *parent = nullptr);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild() override;                     // samples both sweeps, then rebuildCurves()
    void restyle() override { rebuildCurves(); } // plot colours follow the theme
    void rebuildCurves();
    void refreshWhatIf();
    void keepBarLabelsInside();
    void refreshBreakdown();

    ReviewState *m_state;
    PlotView *m_plot;
    PlotView *m_dollars;
    QCheckBox *m_decisionCurve;
    QLabel *m_deltaLabel;
    QLabel *m_breakdownTitle;
    QLabel *m_curveNote; // what the decision curve weighs, when it is shown
    SweepCurves m_curves[2];
    CellValues m_sampledValues; // the values m_curves were sampled at (policy or what-if)
    QList<QCPItemText *> m_barLabels;
};

} // namespace gr::ui

#pragma once
// Precision, recall, F1 and net benefit against the threshold for both models, with a what-if
// threshold per model (slider, spin box, or drag its line on the plot). Every move is an
// O(log N) lookup into the sweep; the curves were sampled once per report.
#include "lazypage.h"
#include "reviewstate.h"
#include "sweepcurves.h"

#include <QWidget>

class QCheckBox;
class QLabel;

namespace gr::ui {

class MetricsTableModel;
class PlotView;

class ThresholdPage : public LazyPage
{
    Q_OBJECT
public:
    ThresholdPage(ReviewState *state, QWidget *parent = nullptr);

protected:
private:
    void rebuild() override;                     // samples both sweeps, then rebuildCurves()
    void restyle() override { rebuildCurves(); } // plot colours follow the theme
    void rebuildCurves();
    void refreshWhatIf();

    ReviewState *m_state;
    PlotView *m_plot;
    MetricsTableModel *m_metrics;
    QCheckBox *m_show[4]; // precision, recall, F1, net benefit
    QLabel *m_note;
    SweepCurves m_curves[2];
    CellValues m_sampledValues; // the values m_curves were sampled at (policy or what-if)
};

} // namespace gr::ui

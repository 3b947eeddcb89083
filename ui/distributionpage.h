#pragma once
// Score distributions by class for each model: where the positives and negatives sit relative to
// the threshold shows calibration and shift. Histograms are computed once per report off the UI
// thread (one O(N) pass per model).
#include "metrics/scorehistogram.h"
#include "reviewstate.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

class QCheckBox;

namespace gr::ui {

class PlotView;

class DistributionPage : public QWidget
{
    Q_OBJECT
public:
    DistributionPage(ReviewState *state, QWidget *parent = nullptr);
    ~DistributionPage() override;

    static constexpr int kBins = 50;
    bool isComputing() const { return m_watcher.isRunning(); }
    const ScoreHistogram &histogram(Side side) const { return m_histograms[int(side)]; }

signals:
    void histogramsReady();

protected:
    void changeEvent(QEvent *event) override; // plot colours follow the theme

private:
    void compute();
    void rebuild();
    void refreshMarkers();

    ReviewState *m_state;
    PlotView *m_plots[2];
    QCheckBox *m_shares;
    ScoreHistogram m_histograms[2];
    QThreadPool m_pool; // off the global pool, which Qt's painter uses (see ReviewLoader)
    QFutureWatcher<std::array<ScoreHistogram, 2>> m_watcher;
    std::shared_ptr<const GateReport> m_pending; // keeps the runs alive while the worker reads them
};

} // namespace gr::ui

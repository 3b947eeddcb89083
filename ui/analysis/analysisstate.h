#pragma once
// The review's analysis (ROC/PR, DeLong, calibration, recalibration, cost grids), computed once
// per gate report off the UI thread with progress and cancel, shared by the "Ranking &
// calibration" and "Cost sensitivity" pages. It lives as a child of the ReviewState, found or
// created by of(), so no other class needs to know it exists.
#include "analysis/reviewanalysis.h"
#include "model/taskcontrol.h"
#include "reviewstate.h"

#include <memory>
#include <QFutureWatcher>
#include <QThreadPool>

namespace gr::ui {

class AnalysisState : public QObject
{
    Q_OBJECT
public:
    static AnalysisState *of(ReviewState *state);
    ~AnalysisState() override;

    std::shared_ptr<const ReviewAnalysis> analysis() const { return m_analysis; }
    bool isComputing() const { return m_watcher.isRunning(); }
    double progress() const { return m_control ? m_control->progress() : 0.0; }
    void cancel();
    QString problem() const { return m_problem; } // why there is no analysis, in words

signals:
    void analysisChanged();

private:
    explicit AnalysisState(ReviewState *state);
    void compute();

    ReviewState *m_state;
    std::shared_ptr<const ReviewAnalysis> m_analysis;
    std::shared_ptr<TaskControl> m_control;
    std::shared_ptr<const GateReport> m_pending;
    QString m_problem;
    QThreadPool m_pool;
    QFutureWatcher<std::shared_ptr<const ReviewAnalysis>> m_watcher;
};

} // namespace gr::ui

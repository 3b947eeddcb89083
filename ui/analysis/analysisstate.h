#pragma once
// The review's evidence — the analysis (ROC/PR, DeLong, calibration, recalibration, cost grids)
// and the diagnosis built on it — computed once per gate report off the UI thread with progress
// and cancel, after the verdict is shown. The "Ranking & calibration", "Cost sensitivity" and
// "Diagnosis" pages show it and exports carry it; the result is handed to the ReviewState, which
// keeps it with the review it belongs to. It lives as a child of the ReviewState, found or
// created by of(), so no other class needs to know it exists.
#include "analysis/reviewanalysis.h"
#include "diagnosis/diagnosis.h"
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
    bool isComputing() const { return m_pending != nullptr; }
    double progress() const { return m_control ? m_control->progress() : 0.0; }
    void cancel();
    // Computes again after a cancel (or a failure); nothing while a computation runs.
    void recompute();
    QString problem() const { return m_problem; } // why there is no analysis, in words
    // Blocks until the evidence of the open report is in the ReviewState (an export that cannot
    // wait for the page): joins the computation under way rather than starting another.
    void finishNow();

signals:
    void analysisChanged();

private:
    struct Outcome
    {
        std::optional<ReviewEvidence> evidence; // none: cancelled or failed
        QString error;
    };

    explicit AnalysisState(ReviewState *state);
    void compute();
    void computed();

    ReviewState *m_state;
    std::shared_ptr<const ReviewAnalysis> m_analysis;
    std::shared_ptr<const GateReport> m_analysed; // the report m_analysis was computed for
    std::shared_ptr<TaskControl> m_control;
    std::shared_ptr<const GateReport> m_pending;
    QString m_problem;
    QThreadPool m_pool;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace gr::ui

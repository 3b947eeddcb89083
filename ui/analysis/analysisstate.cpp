#include "analysisstate.h"
#include "model/errors.h"

#include <QtConcurrent/QtConcurrentRun>

namespace gr::ui {

AnalysisState *AnalysisState::of(ReviewState *state)
{
    if (auto *existing = state->findChild<AnalysisState *>(QString(), Qt::FindDirectChildrenOnly))
        return existing;
    return new AnalysisState(state);
}

AnalysisState::AnalysisState(ReviewState *state) : QObject(state), m_state(state)
{
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        m_pending.reset();
        if (m_watcher.future().resultCount() > 0) m_analysis = m_watcher.result();
        if (!m_analysis && m_problem.isEmpty()) m_problem = tr("The analysis was cancelled.");
        emit analysisChanged();
    });
    connect(state, &ReviewState::reportChanged, this, &AnalysisState::compute);
    compute();
}

AnalysisState::~AnalysisState()
{
    cancel();
    m_watcher.waitForFinished();
}

void AnalysisState::cancel()
{
    if (m_control) m_control->cancel();
}

void AnalysisState::compute()
{
    cancel();
    m_watcher.waitForFinished();
    m_analysis.reset();
    m_problem.clear();
    const auto report = m_state->report();
    if (!report) {
        emit analysisChanged();
        return;
    }
    if (!report->testSet.identical) {
        m_problem = tr("The two models were not scored on the same test set, so there is no "
                       "paired analysis.");
        emit analysisChanged();
        return;
    }
    m_pending = report;
    m_control = std::make_shared<TaskControl>();
    auto control = m_control;
    emit analysisChanged(); // pages show "computing"
    m_watcher.setFuture(
        QtConcurrent::run(&m_pool, [report, control]() -> std::shared_ptr<const ReviewAnalysis> {
            try {
                control->setProgress(0.1, QStringLiteral("analysing"));
                auto out =
                    std::make_shared<ReviewAnalysis>(analyseReview(*report, {}, control.get()));
                control->setProgress(1.0);
                return out;
            } catch (const Cancelled &) {
                return nullptr;
            }
        }));
}

} // namespace gr::ui

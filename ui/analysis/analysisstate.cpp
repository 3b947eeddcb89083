#include "analysisstate.h"
#include "freedmemory.h"
#include "model/errors.h"
#include "model/parallel.h"

#include <QtConcurrent/QtConcurrentRun>

namespace gr::ui {

namespace {

// The analysis depends on the runs, their declared thresholds and the policy, not on layer 4: a
// report that only gained a canary layer keeps it.
bool sameAnalysisInputs(const GateReport &a, const GateReport &b)
{
    return a.champion.sweep == b.champion.sweep && a.candidate.sweep == b.candidate.sweep &&
           a.champion.metrics.threshold == b.champion.metrics.threshold &&
           a.candidate.metrics.threshold == b.candidate.metrics.threshold &&
           a.testSet.identical == b.testSet.identical && a.policy.sha256() == b.policy.sha256();
}

} // namespace

AnalysisState *AnalysisState::of(ReviewState *state)
{
    if (auto *existing = state->findChild<AnalysisState *>(QString(), Qt::FindDirectChildrenOnly))
        return existing;
    return new AnalysisState(state);
}

AnalysisState::AnalysisState(ReviewState *state) : QObject(state), m_state(state)
{
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &AnalysisState::computed);
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

void AnalysisState::recompute()
{
    if (!isComputing()) compute();
}

void AnalysisState::compute()
{
    // The previous computation is cancelled, not waited for: the UI thread never blocks on it,
    // and its result, if it still arrives, is for a report that is no longer m_pending.
    cancel();
    m_problem.clear();
    m_pending.reset();
    const auto report = m_state->report();
    if (!report) {
        m_analysis.reset();
        m_analysed.reset();
        emit analysisChanged();
        return;
    }
    if (!report->testSet.identical)
        m_problem = tr("The two models were not scored on the same test set, so there is no "
                       "paired analysis.");
    const ReviewEvidence &held = m_state->evidence();
    if (held.diagnosis) { // computed with the review
        m_analysis = held.analysis;
        m_analysed = report;
        emit analysisChanged();
        return;
    }
    std::shared_ptr<const ReviewAnalysis> reuse = held.analysis;
    if (!reuse && m_analysis && m_analysed && sameAnalysisInputs(*m_analysed, *report))
        reuse = m_analysis;
    m_analysis = reuse;
    m_analysed = reuse ? report : nullptr;
    m_pending = report;
    m_control = std::make_shared<TaskControl>();
    auto control = m_control;
    emit analysisChanged(); // pages show "computing"
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [report, control, reuse]() -> Outcome {
        enterBackgroundWork();
        try {
            control->setProgress(0.1, QStringLiteral("analysing"));
            Outcome out{gatherEvidence(*report, control.get(), reuse), {}};
            control->setProgress(1.0);
            return out;
        } catch (const Cancelled &) {
            return {};
        } catch (const std::bad_alloc &) {
            return {std::nullopt, tr("not enough memory")};
        } catch (const std::exception &e) {
            return {std::nullopt, QString::fromLocal8Bit(e.what())};
        }
    }));
}

void AnalysisState::computed()
{
    if (!m_pending) return; // finishNow() applied it already, or a newer report replaced it
    const std::shared_ptr<const GateReport> report = std::exchange(m_pending, nullptr);
    const Outcome outcome = m_watcher.future().resultCount() > 0 ? m_watcher.result() : Outcome();
    if (outcome.evidence) {
        m_analysis = outcome.evidence->analysis;
        m_analysed = m_analysis ? report : nullptr;
        m_state->setEvidence(report, *outcome.evidence);
        releaseFreedMemory(); // the computation's working memory
    } else if (m_problem.isEmpty() || !outcome.error.isEmpty()) {
        m_problem = outcome.error.isEmpty() ? tr("The analysis was cancelled.")
                                            : tr("The analysis failed: %1.").arg(outcome.error);
    }
    emit analysisChanged();
}

void AnalysisState::finishNow()
{
    if (!m_pending) return;
    m_watcher.waitForFinished();
    computed();
}

} // namespace gr::ui

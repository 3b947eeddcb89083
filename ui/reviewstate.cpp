#include "reviewstate.h"
#include "gate/gateevaluator.h"

namespace gr::ui {

ReviewState::ReviewState(QObject *parent) : QObject(parent)
{
}

void ReviewState::setReport(std::shared_ptr<const GateReport> report, const ReviewInputs &inputs)
{
    m_report = std::move(report);
    m_inputs = inputs;
    if (m_report) {
        m_whatIf[0] = m_report->champion.metrics.threshold;
        m_whatIf[1] = m_report->candidate.metrics.threshold;
    }
    emit reportChanged();
}

void ReviewState::clear()
{
    m_report.reset();
    m_inputs = {};
    m_notes.clear();
    emit reportChanged();
}

double ReviewState::whatIfThreshold(Side side) const
{
    return m_whatIf[side == Side::Champion ? 0 : 1];
}

bool ReviewState::isWhatIf(Side side) const
{
    if (!m_report) return false;
    const double declared = side == Side::Champion ? m_report->champion.metrics.threshold
                                                   : m_report->candidate.metrics.threshold;
    return whatIfThreshold(side) != declared;
}

void ReviewState::setWhatIfThreshold(Side side, double threshold)
{
    double &slot = m_whatIf[side == Side::Champion ? 0 : 1];
    if (slot == threshold) return;
    slot = threshold;
    emit whatIfChanged(side);
}

void ReviewState::resetWhatIf()
{
    if (!m_report) return;
    setWhatIfThreshold(Side::Champion, m_report->champion.metrics.threshold);
    setWhatIfThreshold(Side::Candidate, m_report->candidate.metrics.threshold);
}

const ModelEvaluation *ReviewState::evaluation(Side side) const
{
    if (!m_report) return nullptr;
    return side == Side::Champion ? &m_report->champion : &m_report->candidate;
}

ModelMetrics ReviewState::whatIfMetrics(Side side) const
{
    const ModelEvaluation *e = evaluation(side);
    if (!e || !e->sweep) return {};
    return metricsAtThreshold(*e->sweep, whatIfThreshold(side), m_report->policy.values);
}

double ReviewState::declaredThreshold(Side side) const
{
    const ModelEvaluation *e = evaluation(side);
    return e ? e->metrics.threshold : 0.5;
}

void ReviewState::setCanaryLayer(const LayerOutcome &canary)
{
    if (!m_report) return;
    auto updated = std::make_shared<GateReport>(*m_report);
    attachCanaryLayer(*updated, canary);
    m_report = std::move(updated);
    emit reportChanged();
}

void ReviewState::setNotes(int step, const QString &text)
{
    if (m_notes.value(step) == text) return;
    m_notes.insert(step, text);
    emit notesChanged(step);
}

} // namespace gr::ui

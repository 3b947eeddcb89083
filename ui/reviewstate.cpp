#include "reviewstate.h"
#include "gate/gateevaluator.h"

namespace gr::ui {

ReviewState::ReviewState(QObject *parent) : QObject(parent)
{
}

void ReviewState::setReview(Review review)
{
    const bool sameRuns = hasReport() && review.report && m_review.request.samePair(review.request);
    if (sameRuns) {
        if (review.notes.isEmpty()) review.notes = m_review.notes;
        if (!review.championWhatIf) review.championWhatIf = m_review.championWhatIf;
        if (!review.candidateWhatIf) review.candidateWhatIf = m_review.candidateWhatIf;
        if (!review.canary && m_review.canary) {
            auto report = std::make_shared<GateReport>(*review.report);
            attachCanaryLayer(*report, canaryLayerOutcome(*m_review.canary));
            review.report = std::move(report);
            review.evidence.diagnosis.reset(); // step 4 depends on layer 4
            review.canary = m_review.canary;
            review.request.canaryData = m_review.request.canaryData;
            review.request.canaryPolicy = m_review.request.canaryPolicy;
        }
    }
    const bool hadDecision = m_review.decision.has_value();
    m_review = std::move(review);
    for (SampledCurves &c : m_sampled)
        c = {}; // the previous report's sweeps are not kept alive
    if (!sameRuns) m_whatIfValues.reset();
    if (!sameRuns) setModified(false);
    emit reportChanged();
    if (hadDecision || m_review.decision) emit decisionChanged();
}

void ReviewState::setReport(std::shared_ptr<const GateReport> report, const ReviewInputs &inputs)
{
    Review review;
    review.request = inputs;
    review.report = std::move(report);
    if (review.report) {
        review.championIdentity = identityOf(inputs.champion, *review.report->champion.run);
        review.candidateIdentity = identityOf(inputs.candidate, *review.report->candidate.run);
    }
    setReview(std::move(review));
}

void ReviewState::clear()
{
    const bool hadDecision = m_review.decision.has_value();
    m_review = Review();
    for (SampledCurves &c : m_sampled)
        c = {};
    m_whatIfValues.reset();
    setModified(false);
    emit reportChanged();
    if (hadDecision) emit decisionChanged();
}

SweepCurves ReviewState::sweepCurves(Side side) const
{
    const ModelEvaluation *e = evaluation(side);
    SampledCurves &cached = m_sampled[int(side)];
    if (!e || !e->sweep) {
        cached = {};
        return {};
    }
    const CellValues now = values();
    if (cached.sweep != e->sweep || !(cached.values == now))
        cached = {e->sweep, now, SweepCurves::sample(*e->sweep, now)};
    return cached.curves; // the vectors are shared, not copied
}

std::optional<double> &ReviewState::whatIfSlot(Side side)
{
    return side == Side::Champion ? m_review.championWhatIf : m_review.candidateWhatIf;
}

double ReviewState::whatIfThreshold(Side side) const
{
    const std::optional<double> &slot =
        side == Side::Champion ? m_review.championWhatIf : m_review.candidateWhatIf;
    return slot.value_or(declaredThreshold(side));
}

bool ReviewState::isWhatIf(Side side) const
{
    return hasReport() && whatIfThreshold(side) != declaredThreshold(side);
}

void ReviewState::setWhatIfThreshold(Side side, double threshold)
{
    if (whatIfThreshold(side) == threshold) return;
    whatIfSlot(side) = threshold;
    if (hasReport()) setModified(true);
    emit whatIfChanged(side);
}

void ReviewState::resetWhatIf()
{
    if (!hasReport()) return;
    setWhatIfThreshold(Side::Champion, declaredThreshold(Side::Champion));
    setWhatIfThreshold(Side::Candidate, declaredThreshold(Side::Candidate));
    setWhatIfValues(m_review.report->policy.values);
}

CellValues ReviewState::values() const
{
    if (m_whatIfValues) return *m_whatIfValues;
    return hasReport() ? m_review.report->policy.values : CellValues{};
}

bool ReviewState::isValuesWhatIf() const
{
    return hasReport() && m_whatIfValues.has_value();
}

void ReviewState::setWhatIfValues(const CellValues &values)
{
    if (!hasReport() || values == this->values()) return;
    if (values == m_review.report->policy.values)
        m_whatIfValues.reset();
    else
        m_whatIfValues = values;
    emit whatIfChanged(Side::Champion);
    emit whatIfChanged(Side::Candidate);
}

bool ReviewState::anyWhatIf() const
{
    return isWhatIf(Side::Champion) || isWhatIf(Side::Candidate) || isValuesWhatIf();
}

const ModelEvaluation *ReviewState::evaluation(Side side) const
{
    if (!hasReport()) return nullptr;
    return side == Side::Champion ? &m_review.report->champion : &m_review.report->candidate;
}

ModelMetrics ReviewState::whatIfMetrics(Side side) const
{
    const ModelEvaluation *e = evaluation(side);
    if (!e || !e->sweep) return {};
    return metricsAtThreshold(*e->sweep, whatIfThreshold(side), values());
}

double ReviewState::declaredThreshold(Side side) const
{
    const ModelEvaluation *e = evaluation(side);
    return e ? e->metrics.threshold : 0.5;
}

void ReviewState::setCanary(std::shared_ptr<const CanaryResult> result, const QString &policy,
                            const QStringList &data)
{
    m_review.canary = std::move(result);
    m_review.request.canaryData = data;
    m_review.request.canaryPolicy = policy == m_review.request.policy ? QString() : policy;
    if (m_review.canary && hasReport()) {
        setModified(true);
        setCanaryLayer(canaryLayerOutcome(*m_review.canary));
    }
}

void ReviewState::setCanaryLayer(const LayerOutcome &canary)
{
    if (!hasReport()) return;
    auto updated = std::make_shared<GateReport>(*m_review.report);
    attachCanaryLayer(*updated, canary);
    m_review.report = std::move(updated);
    // Step 4's choices depend on layer 4: the diagnosis is redone; the analysis (same runs, same
    // policy) is kept.
    m_review.evidence.diagnosis.reset();
    emit reportChanged();
}

void ReviewState::setEvidence(const std::shared_ptr<const GateReport> &forReport,
                              ReviewEvidence evidence)
{
    if (!forReport || forReport != m_review.report) return;
    m_review.evidence = std::move(evidence);
    emit evidenceChanged();
}

void ReviewState::setNotes(int step, const QString &text)
{
    if (m_review.notes.value(step) == text) return;
    m_review.notes.insert(step, text);
    setModified(true);
    emit notesChanged(step);
}

void ReviewState::setDecision(const RecordedDecision &decision)
{
    m_review.decision = decision;
    emit decisionChanged();
}

void ReviewState::setModified(bool modified)
{
    if (m_modified == modified) return;
    m_modified = modified;
    emit modifiedChanged(modified);
}

} // namespace gr::ui

namespace gr::ui {

QString ReviewState::whatIfSummary() const
{
    const std::shared_ptr<const GateReport> report = this->report();
    if (!report || !anyWhatIf()) return {};
    const QString currency = report->policy.currency;
    const CellValues v = values();
    const Money champion = whatIfMetrics(Side::Champion).netBenefit,
                candidate = whatIfMetrics(Side::Candidate).netBenefit;
    return tr("at thresholds %1 / %2 and values per row TP %3, FP %4, FN %5, TN %6, the champion "
              "would make %7 and the candidate %8 (%9)")
        .arg(whatIfThreshold(Side::Champion), 0, 'g', 6)
        .arg(whatIfThreshold(Side::Candidate), 0, 'g', 6)
        .arg(formatMoney(v.tp, currency), formatMoney(v.fp, currency), formatMoney(v.fn, currency),
             formatMoney(v.tn, currency), formatMoney(champion, currency),
             formatMoney(candidate, currency),
             report->testSet.identical
                 ? tr("ΔNB %1").arg(formatSignedMoney(candidate - champion, currency))
                 : tr("not comparable: different test sets"));
}

} // namespace gr::ui

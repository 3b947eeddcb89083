#include "decision.h"

namespace gr {

namespace {
struct KindInfo
{
    DecisionKind kind;
    const char *id;
    const char *display;
};
const KindInfo kKinds[] = {
    {DecisionKind::PromoteCandidate, "promote_candidate", "Promote candidate"},
    {DecisionKind::ChampionStays, "champion_stays", "Champion stays — candidate genuinely worse"},
    {DecisionKind::FixDataPipeline, "fix_data_pipeline", "Fix the data pipeline"},
    {DecisionKind::RetuneThreshold, "retune_threshold",
     "Re-tune the threshold and re-run the gate"},
    {DecisionKind::FastTrackReview, "fast_track_review", "Fast-track review"},
};
} // namespace

QString toString(DecisionKind kind)
{
    for (const auto &k : kKinds)
        if (k.kind == kind) return QLatin1String(k.id);
    return {};
}

bool decisionKindFromString(const QString &text, DecisionKind *kind)
{
    for (const auto &k : kKinds)
        if (text == QLatin1String(k.id)) {
            *kind = k.kind;
            return true;
        }
    return false;
}

QString displayName(DecisionKind kind)
{
    for (const auto &k : kKinds)
        if (k.kind == kind) return QString::fromUtf8(k.display);
    return {};
}

QStringList decisionKindNames()
{
    QStringList names;
    for (const auto &k : kKinds)
        names << QLatin1String(k.id);
    return names;
}

QString diagnosisStepTitle(int step)
{
    switch (step) {
    case StepComparison:
        return QStringLiteral("Diagnose the comparison");
    case StepData:
        return QStringLiteral("Check the data");
    case StepModel:
        return QStringLiteral("Check the model");
    case StepDecide:
        return QStringLiteral("Decide");
    }
    return {};
}

QString validateDecision(const Decision &decision, const QString &gateResult)
{
    if (decision.rationale.trimmed().isEmpty())
        return QStringLiteral(
            "a rationale is required: say why, for whoever reads this decision later");
    if (decision.author.trimmed().isEmpty()) return QStringLiteral("an author is required");
    if (decision.kind == DecisionKind::PromoteCandidate && gateResult != QLatin1String("PROMOTED"))
        return QStringLiteral(
                   "'Promote candidate' is only possible when the gate result is PROMOTED (it is "
                   "%1); "
                   "use 'Fast-track review' for the emergency path, which still runs every check")
            .arg(gateResult.isEmpty() ? QStringLiteral("unknown") : gateResult);
    return {};
}

} // namespace gr

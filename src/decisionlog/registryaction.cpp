#include "registryaction.h"
#include "model/errors.h"

namespace gr {

DecisionRecord recordRegistryAction(DecisionLog &log, qint64 decisionId, const QString &action,
                                    const QString &author)
{
    const std::optional<DecisionRecord> original = log.record(decisionId);
    if (!original)
        throw InputError(log.path(), QStringLiteral("no decision #%1 in the log").arg(decisionId));
    if (!original->isEffective())
        throw InputError(log.path(), QStringLiteral("decision #%1 was superseded by #%2")
                                         .arg(decisionId)
                                         .arg(*original->supersededBy));
    Decision decision = original->decision;
    decision.rationale += QStringLiteral("\n\nRegistry action (by %1): %2")
                              .arg(author.isEmpty() ? original->decision.author : author, action);
    if (!author.isEmpty()) decision.author = author;
    return log.append(decision, decisionId);
}

} // namespace gr

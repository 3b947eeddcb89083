#pragma once
// A registry change made because of a decision (e.g. @champion moved to the promoted version)
// is recorded in the log like any correction: a new record that supersedes the decision, with
// the same evidence and the action appended to its rationale. The log stays append-only and
// hash-chained, and the history shows who moved the alias, when, and on which decision.
#include "decisionlog.h"

namespace gr {

// Throws InputError when `decisionId` is not in the log or is already superseded.
DecisionRecord recordRegistryAction(DecisionLog &log, qint64 decisionId, const QString &action,
                                    const QString &author);

} // namespace gr

#pragma once
// Acting on the MLflow registry because of a recorded decision: a guarded compare-and-swap of
// the @champion alias, and its guarded rollback.
//
// A decision binds what was reviewed (its gate report): the registry (tracking URI without
// credentials), the model name, the champion's and the candidate's versions and run ids, and
// the test-set fingerprint. promoteDecision() re-reads @champion and @candidate and refuses,
// naming what changed, unless both are still the reviewed ones on the same registry. It runs
// once: the record it appends supersedes the decision and is an *action* (registry_action_json),
// never a decision that could be executed again. rollbackPromotion() is guarded the same way:
// @champion must still point at what the promotion set.
//
// Race window: MLflow has no atomic "set alias if it still points at X". Between the re-read and
// the write (one request, milliseconds) another writer can move the alias; the write then wins
// over theirs. The alias is read back after the write and the outcome recorded ("confirmed", or
// "mismatch" naming what it read), so such a race is visible in the log and on the console.
#include "decisionlog.h"
#include "model/errors.h"

class QJsonObject;

namespace gr {

class TrackingStore;

// A guard refused to act (something changed since the review, wrong registry, already
// executed...): nothing was written. The CLI exits 1 for it, 2 for unreadable input.
class GuardRefused : public InputError
{
public:
    using InputError::InputError;
};

struct ReviewedModels
{
    QString registry;
    QString model;
    QString championVersion, championRunId, championAlias;
    QString candidateVersion, candidateRunId, candidateAlias;
    QString testSetFingerprint;
};

// Read from the record's gate report. Throws InputError when the report lacks the bindings.
ReviewedModels reviewedModels(const DecisionRecord &record, const QString &logPath);

struct AliasChangeRequest
{
    qint64 recordId = 0; // promote: the decision; rollback: the promotion's action record
    QString alias = QStringLiteral("champion");
    QString author;       // who acts: resolveAuthor()
    bool execute = false; // false: a dry run that only says what would change
    // Signs the action record. A log whose policy requires signed promote decisions refuses
    // to act without one before anything moves (the record copies the decision's kind).
    const SigningKey *signer = nullptr;
};

struct AliasChangeResult
{
    QString plan; // "churn@champion: v1 → v2 in http://host (decision #3)"
    bool executed = false;
    std::optional<DecisionRecord> logged; // the action record
    QString readBack;                     // the alias after the write: "v2", "(unset)"
    bool confirmed = false;               // readBack is what was written
};

// Throws InputError naming the guard that refused; nothing is written then.
AliasChangeResult promoteDecision(DecisionLog &log, TrackingStore &store,
                                  const AliasChangeRequest &request);
AliasChangeResult rollbackPromotion(DecisionLog &log, TrackingStore &store,
                                    const AliasChangeRequest &request);

// `explicitAuthor`, else the OS user ($USER, $LOGNAME, %USERNAME%, then the account name).
// Throws InputError when none is known: an action is never recorded under someone else's name.
QString resolveAuthor(const QString &explicitAuthor);

// Opt-in write-back after a gate: tags the candidate model version with gate_result,
// gate_net_benefit_delta and gate_report_sha256, and logs `reportJson` as the run artifact
// gatereview/gate-report.json. Returns what was written, for the console.
QStringList writeBackGateResult(TrackingStore &store, const QJsonObject &gateReport,
                                const QByteArray &reportJson);

} // namespace gr

#pragma once
// One row of the decision log: the Decision as the engineer made it, plus what the log derives
// from its gate report for filtering and audit (verdict, hashes, who was compared), plus the
// chain fields. Built by DecisionLog; never edited after it is recorded.
#include "model/decision.h"

#include <optional>
#include <QJsonObject>

namespace gr {

// Who was compared, as the report names them; kept in columns so the log can be filtered.
struct RecordedRun
{
    QString label;
    QString modelName;
    QString modelVersion;
};

// The facts the log keeps in columns, read from a gatereview/gate-report/v1 document.
struct GateReportFacts
{
    QString gateResult; // PROMOTED, NOT_PROMOTED or INVALID
    QString policySha256;
    QString championInputSha256;
    QString candidateInputSha256;
    QString testSetFingerprint; // empty when the test sets differed
    RecordedRun champion;
    RecordedRun candidate;
};

// Throws InputError(source, ...) when `report` is not a gate report this version understands.
GateReportFacts gateReportFacts(const QJsonObject &report, const QString &source);

struct DecisionRecord
{
    qint64 id = 0;
    Decision decision;
    GateReportFacts facts;
    QString appVersion;
    std::optional<qint64> supersedes; // the record this one corrects
    QString prevHash;                 // the previous record's hash (64 zeros for the first)
    QString signerKey;                // "ed25519:..." when signed, else empty
    QString signature;                // base64 signature over the hash, else empty
    QString hash;

    // Set when the record is an action on the MLflow registry (schema v2), not a decision.
    QJsonObject registryAction;
    bool isRegistryAction() const { return !registryAction.isEmpty(); }

    // Not stored in the row: filled in by queries from the records that came later.
    std::optional<qint64> supersededBy;
    bool isEffective() const { return !supersededBy.has_value(); }
    // The newest later record on the same pair (the same two prediction files' SHA-256): a pair
    // re-decided without an explicit correction has one current record, never two.
    std::optional<qint64> replacedBy;
    bool isCurrent() const { return isEffective() && !replacedBy.has_value(); }
};

// The record as JSON for `gatereview log list/show --json`: every column, the notes by step
// number, superseded_by, and the full gate report when `withGateReport`.
QJsonObject decisionRecordToJson(const DecisionRecord &record, bool withGateReport);

// The record for people: decision, who, when, the evidence it was decided on, rationale, notes
// per step and the gate's reasons. Text is shown verbatim (escaping is the reports' job).
QString decisionRecordToText(const DecisionRecord &record);
// "effective", "superseded by 5" (or "replaced by 5 (same pair)"), "supersedes 2", or both.
QString recordStatus(const DecisionRecord &record);
// "churn-model v7", else the run's label.
QString recordedRunName(const RecordedRun &run);

// "2026-11-26T11:38:12.123Z": what decided_at holds, and what filters compare against.
QString toLogTimestamp(const QDateTime &time);

// The author a new decision starts with: the OS user ($USER, or %USERNAME% on Windows).
QString defaultAuthor();

} // namespace gr

#pragma once
// The decision log: an append-only, hash-chained SQLite file of recorded decisions.
//
// Chain: hash = SHA-256 of "gatereview-decision-v1\n" + the compact JSON object (keys sorted) of
// every stored column except `hash`, exactly as stored — including `id` and `prev_hash`; integers
// as decimal strings, NULL as null. Each record's prev_hash is
// its predecessor's hash; the chain_head row holds the last id, hash and count. verify() walks the
// chain and names each record that was edited, reordered or deleted.
#include "decisionrecord.h"

#include <functional>
#include <memory>
#include <QDateTime>

namespace gr {

class SqliteDatabase;

using Clock = std::function<QDateTime()>; // injected so tests get fixed timestamps

struct DecisionFilter
{
    QString model;              // case-insensitive substring of either side's label or model name
    QString gateResult;         // PROMOTED, NOT_PROMOTED or INVALID (case-insensitive)
    QString decisionKind;       // e.g. "champion_stays"
    QString author;             // case-insensitive, exact
    QDateTime since;            // decided at or after
    QDateTime until;            // decided before
    bool effectiveOnly = false; // hide records a later record supersedes
};

struct VerifyProblem
{
    qint64 recordId = 0;
    QString problem;
};

struct VerifyResult
{
    qint64 recordsChecked = 0;
    QList<VerifyProblem> problems;
    bool intact() const { return problems.isEmpty(); }
};

class DecisionLog
{
public:
    enum class OpenMode
    {
        CreateIfMissing,
        ExistingOnly
    };

    // Throws InputError naming the file when it is missing (ExistingOnly), not SQLite, another
    // application's database, or a newer schema.
    explicit DecisionLog(const QString &path, OpenMode mode = OpenMode::CreateIfMissing,
                         Clock clock = {});
    ~DecisionLog();
    DecisionLog(const DecisionLog &) = delete;
    DecisionLog &operator=(const DecisionLog &) = delete;

    QString path() const;

    // Validates with validateDecision() against the report's verdict, stamps decided_at from the
    // clock, links the record into the chain and commits it in one transaction. Throws InputError
    // for an invalid decision or report, or a `supersedes` naming a missing or already superseded
    // record. The log's clock, not decision.decidedAt, sets the time.
    // `registryAction` (not empty) marks the record as an action on the MLflow registry taken
    // because of the record it supersedes (see registryaction.h), not a decision.
    DecisionRecord append(const Decision &decision, std::optional<qint64> supersedes = std::nullopt,
                          const QJsonObject &registryAction = {});

    // Oldest first.
    QList<DecisionRecord> records(const DecisionFilter &filter = {}) const;
    std::optional<DecisionRecord> record(qint64 id) const;
    qint64 count() const;

    VerifyResult verify() const;

private:
    std::unique_ptr<SqliteDatabase> m_db;
    Clock m_clock;
};

// --log PATH, else $GATEREVIEW_LOG, else the per-user default.
QString resolveDecisionLogPath(const QString &explicitPath = {});
// QStandardPaths::AppDataLocation + "/decisions.sqlite".
QString defaultDecisionLogPath();

} // namespace gr

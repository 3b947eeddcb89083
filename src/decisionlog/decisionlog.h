#pragma once
// The decision log: an append-only, hash-chained log of recorded decisions, in a SQLite file or in
// a PostgreSQL database shared by a team (the same schema versions, chain and behaviour on both).
//
// Chain: each record's hash covers its contents and its predecessor's hash (decisionchain.h has
// the exact format); the chain_head row holds the last id, hash and count. verify() walks the
// chain and names each record that was edited, reordered or deleted; an anchor (the head written
// down outside the database, `log head`) also catches a rewrite that recomputed every hash.
// Records may carry their author's Ed25519 signature over the hash (recordsigning.h).
//
// Concurrent writers yield one linear chain: an append reads the head, links and inserts the row
// and moves the head in one transaction that holds the log's write lock (SQLite: BEGIN IMMEDIATE;
// PostgreSQL: an advisory lock, and the server's trigger refuses a row that does not extend the
// head); a lost race is retried. A failed append leaves nothing behind.
#include "decisionrecord.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <QDateTime>

class QIODevice;

namespace gr {

class AllowedSigners;
class SigningKey;
class SqlDatabase;

using Clock = std::function<QDateTime()>; // injected so tests get fixed timestamps

struct DecisionFilter
{
    QString model;              // case-insensitive substring of either side's label or model name
    QString gateResult;         // PROMOTED, NOT_PROMOTED or INVALID (case-insensitive)
    QString decisionKind;       // e.g. "champion_stays"
    QString author;             // case-insensitive, exact
    QDateTime since;            // decided at or after
    QDateTime until;            // decided before
    bool effectiveOnly = false; // hide records a later record supersedes or replaces
};

// The end of the chain: how many records, and the newest one's hash. "COUNT:HASH" in text.
struct ChainHead
{
    qint64 count = 0;
    QString hash;
    QString toString() const;
    // Throws InputError when `text` is not COUNT:HASH (64 hex digits).
    static ChainHead parse(const QString &text);
};

// The log's own settings (schema version 4), kept in the log so that every writer and every
// `log verify` applies them without a flag each user must remember. Not part of the hash chain:
// on PostgreSQL only the schema owner may change them; on SQLite whoever holds the file can.
struct LogPolicy
{
    bool requireSignedPromotions = false; // refuse unsigned promote decisions (isPromoteDecision)
    QDateTime changedAt;                  // the last change; invalid until the first
    QString changedBy;
    // "this log requires signed promote decisions (since ..., set by ...)", or that it does not.
    QString describe() const;
};

struct VerifyOptions
{
    std::optional<ChainHead> expectHead;            // the log must still extend this head
    const AllowedSigners *allowedSigners = nullptr; // names signers; unknown keys are problems
    // promote_candidate / fast_track_review must be signed even when the log's policy does not
    // say so (verify applies the log's own LogPolicy in any case).
    bool requireSignedPromotions = false;
};

struct VerifyProblem
{
    qint64 recordId = 0;
    QString problem;
    bool breaksPolicy = false; // an unsigned promote record, not a sign of tampering
};

struct VerifyResult
{
    qint64 recordsChecked = 0;
    QList<VerifyProblem> problems;
    // Per record, oldest first: "unsigned", "signed by alice (key SHA256:...)", "BAD SIGNATURE".
    QList<QPair<qint64, QString>> signatures;
    LogPolicy policy;                     // the log's own, as verify read it
    bool requireSignedPromotions = false; // what verify applied: the option or the log's policy
    bool intact() const { return problems.isEmpty(); }
    // Every problem is an unsigned promote record under the policy: nothing was tampered with.
    bool onlyPolicyProblems() const
    {
        return std::all_of(problems.begin(), problems.end(),
                           [](const VerifyProblem &p) { return p.breaksPolicy; });
    }
};

class DecisionLog
{
public:
    enum class OpenMode
    {
        CreateIfMissing,
        ExistingOnly,
        ReadOnly // an existing log, opened so nothing is written (works on read-only files)
    };

    // `location`: a file path, or postgresql://USER@HOST:PORT/DBNAME. Throws InputError naming
    // it when it is missing (ExistingOnly, ReadOnly), not a decision log, a newer schema, or the
    // server is unreachable or refuses the login.
    explicit DecisionLog(const QString &location, OpenMode mode = OpenMode::CreateIfMissing,
                         Clock clock = {});
    ~DecisionLog();
    DecisionLog(const DecisionLog &) = delete;
    DecisionLog &operator=(const DecisionLog &) = delete;

    // The file path or the URL (never with a password).
    QString path() const;
    bool isPostgres() const;

    // Validates with validateDecision() against the report's verdict, stamps decided_at from the
    // clock, links the record into the chain, signs its hash with `signer` when given, and
    // commits it in one transaction. Throws InputError for an invalid decision or report, or a
    // `supersedes` naming a missing or already superseded record; DatabaseError when the log
    // cannot take it (nothing is then written). The log's clock, not decision.decidedAt, sets
    // the time. Secrets (credentials in URIs, tokens) in the rationale, notes, gate report and
    // action are redacted before anything is stored.
    // `registryAction` (not empty) marks the record as an action on the MLflow registry taken
    // because of the record it supersedes (see registryaction.h), not a decision.
    // A log whose policy requires signed promote decisions refuses an unsigned one with
    // checkSigningPolicy()'s message (read in the append's transaction, so a change made
    // meanwhile by the owner applies).
    DecisionRecord append(const Decision &decision, std::optional<qint64> supersedes = std::nullopt,
                          const QJsonObject &registryAction = {},
                          const SigningKey *signer = nullptr);

    // Oldest first.
    QList<DecisionRecord> records(const DecisionFilter &filter = {}) const;
    std::optional<DecisionRecord> record(qint64 id) const;
    // The newest record on this pair of prediction files (by their SHA-256), whatever it is:
    // what a report of the pair cites as its decision.
    std::optional<DecisionRecord> currentRecordForPair(const QString &championSha256,
                                                       const QString &candidateSha256) const;
    qint64 count() const;
    ChainHead head() const;

    VerifyResult verify(const VerifyOptions &options = {}) const;

    // The log's settings; the defaults for a read-only log of a schema before version 4.
    LogPolicy policy() const;
    // Throws InputError naming the log and the policy when it requires signed promote decisions
    // and a record of `kind` would be unsigned. append() checks it itself; callers that act
    // before they append (a guarded @champion move) ask first, so nothing acts unrecorded.
    void checkSigningPolicy(DecisionKind kind, bool willBeSigned) const;
    // A lead's action (`gatereview log policy`). Returns false when the setting already was
    // `on` (nothing written). Throws InputError when the log was opened read-only or, on
    // PostgreSQL, the role is not the schema owner's (writers may not change it).
    bool setRequireSignedPromotions(bool on, const QString &changedBy);

    // JSON Lines: a header line, then one object per record with every stored column as stored
    // (so hashes and signatures verify after an import on either backend).
    void exportJsonLines(QIODevice &out) const;
    // Into an empty log only; checks the whole chain first and refuses a broken one, naming the
    // line. Returns the number of records imported.
    qint64 importJsonLines(QIODevice &in, const QString &source);

private:
    DecisionRecord appendOnce(const Decision &decision, const GateReportFacts &facts,
                              std::optional<qint64> supersedes, const QJsonObject &registryAction,
                              const SigningKey *signer);

    // The policy as this transaction sees it.
    LogPolicy readPolicy() const;

    std::unique_ptr<SqlDatabase> m_db;
    Clock m_clock;
    int m_schemaVersion = 0;
    QStringList m_columns; // of the decisions table, as the database has them
};

// --log LOCATION, else $GATEREVIEW_LOG, else the location set in the window (QSettings
// "decisionLog/location"), else the per-user default.
QString resolveDecisionLogPath(const QString &explicitPath = {});
// QStandardPaths::AppDataLocation + "/decisions.sqlite".
QString defaultDecisionLogPath();
// The QSettings key the window stores its log location under.
inline constexpr const char *kDecisionLogSettingKey = "decisionLog/location";

// Decisions that put a model into production: the ones a signing policy covers.
bool isPromoteDecision(DecisionKind kind);

} // namespace gr

// DecisionLog's own settings (LogPolicy): reading them, a lead changing them, and the check every
// append makes. Kept in the table log_policy (schema version 4, resources/sql/decisionlog_v4.sql).
#include "decisionlog.h"
#include "sqldatabase.h"

#include "model/errors.h"

namespace gr {

namespace {

// The first schema version that has log_policy.
constexpr int kPolicySchemaVersion = 4;

} // namespace

QString LogPolicy::describe() const
{
    if (!requireSignedPromotions)
        return changedAt.isValid()
                   ? QStringLiteral("this log accepts unsigned promote decisions (since %1, set "
                                    "by %2)")
                         .arg(toLogTimestamp(changedAt), changedBy)
                   : QStringLiteral("this log accepts unsigned promote decisions");
    return changedAt.isValid()
               ? QStringLiteral("this log requires signed promote decisions (since %1, set by %2)")
                     .arg(toLogTimestamp(changedAt), changedBy)
               : QStringLiteral("this log requires signed promote decisions");
}

LogPolicy DecisionLog::readPolicy() const
{
    if (m_schemaVersion < kPolicySchemaVersion) return {}; // read-only, older schema: as before
    QSqlQuery q = m_db->exec(QStringLiteral("SELECT require_signed_promotions, changed_at, "
                                            "changed_by FROM log_policy WHERE singleton = 1"));
    if (!q.next())
        throw InputError(path(), QStringLiteral("the log's policy row is missing (deleted "
                                                "outside Gate Review); run `gatereview log "
                                                "policy --require-signed-promotions on|off` as "
                                                "its owner to restore it"));
    LogPolicy policy;
    policy.requireSignedPromotions = q.value(0).toInt() == 1;
    if (!q.isNull(1))
        policy.changedAt = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
    policy.changedBy = q.value(2).toString();
    return policy;
}

LogPolicy DecisionLog::policy() const
{
    return readPolicy();
}

void DecisionLog::checkSigningPolicy(DecisionKind kind, bool willBeSigned) const
{
    if (willBeSigned || !isPromoteDecision(kind) || !readPolicy().requireSignedPromotions) return;
    throw InputError(path(),
                     QStringLiteral("this %1 decision is unsigned, but this log requires signed "
                                    "promote decisions; run `gatereview log keygen` to make your "
                                    "signing key (and add its line to the team's allowed-signers "
                                    "file), or name one with --signing-key")
                         .arg(toString(kind)));
}

bool DecisionLog::setRequireSignedPromotions(bool on, const QString &changedBy)
{
    if (m_db->access() == SqlDatabase::Access::ReadOnly)
        throw InputError(path(), QStringLiteral("the log was opened read-only"));
    if (changedBy.trimmed().isEmpty())
        throw InputError(path(), QStringLiteral("say who changes the policy (--author NAME)"));
    try {
        TransactionGuard transaction(*m_db);
        if (readPolicy().requireSignedPromotions == on) return false;
        // On PostgreSQL the server names the role that made the change; the name given is
        // only what the person says.
        const QString by =
            isPostgres() ? QStringLiteral("CAST(? AS TEXT) || ' (role ' || session_user || ')'")
                         : QStringLiteral("?");
        m_db->exec(QStringLiteral("UPDATE log_policy SET require_signed_promotions = ?, "
                                  "changed_at = ?, changed_by = %1 WHERE singleton = 1")
                       .arg(by),
                   {on ? 1 : 0, toLogTimestamp(m_clock()), changedBy.trimmed()});
        transaction.commit();
        return true;
    } catch (const DatabaseError &e) {
        if (!isPostgres() || !e.problem().contains(QLatin1String("permission denied"))) throw;
        throw InputError(path(),
                         QStringLiteral("only the log's owner (the role that owns the schema "
                                        "gatereview, gatereview_owner as `gatereview log init` "
                                        "sets it up) may change its policy; role %1 may not "
                                        "(permission denied)")
                             .arg(m_db->scalar(QStringLiteral("SELECT current_user")).toString()));
    }
}

} // namespace gr

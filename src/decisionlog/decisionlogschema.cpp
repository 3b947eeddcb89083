#include "decisionlogschema.h"
#include "model/errors.h"
#include "sqldatabase.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>

// Resources compiled into a static library are only registered when something references them.
static void initDecisionLogResources()
{
    Q_INIT_RESOURCE(decisionlog_sql);
}

namespace gr {

namespace {

// Migration N brings a log from version N-1 to N, on each backend. Add new scripts at the end of
// both lists; never edit one that has shipped.
const char *const kSqliteMigrations[] = {
    ":/gatereview/sql/decisionlog_v1.sql",
    ":/gatereview/sql/decisionlog_v2.sql", // signer_key, signature
    ":/gatereview/sql/decisionlog_v3.sql", // registry_action_json
    ":/gatereview/sql/decisionlog_v4.sql", // log_policy
};
const char *const kPostgresMigrations[] = {
    ":/gatereview/sql/decisionlog_pg_v1.sql",
    ":/gatereview/sql/decisionlog_pg_v2.sql",
    ":/gatereview/sql/decisionlog_pg_v3.sql",
    ":/gatereview/sql/decisionlog_pg_v4.sql",
};
static_assert(std::size(kSqliteMigrations) == std::size(kPostgresMigrations),
              "every schema version exists on every backend");

QString readScript(const char *resource)
{
    initDecisionLogResources();
    QFile file(QString::fromLatin1(resource));
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(QString::fromLatin1(resource),
                         QStringLiteral("the schema script is missing from this build"));
    return QString::fromUtf8(file.readAll());
}

// Serialises schema migrations on PostgreSQL ("GRLM"); appends use kDecisionLogLockKey.
constexpr qint64 kMigrationLockKey = 0x47524C4D;

bool isPostgres(const SqlDatabase &db)
{
    return db.dialect() == SqlDatabase::Dialect::Postgres;
}

int storedVersion(SqlDatabase &db)
{
    if (!isPostgres(db)) return db.scalar(QStringLiteral("PRAGMA user_version")).toInt();
    if (db.scalar(QStringLiteral("SELECT to_regclass('gatereview.decision_log_meta')")).isNull())
        return 0;
    return db.scalar(QStringLiteral("SELECT schema_version FROM gatereview.decision_log_meta"))
        .toInt();
}

// A role name is bound nowhere in DDL; accept only plain identifiers and quote them.
QString identifier(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$"));
    if (!plain.match(name).hasMatch())
        throw InputError(QString(), QStringLiteral("'%1' is not a role name").arg(name));
    return QLatin1Char('"') + name + QLatin1Char('"');
}

// Pre-release builds (main between the mlflow and pglog merges) added registry_action_json as
// SQLite schema version 2. Such a log has that column but not signer_key; its records' hashes are
// those of version 3 (both columns are hashed only when not NULL), so adding the signature
// columns is all it takes.
bool isInterimRegistryActionLog(SqlDatabase &db)
{
    if (isPostgres(db) || storedVersion(db) != 2) return false;
    const QStringList columns = decisionTableColumns(db);
    return columns.contains(QLatin1String("registry_action_json")) &&
           !columns.contains(QLatin1String("signer_key"));
}

void upgradeInterimRegistryActionLog(SqlDatabase &db)
{
    TransactionGuard transaction(db);
    if (!isInterimRegistryActionLog(db)) return; // another process upgraded it meanwhile
    for (const QString &statement : splitSqlScript(readScript(kSqliteMigrations[1])))
        db.execScript(statement);
    db.exec(QStringLiteral("PRAGMA user_version = 3"));
    transaction.commit();
}

} // namespace

QStringList decisionTableColumns(SqlDatabase &db)
{
    QStringList columns;
    QSqlQuery q =
        isPostgres(db)
            ? db.exec(QStringLiteral("SELECT attname FROM pg_attribute WHERE attrelid = "
                                     "to_regclass('gatereview.decisions') AND attnum > 0 AND NOT "
                                     "attisdropped ORDER BY attnum"))
            : db.exec(
                  QStringLiteral("SELECT name FROM pragma_table_info('decisions') ORDER BY cid"));
    while (q.next())
        columns << q.value(0).toString();
    return columns;
}

int latestDecisionLogSchemaVersion()
{
    return int(std::size(kSqliteMigrations));
}

QStringList splitSqlScript(const QString &script)
{
    QStringList statements;
    QString current;
    bool inBlock = false, inDollar = false;
    for (const QString &rawLine : script.split(QLatin1Char('\n'))) {
        const QString line = rawLine.trimmed();
        if (!inDollar && (line.isEmpty() || line.startsWith(QLatin1String("--")))) continue;
        current += rawLine + QLatin1Char('\n');
        if (line.count(QLatin1String("$$")) % 2 == 1) inDollar = !inDollar;
        if (inDollar) continue;
        if (line.compare(QLatin1String("BEGIN"), Qt::CaseInsensitive) == 0 ||
            line.endsWith(QLatin1String(" BEGIN"), Qt::CaseInsensitive))
            inBlock = true;
        else if (inBlock && line.compare(QLatin1String("END;"), Qt::CaseInsensitive) == 0)
            inBlock = false;
        if (!inBlock && line.endsWith(QLatin1Char(';'))) {
            statements << current.trimmed();
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty()) statements << current.trimmed();
    return statements;
}

int checkIsDecisionLog(SqlDatabase &db)
{
    if (isPostgres(db)) {
        const int tables = db.scalar(QStringLiteral("SELECT count(*) FROM pg_tables WHERE "
                                                    "schemaname = 'gatereview'"))
                               .toInt();
        const bool marked =
            !db.scalar(QStringLiteral("SELECT to_regclass('gatereview.decision_log_meta')"))
                 .isNull();
        if (!marked && tables > 0)
            throw InputError(db.location(),
                             QStringLiteral("the schema gatereview holds %1 tables but is not a "
                                            "Gate Review decision log")
                                 .arg(tables));
        if (marked &&
            db.scalar(QStringLiteral("SELECT application_id FROM gatereview.decision_log_meta"))
                    .toInt() != kDecisionLogApplicationId)
            throw InputError(db.location(),
                             QStringLiteral("gatereview.decision_log_meta does not mark a Gate "
                                            "Review decision log"));
    } else {
        // One statement, so one snapshot: read apart, another process creating the log between
        // the two reads made a new log look like "application id 0, 8 tables" — someone else's.
        QSqlQuery marks =
            db.exec(QStringLiteral("SELECT (SELECT application_id FROM pragma_application_id()), "
                                   "(SELECT count(*) FROM sqlite_master)"));
        const bool read = marks.next();
        const int appId = read ? marks.value(0).toInt() : 0;
        const int tables = read ? marks.value(1).toInt() : 0;
        if (appId != kDecisionLogApplicationId && (appId != 0 || tables > 0))
            throw InputError(
                db.location(),
                QStringLiteral("is a SQLite database but not a Gate Review decision log "
                               "(application id %1, %2 tables); point --log or GATEREVIEW_LOG "
                               "at a decision log or at a new file")
                    .arg(appId)
                    .arg(tables));
    }
    const int version = storedVersion(db);
    if (version > latestDecisionLogSchemaVersion())
        throw InputError(
            db.location(),
            QStringLiteral("decision log schema version %1 was written by a newer Gate Review; "
                           "this one reads up to version %2 — upgrade Gate Review")
                .arg(version)
                .arg(latestDecisionLogSchemaVersion()));
    return version;
}

void migrateDecisionLog(SqlDatabase &db)
{
    const auto &scripts = isPostgres(db) ? kPostgresMigrations : kSqliteMigrations;
    // The interim log becomes version 3 first; the loop below then takes it on from there.
    static_assert(std::size(kSqliteMigrations) == 4, "revisit upgradeInterimRegistryActionLog");
    if (isInterimRegistryActionLog(db)) upgradeInterimRegistryActionLog(db);
    // PostgreSQL: two clients opening a new log at once must not both create it. The session
    // lock is taken before each migration's transaction begins, so that transaction's catalog
    // snapshot already shows what the other client committed (an advisory lock taken inside a
    // transaction does not refresh cached catalog lookups such as to_regclass()).
    struct SessionLock
    {
        SqlDatabase &db;
        bool held = false;
        ~SessionLock()
        {
            if (!held) return;
            try {
                db.exec(QStringLiteral("SELECT pg_advisory_unlock(?)"), {kMigrationLockKey});
            } catch (const InputError &) {
                // the session is gone, and its lock with it
            }
        }
    } lock{db};
    if (isPostgres(db) && storedVersion(db) < latestDecisionLogSchemaVersion()) {
        db.exec(QStringLiteral("SELECT pg_advisory_lock(?)"), {kMigrationLockKey});
        lock.held = true;
    }
    for (int next = storedVersion(db) + 1; next <= latestDecisionLogSchemaVersion(); ++next) {
        try {
            TransactionGuard transaction(db);
            // Another process may have migrated while this one waited for the write lock.
            if (storedVersion(db) >= next) continue;
            const bool haveSchema =
                isPostgres(db) &&
                !db.scalar(QStringLiteral("SELECT 1 FROM pg_namespace WHERE nspname = "
                                          "'gatereview'"))
                     .isNull();
            for (const QString &statement : splitSqlScript(readScript(scripts[next - 1]))) {
                // `log init` created the schema for its owner role, which may not CREATE on
                // the database itself.
                if (haveSchema && statement.startsWith(QLatin1String("CREATE SCHEMA"))) continue;
                db.execScript(statement);
            }
            if (isPostgres(db)) {
                db.exec(
                    QStringLiteral("UPDATE gatereview.decision_log_meta SET schema_version = ?"),
                    {next});
            } else {
                // PRAGMA arguments cannot be bound; both values are integers we control.
                db.exec(
                    QStringLiteral("PRAGMA application_id = %1").arg(kDecisionLogApplicationId));
                db.exec(QStringLiteral("PRAGMA user_version = %1").arg(next));
            }
            transaction.commit();
        } catch (const InputError &e) {
            if (!isPostgres(db) || !e.problem().contains(QLatin1String("permission denied"))) throw;
            throw InputError(db.location(),
                             QStringLiteral("the log is at schema version %1 of %2 and this role "
                                            "may not change the schema (%3): ask the log's owner "
                                            "to run `gatereview log init --log %4`")
                                 .arg(next - 1)
                                 .arg(latestDecisionLogSchemaVersion())
                                 .arg(e.problem().section(QLatin1Char(':'), 0, 0), db.location()));
        }
    }
}

QStringList initPostgresDecisionLog(SqlDatabase &db, const PostgresRoles &roles)
{
    if (!isPostgres(db))
        throw InputError(db.location(),
                         QStringLiteral("`log init` sets up roles on PostgreSQL; a SQLite log is "
                                        "created by its first record"));
    const int version = checkIsDecisionLog(db);
    QStringList done;
    auto run = [&db, &done](const QString &sql) {
        db.execScript(sql);
        done << sql;
    };
    const QString owner = identifier(roles.owner), writer = identifier(roles.writer),
                  reader = identifier(roles.reader);
    for (const QString &role : {roles.owner, roles.writer, roles.reader})
        if (db.scalar(QStringLiteral("SELECT 1 FROM pg_roles WHERE rolname = ?"), {role}).isNull())
            run(QStringLiteral("CREATE ROLE %1 NOLOGIN").arg(identifier(role)));
    run(QStringLiteral("GRANT %1 TO CURRENT_USER").arg(owner));
    if (version == 0)
        run(QStringLiteral("CREATE SCHEMA gatereview AUTHORIZATION %1").arg(owner));
    else if (db.scalar(QStringLiteral("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE "
                                      "nspname = 'gatereview'"))
                 .toString() != roles.owner)
        throw InputError(db.location(),
                         QStringLiteral("the log exists and is not owned by %1; `log init` sets "
                                        "up an empty database")
                             .arg(roles.owner));
    run(QStringLiteral("SET ROLE %1").arg(owner));
    const int before = version;
    migrateDecisionLog(db);
    if (before < latestDecisionLogSchemaVersion())
        done << QStringLiteral("-- schema gatereview migrated from version %1 to %2 as %3")
                    .arg(before)
                    .arg(latestDecisionLogSchemaVersion())
                    .arg(roles.owner);
    run(QStringLiteral("REVOKE ALL ON SCHEMA gatereview FROM PUBLIC"));
    run(QStringLiteral("REVOKE ALL ON ALL TABLES IN SCHEMA gatereview FROM PUBLIC, %1, %2")
            .arg(writer, reader));
    run(QStringLiteral("GRANT USAGE ON SCHEMA gatereview TO %1, %2").arg(writer, reader));
    run(QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA gatereview TO %1, %2")
            .arg(writer, reader));
    run(QStringLiteral("GRANT INSERT ON gatereview.decisions TO %1").arg(writer));
    run(QStringLiteral("RESET ROLE"));
    for (const QString &login : roles.writers)
        run(QStringLiteral("GRANT %1 TO %2").arg(writer, identifier(login)));
    for (const QString &login : roles.readers)
        run(QStringLiteral("GRANT %1 TO %2").arg(reader, identifier(login)));
    return done;
}

} // namespace gr

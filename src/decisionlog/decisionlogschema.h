#pragma once
// The decision log's versioned schema, the same versions on every backend. SQLite keeps the
// marker and version in PRAGMA application_id / user_version; PostgreSQL in the table
// gatereview.decision_log_meta. Opening a log applies any pending migrations, each in its own
// transaction together with its version bump, so a log is always at exactly one known version.
#include <QStringList>

namespace gr {

class SqlDatabase;

inline constexpr int kDecisionLogApplicationId = 0x47524C47; // "GRLG"
int latestDecisionLogSchemaVersion();

// The log's schema version; 0 for an empty database. Throws InputError naming the location when
// it is another application's database, or was written by a newer Gate Review with a schema
// this one cannot read. Reads only: a foreign database is untouched.
int checkIsDecisionLog(SqlDatabase &db);

// The columns the decisions table has (empty before version 1), whatever its version says.
QStringList decisionTableColumns(SqlDatabase &db);

// Brings a checked log to the latest schema. A SQLite log written by a pre-release Gate Review
// that numbered registry_action_json as version 2 (before signatures took that number) gets the
// signature columns and becomes version 3. On PostgreSQL a role that may not change the schema
// gets a message saying who can (`gatereview log init` as the owner).
void migrateDecisionLog(SqlDatabase &db);

// The roles `gatereview log init` sets up on PostgreSQL.
struct PostgresRoles
{
    QString owner = QStringLiteral("gatereview_owner");   // owns the schema; NOLOGIN
    QString writer = QStringLiteral("gatereview_writer"); // SELECT + INSERT on decisions
    QString reader = QStringLiteral("gatereview_reader"); // SELECT only
    QStringList writers;                                  // login roles granted the writer role
    QStringList readers;                                  // login roles granted the reader role
};

// On an empty database (or one this command set up before): creates the roles, the schema owned
// by the owner role, the tables at the latest version and the grants. Returns each statement it
// ran, for the user to read. Run by a role that may create roles (a superuser, or CREATEROLE
// with CREATE on the database).
QStringList initPostgresDecisionLog(SqlDatabase &db, const PostgresRoles &roles);

// Splits a schema script into statements at lines ending in ';' outside BEGIN...END blocks
// (SQLite trigger bodies) and $$...$$ bodies (PL/pgSQL); `--` comment lines are dropped. Qt SQL
// runs one statement per exec().
QStringList splitSqlScript(const QString &script);

} // namespace gr

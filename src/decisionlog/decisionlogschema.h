#pragma once
// The decision log's versioned schema. PRAGMA application_id marks a file as a decision log;
// PRAGMA user_version holds the schema version. Opening a log applies any pending migrations,
// each in its own transaction together with its version bump, so a log is always at exactly one
// known version.
#include <QStringList>

namespace gr {

class SqliteDatabase;

inline constexpr int kDecisionLogApplicationId = 0x47524C47; // "GRLG"
int latestDecisionLogSchemaVersion();

// Throws InputError naming the file when it is another application's database, or was written by
// a newer Gate Review with a schema this one cannot read. Reads only: a foreign file is untouched.
void checkIsDecisionLog(SqliteDatabase &db);

// Brings a checked log to the latest schema.
void migrateDecisionLog(SqliteDatabase &db);

// Splits a schema script into statements at lines ending in ';' outside BEGIN...END blocks
// (trigger bodies); `--` comment lines are dropped. Qt SQL runs one statement per exec().
QStringList splitSqlScript(const QString &script);

} // namespace gr

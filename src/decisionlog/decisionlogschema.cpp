#include "decisionlogschema.h"
#include "model/errors.h"
#include "sqlitedatabase.h"

#include <QFile>

// Resources compiled into a static library are only registered when something references them.
static void initDecisionLogResources()
{
    Q_INIT_RESOURCE(decisionlog_sql);
}

namespace gr {

namespace {

// Migration N brings a log from version N-1 to N. Add new scripts at the end; never edit one
// that has shipped.
const char *const kMigrations[] = {
    ":/gatereview/sql/decisionlog_v1.sql",
    ":/gatereview/sql/decisionlog_v2.sql", // registry_action_json
};

QString readScript(const char *resource)
{
    initDecisionLogResources();
    QFile file(QString::fromLatin1(resource));
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(QString::fromLatin1(resource),
                         QStringLiteral("the schema script is missing from this build"));
    return QString::fromUtf8(file.readAll());
}

} // namespace

int latestDecisionLogSchemaVersion()
{
    return int(std::size(kMigrations));
}

QStringList splitSqlScript(const QString &script)
{
    QStringList statements;
    QString current;
    bool inBlock = false;
    for (const QString &rawLine : script.split(QLatin1Char('\n'))) {
        const QString line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("--"))) continue;
        current += rawLine + QLatin1Char('\n');
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

void checkIsDecisionLog(SqliteDatabase &db)
{
    const int appId = db.scalar(QStringLiteral("PRAGMA application_id")).toInt();
    const int version = db.scalar(QStringLiteral("PRAGMA user_version")).toInt();
    const int tables = db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master")).toInt();
    if (appId != kDecisionLogApplicationId && (appId != 0 || tables > 0))
        throw InputError(
            db.path(),
            QStringLiteral("is a SQLite database but not a Gate Review decision log "
                           "(application id %1, %2 tables); point --log or GATEREVIEW_LOG "
                           "at a decision log or at a new file")
                .arg(appId)
                .arg(tables));
    if (version > latestDecisionLogSchemaVersion())
        throw InputError(
            db.path(),
            QStringLiteral("decision log schema version %1 was written by a newer Gate Review; "
                           "this one reads up to version %2 — upgrade Gate Review")
                .arg(version)
                .arg(latestDecisionLogSchemaVersion()));
}

void migrateDecisionLog(SqliteDatabase &db)
{
    const int version = db.scalar(QStringLiteral("PRAGMA user_version")).toInt();
    for (int next = version + 1; next <= latestDecisionLogSchemaVersion(); ++next) {
        TransactionGuard transaction(db);
        // Another process may have migrated while this one waited for the write lock.
        if (db.scalar(QStringLiteral("PRAGMA user_version")).toInt() >= next) continue;
        for (const QString &statement : splitSqlScript(readScript(kMigrations[next - 1])))
            db.exec(statement);
        // PRAGMA arguments cannot be bound; both values are integers we control.
        db.exec(QStringLiteral("PRAGMA application_id = %1").arg(kDecisionLogApplicationId));
        db.exec(QStringLiteral("PRAGMA user_version = %1").arg(next));
        transaction.commit();
    }
}

} // namespace gr

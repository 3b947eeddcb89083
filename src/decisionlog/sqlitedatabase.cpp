#include "sqlitedatabase.h"
#include "model/errors.h"

#include <atomic>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>

namespace gr {

namespace {

QString connectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("gatereview-sqlite-%1").arg(++counter);
}

// SQLite reports a file that is not a database as "file is not a database" (SQLITE_NOTADB) on
// the first statement, not on open; turn that into advice the user can act on.
QString describe(const QSqlError &error)
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (text.contains(QLatin1String("not a database")))
        return QStringLiteral(
                   "not a SQLite database (%1); point --log or GATEREVIEW_LOG at a decision log, "
                   "or move this file away")
            .arg(text);
    return text;
}

} // namespace

SqliteDatabase::SqliteDatabase(const QString &path) : m_path(path), m_connection(connectionName())
{
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) throw InputError(path, QStringLiteral("is not a file"));
    if (!QDir().mkpath(info.absolutePath()))
        throw InputError(path,
                         QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    m_db.setDatabaseName(path);
    try {
        if (!m_db.open())
            throw InputError(path,
                             QStringLiteral("cannot open: %1").arg(describe(m_db.lastError())));
        exec(QStringLiteral("PRAGMA busy_timeout = 5000"));
        exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        // Reading the schema is the first access to the file: a file that is not a database fails
        // here, before anything could write to it.
        scalar(QStringLiteral("SELECT count(*) FROM sqlite_master"));
    } catch (...) {
        close(); // the destructor does not run when the constructor throws
        throw;
    }
}

void SqliteDatabase::useWriteAheadLog()
{
    // WAL: readers never block the writer and a killed writer leaves the committed data intact.
    // synchronous=FULL: a commit that returned is on disk, not just in the OS cache.
    const QString mode = scalar(QStringLiteral("PRAGMA journal_mode = WAL")).toString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        throw InputError(m_path,
                         QStringLiteral("cannot switch to WAL journaling (got '%1')").arg(mode));
    exec(QStringLiteral("PRAGMA synchronous = FULL"));
}

void SqliteDatabase::close() noexcept
{
    m_db.close();
    m_db = QSqlDatabase(); // drop the last handle before removing the connection
    QSqlDatabase::removeDatabase(m_connection);
}

SqliteDatabase::~SqliteDatabase()
{
    close();
}

QSqlQuery SqliteDatabase::exec(const QString &sql, const QVariantList &bindings)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql)) throw InputError(m_path, describe(query.lastError()));
    for (const QVariant &value : bindings)
        query.addBindValue(value);
    if (!query.exec()) throw InputError(m_path, describe(query.lastError()));
    return query;
}

QVariant SqliteDatabase::scalar(const QString &sql, const QVariantList &bindings)
{
    QSqlQuery query = exec(sql, bindings);
    return query.next() ? query.value(0) : QVariant();
}

void SqliteDatabase::begin()
{
    exec(QStringLiteral("BEGIN IMMEDIATE"));
}

void SqliteDatabase::commit()
{
    exec(QStringLiteral("COMMIT"));
}

void SqliteDatabase::rollback() noexcept
{
    // Called from destructors: report nothing, throw nothing. A failed ROLLBACK means SQLite
    // already rolled back (e.g. after a constraint error inside the transaction).
    QSqlQuery query(m_db);
    query.exec(QStringLiteral("ROLLBACK"));
}

} // namespace gr

#include "sqlitedatabase.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QUrl>

namespace gr {

SqliteDatabase::SqliteDatabase(const QString &path, Access access)
    : SqlDatabase(Dialect::Sqlite, access, path, QStringLiteral("QSQLITE"))
{
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        close();
        throw DatabaseError(path, QStringLiteral("is not a file"));
    }
    if (access == Access::ReadOnly && !info.exists()) {
        close();
        throw DatabaseError(path, QStringLiteral("no such file"));
    }
    if (access == Access::ReadWrite && !QDir().mkpath(info.absolutePath())) {
        close();
        throw DatabaseError(path,
                            QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
    }
    try {
        if (access == Access::ReadWrite) {
            open(QString());
        } else {
            try {
                open(QStringLiteral("QSQLITE_OPEN_READONLY"));
            } catch (const DatabaseError &) {
                // A WAL log in a folder this user cannot write has no -shm file to share with
                // writers, so SQLite cannot open it read-only; nobody can be writing it without
                // that folder, so read it as an immutable file.
                m_db.close();
                m_db.setDatabaseName(QStringLiteral("file:%1?immutable=1")
                                         .arg(QString::fromUtf8(QUrl::toPercentEncoding(
                                             info.absoluteFilePath(), QByteArrayLiteral("/")))));
                open(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
            }
        }
    } catch (...) {
        close(); // the destructor does not run when the constructor throws
        throw;
    }
}

void SqliteDatabase::open(const QString &options)
{
    m_db.setConnectOptions(options);
    if (m_db.databaseName().isEmpty()) m_db.setDatabaseName(location());
    if (!m_db.open()) throw translate(m_db.lastError());
    exec(QStringLiteral("PRAGMA busy_timeout = 10000"));
    exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    // Reading the schema is the first access to the file: a file that is not a database fails
    // here, before anything could write to it.
    scalar(QStringLiteral("SELECT count(*) FROM sqlite_master"));
}

void SqliteDatabase::useWriteAheadLog()
{
    // WAL: readers never block the writer and a killed writer leaves the committed data intact.
    // synchronous=FULL: a commit that returned is on disk, not just in the OS cache.
    const QString mode = scalar(QStringLiteral("PRAGMA journal_mode = WAL")).toString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        throw DatabaseError(location(),
                            QStringLiteral("cannot switch to WAL journaling (got '%1')").arg(mode));
    exec(QStringLiteral("PRAGMA synchronous = FULL"));
}

void SqliteDatabase::begin()
{
    execScript(QStringLiteral("BEGIN IMMEDIATE"));
}

DatabaseError SqliteDatabase::translate(const QSqlError &error) const
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    // SQLite reports a file that is not a database (SQLITE_NOTADB) on the first statement.
    if (text.contains(QLatin1String("not a database")))
        return DatabaseError(
            location(), QStringLiteral("not a SQLite database (%1); point --log or GATEREVIEW_LOG "
                                       "at a decision log, or move this file away")
                            .arg(text));
    if (text.contains(QLatin1String("database is locked")) ||
        text.contains(QLatin1String("database is busy")))
        return DatabaseError(location(),
                             QStringLiteral("another process held the log's write lock for too "
                                            "long (%1); try again")
                                 .arg(text),
                             DatabaseError::Kind::Retryable);
    if (text.contains(QLatin1String("disk is full")) ||
        text.contains(QLatin1String("disk I/O error")))
        return DatabaseError(location(),
                             QStringLiteral("the disk is full (%1): nothing was written; free "
                                            "space and record the decision again")
                                 .arg(text));
    if (text.contains(QLatin1String("readonly database")))
        return DatabaseError(
            location(), QStringLiteral("this user may not write the log file or its folder (%1); "
                                       "`gatereview log list` and `log verify` still work")
                            .arg(text));
    return DatabaseError(location(), text);
}

} // namespace gr

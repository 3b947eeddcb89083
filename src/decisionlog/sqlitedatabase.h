#pragma once
// A small SQLite wrapper in the spirit of LibrePCB's SQLiteDatabase: one uniquely named Qt SQL
// connection per instance (so several logs, or a page and a dialog, can be open at once), foreign
// keys, a busy timeout, WAL journaling once the caller knows the file is its own, and errors
// thrown as InputError naming the file.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace gr {

class SqliteDatabase
{
public:
    // Opens (creating when missing) the database at `path` with foreign keys and a busy timeout.
    // Throws InputError naming the file when it cannot be opened or is not a SQLite database.
    explicit SqliteDatabase(const QString &path);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;

    const QString &path() const { return m_path; }

    // Switches the file to WAL with synchronous=FULL. Persistent in the file, so callers do it
    // only after checking the file is theirs.
    void useWriteAheadLog();

    // Prepares and runs one statement with positional (?) bindings; the query is positioned
    // before its first row. Throws InputError naming the file on failure.
    QSqlQuery exec(const QString &sql, const QVariantList &bindings = {});
    // The first column of the first row, or an invalid QVariant when there is no row.
    QVariant scalar(const QString &sql, const QVariantList &bindings = {});

    // Only for TransactionGuard.
    void begin();
    void commit();
    void rollback() noexcept;

private:
    void close() noexcept;

    QString m_path;
    QString m_connection;
    QSqlDatabase m_db;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so two writers wait for each
// other instead of failing half-way); ROLLBACK in the destructor unless commit() was called, so an
// exception anywhere in between leaves the database as it was.
class TransactionGuard
{
public:
    explicit TransactionGuard(SqliteDatabase &db) : m_db(db) { m_db.begin(); }
    ~TransactionGuard()
    {
        if (!m_done) m_db.rollback();
    }
    TransactionGuard(const TransactionGuard &) = delete;
    TransactionGuard &operator=(const TransactionGuard &) = delete;

    void commit()
    {
        m_db.commit();
        m_done = true;
    }

private:
    SqliteDatabase &m_db;
    bool m_done = false;
};

} // namespace gr

#pragma once
// One Qt SQL connection to the database a decision log lives in. The log's code is the same over
// every backend: statements go through exec()/scalar() with positional (?) bindings, writes run
// inside a TransactionGuard, and what differs (how a write transaction serialises writers, how
// errors read, where the schema version is kept) lives in the backend subclasses:
// SqliteDatabase (a file) and PostgresDatabase (a server, through libpq).
//
// Errors are thrown as DatabaseError (an InputError naming the file or the URL, never a
// password) whose kind() tells the caller whether retrying the whole transaction can succeed.
#include "model/errors.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

class QSqlError;

namespace gr {

class DatabaseError : public InputError
{
public:
    enum class Kind
    {
        Failed,         // retrying will not help (constraint, permission, schema, disk full)
        Retryable,      // another writer won a race (busy, serialisation failure, deadlock)
        ConnectionLost, // the server went away; the open transaction did not commit
    };
    DatabaseError(QString location, QString problem, Kind kind = Kind::Failed)
        : InputError(std::move(location), std::move(problem)), m_kind(kind)
    {
    }
    Kind kind() const { return m_kind; }

private:
    Kind m_kind;
};

class SqlDatabase
{
public:
    enum class Dialect
    {
        Sqlite,
        Postgres
    };
    enum class Access
    {
        ReadWrite,
        ReadOnly // nothing is written, not even journaling settings: works on read-only files
    };

    virtual ~SqlDatabase();
    SqlDatabase(const SqlDatabase &) = delete;
    SqlDatabase &operator=(const SqlDatabase &) = delete;

    Dialect dialect() const { return m_dialect; }
    Access access() const { return m_access; }
    // The file path, or the URL without a password: what every message names.
    const QString &location() const { return m_location; }
    // Kept for the SQLite-era callers and tests.
    const QString &path() const { return m_location; }

    // Prepares and runs one statement with positional (?) bindings; the query is positioned
    // before its first row. Throws DatabaseError naming the location on failure.
    QSqlQuery exec(const QString &sql, const QVariantList &bindings = {});
    // The first column of the first row, or an invalid QVariant when there is no row.
    QVariant scalar(const QString &sql, const QVariantList &bindings = {});
    // Runs one statement of a schema script as written, without preparing it (trigger bodies
    // hold characters Qt would take for placeholders).
    void execScript(const QString &statement);

    // Only for TransactionGuard. begin() starts a write transaction that owns the chain head
    // until commit() or rollback(): two writers wait for each other instead of forking it.
    virtual void begin() = 0;
    void commit();
    void rollback() noexcept;

protected:
    SqlDatabase(Dialect dialect, Access access, QString location, const QString &driver);
    // Turns a driver error into the DatabaseError a user can act on.
    virtual DatabaseError translate(const QSqlError &error) const = 0;
    void close() noexcept;

    QSqlDatabase m_db;

private:
    Dialect m_dialect;
    Access m_access;
    QString m_location;
    QString m_connection;
};

// begin() on construction; ROLLBACK in the destructor unless commit() was called, so an exception
// anywhere in between leaves the database as it was.
class TransactionGuard
{
public:
    explicit TransactionGuard(SqlDatabase &db) : m_db(db) { m_db.begin(); }
    ~TransactionGuard()
    {
        if (!m_done) m_db.rollback();
    }
    TransactionGuard(const TransactionGuard &) = delete;
    TransactionGuard &operator=(const TransactionGuard &) = delete;

    void commit()
    {
        m_done = true; // a failed COMMIT has ended the transaction either way
        m_db.commit();
    }

private:
    SqlDatabase &m_db;
    bool m_done = false;
};

} // namespace gr

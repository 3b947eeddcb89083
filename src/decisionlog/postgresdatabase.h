#pragma once
// The decision log's PostgreSQL backend, through Qt SQL's QPSQL driver (libpq underneath).
//
// Location: postgresql://USER@HOST:PORT/DBNAME[?sslmode=...&connect_timeout=...]. A password in
// the URL is refused: libpq reads it from $PGPASSWORD or the password file (~/.pgpass, or
// $PGPASSFILE) itself, so Gate Review never holds, stores or prints it. The log lives in the
// schema `gatereview` of that database; writers serialise on a transaction-scoped advisory lock
// (no UPDATE grant needed), and the server's own triggers check each row extends the chain head.
#include "sqldatabase.h"

namespace gr {

struct PostgresLocation
{
    QString user; // empty: libpq's default ($PGUSER, else the OS user)
    QString host; // empty: libpq's default ($PGHOST, else the local socket)
    int port = -1;
    QString database;
    QString options; // libpq keywords as Qt's "key=value;key=value" connect options

    // The URL again, without anything secret: what messages and `log list` show.
    QString display() const;
};

// True for postgresql:// and postgres:// locations.
bool isPostgresLocation(const QString &location);
// Throws InputError naming the URL when it is malformed or carries a password.
PostgresLocation parsePostgresLocation(const QString &url);

class PostgresDatabase : public SqlDatabase
{
public:
    // Connects; throws DatabaseError saying whether the server was unreachable, refused the
    // login (and where libpq looks for the password) or lacks the database.
    explicit PostgresDatabase(const PostgresLocation &where, Access access = Access::ReadWrite);

    // BEGIN, then a transaction-scoped advisory lock on the log: one writer at a time extends the
    // chain; the lock is released by COMMIT or ROLLBACK, or when a killed client's session ends.
    void begin() override;

    const PostgresLocation &where() const { return m_where; }
    QString userName() const; // the role the server says we are

protected:
    DatabaseError translate(const QSqlError &error) const override;

private:
    PostgresLocation m_where;
    bool m_connected = false; // errors before this are about reaching or logging in
};

// The advisory lock key every writer of a log takes ("GRLG").
inline constexpr qint64 kDecisionLogLockKey = 0x47524C47;

} // namespace gr

#include "postgresdatabase.h"

#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>

namespace gr {

namespace {

// libpq connection keywords a URL may carry; anything else (notably `password`) is refused.
const char *const kAllowedOptions[] = {
    "sslmode",          "sslrootcert",          "sslcert", "sslkey", "connect_timeout",
    "application_name", "target_session_attrs", "options"};

bool startsWithAny(const QString &text, std::initializer_list<const char *> needles)
{
    for (const char *n : needles)
        if (text.contains(QLatin1String(n), Qt::CaseInsensitive)) return true;
    return false;
}

} // namespace

bool isPostgresLocation(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) ||
           location.startsWith(QLatin1String("postgres://"));
}

QString PostgresLocation::display() const
{
    QString text = QStringLiteral("postgresql://");
    if (!user.isEmpty()) text += user + QLatin1Char('@');
    text += host;
    if (port > 0) text += QLatin1Char(':') + QString::number(port);
    return text + QLatin1Char('/') + database;
}

PostgresLocation parsePostgresLocation(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    // Name the URL without its password, should there be one.
    const QString shown =
        url.isValid() ? url.toString(QUrl::RemovePassword) : text.section(QLatin1Char('@'), -1);
    if (!url.isValid() || !isPostgresLocation(text))
        throw InputError(shown, QStringLiteral("not a PostgreSQL URL; write "
                                               "postgresql://USER@HOST:PORT/DBNAME"));
    if (!url.password().isEmpty())
        throw InputError(shown, QStringLiteral("the URL carries a password: take it out and put "
                                               "it in PGPASSWORD or ~/.pgpass, where libpq reads "
                                               "it (URLs end up in shell history and logs)"));
    PostgresLocation where;
    where.user = url.userName();
    where.host = url.host();
    where.port = url.port(-1);
    where.database = url.path().mid(1);
    if (where.database.isEmpty() || where.database.contains(QLatin1Char('/')))
        throw InputError(shown,
                         QStringLiteral("name the database: postgresql://USER@HOST:PORT/DBNAME"));
    QStringList options;
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        bool allowed = false;
        for (const char *k : kAllowedOptions)
            allowed = allowed || key == QLatin1String(k);
        if (!allowed)
            throw InputError(shown, QStringLiteral("unsupported connection option '%1'").arg(key));
        if (value.contains(QLatin1Char(';')))
            throw InputError(shown, QStringLiteral("option '%1' may not contain ';'").arg(key));
        options << key + QLatin1Char('=') + value;
    }
    // Without a timeout an unreachable host blocks for minutes.
    if (!QUrlQuery(url).hasQueryItem(QStringLiteral("connect_timeout")))
        options << QStringLiteral("connect_timeout=10");
    if (!QUrlQuery(url).hasQueryItem(QStringLiteral("application_name")))
        options << QStringLiteral("application_name=gatereview");
    where.options = options.join(QLatin1Char(';'));
    return where;
}

PostgresDatabase::PostgresDatabase(const PostgresLocation &where, Access access)
    : SqlDatabase(Dialect::Postgres, access, where.display(), QStringLiteral("QPSQL")),
      m_where(where)
{
    m_db.setDatabaseName(where.database);
    if (!where.user.isEmpty()) m_db.setUserName(where.user);
    if (!where.host.isEmpty()) m_db.setHostName(where.host);
    if (where.port > 0) m_db.setPort(where.port);
    m_db.setConnectOptions(where.options);
    // No setPassword(): libpq takes it from PGPASSWORD or the password file.
    try {
        if (!m_db.open()) throw translate(m_db.lastError());
        m_connected = true;
        // The log's tables live in their own schema; resolved lazily, so this works before the
        // schema exists (the first migration creates it).
        execScript(QStringLiteral("SET search_path = gatereview"));
        if (access == Access::ReadOnly)
            execScript(QStringLiteral("SET default_transaction_read_only = on"));
    } catch (...) {
        close();
        throw;
    }
}

QString PostgresDatabase::userName() const
{
    return const_cast<PostgresDatabase *>(this)
        ->scalar(QStringLiteral("SELECT current_user"))
        .toString();
}

void PostgresDatabase::begin()
{
    execScript(QStringLiteral("BEGIN"));
    try {
        exec(QStringLiteral("SELECT pg_advisory_xact_lock(?)"), {kDecisionLogLockKey});
    } catch (...) {
        rollback();
        throw;
    }
}

DatabaseError PostgresDatabase::translate(const QSqlError &error) const
{
    const QString state = error.nativeErrorCode();
    QString text = error.databaseText().trimmed();
    if (text.isEmpty()) text = error.text().trimmed();
    text.replace(QLatin1Char('\n'), QStringLiteral("; "));
    const QString where =
        m_where.host.isEmpty()
            ? QStringLiteral("the local server")
            : QStringLiteral("%1:%2").arg(m_where.host).arg(m_where.port > 0 ? m_where.port : 5432);
    if (!m_connected) {
        if (startsWithAny(text, {"password authentication failed", "no password supplied",
                                 "fe_sendauth", "authentication failed"}))
            return DatabaseError(
                location(),
                QStringLiteral("the server refused the login (%1): put the password in "
                               "PGPASSWORD or in ~/.pgpass (mode 0600; or the file $PGPASSFILE "
                               "names) — Gate Review never takes it on the command line")
                    .arg(text));
        if (startsWithAny(text, {"does not exist"}))
            return DatabaseError(location(),
                                 QStringLiteral("%1: create it first (createdb), then run "
                                                "`gatereview log init`")
                                     .arg(text));
        return DatabaseError(location(),
                             QStringLiteral("cannot reach the PostgreSQL server at %1 (%2): "
                                            "is it running and accepting TCP connections?")
                                 .arg(where, text));
    }
    if (state == QLatin1String("40001") || state == QLatin1String("40P01") ||
        state == QLatin1String("55P03"))
        return DatabaseError(location(), text, DatabaseError::Kind::Retryable);
    if (!m_db.isOpen() || state.startsWith(QLatin1String("08")) ||
        state.startsWith(QLatin1String("57P")) ||
        startsWithAny(text, {"server closed the connection", "no connection to the server",
                             "terminating connection", "connection to server", "SSL SYSCALL"}))
        return DatabaseError(location(),
                             QStringLiteral("the connection to the PostgreSQL server at %1 was "
                                            "lost (%2); the transaction did not commit, so "
                                            "nothing half-written is in the log")
                                 .arg(where, text),
                             DatabaseError::Kind::ConnectionLost);
    if (state == QLatin1String("42501"))
        return DatabaseError(
            location(),
            QStringLiteral("%1: recording needs the writer role (GRANT gatereview_writer TO "
                           "you), schema changes the owner (`gatereview log init`); listing and "
                           "verifying need only SELECT")
                .arg(text));
    if (state == QLatin1String("25006"))
        return DatabaseError(location(),
                             QStringLiteral("%1: this connection is read-only (a standby, or a "
                                            "read-only role); record on the primary")
                                 .arg(text));
    if (state.startsWith(QLatin1String("53")))
        return DatabaseError(location(),
                             QStringLiteral("the database server is out of resources (%1: %2): "
                                            "nothing was written; ask its administrator")
                                 .arg(state, text));
    return DatabaseError(location(), text);
}

} // namespace gr

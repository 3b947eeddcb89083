#include "sqldatabase.h"

#include <atomic>
#include <QSqlError>

namespace gr {

namespace {

QString connectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("gatereview-log-%1").arg(++counter);
}

} // namespace

SqlDatabase::SqlDatabase(Dialect dialect, Access access, QString location, const QString &driver)
    : m_dialect(dialect), m_access(access), m_location(std::move(location)),
      m_connection(connectionName())
{
    m_db = QSqlDatabase::addDatabase(driver, m_connection);
    if (!m_db.isValid()) {
        close();
        throw DatabaseError(m_location,
                            QStringLiteral("the Qt SQL driver %1 is not installed (Debian: %2)")
                                .arg(driver, driver == QLatin1String("QPSQL")
                                                 ? QStringLiteral("libqt6sql6-psql")
                                                 : QStringLiteral("libqt6sql6-sqlite")));
    }
}

SqlDatabase::~SqlDatabase()
{
    close();
}

void SqlDatabase::close() noexcept
{
    m_db.close();
    m_db = QSqlDatabase(); // drop the last handle before removing the connection
    QSqlDatabase::removeDatabase(m_connection);
}

QSqlQuery SqlDatabase::exec(const QString &sql, const QVariantList &bindings)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql)) throw translate(query.lastError());
    for (const QVariant &value : bindings)
        query.addBindValue(value);
    if (!query.exec()) throw translate(query.lastError());
    return query;
}

QVariant SqlDatabase::scalar(const QString &sql, const QVariantList &bindings)
{
    QSqlQuery query = exec(sql, bindings);
    return query.next() ? query.value(0) : QVariant();
}

void SqlDatabase::execScript(const QString &statement)
{
    QSqlQuery query(m_db);
    if (!query.exec(statement)) throw translate(query.lastError());
}

void SqlDatabase::commit()
{
    execScript(QStringLiteral("COMMIT"));
}

void SqlDatabase::rollback() noexcept
{
    // Called from destructors: report nothing, throw nothing. A failed ROLLBACK means the
    // database already rolled back (a constraint error in SQLite, a lost connection).
    QSqlQuery query(m_db);
    query.exec(QStringLiteral("ROLLBACK"));
}

} // namespace gr

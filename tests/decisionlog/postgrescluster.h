#pragma once
// A throwaway PostgreSQL cluster for tests: initdb into a temporary folder, started with pg_ctl on
// a free loopback port (127.0.0.1 only) with its socket in that folder, and always stopped — by
// the destructor on a normal exit or a failed test, and by a watchdog shell (the test's "trap")
// when the test process dies without running destructors.
//
// PostgreSQL refuses to run as root, so when the tests run as root (CI) every server command
// runs as `nobody` through runuser. Login rules (pg_hba.conf): the superuser `postgres` is trusted
// on loopback; every other role needs its password (scram-sha-256), so tests exercise libpq's
// PGPASSWORD and ~/.pgpass handling for real.
//
// fsync is off for speed unless GR_TEST_PG_FSYNC is set (for load figures that mean something).
//
// Without a server (no initdb), isRunning() is false and skipReason() says why: tests QSKIP with
// it, never pass silently.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <sys/socket.h>
#include <unistd.h>

namespace gr::test {

class PostgresCluster
{
public:
    PostgresCluster() { start(); }
    ~PostgresCluster() { stop(); }
    PostgresCluster(const PostgresCluster &) = delete;
    PostgresCluster &operator=(const PostgresCluster &) = delete;

    bool isRunning() const { return m_running; }
    const QString &skipReason() const { return m_skipReason; }
    int port() const { return m_port; }

    // postgresql://USER@127.0.0.1:PORT/DB
    QString url(const QString &database, const QString &user = QStringLiteral("postgres")) const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3")
            .arg(user)
            .arg(m_port)
            .arg(database);
    }

    // A new, empty database; returns its name.
    QString createDatabase()
    {
        const QString name = QStringLiteral("log_%1").arg(++m_databases);
        exec(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1").arg(name));
        return name;
    }

    // Runs SQL as the superuser in `database`, statement by statement (split at ';', so no ';'
    // inside literals); returns the first error's text, empty on success.
    QString exec(const QString &database, const QString &sql)
    {
        const QString connection = QStringLiteral("pgcluster-admin-%1").arg(++m_connections);
        QString error;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            db.setHostName(QStringLiteral("127.0.0.1"));
            db.setPort(m_port);
            db.setUserName(QStringLiteral("postgres"));
            db.setDatabaseName(database);
            if (!db.open()) {
                error = db.lastError().text();
            } else {
                // One statement per exec: QPSQL reports only the first statement's error.
                for (const QString &statement : sql.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                    if (statement.trimmed().isEmpty()) continue;
                    QSqlQuery q(db);
                    if (!q.exec(statement)) {
                        error = q.lastError().text();
                        break;
                    }
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        return error;
    }

    // The first column of the first row of `sql` as the superuser, or an error string.
    QVariant value(const QString &database, const QString &sql)
    {
        const QString connection = QStringLiteral("pgcluster-admin-%1").arg(++m_connections);
        QVariant result;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            db.setHostName(QStringLiteral("127.0.0.1"));
            db.setPort(m_port);
            db.setUserName(QStringLiteral("postgres"));
            db.setDatabaseName(database);
            if (db.open()) {
                QSqlQuery q(db);
                result = q.exec(sql) && q.next() ? q.value(0) : QVariant(q.lastError().text());
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        return result;
    }

private:
    static QString findBin(const QString &name)
    {
        for (const QString &version : {QStringLiteral("15"), QStringLiteral("16"),
                                       QStringLiteral("17"), QStringLiteral("14")}) {
            const QString path = QStringLiteral("/usr/lib/postgresql/%1/bin/%2").arg(version, name);
            if (QFile::exists(path)) return path;
        }
        return QStandardPaths::findExecutable(name);
    }

    // Runs a server command as the unprivileged user; false (with m_skipReason) on failure.
    bool run(const QString &program, const QStringList &arguments, int timeoutMs = 120000)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        if (m_asNobody)
            p.start(QStringLiteral("runuser"),
                    QStringList{QStringLiteral("-u"), QStringLiteral("nobody"),
                                QStringLiteral("--"), program} +
                        arguments);
        else
            p.start(program, arguments);
        if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit ||
            p.exitCode() != 0) {
            m_skipReason = QStringLiteral("%1 failed: %2")
                               .arg(QFileInfo(program).fileName(),
                                    QString::fromLocal8Bit(p.readAll()).right(2000));
            return false;
        }
        return true;
    }

    static int freePort()
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        int port = -1;
        if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr *>(&address), size) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &size) == 0)
            port = ntohs(address.sin_port);
        if (fd >= 0) ::close(fd);
        return port;
    }

    void start()
    {
        m_initdb = findBin(QStringLiteral("initdb"));
        m_pgctl = findBin(QStringLiteral("pg_ctl"));
        if (m_initdb.isEmpty() || m_pgctl.isEmpty()) {
            m_skipReason = QStringLiteral("PostgreSQL server binaries (initdb, pg_ctl) are not "
                                          "installed; .ci/install-deps.sh installs `postgresql`");
            return;
        }
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
            m_skipReason = QStringLiteral("the Qt SQL driver QPSQL is not installed "
                                          "(Debian: libqt6sql6-psql)");
            return;
        }
        m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/gr-pg-XXXXXX"));
        if (!m_dir->isValid()) {
            m_skipReason = QStringLiteral("cannot create a temporary folder for the cluster");
            return;
        }
        m_asNobody = ::geteuid() == 0;
        if (m_asNobody) {
            if (QStandardPaths::findExecutable(QStringLiteral("runuser")).isEmpty()) {
                m_skipReason = QStringLiteral("running as root without runuser: PostgreSQL "
                                              "refuses to run as root");
                return;
            }
            const passwd *nobody = ::getpwnam("nobody");
            if (!nobody || ::chown(QFile::encodeName(m_dir->path()).constData(), nobody->pw_uid,
                                   nobody->pw_gid) != 0) {
                m_skipReason = QStringLiteral("cannot hand the cluster folder to `nobody`");
                return;
            }
        }
        const QString data = m_dir->filePath(QStringLiteral("data"));
        if (!run(m_initdb,
                 {QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"),
                  QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                  QStringLiteral("--no-sync"), QStringLiteral("--no-instructions")}))
            return;
        // Written by us (root or not) into nobody's data folder: replace, keep it readable.
        {
            QFile hba(data + QStringLiteral("/pg_hba.conf"));
            QFile::remove(hba.fileName());
            if (!hba.open(QIODevice::WriteOnly)) {
                m_skipReason = QStringLiteral("cannot write pg_hba.conf");
                return;
            }
            hba.write("local all all trust\n"
                      "host all postgres 127.0.0.1/32 trust\n"
                      "host all all 127.0.0.1/32 scram-sha-256\n");
            hba.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                               QFileDevice::ReadGroup | QFileDevice::ReadOther);
        }
        for (int attempt = 0; attempt < 3 && !m_running; ++attempt) {
            m_port = freePort();
            m_running = run(
                m_pgctl,
                {QStringLiteral("-D"), data, QStringLiteral("-l"),
                 m_dir->filePath(QStringLiteral("server.log")), QStringLiteral("-w"),
                 QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"),
                 QStringLiteral("-k %1 -p %2 -c listen_addresses=127.0.0.1 -c fsync=%3 "
                                "-c max_connections=60")
                     .arg(m_dir->path())
                     .arg(m_port)
                     .arg(qEnvironmentVariableIsSet("GR_TEST_PG_FSYNC") ? QStringLiteral("on")
                                                                        : QStringLiteral("off")),
                 QStringLiteral("start")});
        }
        if (!m_running) return;
        startWatchdog(data);
    }

    // Stops the server and removes the folder if this process dies without running ~Cluster.
    void startWatchdog(const QString &data)
    {
        const QString stop = (m_asNobody ? QStringLiteral("runuser -u nobody -- ") : QString()) +
                             QStringLiteral("'%1' -D '%2' stop -m immediate").arg(m_pgctl, data);
        const QString script =
            QStringLiteral("trap '' HUP INT TERM; while kill -0 %1 2>/dev/null; do sleep 1; done; "
                           "[ -d '%2' ] && %3 >/dev/null 2>&1; rm -rf '%4'")
                .arg(QCoreApplication::applicationPid())
                .arg(data, stop, m_dir->path());
        QProcess::startDetached(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script});
    }

    void stop()
    {
        if (m_running)
            run(m_pgctl, {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")),
                          QStringLiteral("stop"), QStringLiteral("-m"), QStringLiteral("fast"),
                          QStringLiteral("-w")});
        m_running = false;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_initdb, m_pgctl, m_skipReason;
    bool m_asNobody = false, m_running = false;
    int m_port = -1, m_databases = 0, m_connections = 0;
};

} // namespace gr::test

#pragma once
// Shared by the decision-log tests: real gate reports (evaluated once per case), a stepping clock,
// and the sqlite3 command-line tool for tampering with a log the way an outsider would.
#include "postgrescluster.h"
#include "testhelpers.h"

#include "decisionlog/decisionlog.h"
#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "model/errors.h"
#include "report/gatereportjson.h"

#include <functional>
#include <memory>
#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

namespace gr::test {

// The message of the InputError that `f` throws; a text saying so when it throws none.
inline QString inputErrorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const InputError &e) {
        return e.message();
    }
    return QStringLiteral("<no InputError thrown>");
}

// A real gate evaluation whose result is `gateResult` (PROMOTED or NOT_PROMOTED), at a fixed time:
// the churn-classifier case under the reference policy fails registration (net benefit 29,600 <=
// 40,000), so PROMOTED uses the same policy with that bar lowered to 20,000.
inline std::shared_ptr<const GateReport> gateReportObject(const QString &gateResult)
{
    static QMap<QString, std::shared_ptr<const GateReport>> cache;
    static QTemporaryDir policies;
    if (!cache.contains(gateResult)) {
        QString policy = dataPath(QStringLiteral("reference/policy.yaml"));
        if (gateResult == QLatin1String("PROMOTED")) {
            QFile reference(policy);
            if (!reference.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(policy));
            QByteArray yaml = reference.readAll();
            yaml.replace("value: 40000", "value: 20000");
            policy = writeFile(policies, QStringLiteral("lenient-policy.yaml"), yaml);
        }
        const QDir dir(dataPath(QStringLiteral("gate-cases/churn-classifier")));
        GateOptions options;
        options.now = QDateTime(QDate(2026, 11, 2), QTime(9, 30), Qt::UTC);
        auto report = std::make_shared<const GateReport>(
            evaluateGate(loadLocalRun(dir.filePath(QStringLiteral("champion.csv"))),
                         loadLocalRun(dir.filePath(QStringLiteral("candidate.csv"))),
                         loadGatePolicy(policy), nullptr, options));
        if (toString(report->result) != gateResult)
            qFatal("the fixture evaluates to %s, not %s", qPrintable(toString(report->result)),
                   qPrintable(gateResult));
        cache.insert(gateResult, report);
    }
    return cache.value(gateResult);
}

// ... and as the JSON document the log stores.
inline QJsonObject gateReportFor(const QString &gateResult)
{
    return gateReportToJson(*gateReportObject(gateResult));
}

// 2026-11-26T10:00:00Z, then one minute later on every call.
inline Clock steppingClock(QDateTime start = QDateTime(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC))
{
    auto next = std::make_shared<QDateTime>(start);
    return [next] {
        const QDateTime now = *next;
        *next = next->addSecs(60);
        return now;
    };
}

inline Decision makeDecision(DecisionKind kind, const QJsonObject &report, const QString &rationale,
                             const QString &author = QStringLiteral("alice"))
{
    Decision d;
    d.kind = kind;
    d.rationale = rationale;
    d.author = author;
    d.gateReport = report;
    return d;
}

inline bool haveSqlite3()
{
    return !QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty();
}

// Runs `sqlite3 PATH SQL` as an outsider would (no triggers disabled unless SQL says so);
// returns the exit code, with stderr in *error.
inline int sqlite3(const QString &path, const QString &sql, QString *error = nullptr)
{
    QProcess p;
    p.start(QStringLiteral("sqlite3"), {path, sql});
    if (!p.waitForFinished(30000)) qFatal("sqlite3 did not finish");
    if (error) *error = QString::fromUtf8(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

// The SQL an outsider runs first: the append-only triggers only stop accidents.
inline QString dropGuards()
{
    return QStringLiteral(
        "DROP TRIGGER IF EXISTS decisions_append_only_update; DROP TRIGGER IF EXISTS "
        "decisions_append_only_delete; ");
}

// The decision-log backends every log test runs on: one data row each.
inline const QStringList &logBackends()
{
    static const QStringList backends = {QStringLiteral("sqlite"), QStringLiteral("postgresql")};
    return backends;
}

inline void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    for (const QString &backend : logBackends())
        QTest::newRow(qPrintable(backend)) << backend;
}

// Fresh, empty logs on either backend, and an outsider's way of tampering with them.
class LogLocations
{
public:
    explicit LogLocations(const QString &prefix) : m_prefix(prefix) {}

    PostgresCluster &cluster()
    {
        if (!m_cluster) m_cluster = std::make_unique<PostgresCluster>();
        return *m_cluster;
    }
    QString skipReason() { return cluster().skipReason(); }

    // A new empty log's location: a file that does not exist yet, or a new database's URL.
    // Empty when the backend is unavailable (the test then QSKIPs with skipReason()).
    QString fresh(const QString &backend)
    {
        if (backend == QLatin1String("sqlite"))
            return m_dir.filePath(QStringLiteral("%1%2.sqlite").arg(m_prefix).arg(++m_files));
        if (!cluster().isRunning()) return {};
        return cluster().url(cluster().createDatabase());
    }

    static bool isPostgres(const QString &location)
    {
        return location.startsWith(QLatin1String("postgresql://"));
    }
    static QString databaseOf(const QString &url) { return url.section(QLatin1Char('/'), -1); }

    // Runs `sql` against the log the way an outsider with full access would: SQLite through the
    // sqlite3 tool with the append-only triggers dropped; PostgreSQL as the superuser with
    // triggers (and foreign-key checks) switched off for the session. Returns the error text.
    QString tamper(const QString &location, const QString &sql)
    {
        if (isPostgres(location))
            return cluster().exec(databaseOf(location),
                                  QStringLiteral("SET search_path = gatereview; SET "
                                                 "session_replication_role = replica; ") +
                                      sql);
        QString error;
        return sqlite3(location, dropGuards() + sql, &error) == 0 ? QString()
                                                                  : error + QStringLiteral(" ");
    }

    // Like tamper(), but with every guard left in place (as the log's owner would).
    QString guardedSql(const QString &location, const QString &sql)
    {
        if (isPostgres(location))
            return cluster().exec(databaseOf(location),
                                  QStringLiteral("SET search_path = gatereview; ") + sql);
        QString error;
        return sqlite3(location, sql, &error) == 0 ? QString() : error + QStringLiteral(" ");
    }

    QString filePath(const QString &name) const { return m_dir.filePath(name); }

private:
    QString m_prefix;
    QTemporaryDir m_dir;
    std::unique_ptr<PostgresCluster> m_cluster;
    int m_files = 0;
};

} // namespace gr::test

// In a data-driven test over the "backend" column, inside a class with a LogLocations member
// m_locations: a fresh log of that backend in `var`, or the row skipped with the reason.
#define FRESH_LOG(var)                                                                             \
    QFETCH(QString, backend);                                                                      \
    const QString var = m_locations.fresh(backend);                                                \
    if (var.isEmpty()) QSKIP(qPrintable(m_locations.skipReason()))

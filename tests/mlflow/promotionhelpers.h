#pragma once
// Shared by the promotion tests (CLI and GUI): a writable copy of the fixture's SQLite registry,
// a decision recorded on a real gate of two of its versions, and SQL to play "someone else"
// moving aliases or adding versions behind the reviewer's back.
#include "mlflowtesthelpers.h"

#include "decisionlog/decisionlog.h"
#include "gate/gateevaluator.h"
#include "gate/gatepolicy.h"
#include "io/runloader.h"
#include "mlflow/sqlitestore.h"
#include "review/runsource.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace gr::test {

inline QString sqliteUri(const QString &db)
{
    return QStringLiteral("sqlite:///") + db;
}

// The reference policy without its $40,000 registration minimum, under which the fixture's
// candidate (ΔNB +$900) is promoted.
inline GatePolicy promotingPolicy()
{
    return parseGatePolicy(
        "version: 1\nmetric: net_benefit\nvalue: {tp: 500, fp: -100, fn: -300, tn: 0}\n"
        "registration:\n  - {metric: f1, op: \">\", value: 0.20}\n"
        "challenge: {strictly_better: true, min_delta: 0, require_significance: false}\n",
        QStringLiteral("promoting-policy.yaml"));
}

// Gates churn-classifier @champion vs @candidate in `db` and records `kind` by alice.
inline qint64 recordGateDecision(const QString &db, const QString &logPath,
                                 DecisionKind kind = DecisionKind::PromoteCandidate)
{
    RunSourceOptions options;
    options.trackingUri = sqliteUri(db);
    const GateReport report = evaluateGate(
        loadRun(QStringLiteral("models:/churn-classifier@champion"), options),
        loadRun(QStringLiteral("models:/churn-classifier@candidate"), options), promotingPolicy());
    if (report.result != GateResult::Promoted) qFatal("the fixture gate did not promote");
    DecisionLog log(logPath);
    Decision d;
    d.kind = kind;
    d.rationale = QStringLiteral("wins on net benefit");
    d.author = QStringLiteral("alice");
    d.gateReport = gateReportToJson(report);
    return log.append(d).id;
}

// Runs SQL on the registry as another MLflow client would.
inline void registrySql(const QString &db, const QStringList &statements)
{
    const QString name = QStringLiteral("registry-sql");
    {
        QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        c.setDatabaseName(db);
        if (!c.open()) qFatal("cannot open %s", qPrintable(db));
        for (const QString &s : statements) {
            QSqlQuery q(c);
            if (!q.exec(s)) qFatal("%s: %s", qPrintable(s), qPrintable(q.lastError().text()));
        }
        c.close();
    }
    QSqlDatabase::removeDatabase(name);
}

// Adds churn-classifier v3 (a copy of v1 with another run id) and points @champion at it.
inline void someoneMovesChampionToV3(const QString &db)
{
    registrySql(db, {QStringLiteral("CREATE TEMP TABLE v AS SELECT * FROM model_versions WHERE "
                                    "name = 'churn-classifier' AND version = 1"),
                     QStringLiteral("UPDATE v SET version = 3, run_id = "
                                    "'0123456789abcdef0123456789abcdef'"),
                     QStringLiteral("INSERT INTO model_versions SELECT * FROM v"),
                     QStringLiteral("UPDATE registered_model_aliases SET version = 3 WHERE name = "
                                    "'churn-classifier' AND alias = 'champion'")});
}

inline QString aliasVersion(const QString &db, const QString &alias = QStringLiteral("champion"))
{
    return SqliteStore(db).versionForAlias(QStringLiteral("churn-classifier"), alias).version;
}

} // namespace gr::test

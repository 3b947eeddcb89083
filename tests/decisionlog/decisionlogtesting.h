#pragma once
// Shared by the decision-log tests: real gate reports (evaluated once per case), a stepping clock,
// and the sqlite3 command-line tool for tampering with a log the way an outsider would.
#include "testhelpers.h"

#include "decisionlog/decisionlog.h"
#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "report/gatereportjson.h"

#include <memory>
#include <QMap>
#include <QProcess>
#include <QStandardPaths>

namespace gr::test {

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
        "DROP TRIGGER decisions_append_only_update; DROP TRIGGER decisions_append_only_delete; ");
}

} // namespace gr::test

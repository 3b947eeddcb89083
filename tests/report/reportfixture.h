#pragma once
// The review the report tests render: the churn-classifier runs with run metadata and dvc.lock
// files (tests/data/diagnosis), the reference policy, and a fixed clock.
#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "report/decisionreport.h"
#include "report/gatereportjson.h"
#include "testhelpers.h"

#include <QTest>

namespace gr::test {

inline QDateTime fixedClock()
{
    return QDateTime(QDate(2026, 3, 14), QTime(9, 26, 53), Qt::UTC);
}

inline std::shared_ptr<const GateReport>
fixtureGateReport(const QString &folder = QStringLiteral("diagnosis"))
{
    GateOptions options;
    options.now = fixedClock();
    GateReport report = evaluateGate(
        loadLocalRun(dataPath(folder + QStringLiteral("/champion"))),
        loadLocalRun(dataPath(folder + QStringLiteral("/candidate"))),
        loadGatePolicy(dataPath(QStringLiteral("reference/policy.yaml"))), nullptr, options);
    report.appVersion = QStringLiteral("0.0.0-test"); // goldens must not change with every release
    return std::make_shared<const GateReport>(std::move(report));
}

// Notes written to break out of every format: HTML tags, Markdown syntax, a setext underline.
inline QMap<int, QString> hostileNotes()
{
    return {
        {StepComparison,
         QStringLiteral("FN grew <script>alert('x')</script> & the CI spans zero.")},
        {StepData, QStringLiteral("# not a heading\n===\n| a | b |\n[link](javascript:alert(1)) "
                                  "*bold* `code` <img src=x onerror=alert(1)>")},
        {StepModel, QStringLiteral("Candidate wins at 0.42?\n    indented code\n- not a list")}};
}

inline Decision fixtureDecision()
{
    Decision d;
    d.kind = DecisionKind::RetuneThreshold;
    d.rationale = QStringLiteral(
        "Candidate wins at its best threshold <em>on this set</em>; confirm on validation data.");
    d.author = QStringLiteral("a.engineer");
    d.decidedAt = fixedClock().addSecs(3600);
    d.notes = hostileNotes();
    return d;
}

// Absolute fixture paths differ per checkout; goldens hold a placeholder instead.
inline QString normalizePaths(QString text)
{
    const QString dir = QStringLiteral(GR_TEST_DATA_DIR);
    text.replace(dir.toHtmlEscaped(), QStringLiteral("@DATA@"));
    text.replace(escapeMarkdown(dir), QStringLiteral("@DATA@"));
    return text.replace(dir, QStringLiteral("@DATA@"));
}

} // namespace gr::test

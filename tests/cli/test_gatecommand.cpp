// `gatereview gate` run in-process with its output streams swapped for buffers (KeePassXC's
// TestCli pattern): exit codes, the GitHub Actions outputs, the JSON report and usage errors.
#include "clitesthelpers.h"
#include "testhelpers.h"

#include "cli/command.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace gr;

namespace {

using Result = test::CliResult;

Result run(const QStringList &arguments)
{
    return test::runCli(arguments);
}

QString caseFile(const QString &c, const QString &role)
{
    return test::dataPath(QStringLiteral("gate-cases/%1/%2.csv").arg(c, role));
}

} // namespace

class TestGateCommand : public QObject
{
    Q_OBJECT

private slots:
    void verdictsAndExitCodes_data()
    {
        QTest::addColumn<QString>("gateCase");
        QTest::addColumn<QString>("policy");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("result");
        const QString lenient = test::dataPath(QStringLiteral("cli/lenient-policy.yaml"));
        QTest::newRow("candidate wins") << "churn-classifier" << lenient << 0 << "PROMOTED";
        QTest::newRow("candidate loses")
            << "churn-classifier-regression" << lenient << 0 << "NOT_PROMOTED";
        QTest::newRow("below registration minimum")
            << "churn-classifier" << test::dataPath(QStringLiteral("reference/policy.yaml")) << 0
            << "NOT_PROMOTED";
        QTest::newRow("different test sets")
            << "churn-classifier-split-mismatch" << lenient << 3 << "INVALID";
    }

    void verdictsAndExitCodes()
    {
        QFETCH(QString, gateCase);
        QFETCH(QString, policy);
        QFETCH(int, code);
        QFETCH(QString, result);
        QTemporaryDir dir;
        const QString output = dir.filePath(QStringLiteral("github_output"));
        const QString summary = dir.filePath(QStringLiteral("summary.md"));
        const QString json = dir.filePath(QStringLiteral("report.json"));
        test::writeFile(dir, QStringLiteral("github_output"), "earlier=1\n");
        const Result r =
            run({QStringLiteral("gate"), QStringLiteral("--champion"),
                 caseFile(gateCase, QStringLiteral("champion")), QStringLiteral("--candidate"),
                 caseFile(gateCase, QStringLiteral("candidate")), QStringLiteral("--policy"),
                 policy, QStringLiteral("--json"), json, QStringLiteral("--github-output"), output,
                 QStringLiteral("--step-summary"), summary});
        QVERIFY2(r.code == code, qPrintable(r.err));
        QVERIFY(r.out.startsWith(QStringLiteral("Gate result: ") + result));
        QFile f(output);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(),
                 QByteArray("earlier=1\ngate_result=") + result.toLatin1() + '\n'); // appended
        const QJsonObject report = test::readJson(json);
        QCOMPARE(report.value(QStringLiteral("schema")).toString(),
                 QStringLiteral("gatereview/gate-report/v1"));
        QCOMPARE(report.value(QStringLiteral("gate_result")).toString(), result);
        QCOMPARE(report.value(QStringLiteral("layers")).toArray().size(), 4);
        QVERIFY(!report.value(QStringLiteral("reasons")).toArray().isEmpty());
        QCOMPARE(report.value(QStringLiteral("policy"))
                     .toObject()
                     .value(QStringLiteral("sha256"))
                     .toString()
                     .size(),
                 64);
        QCOMPARE(report.value(QStringLiteral("inputs"))
                     .toObject()
                     .value(QStringLiteral("champion"))
                     .toObject()
                     .value(QStringLiteral("sha256"))
                     .toString()
                     .size(),
                 64);
        QFile s(summary);
        QVERIFY(s.open(QIODevice::ReadOnly));
        QVERIFY(s.readAll().contains(result.toUtf8()));
    }

    void jsonToStdoutKeepsStdoutClean()
    {
        const Result r =
            run({QStringLiteral("gate"), QStringLiteral("--champion"),
                 caseFile(QStringLiteral("churn-classifier"), QStringLiteral("champion")),
                 QStringLiteral("--candidate"),
                 caseFile(QStringLiteral("churn-classifier"), QStringLiteral("candidate")),
                 QStringLiteral("--json"), QStringLiteral("-")});
        QCOMPARE(r.code, 0);
        QJsonParseError error;
        QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError); // the human summary went to stderr
        QVERIFY(r.err.contains(QStringLiteral("Gate result")));
    }

    void thresholdOverrideIsRecorded()
    {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const Result r =
            run({QStringLiteral("gate"), QStringLiteral("--champion"),
                 caseFile(QStringLiteral("churn-classifier"), QStringLiteral("champion")),
                 QStringLiteral("--candidate"),
                 caseFile(QStringLiteral("churn-classifier"), QStringLiteral("candidate")),
                 QStringLiteral("--candidate-threshold"), QStringLiteral("0.416604259370005"),
                 QStringLiteral("--json"), json, QStringLiteral("--quiet")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.isEmpty());
        const QJsonObject candidate =
            test::readJson(json).value(QStringLiteral("candidate")).toObject();
        QCOMPARE(candidate.value(QStringLiteral("threshold")).toDouble(), 0.416604259370005);
        QCOMPARE(candidate.value(QStringLiteral("net_benefit")).toDouble(),
                 31200.0); // its best NB (reference)
        QCOMPARE(candidate.value(QStringLiteral("run"))
                     .toObject()
                     .value(QStringLiteral("threshold_source"))
                     .toString(),
                 QStringLiteral("override"));
    }

    void usageAndInputErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString ok = caseFile(QStringLiteral("churn-classifier"), QStringLiteral("champion"));
        QTest::newRow("no candidate")
            << QStringList{QStringLiteral("gate"), QStringLiteral("--champion"), ok}
            << "both --champion and --candidate are required";
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("gate"), QStringLiteral("--champoin"), ok}
            << "Unknown option";
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("gate"), QStringLiteral("--champion"), ok,
                           QStringLiteral("--candidate"), QStringLiteral("/nonexistent/x.csv")}
            << "/nonexistent/x.csv: no such file or folder";
        // The champion loads on a worker thread: its error must still reach the user.
        QTest::newRow("missing champion")
            << QStringList{QStringLiteral("gate"), QStringLiteral("--champion"),
                           QStringLiteral("/nonexistent/c.csv"), QStringLiteral("--candidate"), ok}
            << "/nonexistent/c.csv: no such file or folder";
        QTest::newRow("report: missing champion")
            << QStringList{QStringLiteral("report"),
                           QStringLiteral("--champion"),
                           QStringLiteral("/nonexistent/c.csv"),
                           QStringLiteral("--candidate"),
                           ok,
                           QStringLiteral("--output"),
                           QStringLiteral("/tmp/unused.md")}
            << "/nonexistent/c.csv: no such file or folder";
        QTest::newRow("bad input line")
            << QStringList{QStringLiteral("gate"), QStringLiteral("--champion"), ok,
                           QStringLiteral("--candidate"),
                           test::dataPath(QStringLiteral("bad-inputs/nan-score.csv"))}
            << "nan-score.csv:3: score is NaN";
        QTest::newRow("bad threshold") << QStringList{QStringLiteral("gate"),
                                                      QStringLiteral("--champion"),
                                                      ok,
                                                      QStringLiteral("--candidate"),
                                                      ok,
                                                      QStringLiteral("--champion-threshold"),
                                                      QStringLiteral("1.5")}
                                       << "--champion-threshold: threshold '1.5' is outside [0, 1]";
        // Issue 9 item 4: NaN passed validation and made every row negative.
        QTest::newRow("nan threshold") << QStringList{QStringLiteral("gate"),
                                                      QStringLiteral("--champion"),
                                                      ok,
                                                      QStringLiteral("--candidate"),
                                                      ok,
                                                      QStringLiteral("--candidate-threshold"),
                                                      QStringLiteral("nan")}
                                       << "--candidate-threshold: threshold 'nan' is not a number";
        QTest::newRow("nan threshold in report")
            << QStringList{QStringLiteral("report"),
                           QStringLiteral("--champion"),
                           ok,
                           QStringLiteral("--candidate"),
                           ok,
                           QStringLiteral("--champion-threshold"),
                           QStringLiteral("NaN"),
                           QStringLiteral("--output"),
                           QStringLiteral("/tmp/never-written.md")}
            << "--champion-threshold: threshold 'NaN' is not a number";
        QTest::newRow("bad policy")
            << QStringList{QStringLiteral("gate"),
                           QStringLiteral("--champion"),
                           ok,
                           QStringLiteral("--candidate"),
                           ok,
                           QStringLiteral("--policy"),
                           test::dataPath(QStringLiteral("cli/bad-policy.yaml"))}
            << "bad-policy.yaml:3: unknown metric 'profit'";
    }

    void usageAndInputErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result r = run(arguments);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void canaryDataJoinsLayerFour_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("layer4");
        QTest::newRow("healthy") << "healthy"
                                 << "PASS";
        QTest::newRow("error spike") << "error-spike"
                                     << "FAIL";
        QTest::newRow("low traffic") << "low-traffic"
                                     << "NOT_RUN";
    }

    void canaryDataJoinsLayerFour()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, layer4);
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("r.json"));
        const QString folder =
            test::dataPath(QStringLiteral("canary/") + scenario + QLatin1Char('/'));
        const Result r =
            run({QStringLiteral("gate"), QStringLiteral("--champion"),
                 caseFile(QStringLiteral("churn-classifier"), QStringLiteral("champion")),
                 QStringLiteral("--candidate"),
                 caseFile(QStringLiteral("churn-classifier"), QStringLiteral("candidate")),
                 QStringLiteral("--policy"), folder + QStringLiteral("policy.yaml"),
                 QStringLiteral("--canary-data"), folder + QStringLiteral("canary.csv"),
                 QStringLiteral("--json"), json});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject report = test::readJson(json);
        const QJsonObject canary =
            report.value(QStringLiteral("layers")).toArray().at(3).toObject();
        QCOMPARE(canary.value(QStringLiteral("result")).toString(), layer4);
        QVERIFY(!canary.value(QStringLiteral("checks")).toArray().isEmpty());
        // Layer 4 never changes the verdict of layers 1-3 (this pair misses the $40K minimum).
        QCOMPARE(report.value(QStringLiteral("gate_result")).toString(),
                 QStringLiteral("NOT_PROMOTED"));
    }

    // `gate` and `report` declare the review's source options once (reviewrequestoptions.h): both
    // take every one, and read a file with unusual column names the same way.
    void gateAndReportShareTheSourceOptions()
    {
        const QStringList shared = {QStringLiteral("--champion"),
                                    QStringLiteral("--candidate"),
                                    QStringLiteral("--policy"),
                                    QStringLiteral("--champion-threshold"),
                                    QStringLiteral("--candidate-threshold"),
                                    QStringLiteral("--id-column"),
                                    QStringLiteral("--label-column"),
                                    QStringLiteral("--score-column"),
                                    QStringLiteral("--positive-class"),
                                    QStringLiteral("--tracking-uri"),
                                    QStringLiteral("--artifact-path"),
                                    QStringLiteral("--timeout")};
        const QString gateHelp = run({QStringLiteral("gate"), QStringLiteral("--help")}).out;
        const QString reportHelp = run({QStringLiteral("report"), QStringLiteral("--help")}).out;
        for (const QString &option : shared) {
            QVERIFY2(gateHelp.contains(option), qPrintable(option));
            QVERIFY2(reportHelp.contains(option), qPrintable(option));
        }
        QTemporaryDir dir;
        auto renamed = [&](const QString &role) {
            QFile f(caseFile(QStringLiteral("churn-classifier"), role));
            if (!f.open(QIODevice::ReadOnly)) return QString();
            QByteArray bytes = f.readAll();
            bytes.replace("row_id,y_true,y_score", "customer,churned,p_churn");
            return test::writeFile(dir, role + QStringLiteral(".csv"), bytes);
        };
        const QStringList sources = {QStringLiteral("--champion"),
                                     renamed(QStringLiteral("champion")),
                                     QStringLiteral("--candidate"),
                                     renamed(QStringLiteral("candidate")),
                                     QStringLiteral("--id-column"),
                                     QStringLiteral("customer"),
                                     QStringLiteral("--label-column"),
                                     QStringLiteral("churned"),
                                     QStringLiteral("--score-column"),
                                     QStringLiteral("p_churn"),
                                     QStringLiteral("--candidate-threshold"),
                                     QStringLiteral("0.4")};
        const Result gate =
            run(QStringList{QStringLiteral("gate"), QStringLiteral("--json"), QStringLiteral("-")} +
                sources);
        QCOMPARE(gate.code, 0);
        const QJsonObject json = QJsonDocument::fromJson(gate.out.toUtf8()).object();
        const QString out = dir.filePath(QStringLiteral("r.json"));
        const Result report =
            run(QStringList{QStringLiteral("report"), QStringLiteral("--output"), out} + sources);
        QVERIFY2(report.code == 0, qPrintable(report.err));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject decisionReport = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonObject fromReport =
            decisionReport.value(QStringLiteral("gate_report")).toObject();
        QCOMPARE(fromReport.value(QStringLiteral("gate_result")),
                 json.value(QStringLiteral("gate_result")));
        QCOMPARE(fromReport[QStringLiteral("candidate")][QStringLiteral("threshold")],
                 json[QStringLiteral("candidate")][QStringLiteral("threshold")]);
        QCOMPARE(json[QStringLiteral("candidate")][QStringLiteral("threshold")].toDouble(), 0.4);
    }

    void unknownSubcommandIsNotACommand()
    {
        QCOMPARE(run({QStringLiteral("gait")}).code, -1);
        QVERIFY(run({QStringLiteral("help")}).out.contains(QStringLiteral("gate")));
    }
};

QTEST_GUILESS_MAIN(TestGateCommand)
#include "test_gatecommand.moc"

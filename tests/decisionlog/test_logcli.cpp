// `gatereview log ...` run in-process with buffers for stdout/stderr (KeePassXC's TestCli style).
#include "decisionlogtesting.h"

#include "cli/command.h"

#include <QJsonArray>
#include <QtTest>

using namespace gr;
using namespace gr::test;

class TestLogCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_out, m_err;
    QString m_notPromoted, m_promoted;
    int m_logs = 0;

    int run(const QStringList &arguments)
    {
        m_out.clear();
        m_err.clear();
        QTextStream out(&m_out), err(&m_err);
        const int code =
            cli::runCommandLine(QStringList{QStringLiteral("log")} + arguments, out, err);
        out.flush();
        err.flush();
        return code;
    }

    QString freshLogPath() { return m_dir.filePath(QStringLiteral("cli%1.sqlite").arg(++m_logs)); }

    // Two records (the second superseding the first) on the NOT_PROMOTED report.
    QString loggedTwice()
    {
        const QString log = freshLogPath();
        if (run({QStringLiteral("record"), QStringLiteral("--log"), log, QStringLiteral("--report"),
                 m_notPromoted, QStringLiteral("--decision"), QStringLiteral("champion_stays"),
                 QStringLiteral("--rationale"), QStringLiteral("worse on net benefit"),
                 QStringLiteral("--author"), QStringLiteral("alice"),
                 QStringLiteral("--notes-step"), QStringLiteral("1"),
                 QStringLiteral("<script>alert(1)</script> **not bold**")}) != 0)
            qFatal("record failed: %s", qPrintable(m_err));
        if (run({QStringLiteral("record"), QStringLiteral("--log"), log, QStringLiteral("--report"),
                 m_notPromoted, QStringLiteral("--decision"), QStringLiteral("fix_data_pipeline"),
                 QStringLiteral("--rationale"), QStringLiteral("labels were stale"),
                 QStringLiteral("--author"), QStringLiteral("bob"), QStringLiteral("--supersedes"),
                 QStringLiteral("1")}) != 0)
            qFatal("record failed: %s", qPrintable(m_err));
        return log;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qunsetenv("GATEREVIEW_LOG");
        qputenv("USER", "tester"); // the default author; CI containers often have no $USER
        m_notPromoted =
            writeFile(m_dir, QStringLiteral("not-promoted.json"),
                      QJsonDocument(gateReportFor(QStringLiteral("NOT_PROMOTED"))).toJson());
        m_promoted = writeFile(m_dir, QStringLiteral("promoted.json"),
                               QJsonDocument(gateReportFor(QStringLiteral("PROMOTED"))).toJson());
    }

    void recordListShowVerify()
    {
        const QString log = loggedTwice();
        QVERIFY2(m_out.contains(QLatin1String("Recorded decision 2")) &&
                     m_out.contains(QLatin1String("superseding record 1")),
                 qPrintable(m_out));

        QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--log"), log}), 0);
        QVERIFY2(m_out.contains(QLatin1String("superseded by 2")) &&
                     m_out.contains(QLatin1String("supersedes 1")),
                 qPrintable(m_out));
        QVERIFY(m_out.contains(QLatin1String("NOT_PROMOTED")) &&
                m_out.contains(QLatin1String("fix_data_pipeline")));

        QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--log"), log,
                      QStringLiteral("--json"), QStringLiteral("--author"), QStringLiteral("bob")}),
                 0);
        const QJsonArray records = QJsonDocument::fromJson(m_out.toUtf8())
                                       .object()
                                       .value(QLatin1String("records"))
                                       .toArray();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records[0][QLatin1String("id")].toInt(), 2);
        QCOMPARE(records[0][QLatin1String("supersedes")].toInt(), 1);

        QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--log"), log,
                      QStringLiteral("--effective"), QStringLiteral("--json")}),
                 0);
        QCOMPARE(QJsonDocument::fromJson(m_out.toUtf8())
                     .object()
                     .value(QLatin1String("records"))
                     .toArray()
                     .size(),
                 1);
        QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--log"), log,
                      QStringLiteral("--verdict"), QStringLiteral("PROMOTED")}),
                 0);
        QVERIFY(m_out.startsWith(QLatin1String("No matching decisions")));
        QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--log"), log,
                      QStringLiteral("--since"), QStringLiteral("2999-01-01")}),
                 0);
        QVERIFY(m_out.startsWith(QLatin1String("No matching decisions")));

        QCOMPARE(run({QStringLiteral("show"), QStringLiteral("1"), QStringLiteral("--log"), log}),
                 0);
        QVERIFY2(m_out.contains(QLatin1String("superseded by 2")), qPrintable(m_out));
        QVERIFY(
            m_out.contains(QLatin1String("<script>alert(1)</script> **not bold**"))); // verbatim
        QVERIFY(m_out.contains(QLatin1String("worse on net benefit")));

        QCOMPARE(run({QStringLiteral("show"), QStringLiteral("2"), QStringLiteral("--json"),
                      QStringLiteral("--log"), log}),
                 0);
        const QJsonObject shown = QJsonDocument::fromJson(m_out.toUtf8()).object();
        QCOMPARE(shown.value(QLatin1String("gate_report")).toObject(),
                 gateReportFor(QStringLiteral("NOT_PROMOTED")));
        QCOMPARE(shown.value(QLatin1String("author")).toString(), QStringLiteral("bob"));

        QCOMPARE(run({QStringLiteral("verify"), QStringLiteral("--log"), log}), 0);
        QVERIFY2(m_out.contains(QLatin1String("2 records, hash chain intact")), qPrintable(m_out));
    }

    void verifyFailsNamingTheRecord_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("named");
        QTest::newRow("edited")
            << QStringLiteral(
                   "UPDATE decisions SET rationale = 'we always meant to promote' WHERE id = 1;")
            << QStringLiteral("record 1: record 1 was altered");
        QTest::newRow("deleted")
            << QStringLiteral("PRAGMA foreign_keys = OFF; DELETE FROM decisions WHERE id = 1;")
            << QStringLiteral("record 1: record 1 is missing");
        QTest::newRow("deleted newest")
            << QStringLiteral("DELETE FROM decisions WHERE id = 2;")
            << QStringLiteral("record 2: record 2, the newest recorded, is missing");
    }

    void verifyFailsNamingTheRecord()
    {
        if (!haveSqlite3())
            QSKIP("the sqlite3 command-line tool is not installed (.ci installs it)");
        QFETCH(QString, sql);
        QFETCH(QString, named);
        const QString log = loggedTwice();
        QString error;
        QVERIFY2(sqlite3(log, dropGuards() + sql, &error) == 0, qPrintable(error));
        QCOMPARE(run({QStringLiteral("verify"), QStringLiteral("--log"), log}), 1);
        QVERIFY2(m_out.contains(QLatin1String("has been tampered with")) && m_out.contains(named),
                 qPrintable(m_out));
    }

    void environmentPicksTheLog()
    {
        const QString log = loggedTwice();
        qputenv("GATEREVIEW_LOG", log.toLocal8Bit());
        const int code = run({QStringLiteral("verify")});
        qunsetenv("GATEREVIEW_LOG");
        QCOMPARE(code, 0);
        QVERIFY(m_out.contains(log));
    }

    void promoteNeedsAPassingGate()
    {
        const QString log = freshLogPath();
        QCOMPARE(
            run({QStringLiteral("record"), QStringLiteral("--log"), log, QStringLiteral("--report"),
                 m_notPromoted, QStringLiteral("--decision"), QStringLiteral("promote_candidate"),
                 QStringLiteral("--rationale"), QStringLiteral("trust me")}),
            2);
        QVERIFY2(m_err.contains(QLatin1String("only possible when the gate result is PROMOTED")),
                 qPrintable(m_err));
        QCOMPARE(run({QStringLiteral("record"), QStringLiteral("--log"), log,
                      QStringLiteral("--report"), m_promoted, QStringLiteral("--decision"),
                      QStringLiteral("promote_candidate"), QStringLiteral("--rationale"),
                      QStringLiteral("gate passed"), QStringLiteral("--json")}),
                 0);
        QCOMPARE(QJsonDocument::fromJson(m_out.toUtf8())
                     .object()
                     .value(QLatin1String("gate_result"))
                     .toString(),
                 QStringLiteral("PROMOTED"));
        QCOMPARE(QJsonDocument::fromJson(m_out.toUtf8())
                     .object()
                     .value(QLatin1String("author"))
                     .toString(),
                 defaultAuthor());
    }

    void badInputs_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString bad = writeFile(m_dir, QStringLiteral("bad.json"),
                                      "{\"schema\": \"gatereview/gate-report/v1\", ");
        const QString foreign =
            writeFile(m_dir, QStringLiteral("foreign.json"), "{\"schema\": \"other\"}");
        const QString notLog =
            writeFile(m_dir, QStringLiteral("readme.sqlite"), QByteArray(2048, '#'));
        const QString log = m_dir.filePath(QStringLiteral("bad-inputs.sqlite"));
        const QStringList record{QStringLiteral("record"), QStringLiteral("--log"), log,
                                 QStringLiteral("--rationale"), QStringLiteral("r")};
        QTest::newRow("report missing")
            << record + QStringList{QStringLiteral("--report"),
                                    m_dir.filePath(QStringLiteral("nope.json")),
                                    QStringLiteral("--decision"), QStringLiteral("champion_stays")}
            << m_dir.filePath(QStringLiteral("nope.json")) +
                   QStringLiteral(": cannot read the gate report");
        QTest::newRow("report not JSON")
            << record + QStringList{QStringLiteral("--report"), bad, QStringLiteral("--decision"),
                                    QStringLiteral("champion_stays")}
            << bad + QStringLiteral(": not valid JSON");
        QTest::newRow("report foreign")
            << record + QStringList{QStringLiteral("--report"), foreign,
                                    QStringLiteral("--decision"), QStringLiteral("champion_stays")}
            << foreign + QStringLiteral(": not a Gate Review gate report");
        QTest::newRow("unknown decision")
            << record + QStringList{QStringLiteral("--report"), m_notPromoted,
                                    QStringLiteral("--decision"), QStringLiteral("ship")}
            << QStringLiteral("--decision must be one of promote_candidate");
        QTest::newRow("no rationale")
            << QStringList{QStringLiteral("record"),
                           QStringLiteral("--log"),
                           log,
                           QStringLiteral("--report"),
                           m_notPromoted,
                           QStringLiteral("--decision"),
                           QStringLiteral("champion_stays")}
            << QStringLiteral("--report, --decision and --rationale are required");
        QTest::newRow("blank rationale") << QStringList{QStringLiteral("record"),
                                                        QStringLiteral("--log"),
                                                        log,
                                                        QStringLiteral("--report"),
                                                        m_notPromoted,
                                                        QStringLiteral("--decision"),
                                                        QStringLiteral("champion_stays"),
                                                        QStringLiteral("--rationale"),
                                                        QStringLiteral(" ")}
                                         << QStringLiteral("a rationale is required");
        QTest::newRow("bad step") << record + QStringList{QStringLiteral("--report"),
                                                          m_notPromoted,
                                                          QStringLiteral("--decision"),
                                                          QStringLiteral("champion_stays"),
                                                          QStringLiteral("--notes-step"),
                                                          QStringLiteral("9"),
                                                          QStringLiteral("x")}
                                  << QStringLiteral("--notes-step: the step must be 1-4, not '9'");
        QTest::newRow("bad supersedes")
            << record +
                   QStringList{QStringLiteral("--report"),     m_notPromoted,
                               QStringLiteral("--decision"),   QStringLiteral("champion_stays"),
                               QStringLiteral("--supersedes"), QStringLiteral("abc")}
            << QStringLiteral("--supersedes must be a record id");
        QTest::newRow("supersedes missing")
            << record +
                   QStringList{QStringLiteral("--report"),     m_notPromoted,
                               QStringLiteral("--decision"),   QStringLiteral("champion_stays"),
                               QStringLiteral("--supersedes"), QStringLiteral("5")}
            << QStringLiteral("cannot supersede record 5: there is no such record");
        QTest::newRow("list not a log")
            << QStringList{QStringLiteral("list"), QStringLiteral("--log"), notLog}
            << notLog + QStringLiteral(": not a SQLite database");
        QTest::newRow("verify no log")
            << QStringList{QStringLiteral("verify"), QStringLiteral("--log"),
                           m_dir.filePath(QStringLiteral("none.sqlite"))}
            << QStringLiteral("no decision log here yet");
        QTest::newRow("show no id")
            << QStringList{QStringLiteral("show"), QStringLiteral("--log"), log}
            << QStringLiteral("give exactly one record id");
        QTest::newRow("bad verdict")
            << QStringList{QStringLiteral("list"), QStringLiteral("--log"), log,
                           QStringLiteral("--verdict"), QStringLiteral("maybe")}
            << QStringLiteral("--verdict must be PROMOTED, NOT_PROMOTED or INVALID");
        QTest::newRow("bad date") << QStringList{QStringLiteral("list"), QStringLiteral("--log"),
                                                 log, QStringLiteral("--since"),
                                                 QStringLiteral("yesterday")}
                                  << QStringLiteral("--since must be a date");
        QTest::newRow("unknown action")
            << QStringList{QStringLiteral("erase")} << QStringLiteral("unknown action 'erase'");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("list"), QStringLiteral("--colour")}
            << QStringLiteral("Unknown option 'colour'");
    }

    void badInputs()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QCOMPARE(run(arguments), 2);
        QVERIFY2(m_err.contains(message), qPrintable(m_err));
    }

    void authorNeededWithoutAnOsUser()
    {
        const QByteArray user = qgetenv("USER"), username = qgetenv("USERNAME");
        qunsetenv("USER");
        qunsetenv("USERNAME");
        const int code = run({QStringLiteral("record"), QStringLiteral("--log"), freshLogPath(),
                              QStringLiteral("--report"), m_notPromoted,
                              QStringLiteral("--decision"), QStringLiteral("champion_stays"),
                              QStringLiteral("--rationale"), QStringLiteral("r")});
        qputenv("USER", user);
        if (!username.isEmpty()) qputenv("USERNAME", username);
        QCOMPARE(code, 2);
        QVERIFY2(m_err.contains(QLatin1String("--author is required here")), qPrintable(m_err));
    }

    void showMissingRecord()
    {
        const QString log = loggedTwice();
        QCOMPARE(run({QStringLiteral("show"), QStringLiteral("9"), QStringLiteral("--log"), log}),
                 2);
        QVERIFY2(m_err.contains(log + QStringLiteral(": there is no record 9 (the log holds 2)")),
                 qPrintable(m_err));
    }

    void helpExitsZero()
    {
        QCOMPARE(run({QStringLiteral("--help")}), 0);
        QVERIFY(m_out.contains(QLatin1String("verify")));
        QCOMPARE(run({QStringLiteral("record"), QStringLiteral("--help")}), 0);
        QVERIFY(m_out.contains(QLatin1String("--supersedes")));
    }
};

QTEST_GUILESS_MAIN(TestLogCli)
#include "test_logcli.moc"

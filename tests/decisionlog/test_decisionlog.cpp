// The decision log library on both backends (data rows sqlite / postgresql; PostgreSQL is a
// throwaway cluster the test starts): records survive a reopen unchanged, corrections supersede,
// the hash chain names edited/reordered/deleted records, bad files get clear messages, and a
// writer killed mid-write loses nothing committed.
#include "decisionlogtesting.h"

#include "decisionlog/decisionlogschema.h"
#include "decisionlog/sqlitedatabase.h"
#include "model/errors.h"
#include "model/redaction.h"

#include <QRandomGenerator>
#include <QSettings>
#include <QThread>
#include <QtTest>

using namespace gr;
using namespace gr::test;

// A fresh log on the row's backend, or QSKIP saying why that backend is unavailable.
#define FRESH_LOG(var)                                                                             \
    QFETCH(QString, backend);                                                                      \
    const QString var = m_locations.fresh(backend);                                                \
    if (var.isEmpty()) QSKIP(qPrintable(m_locations.skipReason()))
#define THREE_RECORD_LOG(var)                                                                      \
    QFETCH(QString, backend);                                                                      \
    const QString var = threeRecordLog(backend);                                                   \
    if (var.isEmpty()) QSKIP(qPrintable(m_locations.skipReason()))

class TestDecisionLog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    LogLocations m_locations{QStringLiteral("log")};
    int m_logs = 0;

    QString freshLogPath() { return m_dir.filePath(QStringLiteral("log%1.sqlite").arg(++m_logs)); }

    // A log with three records by alice, bob and carol; record 3 supersedes record 1.
    QString threeRecordLog(const QString &backend = QStringLiteral("sqlite"))
    {
        const QString path = m_locations.fresh(backend);
        if (path.isEmpty()) return path;
        DecisionLog log(path, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
        const QJsonObject notPromoted = gateReportFor(QStringLiteral("NOT_PROMOTED"));
        log.append(makeDecision(DecisionKind::ChampionStays, notPromoted, QStringLiteral("first"),
                                QStringLiteral("alice")));
        log.append(makeDecision(DecisionKind::FixDataPipeline, notPromoted,
                                QStringLiteral("second"), QStringLiteral("bob")));
        log.append(makeDecision(DecisionKind::RetuneThreshold, notPromoted, QStringLiteral("third"),
                                QStringLiteral("carol")),
                   1);
        return path;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void recordReopenIdentical_data() { addBackendRows(); }
    void recordReopenIdentical()
    {
        FRESH_LOG(path);
        const QJsonObject report = gateReportFor(QStringLiteral("PROMOTED"));
        Decision d = makeDecision(DecisionKind::PromoteCandidate, report,
                                  QStringLiteral("Net benefit up, CI above zero."));
        d.notes = {{StepComparison, QStringLiteral("delta +1.2k")},
                   {StepDecide, QStringLiteral("ship it")}};
        QList<DecisionRecord> written;
        {
            DecisionLog log(path, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
            written << log.append(d);
            written << log.append(makeDecision(DecisionKind::FastTrackReview, report,
                                               QStringLiteral("incident 42"),
                                               QStringLiteral("bob")));
        }
        const DecisionLog reopened(path, DecisionLog::OpenMode::ExistingOnly);
        const QList<DecisionRecord> read = reopened.records();
        QCOMPARE(read.size(), 2);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(decisionRecordToJson(read[i], true), decisionRecordToJson(written[i], true));
        const DecisionRecord &first = read[0];
        QCOMPARE(first.id, qint64(1));
        QVERIFY(first.decision.kind == DecisionKind::PromoteCandidate);
        QCOMPARE(first.decision.rationale, d.rationale);
        QCOMPARE(first.decision.notes, d.notes);
        QCOMPARE(first.decision.author, QStringLiteral("alice"));
        QCOMPARE(first.decision.decidedAt, QDateTime(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC));
        QCOMPARE(read[1].decision.decidedAt, QDateTime(QDate(2026, 11, 26), QTime(10, 1), Qt::UTC));
        QCOMPARE(first.decision.gateReport, report); // every number behind the verdict
        QCOMPARE(first.facts.gateResult, QStringLiteral("PROMOTED"));
        QCOMPARE(first.facts.policySha256,
                 report[QLatin1String("policy")][QLatin1String("sha256")].toString());
        QCOMPARE(first.facts.championInputSha256,
                 report[QLatin1String("inputs")][QLatin1String("champion")][QLatin1String("sha256")]
                     .toString());
        QCOMPARE(
            first.facts.candidateInputSha256,
            report[QLatin1String("inputs")][QLatin1String("candidate")][QLatin1String("sha256")]
                .toString());
        QCOMPARE(first.facts.testSetFingerprint,
                 report[QLatin1String("test_set")][QLatin1String("fingerprint")].toString());
        QVERIFY(!first.facts.testSetFingerprint.isEmpty());
        QCOMPARE(first.facts.candidate.label,
                 report[QLatin1String("candidate")][QLatin1String("run")][QLatin1String("label")]
                     .toString());
        QCOMPARE(first.appVersion, QStringLiteral(GATEREVIEW_VERSION));
        QCOMPARE(first.prevHash, QString(64, QLatin1Char('0')));
        QCOMPARE(read[1].prevHash, first.hash);
        QVERIFY(reopened.verify().intact());
    }

    void rejectsInvalidDecisions_data() { addBackendRows(); }
    void rejectsInvalidDecisions()
    {
        FRESH_LOG(path);
        DecisionLog log(path);
        const QJsonObject notPromoted = gateReportFor(QStringLiteral("NOT_PROMOTED"));
        QVERIFY(inputErrorOf([&] {
                    log.append(makeDecision(DecisionKind::ChampionStays, notPromoted,
                                            QStringLiteral("  ")));
                }).contains(QLatin1String("rationale is required")));
        QVERIFY(inputErrorOf([&] {
                    log.append(makeDecision(DecisionKind::PromoteCandidate, notPromoted,
                                            QStringLiteral("why not")));
                }).contains(QLatin1String("only possible when the gate result is PROMOTED")));
        QVERIFY(inputErrorOf([&] {
                    log.append(makeDecision(DecisionKind::ChampionStays, notPromoted,
                                            QStringLiteral("x"), QString()));
                }).contains(QLatin1String("author is required")));
        QJsonObject foreign = notPromoted;
        foreign.insert(QStringLiteral("schema"), QStringLiteral("someone-else/v9"));
        QVERIFY(inputErrorOf([&] {
                    log.append(
                        makeDecision(DecisionKind::ChampionStays, foreign, QStringLiteral("x")));
                }).contains(QLatin1String("not a Gate Review gate report")));
        QCOMPARE(log.count(), 0);
        // Fast-track is the emergency path for a gate that did not pass: allowed, and recorded.
        const DecisionRecord r =
            log.append(makeDecision(DecisionKind::FastTrackReview, notPromoted,
                                    QStringLiteral("outage"), QStringLiteral("dana")));
        QCOMPARE(r.facts.gateResult, QStringLiteral("NOT_PROMOTED"));
        QCOMPARE(r.decision.author, QStringLiteral("dana"));
    }

    void superseding_data() { addBackendRows(); }
    void superseding()
    {
        THREE_RECORD_LOG(path);
        DecisionLog log(path, DecisionLog::OpenMode::ExistingOnly, steppingClock());
        QCOMPARE(log.record(1)->supersededBy, std::optional<qint64>(3));
        QVERIFY(!log.record(1)->isEffective());
        QCOMPARE(log.record(3)->supersedes, std::optional<qint64>(1));
        QVERIFY(log.record(3)->isEffective());
        DecisionFilter effective;
        effective.effectiveOnly = true;
        QList<qint64> ids;
        for (const DecisionRecord &r : log.records(effective))
            ids << r.id;
        // 2 and 3 decide the same pair (the same prediction files): only 3 is in force.
        QCOMPARE(ids, (QList<qint64>{3}));
        QCOMPARE(log.record(2)->replacedBy, std::optional<qint64>(3));
        QVERIFY(log.record(2)->isEffective() && !log.record(2)->isCurrent());
        QCOMPARE(log.records().size(), 3); // the superseded record stays in the log

        const QJsonObject report = gateReportFor(QStringLiteral("NOT_PROMOTED"));
        QCOMPARE(
            inputErrorOf([&] {
                log.append(
                    makeDecision(DecisionKind::ChampionStays, report, QStringLiteral("again")), 1);
            }),
            // Messages name a PostgreSQL location with its user masked (model/redaction.h).
            redactSecrets(path) +
                QStringLiteral(
                    ": record 1 is already superseded by record 3; supersede record 3 instead"));
        QVERIFY(inputErrorOf([&] {
                    log.append(
                        makeDecision(DecisionKind::ChampionStays, report, QStringLiteral("x")), 42);
                }).contains(QLatin1String("cannot supersede record 42: there is no such record")));
        QCOMPARE(log.append(makeDecision(DecisionKind::ChampionStays, report,
                                         QStringLiteral("correct the correction")),
                            3)
                     .supersedes,
                 std::optional<qint64>(3));
        QCOMPARE(log.record(3)->supersededBy, std::optional<qint64>(4));
        QVERIFY(log.verify().intact());
    }

    void filters_data() { addBackendRows(); }
    void filters()
    {
        THREE_RECORD_LOG(path);
        DecisionLog log(path, DecisionLog::OpenMode::ExistingOnly);
        auto ids = [&log](const DecisionFilter &f) {
            QList<qint64> out;
            for (const DecisionRecord &r : log.records(f))
                out << r.id;
            return out;
        };
        DecisionFilter f;
        f.author = QStringLiteral("BOB");
        QCOMPARE(ids(f), QList<qint64>{2});
        f = {};
        f.since = QDateTime(QDate(2026, 11, 26), QTime(10, 1), Qt::UTC);
        QCOMPARE(ids(f), (QList<qint64>{2, 3}));
        f.until = QDateTime(QDate(2026, 11, 26), QTime(10, 2), Qt::UTC);
        QCOMPARE(ids(f), QList<qint64>{2});
        f = {};
        f.gateResult = QStringLiteral("promoted");
        QCOMPARE(ids(f), QList<qint64>{});
        f.gateResult = QStringLiteral("not_promoted");
        QCOMPARE(ids(f), (QList<qint64>{1, 2, 3}));
        f = {};
        f.decisionKind = QStringLiteral("fix_data_pipeline");
        QCOMPARE(ids(f), QList<qint64>{2});
        f = {};
        const DecisionRecord first = *log.record(1);
        f.model = first.facts.candidate.label.mid(1, 4).toUpper();
        QVERIFY(!f.model.isEmpty());
        QCOMPARE(ids(f), (QList<qint64>{1, 2, 3}));
        f.model = QStringLiteral("no-such-model");
        QCOMPARE(ids(f), QList<qint64>{});
    }

    void notesAreStoredVerbatim_data() { addBackendRows(); }
    void notesAreStoredVerbatim()
    {
        FRESH_LOG(path);
        const QString script = QStringLiteral("<script>alert('x')</script> & \"quotes\"");
        const QString markdown = QStringLiteral("# heading\n| a | b |\n|---|---|\n**bold** _it_ "
                                                "`code` [link](javascript:x) \\ * - > !");
        const QString unicode = QStringLiteral("Überprüft — 検証 ✓\ttab\r\nCRLF");
        Decision d = makeDecision(DecisionKind::ChampionStays,
                                  gateReportFor(QStringLiteral("NOT_PROMOTED")), markdown);
        d.notes = {{StepComparison, script}, {StepData, markdown}, {StepModel, unicode}};
        DecisionLog(path).append(d);
        const DecisionRecord r = *DecisionLog(path).record(1);
        QCOMPARE(r.decision.notes.value(StepComparison), script);
        QCOMPARE(r.decision.notes.value(StepData), markdown);
        QCOMPARE(r.decision.notes.value(StepModel), unicode);
        QCOMPARE(r.decision.rationale, markdown);
    }

    void appendOnlyTriggersStopAccidentalEdits_data() { addBackendRows(); }
    void appendOnlyTriggersStopAccidentalEdits()
    {
        QFETCH(QString, backend);
        if (backend == QLatin1String("sqlite") && !haveSqlite3())
            QSKIP("the sqlite3 command-line tool is not installed (.ci installs it)");
        const QString path = threeRecordLog(backend);
        if (path.isEmpty()) QSKIP(qPrintable(m_locations.skipReason()));
        QStringList attempts = {
            QStringLiteral("UPDATE decisions SET rationale = 'x' WHERE id = 2;"),
            QStringLiteral("DELETE FROM decisions WHERE id = 2;")};
        if (backend == QLatin1String("postgresql")) // SQLite has neither TRUNCATE nor roles
            attempts << QStringLiteral("TRUNCATE decisions CASCADE;")
                     << QStringLiteral("UPDATE chain_head SET last_id = 2;")
                     << QStringLiteral("DELETE FROM chain_head;");
        for (const QString &sql : attempts) {
            const QString error = m_locations.guardedSql(path, sql);
            QVERIFY2(error.contains(QLatin1String("append-only")) ||
                         error.contains(QLatin1String("moves only when a decision is recorded")),
                     qPrintable(sql + QStringLiteral(" -> ") + error));
        }
        QVERIFY(DecisionLog(path).verify().intact());
        QCOMPARE(DecisionLog(path).count(), 3);
    }

    void verifyNamesTamperedRecords_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QList<qint64>>("named");
        QTest::addColumn<QString>("what");
        for (const QString &backend : logBackends()) {
            auto newRow = [&backend](const char *name) -> QTestData & {
                return QTest::newRow(qPrintable(backend + QLatin1Char('/') + QLatin1String(name)))
                       << backend;
            };
            newRow("edited rationale")
                << QStringLiteral("UPDATE decisions SET rationale = 'changed later' WHERE id = 2;")
                << QList<qint64>{2} << QStringLiteral("record 2 was altered");
            newRow("edited author")
                << QStringLiteral("UPDATE decisions SET author = 'mallory' WHERE id = 1;")
                << QList<qint64>{1} << QStringLiteral("record 1 was altered");
            newRow("edited gate report")
                << QStringLiteral(
                       "UPDATE decisions SET gate_report_json = replace(gate_report_json, "
                       "'NOT_PROMOTED', 'PROMOTED'), gate_result = 'PROMOTED' WHERE id = 3;")
                << QList<qint64>{3} << QStringLiteral("record 3 was altered");
            newRow("rewritten hash")
                << QStringLiteral(
                       "UPDATE decisions SET rationale = 'forged', hash = "
                       "'0000000000000000000000000000000000000000000000000000000000000007' "
                       "WHERE id = 2;")
                << QList<qint64>{2, 3} << QStringLiteral("record 3 does not follow record 2");
            newRow("deleted middle") << QStringLiteral("DELETE FROM decisions WHERE id = 2;")
                                     << QList<qint64>{2} << QStringLiteral("record 2 is missing");
            newRow("deleted first") << QStringLiteral("DELETE FROM decisions WHERE id = 1;")
                                    << QList<qint64>{1} << QStringLiteral("record 1 is missing");
            newRow("deleted newest")
                << QStringLiteral("DELETE FROM decisions WHERE id = 3;") << QList<qint64>{3}
                << QStringLiteral("record 3, the newest recorded, is missing");
            newRow("reordered")
                << QStringLiteral(
                       "UPDATE decisions SET id = 100 WHERE id = 1; UPDATE decisions SET id "
                       "= 1 WHERE id = 2; "
                       "UPDATE decisions SET id = 2 WHERE id = 100;")
                << QList<qint64>{1, 2, 3} << QStringLiteral("record 3 does not follow record 2");
        }
    }

    void verifyNamesTamperedRecords()
    {
        QFETCH(QString, backend);
        if (backend == QLatin1String("sqlite") && !haveSqlite3())
            QSKIP("the sqlite3 command-line tool is not installed (.ci installs it)");
        QFETCH(QString, sql);
        QFETCH(QList<qint64>, named);
        QFETCH(QString, what);
        const QString path = threeRecordLog(backend);
        if (path.isEmpty()) QSKIP(qPrintable(m_locations.skipReason()));
        QVERIFY(DecisionLog(path).verify().intact());
        const QString error = m_locations.tamper(path, sql);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const VerifyResult result = DecisionLog(path, DecisionLog::OpenMode::ExistingOnly).verify();
        QVERIFY(!result.intact());
        QList<qint64> ids;
        QStringList messages;
        for (const VerifyProblem &p : result.problems) {
            if (!ids.contains(p.recordId)) ids << p.recordId;
            messages << p.problem;
        }
        std::sort(ids.begin(), ids.end());
        QCOMPARE(ids, named);
        QVERIFY2(messages.join(QLatin1Char('\n')).contains(what),
                 qPrintable(messages.join(QLatin1Char('\n'))));
    }

    void badFilesGetClearMessages()
    {
        const QString text = writeFile(m_dir, QStringLiteral("notes.txt"), QByteArray(4096, 'x'));
        QCOMPARE(inputErrorOf([&] { DecisionLog log(text); }).left(text.size() + 2),
                 text + QStringLiteral(": "));
        QVERIFY(inputErrorOf([&] {
                    DecisionLog log(text);
                }).contains(QLatin1String("not a SQLite database")));

        const QString other = m_dir.filePath(QStringLiteral("other-app.sqlite"));
        {
            SqliteDatabase db(other);
            db.exec(QStringLiteral("CREATE TABLE photos (id INTEGER PRIMARY KEY)"));
        }
        QVERIFY(inputErrorOf([&] { DecisionLog log(other); })
                    .contains(other +
                              QStringLiteral(
                                  ": is a SQLite database but not a Gate Review decision log")));
        QCOMPARE(SqliteDatabase(other).scalar(QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("delete")); // untouched

        const QString newer = threeRecordLog();
        {
            SqliteDatabase db(newer);
            db.exec(QStringLiteral("PRAGMA user_version = 7"));
        }
        QVERIFY(inputErrorOf([&] {
                    DecisionLog log(newer);
                }).contains(QLatin1String("schema version 7 was written by a newer Gate Review")));

        const QString missing = m_dir.filePath(QStringLiteral("absent/decisions.sqlite"));
        QVERIFY(inputErrorOf([&] {
                    DecisionLog log(missing, DecisionLog::OpenMode::ExistingOnly);
                }).contains(missing + QStringLiteral(": no decision log here yet")));
        QVERIFY(!QFileInfo::exists(missing));
    }

    void schemaIsVersionedAndMigratedOnce()
    {
        const QString path = freshLogPath();
        DecisionLog(path).append(makeDecision(DecisionKind::ChampionStays,
                                              gateReportFor(QStringLiteral("NOT_PROMOTED")),
                                              QStringLiteral("x")));
        DecisionLog again(path); // a second open must not re-run the v1 script
        SqliteDatabase db(path);
        QCOMPARE(db.scalar(QStringLiteral("PRAGMA user_version")).toInt(),
                 latestDecisionLogSchemaVersion());
        QCOMPARE(db.scalar(QStringLiteral("PRAGMA application_id")).toInt(),
                 kDecisionLogApplicationId);
        QCOMPARE(db.scalar(QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QCOMPARE(db.scalar(QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"))
                .toInt(),
            3); // append-only UPDATE and DELETE, and the policy row's DELETE
        QCOMPARE(again.count(), 1);
    }

    // Pre-release builds numbered registry_action_json as SQLite schema version 2, before
    // signatures took that number. Such a log is read as it is when opened read-only (nothing
    // written), and the first writable open adds the signature columns and makes it version 3
    // with every hash unchanged.
    void interimRegistryActionLogIsUpgraded()
    {
        const QString path = threeRecordLog();
        const QJsonObject action{{QStringLiteral("action"), QStringLiteral("promote")},
                                 {QStringLiteral("outcome"), QStringLiteral("done")}};
        DecisionLog(path).append(makeDecision(DecisionKind::ChampionStays,
                                              gateReportFor(QStringLiteral("NOT_PROMOTED")),
                                              QStringLiteral("acted on 2")),
                                 2, action);
        const ChainHead head = DecisionLog(path).head();
        {
            SqliteDatabase db(path);
            db.exec(QStringLiteral("ALTER TABLE decisions DROP COLUMN signature"));
            db.exec(QStringLiteral("ALTER TABLE decisions DROP COLUMN signer_key"));
            db.exec(QStringLiteral("DROP TABLE log_policy")); // came with version 4
            db.exec(QStringLiteral("PRAGMA user_version = 2"));
        }
        {
            const DecisionLog log(path, DecisionLog::OpenMode::ReadOnly);
            QCOMPARE(log.records().size(), 4);
            QCOMPARE(log.record(4)->registryAction, action);
            QVERIFY(log.verify().intact());
        }
        QCOMPARE(SqliteDatabase(path).scalar(QStringLiteral("PRAGMA user_version")).toInt(), 2);
        DecisionLog log(path);
        QCOMPARE(SqliteDatabase(path).scalar(QStringLiteral("PRAGMA user_version")).toInt(),
                 latestDecisionLogSchemaVersion());
        QCOMPARE(log.head().toString(), head.toString());
        QCOMPARE(log.record(4)->registryAction, action);
        QCOMPARE(log.record(2)->supersededBy, std::optional<qint64>(4));
        log.append(makeDecision(DecisionKind::ChampionStays,
                                gateReportFor(QStringLiteral("NOT_PROMOTED")),
                                QStringLiteral("after the upgrade")));
        QVERIFY(log.verify().intact());
        QCOMPARE(log.count(), qint64(5));
    }

    void splitsTriggerBodiesAsOneStatement()
    {
        const QStringList statements = splitSqlScript(QStringLiteral(
            "-- comment\nCREATE TABLE t (a INT);\n\nCREATE TRIGGER g BEFORE DELETE ON t\nBEGIN\n   "
            " SELECT RAISE(ABORT, 'no');\nEND;\nINSERT INTO t VALUES (1);\n"));
        QCOMPARE(statements.size(), 3);
        QVERIFY(statements[1].startsWith(QLatin1String("CREATE TRIGGER")));
        QVERIFY(statements[1].endsWith(QLatin1String("END;")));
    }

    void transactionGuardRollsBack()
    {
        SqliteDatabase db(m_dir.filePath(QStringLiteral("guard.sqlite")));
        db.exec(QStringLiteral("CREATE TABLE t (a INTEGER NOT NULL)"));
        try {
            TransactionGuard transaction(db);
            db.exec(QStringLiteral("INSERT INTO t VALUES (1)"));
            db.exec(QStringLiteral("INSERT INTO t VALUES (NULL)")); // throws: NOT NULL
            transaction.commit();
        } catch (const InputError &) {
        }
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM t")).toInt(), 0);
    }

    void twoConnectionsShareOneChain_data() { addBackendRows(); }
    void twoConnectionsShareOneChain()
    {
        FRESH_LOG(path);
        const QJsonObject report = gateReportFor(QStringLiteral("NOT_PROMOTED"));
        DecisionLog a(path), b(path);
        for (int i = 0; i < 4; ++i)
            (i % 2 ? b : a)
                .append(makeDecision(DecisionKind::ChampionStays, report,
                                     QStringLiteral("turn %1").arg(i)));
        QCOMPARE(a.count(), 4);
        QVERIFY(b.verify().intact());
    }

    void logPathResolution()
    {
        QVERIFY(defaultDecisionLogPath().endsWith(QLatin1String("/decisions.sqlite")));
        qputenv("GATEREVIEW_LOG", "/tmp/from-env.sqlite");
        QCOMPARE(resolveDecisionLogPath(), QStringLiteral("/tmp/from-env.sqlite"));
        QCOMPARE(resolveDecisionLogPath(QStringLiteral("/tmp/explicit.sqlite")),
                 QStringLiteral("/tmp/explicit.sqlite"));
        qunsetenv("GATEREVIEW_LOG");
        QCOMPARE(resolveDecisionLogPath(), defaultDecisionLogPath());
        // The location chosen in the window (History ▸ Log location…) comes after the
        // environment; a throwaway organisation keeps the user's settings out of it.
        QCoreApplication::setOrganizationName(
            QStringLiteral("gatereview-test-%1").arg(QCoreApplication::applicationPid()));
        QSettings().setValue(QLatin1String(kDecisionLogSettingKey),
                             QStringLiteral("postgresql://alice@db:5432/team"));
        QCOMPARE(resolveDecisionLogPath(), QStringLiteral("postgresql://alice@db:5432/team"));
        qputenv("GATEREVIEW_LOG", "/tmp/from-env.sqlite");
        QCOMPARE(resolveDecisionLogPath(), QStringLiteral("/tmp/from-env.sqlite"));
        qunsetenv("GATEREVIEW_LOG");
        QSettings settings;
        settings.clear();
        settings.sync();
        QFile::remove(settings.fileName());
        QDir().rmdir(QFileInfo(settings.fileName()).path());
        QCOMPARE(resolveDecisionLogPath(), defaultDecisionLogPath());
        qputenv("USER", "erin");
        QCOMPARE(defaultAuthor(), QStringLiteral("erin"));
    }

    // A writer SIGKILLed while appending in a loop: every commit it reported survives, no half
    // record appears, the chain verifies, and the next append continues the chain.
    void killedWriterLosesNothingCommitted_data() { addBackendRows(); }
    void killedWriterLosesNothingCommitted()
    {
        FRESH_LOG(path);
        qint64 reported = 0;
        const QString report =
            writeFile(m_dir, QStringLiteral("report-%1.json").arg(backend),
                      QJsonDocument(gateReportFor(QStringLiteral("NOT_PROMOTED"))).toJson());
        for (int round = 0; round < 12; ++round) {
            QProcess writer;
            writer.start(QStringLiteral(GR_DECISIONLOG_WRITER), {path, report});
            QVERIFY2(writer.waitForStarted(), qPrintable(writer.errorString()));
            const int killAfter = 3 + round % 4; // commits this round before the kill
            int seen = 0;
            while (seen < killAfter) {
                if (!writer.canReadLine() && !writer.waitForReadyRead(30000))
                    QFAIL(qPrintable(QStringLiteral("writer stopped: %1")
                                         .arg(QString::fromUtf8(writer.readAllStandardError()))));
                while (writer.canReadLine()) {
                    const QByteArray line = writer.readLine().trimmed();
                    QVERIFY2(line.startsWith("committed "), line.constData());
                    reported = line.mid(10).toLongLong();
                    ++seen;
                }
            }
            // A random pause spreads the kills over every phase of an append (serialising, hashing,
            // inserting, committing); SIGKILL runs no destructors and no rollback.
            QThread::usleep(QRandomGenerator::global()->bounded(4000));
            writer.kill();
            QVERIFY(writer.waitForFinished(30000));
            QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

            DecisionLog log(path, DecisionLog::OpenMode::ExistingOnly);
            const VerifyResult result = log.verify();
            QVERIFY2(result.intact(), qPrintable(result.problems.value(0).problem));
            const QList<DecisionRecord> records = log.records(); // every row parses: no half record
            QVERIFY(records.size() >= reported);
            QCOMPARE(qint64(records.size()), result.recordsChecked);
            QCOMPARE(records.last().id, qint64(records.size()));
            for (const DecisionRecord &r : records)
                QVERIFY(r.decision.rationale.startsWith(QLatin1String("loop")) &&
                        !r.decision.gateReport.isEmpty());
        }
        DecisionLog log(path);
        const qint64 before = log.count();
        log.append(makeDecision(DecisionKind::ChampionStays,
                                gateReportFor(QStringLiteral("NOT_PROMOTED")),
                                QStringLiteral("after")));
        QCOMPARE(log.count(), before + 1);
        QVERIFY(log.verify().intact());
    }
};

QTEST_GUILESS_MAIN(TestDecisionLog)
#include "test_decisionlog.moc"

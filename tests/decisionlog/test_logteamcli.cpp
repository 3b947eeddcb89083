// `gatereview log` for a team, on both backends (data rows sqlite / postgresql): init with the
// two roles and what they may not do, keygen + signed records + verify naming signers, head +
// --expect-head, export/import, concurrent writers (separate `gatereview log record` processes)
// yielding one linear chain, and listing/verifying a log this user may not write.
#include "clitesthelpers.h"
#include "decisionlogtesting.h"

#include "decisionlog/recordsigning.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace gr;
using namespace gr::test;

class TestLogTeamCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    LogLocations m_locations{QStringLiteral("cli")};
    QString m_notPromoted, m_promoted;

    static CliResult log(const QStringList &arguments)
    {
        return runCli(QStringList{QStringLiteral("log")} + arguments);
    }

    CliResult record(const QString &location, const QString &author, const QStringList &extra = {},
                     bool promote = false)
    {
        return log(QStringList{QStringLiteral("record"), QStringLiteral("--log"), location,
                               QStringLiteral("--report"), promote ? m_promoted : m_notPromoted,
                               QStringLiteral("--decision"),
                               promote ? QStringLiteral("promote_candidate")
                                       : QStringLiteral("champion_stays"),
                               QStringLiteral("--rationale"), QStringLiteral("because"),
                               QStringLiteral("--author"), author} +
                   extra);
    }

    static int envInt(const char *name, int fallback)
    {
        bool ok = false;
        const int value = qEnvironmentVariableIntValue(name, &ok);
        return ok && value > 0 ? value : fallback;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qunsetenv("GATEREVIEW_LOG");
        qunsetenv("PGPASSWORD");
        // No key of the user running the tests is picked up by accident.
        qputenv("GATEREVIEW_SIGNING_KEY",
                QFile::encodeName(m_dir.filePath(QStringLiteral("none.pem"))));
        m_notPromoted =
            writeFile(m_dir, QStringLiteral("not-promoted.json"),
                      QJsonDocument(gateReportFor(QStringLiteral("NOT_PROMOTED"))).toJson());
        m_promoted = writeFile(m_dir, QStringLiteral("promoted.json"),
                               QJsonDocument(gateReportFor(QStringLiteral("PROMOTED"))).toJson());
    }

    // `log init` on an empty database: roles, schema, grants — printed. Then a writer may record
    // but not UPDATE/DELETE/TRUNCATE, and a reader may list and verify but not record.
    void initCreatesTheTwoRoles()
    {
        PostgresCluster &cluster = m_locations.cluster();
        if (!cluster.isRunning()) QSKIP(qPrintable(cluster.skipReason()));
        const QString db = cluster.createDatabase();
        QCOMPARE(cluster.exec(
                     db, QStringLiteral("CREATE ROLE alice LOGIN PASSWORD 'alice-pw'; CREATE ROLE "
                                        "rita LOGIN PASSWORD 'rita-pw'; GRANT CONNECT ON DATABASE "
                                        "%1 TO alice, rita")
                             .arg(db)),
                 QString());
        CliResult r = log({QStringLiteral("init"), QStringLiteral("--log"), cluster.url(db),
                           QStringLiteral("--grant-writer"), QStringLiteral("alice"),
                           QStringLiteral("--grant-reader"), QStringLiteral("rita")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        for (const char *expected :
             {"CREATE ROLE \"gatereview_owner\" NOLOGIN",
              "CREATE ROLE \"gatereview_writer\" NOLOGIN",
              "CREATE SCHEMA gatereview AUTHORIZATION \"gatereview_owner\"",
              "GRANT INSERT ON gatereview.decisions TO \"gatereview_writer\"",
              "GRANT \"gatereview_writer\" TO \"alice\"",
              "GRANT \"gatereview_reader\" TO \"rita\""})
            QVERIFY2(r.out.contains(QLatin1String(expected)), qPrintable(expected + r.out));
        QCOMPARE(cluster
                     .value(db, QStringLiteral("SELECT tableowner FROM pg_tables WHERE "
                                               "tablename = 'decisions'"))
                     .toString(),
                 QStringLiteral("gatereview_owner"));

        qputenv("PGPASSWORD", "alice-pw");
        const QString asAlice = cluster.url(db, QStringLiteral("alice"));
        r = record(asAlice, QStringLiteral("alice"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = record(asAlice, QStringLiteral("alice"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // What alice's role may not do, asked of the server directly.
        for (const QString &sql :
             {QStringLiteral("UPDATE gatereview.decisions SET rationale = 'x'"),
              QStringLiteral("DELETE FROM gatereview.decisions"),
              QStringLiteral("TRUNCATE gatereview.decisions CASCADE"),
              QStringLiteral("UPDATE gatereview.chain_head SET last_id = 0"),
              QStringLiteral("DROP TABLE gatereview.decisions"),
              QStringLiteral("INSERT INTO gatereview.decisions (id) VALUES (99)")}) {
            const QString error = asRole(cluster, db, QStringLiteral("alice"), sql);
            QVERIFY2(error.contains(QLatin1String("permission denied")) ||
                         error.contains(QLatin1String("must be owner")) ||
                         error.contains(QLatin1String("does not extend the chain head")),
                     qPrintable(sql + QStringLiteral(" -> ") + error));
        }
        // The owner itself is stopped by the triggers.
        QVERIFY(cluster
                    .exec(db, QStringLiteral("SET ROLE gatereview_owner; UPDATE "
                                             "gatereview.decisions SET rationale = 'x'"))
                    .contains(QLatin1String("append-only")));

        qputenv("PGPASSWORD", "rita-pw");
        const QString asRita = cluster.url(db, QStringLiteral("rita"));
        r = record(asRita, QStringLiteral("rita"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("permission denied")) &&
                     r.err.contains(QLatin1String("GRANT gatereview_writer")),
                 qPrintable(r.err));
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), asRita});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("2 records, hash chain intact")),
                 qPrintable(r.out + r.err));
        r = log({QStringLiteral("list"), QStringLiteral("--log"), asRita});
        QCOMPARE(r.code, 0);
        qunsetenv("PGPASSWORD");
    }

    static QString asRole(PostgresCluster &cluster, const QString &db, const QString &role,
                          const QString &sql)
    {
        return cluster.exec(db, QStringLiteral("SET ROLE %1; %2").arg(role, sql));
    }

    void signedRecordsFromTheCommandLine_data() { addBackendRows(); }
    void signedRecordsFromTheCommandLine()
    {
        FRESH_LOG(location);
        const QString aliceKey = m_dir.filePath(QStringLiteral("alice-%1.pem").arg(backend));
        CliResult r = log({QStringLiteral("keygen"), QStringLiteral("--key"), aliceKey,
                           QStringLiteral("--principal"), QStringLiteral("alice")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString signersLine = r.out.section(QLatin1Char('\n'), 2, 2);
        QVERIFY2(signersLine.startsWith(QLatin1String("alice ed25519:")), qPrintable(r.out));
        QFile pem(aliceKey);
        QVERIFY(pem.open(QIODevice::ReadOnly));
        const QByteArray privateKey = pem.readAll();
        QVERIFY(!r.out.toUtf8().contains(privateKey.mid(28, 40))); // never printed
        const QString signers = writeFile(m_dir, QStringLiteral("allowed-%1").arg(backend),
                                          signersLine.toUtf8() + "\n");

        r = record(location, QStringLiteral("alice"), {QStringLiteral("--signing-key"), aliceKey},
                   true);
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("signed with key SHA256:")),
                 qPrintable(r.out + r.err));
        r = record(location, QStringLiteral("bob"), {QStringLiteral("--require-signed-promotions")},
                   true);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("must be signed")), qPrintable(r.err));
        r = record(location, QStringLiteral("bob"));
        QCOMPARE(r.code, 0);

        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location,
                 QStringLiteral("--allowed-signers"), signers,
                 QStringLiteral("--require-signed-promotions")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QLatin1String("record 1: signed by alice (key SHA256:")) &&
                     r.out.contains(QLatin1String("record 2: unsigned")),
                 qPrintable(r.out));
        // An unsigned promotion recorded anyway fails the policy at verify time.
        r = record(location, QStringLiteral("carol"), {}, true);
        QCOMPARE(r.code, 0);
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location,
                 QStringLiteral("--allowed-signers"), signers,
                 QStringLiteral("--require-signed-promotions")});
        QCOMPARE(r.code, 1);
        QVERIFY2(
            r.out.contains(QLatin1String("record 3: record 3 (promote_candidate) is unsigned")),
            qPrintable(r.out));
    }

    void headAndExpectHead_data() { addBackendRows(); }
    void headAndExpectHead()
    {
        FRESH_LOG(location);
        QCOMPARE(record(location, QStringLiteral("alice")).code, 0);
        QCOMPARE(record(location, QStringLiteral("bob")).code, 0);
        CliResult r = log({QStringLiteral("head"), QStringLiteral("--log"), location});
        QCOMPARE(r.code, 0);
        const QString head = r.out.trimmed();
        QVERIFY2(QRegularExpression(QStringLiteral("^2:[0-9a-f]{64}$")).match(head).hasMatch(),
                 qPrintable(head));
        QCOMPARE(r.out.count(QLatin1Char('\n')), 1);
        // GATEREVIEW_LOG names the same log (a file or a postgresql:// URL) when --log is absent.
        qputenv("GATEREVIEW_LOG", location.toUtf8());
        r = log({QStringLiteral("head")});
        qunsetenv("GATEREVIEW_LOG");
        QCOMPARE(r.out.trimmed(), head);
        QCOMPARE(record(location, QStringLiteral("carol")).code, 0);
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location,
                 QStringLiteral("--expect-head"), head});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("extends the anchored head")),
                 qPrintable(r.out + r.err));
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location,
                 QStringLiteral("--expect-head"),
                 QStringLiteral("2:") + QString(64, QLatin1Char('a'))});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.contains(QLatin1String("no longer extends the anchored head")));
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location,
                 QStringLiteral("--expect-head"), QStringLiteral("two")});
        QCOMPARE(r.code, 2);
    }

    // `log verify` as an auditor runs it, on a log of three signed records that an outsider with
    // full access to the database changed: each change makes it exit 1 naming what happened.
    // A rewrite that recomputed every hash verifies as a chain; only --expect-head catches it.
    void verifyCommandCatchesTampering_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("tampering");
        QTest::addColumn<QString>("expected");
        for (const QString &backend : logBackends()) {
            auto row = [&backend](const char *name) -> QTestData & {
                return QTest::newRow(qPrintable(backend + QLatin1Char('/') + QLatin1String(name)))
                       << backend << QString::fromLatin1(name);
            };
            row("edit") << QStringLiteral("record 2: record 2 was altered");
            row("deletion") << QStringLiteral("record 2: record 2 is missing");
            row("reorder") << QStringLiteral("does not follow record");
            row("rewrite") << QStringLiteral("no longer extends the anchored head");
            row("forged signature") << QStringLiteral("record 1: BAD SIGNATURE");
            row("unknown signer") << QStringLiteral("(unknown signer)");
        }
    }
    void verifyCommandCatchesTampering()
    {
        FRESH_LOG(location);
        QFETCH(QString, tampering);
        QFETCH(QString, expected);
        const QString tag = QString(QTest::currentDataTag()).replace(QLatin1Char('/'), '-');
        const QString aliceKey = m_dir.filePath(QStringLiteral("alice-%1.pem").arg(tag));
        const QString bobKey = m_dir.filePath(QStringLiteral("bob-%1.pem").arg(tag));
        SigningKey::generate().save(aliceKey);
        SigningKey::generate().save(bobKey);
        const QString signers =
            writeFile(m_dir, QStringLiteral("signers-%1").arg(tag),
                      (QStringLiteral("alice %1\n").arg(SigningKey::load(aliceKey).publicKey()) +
                       (tampering == QLatin1String("unknown signer")
                            ? QString()
                            : QStringLiteral("bob %1\n").arg(SigningKey::load(bobKey).publicKey())))
                          .toUtf8());
        auto recordThree = [&](const QString &log, const QString &second) {
            for (const auto &[author, key] : {qMakePair(QStringLiteral("alice"), aliceKey),
                                              qMakePair(QStringLiteral("bob"), bobKey),
                                              qMakePair(QStringLiteral("alice"), aliceKey)}) {
                QStringList extra = {QStringLiteral("--signing-key"), key};
                if (author == QLatin1String("bob") && !second.isEmpty())
                    extra << QStringLiteral("--notes-step") << QStringLiteral("1") << second;
                const CliResult r = record(log, author, extra);
                if (r.code != 0) return r.err;
            }
            return QString();
        };
        QCOMPARE(recordThree(location, QString()), QString());
        const QString anchor =
            log({QStringLiteral("head"), QStringLiteral("--log"), location}).out.trimmed();
        const QStringList verify = {QStringLiteral("verify"),
                                    QStringLiteral("--log"),
                                    location,
                                    QStringLiteral("--allowed-signers"),
                                    signers,
                                    QStringLiteral("--expect-head"),
                                    anchor};
        CliResult r = log(verify);
        if (tampering != QLatin1String("unknown signer")) {
            QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("record 2: signed by bob")),
                     qPrintable(r.out + r.err));
        }
        QString sql;
        if (tampering == QLatin1String("edit"))
            sql = QStringLiteral("UPDATE decisions SET rationale = 'changed' WHERE id = 2;");
        else if (tampering == QLatin1String("deletion"))
            sql = QStringLiteral("DELETE FROM decisions WHERE id = 2;");
        else if (tampering == QLatin1String("reorder"))
            sql =
                QStringLiteral("UPDATE decisions SET id = 100 WHERE id = 1; UPDATE decisions SET "
                               "id = 1 WHERE id = 2; UPDATE decisions SET id = 2 WHERE id = 100;");
        else if (tampering == QLatin1String("forged signature"))
            // Alice's real signature, lifted from record 3 onto record 1.
            sql = QStringLiteral("UPDATE decisions SET signature = (SELECT signature FROM "
                                 "decisions WHERE id = 3) WHERE id = 1;");
        else if (tampering == QLatin1String("rewrite")) {
            // The forger builds a consistent chain with record 2 changed (same authors, same
            // keys), empties the log and loads the forgery: every hash is recomputed.
            const QString forged = m_locations.fresh(QStringLiteral("sqlite"));
            QCOMPARE(recordThree(forged, QStringLiteral("rewritten")), QString());
            const QString file = m_dir.filePath(QStringLiteral("forged-%1.jsonl").arg(tag));
            QCOMPARE(log({QStringLiteral("export"), QStringLiteral("--log"), forged,
                          QStringLiteral("--output"), file})
                         .code,
                     0);
            QCOMPARE(m_locations.tamper(
                         location,
                         QStringLiteral("DELETE FROM decisions; UPDATE chain_head SET last_id = 0, "
                                        "record_count = 0, last_hash = '%1';")
                             .arg(QString(64, QLatin1Char('0')))),
                     QString());
            r = log({QStringLiteral("import"), QStringLiteral("--log"), location, file});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            r = log({QStringLiteral("verify"), QStringLiteral("--log"), location,
                     QStringLiteral("--allowed-signers"), signers});
            QVERIFY2(r.code == 0, qPrintable(r.out + r.err)); // consistent in itself
        }
        if (!sql.isEmpty()) QCOMPARE(m_locations.tamper(location, sql), QString());
        r = log(verify);
        QVERIFY2(r.code == 1 && r.out.contains(expected), qPrintable(r.out + r.err));
    }

    void exportImportCommands_data() { addBackendRows(); }
    void exportImportCommands()
    {
        FRESH_LOG(location);
        QCOMPARE(record(location, QStringLiteral("alice")).code, 0);
        QCOMPARE(record(location, QStringLiteral("bob")).code, 0);
        const QString file = m_dir.filePath(QStringLiteral("export-%1.jsonl").arg(backend));
        CliResult r = log({QStringLiteral("export"), QStringLiteral("--log"), location,
                           QStringLiteral("--output"), file});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString sqliteCopy = m_locations.fresh(QStringLiteral("sqlite"));
        r = log({QStringLiteral("import"), QStringLiteral("--log"), sqliteCopy, file});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("Imported 2 records")),
                 qPrintable(r.out + r.err));
        const QString head =
            log({QStringLiteral("head"), QStringLiteral("--log"), location}).out.trimmed();
        QCOMPARE(log({QStringLiteral("head"), QStringLiteral("--log"), sqliteCopy}).out.trimmed(),
                 head);
        QCOMPARE(log({QStringLiteral("export"), QStringLiteral("--log"), sqliteCopy}).out.toUtf8(),
                 [&] {
                     QFile f(file);
                     f.open(QIODevice::ReadOnly);
                     return f.readAll();
                 }());
        r = log({QStringLiteral("import"), QStringLiteral("--log"), sqliteCopy, file});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QLatin1String("needs an empty log")));
    }

    // Separate `gatereview log record` processes at once: one linear chain, nothing lost.
    // Defaults keep CTest quick; GR_LOAD_PROCESSES=8 GR_LOAD_RECORDS=200 is the full load test.
    void concurrentWritersKeepOneChain_data() { addBackendRows(); }
    void concurrentWritersKeepOneChain()
    {
        FRESH_LOG(location);
        const int processes = envInt("GR_LOAD_PROCESSES", 4);
        const int perProcess = envInt("GR_LOAD_RECORDS", 15);
        QCOMPARE(record(location, QStringLiteral("setup")).code, 0); // creates the log first
        const QString script = QStringLiteral(
            "i=0; while [ $i -lt %1 ]; do i=$((i+1)); \"$0\" log record --log \"$1\" --report "
            "\"$2\" --decision champion_stays --rationale \"writer $3 record $i\" --author w$3 "
            ">/dev/null || exit 1; done");
        QList<QProcess *> writers;
        QElapsedTimer timer;
        timer.start();
        for (int w = 0; w < processes; ++w) {
            auto *p = new QProcess(this);
            p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            p->start(QStringLiteral("/bin/sh"),
                     {QStringLiteral("-c"), script.arg(perProcess), QStringLiteral(GR_GATEREVIEW),
                      location, m_notPromoted, QString::number(w)});
            writers << p;
        }
        for (QProcess *p : writers) {
            QVERIFY(p->waitForFinished(600000));
            QCOMPARE(p->exitCode(), 0);
        }
        const double seconds = timer.elapsed() / 1000.0;
        qDeleteAll(writers);
        const int total = processes * perProcess;
        qInfo("%s: %d processes x %d `log record` = %d records in %.1f s: %.1f records/s",
              qPrintable(backend), processes, perProcess, total, seconds, total / seconds);
        const DecisionLog result(location, DecisionLog::OpenMode::ReadOnly);
        QCOMPARE(result.count(), qint64(total + 1));
        QCOMPARE(result.head().count, qint64(total + 1));
        const VerifyResult verified = result.verify();
        QVERIFY(verified.intact());
        // Every writer's records all arrived, each once.
        QSet<QString> rationales;
        for (const DecisionRecord &r : result.records())
            rationales.insert(r.decision.rationale);
        QCOMPARE(rationales.size(), total + 1);
        const CliResult cli = log({QStringLiteral("verify"), QStringLiteral("--log"), location});
        QVERIFY2(cli.code == 0, qPrintable(cli.out));
    }

    // Issue 17 item 10: a log file this user may not write can still be listed and verified.
    void readOnlyLogIsListedAndVerified()
    {
        QTemporaryDir folder(QDir::tempPath() + QStringLiteral("/gr-ro-XXXXXX"));
        const QString path = folder.filePath(QStringLiteral("decisions.sqlite"));
        QCOMPARE(record(path, QStringLiteral("alice")).code, 0);
        const QString report = folder.filePath(QStringLiteral("report.json"));
        QVERIFY(QFile::copy(m_notPromoted, report));
        QFile::setPermissions(report, QFile::ReadOwner | QFile::ReadOther);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
        QFile::setPermissions(folder.path(), QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup |
                                                 QFile::ExeGroup | QFile::ReadOther |
                                                 QFile::ExeOther);
        // Root may write anything: run the CLI as `nobody` then, so the file really is read-only.
        const bool asNobody = ::geteuid() == 0;
        if (asNobody && QStandardPaths::findExecutable(QStringLiteral("runuser")).isEmpty())
            QSKIP("running as root without runuser: cannot make a file read-only for the CLI");
        auto runCli = [&](const QStringList &arguments) {
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            QStringList command = QStringList{QStringLiteral(GR_GATEREVIEW)} + arguments;
            if (asNobody)
                command = QStringList{QStringLiteral("runuser"), QStringLiteral("-u"),
                                      QStringLiteral("nobody"), QStringLiteral("--")} +
                          command;
            p.start(command.first(), command.mid(1));
            p.waitForFinished(60000);
            return qMakePair(p.exitCode(), QString::fromUtf8(p.readAll()));
        };
        auto [code, out] =
            runCli({QStringLiteral("log"), QStringLiteral("list"), QStringLiteral("--log"), path});
        QVERIFY2(code == 0 && out.contains(QLatin1String("alice")), qPrintable(out));
        std::tie(code, out) = runCli(
            {QStringLiteral("log"), QStringLiteral("verify"), QStringLiteral("--log"), path});
        QVERIFY2(code == 0 && out.contains(QLatin1String("1 records, hash chain intact")),
                 qPrintable(out));
        std::tie(code, out) =
            runCli({QStringLiteral("log"), QStringLiteral("head"), QStringLiteral("--log"), path});
        QVERIFY2(code == 0 && out.startsWith(QLatin1String("1:")), qPrintable(out));
        if (asNobody) {
            std::tie(code, out) =
                runCli({QStringLiteral("log"), QStringLiteral("record"), QStringLiteral("--log"),
                        path, QStringLiteral("--report"), report, QStringLiteral("--decision"),
                        QStringLiteral("champion_stays"), QStringLiteral("--rationale"),
                        QStringLiteral("x"), QStringLiteral("--author"), QStringLiteral("n")});
            QCOMPARE(code, 2);
            QVERIFY2(out.contains(QLatin1String("may not write")) ||
                         out.contains(QLatin1String("readonly")),
                     qPrintable(out));
        }
        QFile::setPermissions(folder.path(),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
};

QTEST_GUILESS_MAIN(TestLogTeamCli)
#include "test_logteamcli.moc"

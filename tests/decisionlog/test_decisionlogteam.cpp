// The decision log as a team's shared record, on both backends (data rows sqlite / postgresql):
// anchors catch a rewrite that recomputed every hash, signatures name their signer or read BAD
// SIGNATURE / unknown signer, export + import move a log between backends byte for byte and
// refuse a broken chain, failures (unreachable server, refused login, lost connection mid-append,
// full disk, read-only file) give clear messages and leave no half-written record, and a decision
// the log could not take is kept as a draft.
#include "decisionlogtesting.h"

#include "decisionlog/decisiondraft.h"
#include "decisionlog/decisionlogschema.h"
#include "decisionlog/postgresdatabase.h"
#include "decisionlog/recordsigning.h"
#include "decisionlog/sqldatabase.h"
#include "model/errors.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QtTest>
#include <sys/stat.h>

using namespace gr;
using namespace gr::test;

class TestDecisionLogTeam : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    LogLocations m_locations{QStringLiteral("team")};
    int m_keys = 0;

    static Decision decision(const QString &rationale,
                             const QString &author = QStringLiteral("alice"),
                             DecisionKind kind = DecisionKind::ChampionStays)
    {
        return makeDecision(kind,
                            gateReportFor(kind == DecisionKind::PromoteCandidate
                                              ? QStringLiteral("PROMOTED")
                                              : QStringLiteral("NOT_PROMOTED")),
                            rationale, author);
    }

    SigningKey newKey()
    {
        const QString path = m_dir.filePath(QStringLiteral("key%1.pem").arg(++m_keys));
        SigningKey::generate().save(path);
        return SigningKey::load(path);
    }

    static QByteArray exported(const DecisionLog &log)
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        log.exportJsonLines(buffer);
        return bytes;
    }

    static QString problems(const VerifyResult &result)
    {
        QStringList lines;
        for (const VerifyProblem &p : result.problems)
            lines << QStringLiteral("%1: %2").arg(p.recordId).arg(p.problem);
        return lines.join(QLatin1Char('\n'));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qunsetenv("PGPASSWORD");
        qunsetenv("PGPASSFILE");
    }

    // A rewrite that recomputed every hash verifies as a chain; only the anchor catches it.
    void anchorCatchesFullRewrite_data() { addBackendRows(); }
    void anchorCatchesFullRewrite()
    {
        FRESH_LOG(path);
        const QString forgedPath = m_locations.fresh(backend);
        ChainHead anchor;
        {
            DecisionLog log(path, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
            for (int i = 1; i <= 4; ++i)
                log.append(decision(QStringLiteral("reason %1").arg(i)));
            anchor = log.head();
            QCOMPARE(anchor.count, qint64(4));
            QCOMPARE(anchor.hash, log.record(4)->hash);
            QCOMPARE(ChainHead::parse(anchor.toString()).hash, anchor.hash);
            VerifyOptions options;
            options.expectHead = anchor;
            QVERIFY(log.verify(options).intact());
            log.append(decision(QStringLiteral("later")));
            QVERIFY2(log.verify(options).intact(), "a log that grew still extends the anchor");
        }
        // The forger replays the same decisions with record 2 changed, then swaps the contents.
        QByteArray forged;
        {
            DecisionLog log(forgedPath, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
            for (int i = 1; i <= 5; ++i)
                log.append(decision(i == 2   ? QStringLiteral("rewritten reason")
                                    : i == 5 ? QStringLiteral("later")
                                             : QStringLiteral("reason %1").arg(i)));
            forged = exported(log);
        }
        QCOMPARE(m_locations.tamper(
                     path, QStringLiteral("DELETE FROM decisions; UPDATE chain_head SET "
                                          "last_id = 0, record_count = 0, last_hash = '%1';")
                               .arg(QString(64, QLatin1Char('0')))),
                 QString());
        QBuffer in(&forged);
        in.open(QIODevice::ReadOnly);
        DecisionLog log(path, DecisionLog::OpenMode::ExistingOnly);
        QCOMPARE(log.importJsonLines(in, QStringLiteral("forged")), qint64(5));
        QVERIFY2(log.verify().intact(), "the rewritten chain is consistent in itself");
        VerifyOptions options;
        options.expectHead = anchor;
        const VerifyResult result = log.verify(options);
        QVERIFY(!result.intact());
        QVERIFY2(problems(result).contains(QLatin1String("no longer extends the anchored head")),
                 qPrintable(problems(result)));
        options.expectHead = ChainHead{9, anchor.hash};
        QVERIFY(problems(log.verify(options)).contains(QLatin1String("record 9 is gone")));
        QVERIFY(inputErrorOf([] {
                    ChainHead::parse(QStringLiteral("4:abc"));
                }).contains(QLatin1String("COUNT:HASH")));
    }

    void signaturesNameTheirSigner_data() { addBackendRows(); }
    void signaturesNameTheirSigner()
    {
        FRESH_LOG(path);
        const SigningKey alice = newKey(), mallory = newKey(), other = newKey();
        const AllowedSigners signers =
            AllowedSigners::parse(QStringLiteral("# team\nalice %1\n\nbob,carol %2\n")
                                      .arg(alice.publicKey(), other.publicKey()),
                                  QStringLiteral("allowed_signers"));
        DecisionLog log(path);
        log.append(decision(QStringLiteral("signed")), std::nullopt, {}, &alice);
        log.append(decision(QStringLiteral("unsigned"), QStringLiteral("bob")));
        log.append(decision(QStringLiteral("by an outsider"), QStringLiteral("mallory")),
                   std::nullopt, {}, &mallory);
        log.append(decision(QStringLiteral("promote unsigned"), QStringLiteral("dana"),
                            DecisionKind::PromoteCandidate));
        log.append(decision(QStringLiteral("forged later")), std::nullopt, {}, &alice);
        log.append(decision(QStringLiteral("bob's key, alice's name")), std::nullopt, {}, &other);
        QVERIFY(verifyRecordSignature(alice.publicKey(), log.record(1)->hash,
                                      log.record(1)->signature));
        QVERIFY(log.verify().intact()); // without a signers file: no principals to check

        // Forge record 5's signature: a valid signature, but by another key over its hash.
        const QString forgery = QString::fromLatin1(other.signHash(log.record(5)->hash));
        QCOMPARE(m_locations.tamper(path, QStringLiteral("UPDATE decisions SET signature = '%1' "
                                                         "WHERE id = 5;")
                                              .arg(forgery)),
                 QString());

        VerifyOptions options;
        options.allowedSigners = &signers;
        options.requireSignedPromotions = true;
        const VerifyResult result = log.verify(options);
        QCOMPARE(result.signatures.size(), 6);
        const QString aliceKey = keyFingerprint(alice.publicKey());
        QCOMPARE(result.signatures[0].second,
                 QStringLiteral("signed by alice (key %1)").arg(aliceKey));
        QCOMPARE(result.signatures[1].second, QStringLiteral("unsigned"));
        QCOMPARE(
            result.signatures[2].second,
            QStringLiteral("signed by an unknown key %1").arg(keyFingerprint(mallory.publicKey())));
        QCOMPARE(result.signatures[3].second, QStringLiteral("unsigned"));
        QCOMPARE(result.signatures[4].second,
                 QStringLiteral("BAD SIGNATURE (key %1)").arg(aliceKey));
        QList<qint64> named;
        for (const VerifyProblem &p : result.problems)
            named << p.recordId;
        QCOMPARE(named, (QList<qint64>{3, 4, 5, 6}));
        const QString text = problems(result);
        QVERIFY2(text.contains(QLatin1String("(unknown signer)")) &&
                     text.contains(QLatin1String("requires promote decisions to be signed")) &&
                     text.contains(QLatin1String("BAD SIGNATURE")) &&
                     text.contains(
                         QLatin1String("names alice as its author but is signed by bob,carol")),
                 qPrintable(text));

        // Swapping the key to match a forged signature breaks the hash instead.
        QCOMPARE(m_locations.tamper(path, QStringLiteral("UPDATE decisions SET signer_key = '%1' "
                                                         "WHERE id = 5;")
                                              .arg(other.publicKey())),
                 QString());
        QVERIFY(problems(log.verify(options)).contains(QLatin1String("record 5 was altered")));
        // Stripping a signature makes the record read BAD SIGNATURE, not unsigned.
        QCOMPARE(m_locations.tamper(path, QStringLiteral("UPDATE decisions SET signature = NULL "
                                                         "WHERE id = 1;")),
                 QString());
        QVERIFY(
            log.verify(options).signatures[0].second.startsWith(QLatin1String("BAD SIGNATURE")));
    }

    // Several clients opening a log that does not exist yet, at once: one creates it, the others
    // wait and use it (a PostgreSQL regression: a stale catalog snapshot made two create it).
    void simultaneousFirstOpensCreateOneLog_data() { addBackendRows(); }
    void simultaneousFirstOpensCreateOneLog()
    {
        FRESH_LOG(path);
        const QString report =
            writeFile(m_dir, QStringLiteral("first-open-%1.json").arg(backend),
                      QJsonDocument(gateReportFor(QStringLiteral("NOT_PROMOTED"))).toJson());
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int i = 0; i < 6; ++i) {
            writers.push_back(std::make_unique<QProcess>());
            writers.back()->start(QStringLiteral(GR_DECISIONLOG_WRITER), {path, report});
        }
        for (auto &writer : writers) {
            QVERIFY(writer->waitForStarted());
            while (!writer->canReadLine() && writer->state() == QProcess::Running)
                writer->waitForReadyRead(1000);
            QVERIFY2(writer->readLine().startsWith("committed "),
                     qPrintable(QString::fromUtf8(writer->readAllStandardError())));
        }
        for (auto &writer : writers) {
            writer->kill();
            writer->waitForFinished();
        }
        const DecisionLog log(path, DecisionLog::OpenMode::ReadOnly);
        QVERIFY(log.count() >= 6);
        QVERIFY(log.verify().intact());
    }

    void signingKeysStayPrivate()
    {
        const QString path = m_dir.filePath(QStringLiteral("private/key.pem"));
        const SigningKey key = SigningKey::generate();
        key.save(path);
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QVERIFY(inputErrorOf([&] { key.save(path); }).contains(QLatin1String("already exists")));
        QCOMPARE(SigningKey::load(path).publicKey(), key.publicKey());
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                        QFileDevice::ReadOther);
        QVERIFY(inputErrorOf([&] { SigningKey::load(path); }).contains(QLatin1String("too open")));
        QVERIFY(key.publicKey().startsWith(QLatin1String("ed25519:")));
        QCOMPARE(key.publicKey().size(), 52);
        QVERIFY(inputErrorOf([] {
                    AllowedSigners::parse(QStringLiteral("alice\n"), QStringLiteral("signers"));
                }).startsWith(QLatin1String("signers:1: expected 'PRINCIPAL ed25519:KEY'")));
    }

    // Export, import on the other backend, export again: the same bytes; signatures still verify.
    void exportImportAcrossBackends_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("sqlite to postgresql")
            << QStringLiteral("sqlite") << QStringLiteral("postgresql");
        QTest::newRow("postgresql to sqlite")
            << QStringLiteral("postgresql") << QStringLiteral("sqlite");
        QTest::newRow("sqlite to sqlite") << QStringLiteral("sqlite") << QStringLiteral("sqlite");
    }
    void exportImportAcrossBackends()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        const QString source = m_locations.fresh(from), target = m_locations.fresh(to);
        if (source.isEmpty() || target.isEmpty()) QSKIP(qPrintable(m_locations.skipReason()));
        const SigningKey key = newKey();
        QByteArray bytes;
        {
            DecisionLog log(source, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
            Decision d = decision(QStringLiteral("Überprüft ✓ 'quotes' \\ backslash\r\nCRLF"));
            d.notes = {{StepData, QStringLiteral("<b>verbatim</b>\ttab")}};
            log.append(d, std::nullopt, {}, &key);
            log.append(decision(QStringLiteral("second"), QStringLiteral("bob")));
            log.append(decision(QStringLiteral("corrects 1")), 1, {}, &key);
            // A signed registry action (schema version 3); its credential is never stored.
            log.append(decision(QStringLiteral("rolled back")), 2,
                       {{QStringLiteral("action"), QStringLiteral("rollback")},
                        {QStringLiteral("tracking_uri"),
                         QStringLiteral("https://ci:hunter2@mlflow.internal/")}},
                       &key);
            bytes = exported(log);
        }
        QCOMPARE(bytes.count('\n'), 5);
        QVERIFY(bytes.startsWith("{\"head\":\"4:"));
        QVERIFY(bytes.contains("\"registry_action_json\":null"));
        QVERIFY(bytes.contains("rollback"));
        QVERIFY(!bytes.contains("hunter2"));
        {
            DecisionLog log(target);
            QBuffer in(&bytes);
            in.open(QIODevice::ReadOnly);
            QCOMPARE(log.importJsonLines(in, QStringLiteral("export.jsonl")), qint64(4));
            QCOMPARE(exported(log), bytes);
            QCOMPARE(log.head().toString(), DecisionLog(source).head().toString());
            const AllowedSigners signers = AllowedSigners::parse(
                QStringLiteral("alice %1\n").arg(key.publicKey()), QStringLiteral("signers"));
            VerifyOptions options;
            options.allowedSigners = &signers;
            const VerifyResult result = log.verify(options);
            QVERIFY2(result.intact(), qPrintable(problems(result)));
            QVERIFY(result.signatures[0].second.startsWith(QLatin1String("signed by alice")));
            QCOMPARE(log.record(1)->supersededBy, std::optional<qint64>(3));
            QCOMPARE(log.record(2)->supersededBy, std::optional<qint64>(4));
            QVERIFY(log.record(4)->isRegistryAction());
            QCOMPARE(log.record(4)->registryAction.value(QStringLiteral("action")).toString(),
                     QStringLiteral("rollback"));
            QVERIFY(result.signatures[3].second.startsWith(QLatin1String("signed by alice")));
            // A second import: the log is no longer empty.
            QBuffer again(&bytes);
            again.open(QIODevice::ReadOnly);
            QVERIFY(inputErrorOf([&] {
                        log.importJsonLines(again, QStringLiteral("x"));
                    }).contains(QLatin1String("needs an empty log")));
            QCOMPARE(log.count(), 4);
        }
    }

    void importRefusesABrokenChain_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("message");
        for (const QString &backend : logBackends()) {
            auto row = [&backend](const char *name) -> QTestData & {
                return QTest::newRow(qPrintable(backend + QLatin1Char('/') + QLatin1String(name)))
                       << backend;
            };
            row("edited") << QByteArray("\"rationale\":\"second\"")
                          << QByteArray("\"rationale\":\"edited\"")
                          << QStringLiteral("export.jsonl:3: record 2 does not match its hash");
            row("header") << QByteArray("gatereview/decision-log-export/v1")
                          << QByteArray("something-else")
                          << QStringLiteral("not a decision log export");
            row("not json") << QByteArray("\"rationale\":\"second\"")
                            << QByteArray("\"rationale\":")
                            << QStringLiteral("export.jsonl:3: not a JSON object");
        }
    }
    void importRefusesABrokenChain()
    {
        QFETCH(QString, backend);
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, message);
        const QString source = m_locations.fresh(QStringLiteral("sqlite"));
        const QString target = m_locations.fresh(backend);
        if (target.isEmpty()) QSKIP(qPrintable(m_locations.skipReason()));
        QByteArray bytes;
        {
            DecisionLog log(source, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
            log.append(decision(QStringLiteral("first")));
            log.append(decision(QStringLiteral("second")));
            log.append(decision(QStringLiteral("third")));
            bytes = exported(log);
        }
        QVERIFY(bytes.contains(from));
        bytes.replace(from, to);
        QBuffer in(&bytes);
        in.open(QIODevice::ReadOnly);
        DecisionLog log(target);
        const QString error =
            inputErrorOf([&] { log.importJsonLines(in, QStringLiteral("export.jsonl")); });
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(log.count(), 0);

        // A truncated export (the last record cut off) is refused too.
        {
            DecisionLog full(source);
            bytes = exported(full);
        }
        bytes.truncate(bytes.lastIndexOf('\n', bytes.size() - 2) + 1);
        QBuffer truncated(&bytes);
        truncated.open(QIODevice::ReadOnly);
        QVERIFY(inputErrorOf([&] {
                    log.importJsonLines(truncated, QStringLiteral("t"));
                }).contains(QLatin1String("truncated or spliced")));
        QCOMPARE(log.count(), 0);
    }

    // The same schema versions on both backends; the PostgreSQL marker lives in a table.
    void schemaVersionOnPostgres()
    {
        PostgresCluster &cluster = m_locations.cluster();
        if (!cluster.isRunning()) QSKIP(qPrintable(cluster.skipReason()));
        const QString url = cluster.url(cluster.createDatabase());
        DecisionLog(url).append(decision(QStringLiteral("x")));
        DecisionLog again(url);
        const QString db = LogLocations::databaseOf(url);
        QCOMPARE(cluster
                     .value(db, QStringLiteral("SELECT schema_version FROM "
                                               "gatereview.decision_log_meta"))
                     .toInt(),
                 latestDecisionLogSchemaVersion());
        QCOMPARE(again.count(), 1);
        QVERIFY(again.isPostgres());
        QCOMPARE(again.path(), url);
        // Another application's tables in the schema: refused, untouched.
        const QString foreign = cluster.createDatabase();
        QCOMPARE(cluster.exec(foreign, QStringLiteral("CREATE SCHEMA gatereview; CREATE TABLE "
                                                      "gatereview.photos (id int)")),
                 QString());
        QVERIFY(inputErrorOf([&] {
                    DecisionLog log(cluster.url(foreign));
                }).contains(QLatin1String("is not a Gate Review decision log")));
        // An empty database is not a log to read.
        const QString empty = cluster.url(cluster.createDatabase());
        QVERIFY(inputErrorOf([&] {
                    DecisionLog log(empty, DecisionLog::OpenMode::ReadOnly);
                }).contains(QLatin1String("run `gatereview log init")));
    }

    void postgresConnectionFailures()
    {
        PostgresCluster &cluster = m_locations.cluster();
        if (!cluster.isRunning()) QSKIP(qPrintable(cluster.skipReason()));
        const QString db = cluster.createDatabase();
        QCOMPARE(cluster.exec(db, QStringLiteral("CREATE ROLE erin LOGIN PASSWORD 's3cret-pw'; "
                                                 "GRANT ALL ON DATABASE %1 TO erin")
                                      .arg(db)),
                 QString());
        const QString url = cluster.url(db, QStringLiteral("erin"));

        // Nothing listens on this port.
        const QString closed = QStringLiteral("postgresql://erin@127.0.0.1:1/%1").arg(db);
        QString error = inputErrorOf([&] { DecisionLog log(closed); });
        QVERIFY2(error.contains(QLatin1String("cannot reach the PostgreSQL server at 127.0.0.1:1")),
                 qPrintable(error));

        // No password anywhere, then a wrong one: the login is refused, the password never shown.
        error = inputErrorOf([&] { DecisionLog log(url); });
        QVERIFY2(error.contains(QLatin1String("refused the login")) &&
                     error.contains(QLatin1String("PGPASSWORD")),
                 qPrintable(error));
        qputenv("PGPASSWORD", "wrong-pw");
        error = inputErrorOf([&] { DecisionLog log(url); });
        QVERIFY2(error.contains(QLatin1String("password authentication failed")) &&
                     !error.contains(QLatin1String("wrong-pw")),
                 qPrintable(error));

        // libpq reads PGPASSWORD ...
        qputenv("PGPASSWORD", "s3cret-pw");
        {
            DecisionLog log(url);
            log.append(decision(QStringLiteral("via PGPASSWORD"), QStringLiteral("erin")));
            QVERIFY(!log.path().contains(QLatin1String("s3cret")));
        }
        qunsetenv("PGPASSWORD");
        // ... and the password file.
        const QString pgpass = writeFile(m_dir, QStringLiteral("pgpass"),
                                         QStringLiteral("127.0.0.1:%1:%2:erin:s3cret-pw\n")
                                             .arg(cluster.port())
                                             .arg(db)
                                             .toUtf8());
        QFile::setPermissions(pgpass, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        qputenv("PGPASSFILE", QFile::encodeName(pgpass));
        QCOMPARE(DecisionLog(url).count(), 1);
        qunsetenv("PGPASSFILE");

        // A password in the URL is refused without connecting, and not repeated.
        error = inputErrorOf([&] {
            DecisionLog log(QStringLiteral("postgresql://erin:s3cret-pw@127.0.0.1:%1/%2")
                                .arg(cluster.port())
                                .arg(db));
        });
        QVERIFY2(error.contains(QLatin1String("carries a password")) &&
                     !error.contains(QLatin1String("s3cret")),
                 qPrintable(error));
        QVERIFY(inputErrorOf([&] {
                    DecisionLog log(
                        QStringLiteral("postgresql://erin@127.0.0.1:%1/").arg(cluster.port()));
                }).contains(QLatin1String("name the database")));
    }

    // The connection dies between reading the head and committing: the append fails with a
    // clear message, nothing of it is in the log, and the next append continues the chain.
    void lostConnectionMidAppend()
    {
        PostgresCluster &cluster = m_locations.cluster();
        if (!cluster.isRunning()) QSKIP(qPrintable(cluster.skipReason()));
        const QString url = cluster.url(cluster.createDatabase());
        const QString db = LogLocations::databaseOf(url);
        bool killNow = false;
        Clock clock = [&] {
            // The clock is read inside the append's transaction, after the head.
            if (killNow)
                cluster.exec(QStringLiteral("postgres"),
                             QStringLiteral("SELECT pg_terminate_backend(pid) FROM "
                                            "pg_stat_activity WHERE datname = '%1' AND pid <> "
                                            "pg_backend_pid()")
                                 .arg(db));
            return QDateTime(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC);
        };
        DecisionLog log(url, DecisionLog::OpenMode::CreateIfMissing, clock);
        log.append(decision(QStringLiteral("before")));
        killNow = true;
        DatabaseError::Kind kind = DatabaseError::Kind::Failed;
        QString error;
        try {
            log.append(decision(QStringLiteral("lost")));
        } catch (const DatabaseError &e) {
            kind = e.kind();
            error = e.message();
        }
        QVERIFY2(kind == DatabaseError::Kind::ConnectionLost, qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("was lost")) &&
                     error.contains(QLatin1String("nothing half-written")),
                 qPrintable(error));
        DecisionLog reopened(url, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
        QCOMPARE(reopened.count(), 1);
        QVERIFY(reopened.verify().intact());
        reopened.append(decision(QStringLiteral("after")));
        QCOMPARE(reopened.head().count, qint64(2));
        QVERIFY(reopened.verify().intact());
    }

    // The server refuses the append — a role whose transactions are read-only (SQLSTATE 25006),
    // a role without the writer grant (42501): a clear message each, nothing half-written, and
    // the chain continues afterwards.
    void postgresRefusesTheAppend()
    {
        PostgresCluster &cluster = m_locations.cluster();
        if (!cluster.isRunning()) QSKIP(qPrintable(cluster.skipReason()));
        const QString db = cluster.createDatabase();
        const QString url = cluster.url(db);
        {
            PostgresDatabase admin(parsePostgresLocation(url));
            PostgresRoles roles;
            roles.writers = {QStringLiteral("olga")};
            roles.readers = {QStringLiteral("rita")};
            QCOMPARE(cluster.exec(db, QStringLiteral("CREATE ROLE olga LOGIN PASSWORD 'olga-pw'; "
                                                     "CREATE ROLE rita LOGIN PASSWORD 'rita-pw'")),
                     QString());
            initPostgresDecisionLog(admin, roles);
        }
        DecisionLog(url, DecisionLog::OpenMode::ExistingOnly, steppingClock())
            .append(decision(QStringLiteral("first")));
        // olga may write, but her sessions are read-only (as on a hot standby).
        QCOMPARE(cluster.exec(db, QStringLiteral("ALTER ROLE olga SET "
                                                 "default_transaction_read_only = on")),
                 QString());
        qputenv("PGPASSWORD", "olga-pw");
        QString error = inputErrorOf([&] {
            DecisionLog(cluster.url(db, QStringLiteral("olga")))
                .append(decision(QStringLiteral("read-only session"), QStringLiteral("olga")));
        });
        QVERIFY2(error.contains(QLatin1String("read-only transaction")) &&
                     error.contains(QLatin1String("this connection is read-only")) &&
                     !error.contains(QLatin1String("olga-pw")),
                 qPrintable(error));
        qputenv("PGPASSWORD", "rita-pw");
        error = inputErrorOf([&] {
            DecisionLog(cluster.url(db, QStringLiteral("rita")))
                .append(decision(QStringLiteral("reader"), QStringLiteral("rita")));
        });
        QVERIFY2(error.contains(QLatin1String("permission denied")) &&
                     error.contains(QLatin1String("GRANT gatereview_writer TO you")),
                 qPrintable(error));
        QCOMPARE(DecisionLog(cluster.url(db, QStringLiteral("rita"))).count(), qint64(1));
        qunsetenv("PGPASSWORD");
        QCOMPARE(cluster.exec(db, QStringLiteral("ALTER ROLE olga RESET "
                                                 "default_transaction_read_only")),
                 QString());
        qputenv("PGPASSWORD", "olga-pw");
        DecisionLog log(cluster.url(db, QStringLiteral("olga")));
        log.append(decision(QStringLiteral("after"), QStringLiteral("olga")));
        qunsetenv("PGPASSWORD");
        QCOMPARE(log.count(), qint64(2));
        QVERIFY(log.verify().intact());
    }

    // A real full disk under the server: the log's database lives in a tablespace on a 24 MB
    // tmpfs, and appends of incompressible 256 kB rationales fill it. The append that no longer
    // fits fails with SQLSTATE 53100 in a clear message; every committed record is intact.
    // Mounting needs root (CI runs as root); elsewhere the test skips saying so.
    void fullDiskOnPostgres()
    {
        PostgresCluster &cluster = m_locations.cluster();
        if (!cluster.isRunning()) QSKIP(qPrintable(cluster.skipReason()));
        if (::geteuid() != 0) QSKIP("mounting a small tmpfs for a full disk needs root");
        // Its own folder, which the server's user (`nobody`) may enter.
        QTemporaryDir folder(QDir::tempPath() + QStringLiteral("/gr-small-disk-XXXXXX"));
        QVERIFY(folder.isValid());
        QFile::setPermissions(folder.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                 QFileDevice::ExeOwner | QFileDevice::ExeOther);
        const QString mountPoint = folder.filePath(QStringLiteral("disk"));
        QVERIFY(QDir().mkpath(mountPoint));
        QProcess mount;
        mount.setProcessChannelMode(QProcess::MergedChannels);
        mount.start(QStringLiteral("mount"),
                    {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                     QStringLiteral("size=24m"), QStringLiteral("tmpfs"), mountPoint});
        if (!mount.waitForFinished(30000) || mount.exitCode() != 0)
            QSKIP(qPrintable(QStringLiteral("cannot mount a small tmpfs for a full disk: %1")
                                 .arg(QString::fromLocal8Bit(mount.readAll()).trimmed())));
        const auto unmount = qScopeGuard([&] {
            cluster.exec(QStringLiteral("postgres"),
                         QStringLiteral("DROP DATABASE IF EXISTS full_disk WITH (FORCE)"));
            cluster.exec(QStringLiteral("postgres"),
                         QStringLiteral("DROP TABLESPACE IF EXISTS small_disk"));
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), mountPoint});
        });
        const passwd *nobody = ::getpwnam("nobody");
        QVERIFY(nobody && ::chown(QFile::encodeName(mountPoint).constData(), nobody->pw_uid,
                                  nobody->pw_gid) == 0);
        QCOMPARE(cluster.exec(
                     QStringLiteral("postgres"),
                     QStringLiteral("CREATE TABLESPACE small_disk LOCATION '%1'").arg(mountPoint)),
                 QString());
        QCOMPARE(cluster.exec(QStringLiteral("postgres"),
                              QStringLiteral("CREATE DATABASE full_disk TABLESPACE small_disk")),
                 QString());
        DecisionLog log(cluster.url(QStringLiteral("full_disk")),
                        DecisionLog::OpenMode::CreateIfMissing, steppingClock());
        qint64 committed = 0;
        QString error;
        for (int i = 0; i < 200 && error.isEmpty(); ++i) {
            QByteArray noise(192 * 1024, Qt::Uninitialized);
            for (char &c : noise)
                c = char(QRandomGenerator::global()->generate());
            try {
                log.append(decision(QString::fromLatin1(noise.toBase64())));
                ++committed;
            } catch (const DatabaseError &e) {
                error = e.message();
            }
        }
        QVERIFY2(error.contains(QLatin1String("out of resources (53100")) &&
                     error.contains(QLatin1String("nothing was written")),
                 qPrintable(error));
        QVERIFY(committed > 3);
        QCOMPARE(log.count(), committed);
        QCOMPARE(log.head().count, committed);
        QVERIFY2(log.verify().intact(), qPrintable(problems(log.verify())));
    }

    // A writer that fills the disk (here: its file-size limit) stops with a clear message; every
    // record it committed is intact and no half record appears.
    void fullDiskStopsCleanly()
    {
        const QString path = m_locations.fresh(QStringLiteral("sqlite"));
        const QString report =
            writeFile(m_dir, QStringLiteral("report.json"),
                      QJsonDocument(gateReportFor(QStringLiteral("NOT_PROMOTED"))).toJson());
        DecisionLog(path).append(decision(QStringLiteral("first")));
        QProcess writer;
        writer.start(QStringLiteral("/bin/sh"),
                     {QStringLiteral("-c"),
                      QStringLiteral("trap '' XFSZ; ulimit -f 1024; exec \"$0\" \"$1\" \"$2\""),
                      QStringLiteral(GR_DECISIONLOG_WRITER), path, report});
        QVERIFY(writer.waitForFinished(120000));
        QCOMPARE(writer.exitCode(), 1);
        const QString error = QString::fromUtf8(writer.readAllStandardError());
        QVERIFY2(error.contains(QLatin1String("disk is full")) ||
                     error.contains(QLatin1String("disk I/O error")),
                 qPrintable(error));
        DecisionLog log(path, DecisionLog::OpenMode::ReadOnly);
        const QByteArray committed = writer.readAllStandardOutput();
        QVERIFY(committed.count("committed") > 3);
        QCOMPARE(log.count(), qint64(committed.count("committed") + 1));
        QVERIFY2(log.verify().intact(), qPrintable(problems(log.verify())));
        QCOMPARE(log.records().size(), int(log.count())); // every row parses
    }

    // Issue 17 item 10: a log that may not be written is still listed and verified, and opening
    // it read-only writes nothing (no journal files, the bytes unchanged).
    void readOnlyOpenWritesNothing()
    {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("ro.sqlite"));
        DecisionLog(path, DecisionLog::OpenMode::CreateIfMissing, steppingClock())
            .append(decision(QStringLiteral("x")));
        auto bytes = [](const QString &file) {
            QFile f(file);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray before = bytes(path), walBefore = bytes(path + QStringLiteral("-wal"));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadOther);
        QFile::setPermissions(folder.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        {
            DecisionLog log(path, DecisionLog::OpenMode::ReadOnly);
            QCOMPARE(log.records().size(), 1);
            QVERIFY(log.verify().intact());
            QCOMPARE(log.head().count, qint64(1));
            QVERIFY(inputErrorOf([&] {
                        log.append(decision(QStringLiteral("y")));
                    }).contains(QLatin1String("opened read-only")));
        }
        QCOMPARE(bytes(path), before);
        QCOMPARE(bytes(path + QStringLiteral("-wal")), walBefore);
        QFile::setPermissions(folder.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                 QFileDevice::ExeOwner);
    }

    void draftsKeepUnrecordedDecisions()
    {
        DecisionDraftStore store(m_dir.filePath(QStringLiteral("drafts")));
        QVERIFY(store.drafts().isEmpty());
        DecisionDraft draft;
        draft.decision = decision(QStringLiteral("written while the server was down"));
        draft.decision.notes = {{StepModel, QStringLiteral("notes survive")}};
        draft.supersedes = 7;
        draft.logLocation = QStringLiteral("postgresql://alice@db:5432/team");
        draft.failure = QStringLiteral("cannot reach the PostgreSQL server");
        const QString id = store.save(draft);
        const QList<DecisionDraft> drafts = store.drafts();
        QCOMPARE(drafts.size(), 1);
        QCOMPARE(drafts[0].id, id);
        QCOMPARE(drafts[0].decision.rationale, draft.decision.rationale);
        QCOMPARE(drafts[0].decision.notes, draft.decision.notes);
        QCOMPARE(drafts[0].decision.gateReport, draft.decision.gateReport);
        QCOMPARE(drafts[0].supersedes, std::optional<qint64>(7));
        QCOMPARE(drafts[0].failure, draft.failure);
        QVERIFY(store.draftFor(draft.decision.gateReport).has_value());
        QVERIFY(!store.draftFor(gateReportFor(QStringLiteral("PROMOTED"))).has_value());
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(m_dir.filePath(QStringLiteral("drafts/") + id +
                                                         QStringLiteral(".json")))
                            .constData(),
                        &st),
                 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        store.remove(id);
        QVERIFY(store.drafts().isEmpty());
    }

    void splitsDollarQuotedBodies()
    {
        const QStringList statements = splitSqlScript(QStringLiteral(
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    RAISE "
            "EXCEPTION 'no';\n\n-- kept inside the body\nEND\n$$;\nCREATE TABLE t (a INT);\n"));
        QCOMPARE(statements.size(), 2);
        QVERIFY(statements[0].endsWith(QLatin1String("$$;")));
        QVERIFY(statements[0].contains(QLatin1String("kept inside")));
    }
};

QTEST_GUILESS_MAIN(TestDecisionLogTeam)
#include "test_decisionlogteam.moc"

// The log's own policy "require signed promote decisions" (LogPolicy), on both backends (data
// rows sqlite / postgresql): the sequence a team lives through from the command line (an unsigned
// promotion recorded while the setting was off, the lead turning it on, an unsigned promotion
// refused, a signed one accepted, verify flagging the old one and naming the signer), the core's
// own refusal, the server's own refusal of an unsigned promote row inserted by another client,
// a writer role that may not change the setting, and a log of schema version 3 that opens and
// migrates with the setting off.
#include "clitesthelpers.h"
#include "decisionlogtesting.h"

#include "decisionlog/decisionlogschema.h"
#include "decisionlog/recordsigning.h"
#include "decisionlog/sqlitedatabase.h"
#include "model/errors.h"

#include <QBuffer>
#include <QScopeGuard>
#include <QtTest>

using namespace gr;
using namespace gr::test;

class TestLogPolicy : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    LogLocations m_locations{QStringLiteral("policy")};
    QString m_notPromoted, m_promoted;

    static CliResult log(const QStringList &arguments)
    {
        return runCli(QStringList{QStringLiteral("log")} + arguments);
    }

    CliResult record(const QString &location, const QString &author, bool promote,
                     const QStringList &extra = {})
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

    // How messages name a log: a URL's user name is masked like any credential.
    static QString shownLocation(const QString &location)
    {
        if (!LogLocations::isPostgres(location)) return location;
        return QStringLiteral("postgresql://***@") + location.section(QLatin1Char('@'), 1);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qunsetenv("GATEREVIEW_LOG");
        qunsetenv("PGPASSWORD");
        qunsetenv("GATEREVIEW_ALLOWED_SIGNERS");
        // No key of the user running the tests is picked up by accident.
        qputenv("GATEREVIEW_SIGNING_KEY",
                QFile::encodeName(m_dir.filePath(QStringLiteral("none.pem"))));
        m_notPromoted =
            writeFile(m_dir, QStringLiteral("not-promoted.json"),
                      QJsonDocument(gateReportFor(QStringLiteral("NOT_PROMOTED"))).toJson());
        m_promoted = writeFile(m_dir, QStringLiteral("promoted.json"),
                               QJsonDocument(gateReportFor(QStringLiteral("PROMOTED"))).toJson());
    }

    // The sequence, from the command line: record unsigned promote (setting off) -> turn on ->
    // unsigned promote refused, non-promote accepted -> verify flags the old one -> record
    // signed -> verify names the signer -> turn off -> the per-command flag still applies.
    void sequenceFromTheCommandLine_data() { addBackendRows(); }
    void sequenceFromTheCommandLine()
    {
        FRESH_LOG(location);
        CliResult r = record(location, QStringLiteral("bob"), true);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = log({QStringLiteral("policy"), QStringLiteral("--log"), location});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("accepts unsigned promote")),
                 qPrintable(r.out + r.err));
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location});
        QVERIFY2(r.code == 0, qPrintable(r.out)); // the setting is off: nothing to report

        r = log({QStringLiteral("policy"), QStringLiteral("--log"), location,
                 QStringLiteral("--require-signed-promotions"), QStringLiteral("on"),
                 QStringLiteral("--author"), QStringLiteral("lead")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("this log requires signed promote decisions (since "
                                              "20")) &&
                     r.out.contains(QLatin1String("set by lead")) &&
                     r.out.contains(QLatin1String("1 unsigned promote record (record 1)")),
                 qPrintable(r.out));
        r = log({QStringLiteral("policy"), QStringLiteral("--log"), location,
                 QStringLiteral("--require-signed-promotions"), QStringLiteral("on"),
                 QStringLiteral("--author"), QStringLiteral("lead")});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("(unchanged)")),
                 qPrintable(r.out + r.err));

        // Every writer of this log now refuses an unsigned promotion, without any flag.
        r = record(location, QStringLiteral("bob"), true);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(shownLocation(location)) &&
                     r.err.contains(QLatin1String(
                         "this promote_candidate decision is unsigned, but this log requires "
                         "signed promote decisions; run `gatereview log keygen`")),
                 qPrintable(r.err));
        r = record(location, QStringLiteral("bob"), false); // not a promotion: unsigned is fine
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(DecisionLog(location).count(), 2);

        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QLatin1String("Policy: this log requires signed promote decisions "
                                              "(since")) &&
                     r.out.contains(QLatin1String("breaks its signing policy (1 problem in 2 "
                                                  "records)")) &&
                     r.out.contains(QLatin1String("record 1: record 1 (promote_candidate) is "
                                                  "unsigned, but this log requires promote "
                                                  "decisions to be signed")),
                 qPrintable(r.out));

        const QString key = m_dir.filePath(QStringLiteral("alice-%1.pem").arg(backend));
        r = log({QStringLiteral("keygen"), QStringLiteral("--key"), key,
                 QStringLiteral("--principal"), QStringLiteral("alice")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString signers = writeFile(m_dir, QStringLiteral("signers-%1").arg(backend),
                                          r.out.section(QLatin1Char('\n'), 2, 2).toUtf8() + "\n");
        r = record(location, QStringLiteral("alice"), true, {QStringLiteral("--signing-key"), key});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("signed with key")),
                 qPrintable(r.out + r.err));
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location,
                 QStringLiteral("--allowed-signers"), signers});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QLatin1String("record 3: signed by alice (key SHA256:")) &&
                     r.out.contains(QLatin1String("record 1: unsigned")) &&
                     r.out.contains(QLatin1String("(1 problem in 3 records)")),
                 qPrintable(r.out));

        r = log({QStringLiteral("policy"), QStringLiteral("--log"), location,
                 QStringLiteral("--require-signed-promotions"), QStringLiteral("off"),
                 QStringLiteral("--author"), QStringLiteral("lead")});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("accepts unsigned promote decisions "
                                                             "(since")),
                 qPrintable(r.out + r.err));
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location});
        QVERIFY2(r.code == 0, qPrintable(r.out));
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), location,
                 QStringLiteral("--require-signed-promotions")});
        QVERIFY2(r.code == 1 &&
                     r.out.contains(QLatin1String("Policy: --require-signed-promotions")),
                 qPrintable(r.out));
        r = log({QStringLiteral("policy"), QStringLiteral("--log"), location,
                 QStringLiteral("--require-signed-promotions"), QStringLiteral("maybe")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("takes on or off")), qPrintable(r.err));
    }

    // The core refuses for every caller (the window and the MLflow promotion append through it),
    // and a change made by another connection applies to the next append of an open log.
    void coreRefusesUnsignedPromotions_data() { addBackendRows(); }
    void coreRefusesUnsignedPromotions()
    {
        FRESH_LOG(location);
        DecisionLog writer(location, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
        const QJsonObject promoted = gateReportFor(QStringLiteral("PROMOTED"));
        const Decision promote =
            makeDecision(DecisionKind::PromoteCandidate, promoted, QStringLiteral("passed"));
        const Decision fastTrack = makeDecision(DecisionKind::FastTrackReview,
                                                gateReportFor(QStringLiteral("NOT_PROMOTED")),
                                                QStringLiteral("incident 42: the fix cannot wait"));
        writer.append(promote);
        QVERIFY(!writer.policy().requireSignedPromotions);
        QVERIFY(!writer.policy().changedAt.isValid());

        DecisionLog lead(location, DecisionLog::OpenMode::ExistingOnly, steppingClock());
        QVERIFY(lead.setRequireSignedPromotions(true, QStringLiteral("lead")));
        QVERIFY(!lead.setRequireSignedPromotions(true, QStringLiteral("lead")));
        const LogPolicy policy = writer.policy();
        QVERIFY(policy.requireSignedPromotions);
        QCOMPARE(policy.changedAt, QDateTime(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC));
        QVERIFY2(policy.changedBy.startsWith(QLatin1String("lead")), qPrintable(policy.changedBy));
        if (writer.isPostgres()) // the server names the role
            QCOMPARE(policy.changedBy, QStringLiteral("lead (role postgres)"));

        for (const Decision &d : {promote, fastTrack}) {
            const QString message = inputErrorOf([&] { writer.append(d); });
            QVERIFY2(message.startsWith(shownLocation(location) + QStringLiteral(": this ")) &&
                         message.contains(QLatin1String(
                             "is unsigned, but this log requires signed promote decisions")),
                     qPrintable(message));
        }
        QCOMPARE(writer.count(), 1); // nothing half-written
        QCOMPARE(writer.head().count, 1);
        writer.append(makeDecision(DecisionKind::ChampionStays,
                                   gateReportFor(QStringLiteral("NOT_PROMOTED")),
                                   QStringLiteral("unsigned is fine here")));
        const QString keyPath = m_dir.filePath(QStringLiteral("core-%1.pem").arg(backend));
        SigningKey::generate().save(keyPath);
        const SigningKey key = SigningKey::load(keyPath);
        QCOMPARE(writer.append(fastTrack, std::nullopt, {}, &key).signerKey, key.publicKey());

        const VerifyResult result = writer.verify();
        QVERIFY(result.requireSignedPromotions);
        QCOMPARE(result.problems.size(), 1);
        QCOMPARE(result.problems.first().recordId, 1);
        QVERIFY(result.onlyPolicyProblems());
        QVERIFY(writer.verify({}).policy.requireSignedPromotions);

        // An export holding that unsigned promotion is not imported into a log that requires
        // signatures (the same on both backends), and is imported while the setting is off.
        QByteArray bytes;
        {
            QBuffer out(&bytes);
            out.open(QIODevice::WriteOnly);
            writer.exportJsonLines(out);
        }
        const QString target = m_locations.fresh(backend);
        DecisionLog imported(target);
        QVERIFY(imported.setRequireSignedPromotions(true, QStringLiteral("lead")));
        QBuffer in(&bytes);
        in.open(QIODevice::ReadOnly);
        const QString message =
            inputErrorOf([&] { imported.importJsonLines(in, QStringLiteral("export.jsonl")); });
        QVERIFY2(message.contains(QLatin1String("record 1 of export.jsonl is an unsigned "
                                                "promote_candidate decision, but this log "
                                                "requires signed promote decisions")),
                 qPrintable(message));
        QCOMPARE(imported.count(), 0);
        QVERIFY(imported.setRequireSignedPromotions(false, QStringLiteral("lead")));
        in.seek(0);
        QCOMPARE(imported.importJsonLines(in, QStringLiteral("export.jsonl")), 3);
        QCOMPARE(imported.head().toString(), writer.head().toString());
    }

    // On PostgreSQL the server itself refuses an unsigned promote row that another client
    // inserts (one that links the chain correctly), while the setting is on.
    void serverRefusesUnsignedPromoteRows()
    {
        PostgresCluster &cluster = m_locations.cluster();
        if (!cluster.isRunning()) QSKIP(qPrintable(cluster.skipReason()));
        const QString url = cluster.url(cluster.createDatabase());
        const QString db = LogLocations::databaseOf(url);
        DecisionLog log(url);
        log.append(makeDecision(DecisionKind::PromoteCandidate,
                                gateReportFor(QStringLiteral("PROMOTED")), QStringLiteral("x")));
        const QString columns = QStringLiteral(
            "decision, rationale, notes_json, author, decided_at, gate_result, gate_report_json, "
            "policy_sha256, champion_sha256, candidate_sha256, test_set_fingerprint, "
            "champion_label, champion_model, champion_version, candidate_label, candidate_model, "
            "candidate_version, app_version");
        // A copy of record 1 as record N+1, linked to the head: only the policy can refuse it.
        auto insertCopy = [&](char hashDigit) {
            return cluster.exec(
                db, QStringLiteral("INSERT INTO gatereview.decisions (id, prev_hash, hash, %1) "
                                   "SELECT h.last_id + 1, h.last_hash, repeat('%2', 64), %1 FROM "
                                   "gatereview.decisions d, gatereview.chain_head h WHERE d.id = 1")
                        .arg(columns)
                        .arg(QLatin1Char(hashDigit)));
        };
        QVERIFY(log.setRequireSignedPromotions(true, QStringLiteral("lead")));
        const QString refused = insertCopy('a');
        QVERIFY2(refused.contains(QLatin1String(
                     "record 2 (promote_candidate) is unsigned, but this log requires signed "
                     "promote decisions")),
                 qPrintable(refused));
        QCOMPARE(log.count(), 1);
        QVERIFY(log.setRequireSignedPromotions(false, QStringLiteral("lead")));
        QCOMPARE(insertCopy('b'), QString()); // the same row is taken with the setting off
        QCOMPARE(log.count(), 2);
    }

    // `log init`'s writer may record but not change the setting (neither through `log policy`
    // nor with SQL); a login granted the owner role may. The refusal names who may.
    void onlyTheOwnerChangesIt()
    {
        PostgresCluster &cluster = m_locations.cluster();
        if (!cluster.isRunning()) QSKIP(qPrintable(cluster.skipReason()));
        const QString db = cluster.createDatabase();
        QCOMPARE(cluster.exec(db, QStringLiteral("CREATE ROLE wally LOGIN PASSWORD 'pw'; CREATE "
                                                 "ROLE lena LOGIN PASSWORD 'pw'; GRANT CONNECT ON "
                                                 "DATABASE %1 TO wally, lena")
                                      .arg(db)),
                 QString());
        CliResult r = log({QStringLiteral("init"), QStringLiteral("--log"), cluster.url(db),
                           QStringLiteral("--grant-writer"), QStringLiteral("wally")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(cluster.exec(db, QStringLiteral("GRANT gatereview_owner TO lena")), QString());
        qputenv("PGPASSWORD", "pw");
        const auto unsetPassword = qScopeGuard([] { qunsetenv("PGPASSWORD"); });
        const QString asWally = cluster.url(db, QStringLiteral("wally"));
        const QString asLena = cluster.url(db, QStringLiteral("lena"));

        r = log({QStringLiteral("policy"), QStringLiteral("--log"), asWally,
                 QStringLiteral("--require-signed-promotions"), QStringLiteral("on"),
                 QStringLiteral("--author"), QStringLiteral("wally")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("only the log's owner")) &&
                     r.err.contains(QLatin1String("role wally may not (permission denied)")),
                 qPrintable(r.err));
        const QString sqlError =
            cluster.exec(db, QStringLiteral("SET ROLE wally; UPDATE gatereview.log_policy SET "
                                            "require_signed_promotions = 1"));
        QVERIFY2(sqlError.contains(QLatin1String("permission denied")), qPrintable(sqlError));
        r = log({QStringLiteral("policy"), QStringLiteral("--log"), asWally});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("accepts unsigned")),
                 qPrintable(r.out + r.err));
        QCOMPARE(record(asWally, QStringLiteral("wally"), true).code, 0);

        r = log({QStringLiteral("policy"), QStringLiteral("--log"), asLena,
                 QStringLiteral("--require-signed-promotions"), QStringLiteral("on"),
                 QStringLiteral("--author"), QStringLiteral("lena")});
        QVERIFY2(r.code == 0 && r.out.contains(QLatin1String("set by lena (role lena)")),
                 qPrintable(r.out + r.err));
        r = record(asWally, QStringLiteral("wally"), true);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("this log requires signed promote decisions")),
                 qPrintable(r.err));
        QCOMPARE(record(asWally, QStringLiteral("wally"), false).code, 0);
        r = log({QStringLiteral("verify"), QStringLiteral("--log"), asWally});
        QVERIFY2(r.code == 1 && r.out.contains(QLatin1String("record 1: record 1 "
                                                             "(promote_candidate) is unsigned")),
                 qPrintable(r.out));
    }

    // A log written before the setting existed (schema version 3) reads as "off" without being
    // changed, and the first writable open migrates it to the latest version with the setting
    // off; its records and head are untouched.
    void olderLogMigratesWithTheSettingOff_data() { addBackendRows(); }
    void olderLogMigratesWithTheSettingOff()
    {
        FRESH_LOG(location);
        {
            DecisionLog log(location);
            log.append(makeDecision(DecisionKind::PromoteCandidate,
                                    gateReportFor(QStringLiteral("PROMOTED")),
                                    QStringLiteral("before the setting existed")));
        }
        const ChainHead head = DecisionLog(location).head();
        if (LogLocations::isPostgres(location)) {
            QCOMPARE(
                m_locations.cluster().exec(
                    LogLocations::databaseOf(location),
                    QStringLiteral("DROP TRIGGER decisions_signed_promotions ON "
                                   "gatereview.decisions; DROP FUNCTION "
                                   "gatereview.decisions_signed_promotions(); DROP TABLE "
                                   "gatereview.log_policy; UPDATE gatereview.decision_log_meta "
                                   "SET schema_version = 3")),
                QString());
        } else {
            SqliteDatabase db(location);
            db.exec(QStringLiteral("DROP TABLE log_policy"));
            db.exec(QStringLiteral("PRAGMA user_version = 3"));
        }
        auto storedVersion = [&] {
            if (LogLocations::isPostgres(location))
                return m_locations.cluster()
                    .value(LogLocations::databaseOf(location),
                           QStringLiteral("SELECT schema_version FROM "
                                          "gatereview.decision_log_meta"))
                    .toInt();
            return SqliteDatabase(location).scalar(QStringLiteral("PRAGMA user_version")).toInt();
        };
        {
            const DecisionLog old(location, DecisionLog::OpenMode::ReadOnly);
            QVERIFY(!old.policy().requireSignedPromotions);
            QVERIFY(old.verify().intact());
        }
        QCOMPARE(storedVersion(), 3);
        DecisionLog log(location);
        QCOMPARE(storedVersion(), latestDecisionLogSchemaVersion());
        QVERIFY(!log.policy().requireSignedPromotions);
        QCOMPARE(log.head().toString(), head.toString());
        QVERIFY(log.verify().intact());
        QVERIFY(log.setRequireSignedPromotions(true, QStringLiteral("lead")));
        QVERIFY(!log.verify().intact()); // the promotion recorded before it is reported now
    }
};

QTEST_GUILESS_MAIN(TestLogPolicy)
#include "test_logpolicy.moc"

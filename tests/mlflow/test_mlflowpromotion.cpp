// `gatereview mlflow promote` / `rollback` as a guarded compare-and-swap (issue 11 items 1-4),
// on a writable copy of the fixture's SQLite registry: what was reviewed is bound into the
// decision, the alias moves only while @champion and @candidate are still the reviewed ones on
// the same registry, a promotion executes once, its record is an action, rollback is guarded,
// the author is never silently someone else, and the dry run exits 0. The same against a real
// MLflow server is in test_mlflowlive.
#include "promotionhelpers.h"

#include "cli/command.h"
#include "clitesthelpers.h"
#include "decisionlog/recordsigning.h"
#include "registry/registryaction.h"

using namespace gr;
using test::runCli;

class TestMlflowPromotion : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_db, m_log;

    QStringList promote(qint64 id) const
    {
        return {QStringLiteral("mlflow"),         QStringLiteral("promote"),
                QStringLiteral("--tracking-uri"), test::sqliteUri(m_db),
                QStringLiteral("--log"),          m_log,
                QStringLiteral("--decision"),     QString::number(id)};
    }
    QStringList rollback(qint64 id) const
    {
        return {QStringLiteral("mlflow"),         QStringLiteral("rollback"),
                QStringLiteral("--tracking-uri"), test::sqliteUri(m_db),
                QStringLiteral("--log"),          m_log,
                QStringLiteral("--action"),       QString::number(id)};
    }

private slots:
    void init()
    {
        QVERIFY(m_tmp.isValid());
        const QString dir = m_tmp.filePath(QString::number(QRandomGenerator::global()->generate()));
        test::copyTree(test::mlflowFixture(), dir);
        m_db = QDir(dir).filePath(QStringLiteral("mlflow.db"));
        m_log = QDir(dir).filePath(QStringLiteral("decisions.sqlite"));
        qputenv("USER", "bob");
        // No key of the user running the tests is picked up by accident.
        qputenv("GATEREVIEW_SIGNING_KEY",
                QFile::encodeName(m_tmp.filePath(QStringLiteral("none"))));
    }

    void decisionBindsWhatWasReviewed()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log);
        const DecisionLog log(m_log, DecisionLog::OpenMode::ExistingOnly);
        const ReviewedModels r = reviewedModels(*log.record(id), m_log);
        QCOMPARE(r.registry, QFileInfo(m_db).absoluteFilePath());
        QCOMPARE(r.model, QStringLiteral("churn-classifier"));
        QCOMPARE(r.championVersion, QStringLiteral("1"));
        QCOMPARE(r.candidateVersion, QStringLiteral("2"));
        QCOMPARE(r.championRunId, QStringLiteral("bd44c021c22c4a2b95480959ac642797"));
        QCOMPARE(r.candidateRunId, QStringLiteral("33996df3941f4bf493637f0f5d6537f3"));
        QCOMPARE(r.testSetFingerprint.size(), 64);
    }

    void dryRunExitsZeroAndMovesNothing()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log);
        const test::CliResult r = runCli(promote(id));
        QCOMPARE(r.code, int(cli::ExitDecided));
        QVERIFY2(r.out.contains(QStringLiteral("Would move churn-classifier@champion: v1 (run "
                                               "bd44c021c22c4a2b95480959ac642797) → v2")),
                 qPrintable(r.out));
        QCOMPARE(test::aliasVersion(m_db), QStringLiteral("1"));
    }

    // Issue 11 item 1: someone moves @champion to v3 after the review.
    void refusesWhenChampionMoved()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log);
        test::someoneMovesChampionToV3(m_db);
        const test::CliResult r = runCli(promote(id) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("@champion of churn-classifier now points at v3 "
                                               "(run 0123456789abcdef0123456789abcdef), but "
                                               "decision #1 compared the candidate with v1")),
                 qPrintable(r.err));
        QCOMPARE(test::aliasVersion(m_db), QStringLiteral("3"));
    }

    void refusesWhenCandidateMoved()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log);
        test::registrySql(m_db, {QStringLiteral("UPDATE registered_model_aliases SET version = 1 "
                                                "WHERE name = 'churn-classifier' AND alias = "
                                                "'candidate'")});
        const test::CliResult r = runCli(promote(id) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("@candidate of churn-classifier now points at v1")),
                 qPrintable(r.err));
        QCOMPARE(test::aliasVersion(m_db), QStringLiteral("1"));
    }

    // Issue 11 item 2: the same model name in another registry.
    void refusesAnotherRegistry()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log);
        const QString other = m_tmp.filePath(QStringLiteral("server-b"));
        test::copyTree(test::mlflowFixture(), other);
        QStringList args = promote(id) << QStringLiteral("--yes");
        args[3] = test::sqliteUri(QDir(other).filePath(QStringLiteral("mlflow.db")));
        const test::CliResult r = runCli(args);
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("refusing to change a registry that was not "
                                               "reviewed")),
                 qPrintable(r.err));
        QCOMPARE(test::aliasVersion(QDir(other).filePath(QStringLiteral("mlflow.db"))),
                 QStringLiteral("1"));
    }

    // Issue 11 item 3: @champion unset is named, not moved "(unset) → v2" silently.
    void refusesWhenChampionUnset()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log);
        test::registrySql(m_db, {QStringLiteral("DELETE FROM registered_model_aliases WHERE name = "
                                                "'churn-classifier' AND alias = 'champion'")});
        const test::CliResult r = runCli(promote(id) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("@champion of churn-classifier is unset now, but "
                                               "decision #1 compared the candidate with v1")),
                 qPrintable(r.err));
    }

    // Issue 11 item 4: executes once; its record is an action; rollback is guarded; no replay.
    void executesOnceAndRollsBackGuarded()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log);
        test::CliResult r =
            runCli(promote(id) << QStringLiteral("--yes") << QStringLiteral("--author")
                               << QStringLiteral("carol"));
        QCOMPARE(r.code, int(cli::ExitDecided));
        QVERIFY2(r.out.contains(QStringLiteral("Read back: @champion is v2 (run "
                                               "33996df3941f4bf493637f0f5d6537f3) (confirmed)")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("no atomic alias swap")));
        QCOMPARE(test::aliasVersion(m_db), QStringLiteral("2"));
        qint64 actionId = 0;
        {
            const DecisionLog log(m_log, DecisionLog::OpenMode::ExistingOnly);
            const DecisionRecord action = log.records().last();
            actionId = action.id;
            QVERIFY(action.isRegistryAction());
            QCOMPARE(action.decision.author, QStringLiteral("carol"));
            QCOMPARE(action.registryAction.value(QStringLiteral("outcome")).toString(),
                     QStringLiteral("confirmed"));
            QCOMPARE(action.registryAction.value(QStringLiteral("from"))
                         .toObject()
                         .value(QStringLiteral("version"))
                         .toString(),
                     QStringLiteral("1"));
            QVERIFY(log.verify().intact());
        }
        r = runCli(promote(id) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("was already executed (record #%1)").arg(actionId)),
                 qPrintable(r.err));
        r = runCli(promote(actionId) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("is a registry action (promote of record #%1), not "
                                               "a decision")
                                    .arg(id)),
                 qPrintable(r.err));

        // Rollback refuses while someone else's change is on the alias...
        test::registrySql(m_db, {QStringLiteral("UPDATE registered_model_aliases SET version = 1 "
                                                "WHERE alias = 'champion' AND name = "
                                                "'churn-classifier'")});
        r = runCli(rollback(actionId) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("refusing to roll back over someone else's change")),
                 qPrintable(r.err));
        // ...and moves it back when the alias is still what the promotion set.
        test::registrySql(m_db, {QStringLiteral("UPDATE registered_model_aliases SET version = 2 "
                                                "WHERE alias = 'champion' AND name = "
                                                "'churn-classifier'")});
        r = runCli(rollback(actionId));
        QCOMPARE(r.code, int(cli::ExitDecided));
        QVERIFY2(r.out.contains(QStringLiteral("Would move churn-classifier@champion: v2")),
                 qPrintable(r.out));
        r = runCli(rollback(actionId) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitDecided));
        QCOMPARE(test::aliasVersion(m_db), QStringLiteral("1"));
        // No replay re-promotes after the rollback, and the rollback cannot run twice.
        r = runCli(promote(id) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        r = runCli(rollback(actionId) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("already rolled back")), qPrintable(r.err));
        QCOMPARE(test::aliasVersion(m_db), QStringLiteral("1"));
        const DecisionLog log(m_log, DecisionLog::OpenMode::ExistingOnly);
        QCOMPARE(log.records().last().registryAction.value(QStringLiteral("action")).toString(),
                 QStringLiteral("rollback"));
        QVERIFY(log.verify().intact());
    }

    // With $USER unset the action is recorded under the OS account, never the decision's author.
    void authorIsNeverSilentlyTheDecisionsAuthor()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log);
        const QByteArray user = qgetenv("USER"), logname = qgetenv("LOGNAME");
        qunsetenv("USER");
        qunsetenv("LOGNAME");
        qunsetenv("USERNAME");
        const test::CliResult r = runCli(promote(id) << QStringLiteral("--yes"));
        qputenv("USER", user);
        if (!logname.isEmpty()) qputenv("LOGNAME", logname);
        QCOMPARE(r.code, int(cli::ExitDecided));
        const DecisionLog log(m_log, DecisionLog::OpenMode::ExistingOnly);
        const QString author = log.records().last().decision.author;
        QVERIFY2(!author.isEmpty() && author != QLatin1String("alice"), qPrintable(author));
    }

    // A log that requires signed promote decisions: `mlflow promote` without a key refuses
    // before the alias moves (its action record copies the decision's kind and could not be
    // appended afterwards); with --signing-key it moves the alias and signs the action record.
    void signedPromotionsPolicyAppliesToTheAction()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log); // unsigned, before the policy
        QVERIFY(DecisionLog(m_log).setRequireSignedPromotions(true, QStringLiteral("lead")));
        test::CliResult r = runCli(promote(id) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("refused: ") + m_log) &&
                     r.err.contains(QStringLiteral("this log requires signed promote decisions")) &&
                     r.err.contains(QStringLiteral("Nothing was changed")),
                 qPrintable(r.err));
        QCOMPARE(test::aliasVersion(m_db), QStringLiteral("1"));
        QCOMPARE(DecisionLog(m_log).count(), 1);

        const QString keyPath = m_tmp.filePath(QStringLiteral("key-%1.pem").arg(id));
        SigningKey::generate().save(keyPath);
        r = runCli(promote(id) << QStringLiteral("--yes") << QStringLiteral("--signing-key")
                               << keyPath);
        QVERIFY2(r.code == int(cli::ExitDecided), qPrintable(r.err));
        QCOMPARE(test::aliasVersion(m_db), QStringLiteral("2"));
        const DecisionRecord action = DecisionLog(m_log).records().last();
        QVERIFY(action.isRegistryAction());
        QCOMPARE(action.signerKey, SigningKey::load(keyPath).publicKey());
    }

    void onlyPromoteDecisionsMove()
    {
        const qint64 id = test::recordGateDecision(m_db, m_log, DecisionKind::ChampionStays);
        const test::CliResult r = runCli(promote(id) << QStringLiteral("--yes"));
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.err.contains(QStringLiteral("only a 'Promote candidate' decision")),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestMlflowPromotion)
#include "test_mlflowpromotion.moc"

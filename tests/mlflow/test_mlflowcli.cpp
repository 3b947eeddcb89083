// `gatereview mlflow ...` and `gatereview gate` with MLflow addresses, run in-process with their
// output captured: registry listing, run details, the INVALID exit for the split mismatch with
// row ids and digests, and the guarded promotion that moves @champion.
#include "mlflowtesthelpers.h"

#include "cli/command.h"
#include "clitesthelpers.h"
#include "decisionlog/decisionlog.h"
#include "gate/gateevaluator.h"
#include "gate/gatepolicy.h"
#include "mlflow/sqlitestore.h"
#include "review/runsource.h"

using namespace gr;

namespace {

using Result = test::CliResult;
using test::runCli;

QString sqliteUri(const QString &db = test::mlflowFixture(QStringLiteral("mlflow.db")))
{
    return QStringLiteral("sqlite:///") + db;
}

// The reference policy without its $40,000 registration minimum, under which the fixture's
// candidate (ΔNB +$900) is promoted.
GatePolicy promotingPolicy()
{
    return parseGatePolicy(
        "version: 1\nmetric: net_benefit\nvalue: {tp: 500, fp: -100, fn: -300, tn: 0}\n"
        "registration:\n  - {metric: f1, op: \">\", value: 0.20}\n"
        "challenge: {strictly_better: true, min_delta: 0, require_significance: false}\n",
        QStringLiteral("promoting-policy.yaml"));
}

} // namespace

class TestMlflowCli : public QObject
{
    Q_OBJECT

private slots:
    void listsModelsAndVersions()
    {
        Result r = runCli({QStringLiteral("mlflow"), QStringLiteral("models"),
                           QStringLiteral("--tracking-uri"), sqliteUri()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral(
                     "churn-classifier-split-mismatch  (@candidate → v2, @champion → v1)")),
                 qPrintable(r.out));
        r = runCli({QStringLiteral("mlflow"), QStringLiteral("versions"),
                    QStringLiteral("churn-classifier"), QStringLiteral("--json"),
                    QStringLiteral("--tracking-uri"),
                    test::mlflowFixture(QStringLiteral("mlruns"))});
        QCOMPARE(r.code, 0);
        const QJsonArray versions = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(versions.size(), 2);
        QCOMPARE(versions[0].toObject().value(QStringLiteral("run_id")).toString(),
                 QStringLiteral("5f4e50c71d804f3e91674d6be86d314d"));
        r = runCli({QStringLiteral("mlflow"), QStringLiteral("versions"), QStringLiteral("nope"),
                    QStringLiteral("--tracking-uri"), sqliteUri()});
        QCOMPARE(r.code, int(cli::ExitUsage));
        QVERIFY2(r.err.contains(QStringLiteral("mlflow.db: no registered model named 'nope'")),
                 qPrintable(r.err));
    }

    void showsARun()
    {
        const Result r = runCli({QStringLiteral("mlflow"), QStringLiteral("show"),
                                 QStringLiteral("models:/churn-classifier@candidate"),
                                 QStringLiteral("--tracking-uri"), sqliteUri()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("model      churn-classifier v2 @candidate")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("threshold  0.5 (run metadata)")));
        QVERIFY(r.out.contains(
            QStringLiteral("dataset    eval: breast_cancer_test digest e669fac7, 171 rows")));
        QVERIFY(r.out.contains(QStringLiteral(
            "note: Run 33996df3941f4bf493637f0f5d6537f3: the recorded artifact location")));
    }

    void gateWithMlflowAddresses()
    {
        Result r = runCli({QStringLiteral("gate"), QStringLiteral("--tracking-uri"), sqliteUri(),
                           QStringLiteral("--champion"),
                           QStringLiteral("models:/churn-classifier-split-mismatch@champion"),
                           QStringLiteral("--candidate"),
                           QStringLiteral("models:/churn-classifier-split-mismatch@candidate")});
        QCOMPARE(r.code, int(cli::ExitInvalid));
        QVERIFY2(r.out.contains(QStringLiteral("rows only in the champion")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("e669fac7")) &&
                     r.out.contains(QStringLiteral("d008cb9b")),
                 qPrintable(r.out));

        r = runCli({QStringLiteral("gate"), QStringLiteral("--tracking-uri"), sqliteUri(),
                    QStringLiteral("--champion"),
                    QStringLiteral("models:/churn-classifier@does-not-exist"),
                    QStringLiteral("--candidate"),
                    QStringLiteral("models:/churn-classifier@candidate")});
        QCOMPARE(r.code, int(cli::ExitUsage));
        QVERIFY2(r.err.contains(QStringLiteral(
                     "no alias 'does-not-exist' (its aliases: candidate, champion)")),
                 qPrintable(r.err));
    }

    void promotionIsGuarded()
    {
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(), tmp.path());
        const QString db = tmp.filePath(QStringLiteral("mlflow.db"));
        const QString logPath = tmp.filePath(QStringLiteral("decisions.sqlite"));
        RunSourceOptions options;
        options.trackingUri = sqliteUri(db);
        const GateReport report =
            evaluateGate(loadRun(QStringLiteral("models:/churn-classifier@champion"), options),
                         loadRun(QStringLiteral("models:/churn-classifier@candidate"), options),
                         promotingPolicy());
        QCOMPARE(toString(report.result), QStringLiteral("PROMOTED"));
        qint64 promoteId = 0, staysId = 0;
        {
            DecisionLog log(logPath, DecisionLog::OpenMode::CreateIfMissing,
                            [] { return QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC); });
            Decision stays;
            stays.kind = DecisionKind::ChampionStays;
            stays.rationale = QStringLiteral("not convinced");
            stays.author = QStringLiteral("alice");
            stays.gateReport = gateReportToJson(report);
            staysId = log.append(stays).id;
            Decision promote = stays;
            promote.kind = DecisionKind::PromoteCandidate;
            promote.rationale = QStringLiteral("wins on net benefit");
            promoteId = log.append(promote).id;
        }
        const QStringList base{QStringLiteral("mlflow"),         QStringLiteral("promote"),
                               QStringLiteral("--tracking-uri"), sqliteUri(db),
                               QStringLiteral("--log"),          logPath,
                               QStringLiteral("--decision")};

        Result r = runCli(base + QStringList{QString::number(staysId), QStringLiteral("--yes")});
        QCOMPARE(r.code, int(cli::ExitUsage));
        QVERIFY2(r.err.contains(QStringLiteral("only a 'Promote candidate' decision")),
                 qPrintable(r.err));

        r = runCli(base + QStringList{QString::number(promoteId)});
        QCOMPARE(r.code, int(cli::ExitFailure));
        QVERIFY2(r.out.contains(QStringLiteral("Would move churn-classifier@champion: v1 → v2")),
                 qPrintable(r.out));
        QCOMPARE(
            SqliteStore(db)
                .versionForAlias(QStringLiteral("churn-classifier"), QStringLiteral("champion"))
                .version,
            QStringLiteral("1"));

        r = runCli(base + QStringList{QString::number(promoteId), QStringLiteral("--yes")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Moved churn-classifier@champion: v1 → v2")),
                 qPrintable(r.out));
        QCOMPARE(
            SqliteStore(db)
                .versionForAlias(QStringLiteral("churn-classifier"), QStringLiteral("champion"))
                .version,
            QStringLiteral("2"));

        // The move is recorded: a new record supersedes the promotion, and the chain holds.
        QVERIFY2(r.out.contains(QStringLiteral("supersedes #%1").arg(promoteId)),
                 qPrintable(r.out));
        {
            const DecisionLog log(logPath, DecisionLog::OpenMode::ExistingOnly);
            const QList<DecisionRecord> records = log.records();
            QCOMPARE(records.size(), 3);
            QCOMPARE(records.last().supersedes, std::optional<qint64>(promoteId));
            QCOMPARE(toString(records.last().decision.kind),
                     toString(DecisionKind::PromoteCandidate));
            QVERIFY(records.last().decision.rationale.contains(QStringLiteral("Registry action")));
            QVERIFY(records.last().decision.rationale.contains(
                QStringLiteral("churn-classifier@champion: v1 → v2")));
            QVERIFY(log.verify().intact());
        }
        r = runCli(base + QStringList{QString::number(promoteId), QStringLiteral("--yes")});
        QCOMPARE(r.code, int(cli::ExitUsage)); // the old record is superseded now
        QVERIFY2(r.err.contains(QStringLiteral("superseded")), qPrintable(r.err));
    }

    void usageErrors()
    {
        Result r = runCli({QStringLiteral("mlflow")});
        QCOMPARE(r.code, int(cli::ExitUsage));
        r = runCli({QStringLiteral("mlflow"), QStringLiteral("frobnicate")});
        QCOMPARE(r.code, int(cli::ExitUsage));
        QVERIFY(r.err.contains(QStringLiteral("unknown action 'frobnicate'")));
        qunsetenv("MLFLOW_TRACKING_URI");
        r = runCli({QStringLiteral("mlflow"), QStringLiteral("models")});
        QCOMPARE(r.code, int(cli::ExitUsage));
        QVERIFY(r.err.contains(QStringLiteral("MLFLOW_TRACKING_URI")));
    }
};

QTEST_GUILESS_MAIN(TestMlflowCli)
#include "test_mlflowcli.moc"

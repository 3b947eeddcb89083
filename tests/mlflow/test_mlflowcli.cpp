// `gatereview mlflow ...` and `gatereview gate` with MLflow addresses, run in-process with their
// output captured: registry listing, run details, the INVALID exit for the split mismatch with
// row ids and digests. The guarded promotion is in test_mlflowpromotion.
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

// File → Open MLflow… offscreen on the fixture stores: connect, browse models and versions,
// pick champion and candidate by alias or version; the run diff model and the versions model
// under QAbstractItemModelTester.
#include "promotionhelpers.h"

#include "decisionlog/recordsigning.h"
#include "mlflow/sqlitestore.h"
#include "modelversionsmodel.h"
#include "movechampiondialog.h"
#include "openmlflowdialog.h"
#include "review/runsource.h"
#include "rundiffmodel.h"
#include "rundiffview.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>

using namespace gr;
using namespace gr::ui;

class TestMlflowUi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // No key of the user running the tests is picked up by accident.
        qputenv("GATEREVIEW_SIGNING_KEY", "/nonexistent/gatereview-signing-key.pem");
    }

    void browsesAndChoosesByAlias_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::newRow("sqlite") << QStringLiteral("sqlite:///") +
                                       test::mlflowFixture(QStringLiteral("mlflow.db"));
        QTest::newRow("file store") << test::mlflowFixture(QStringLiteral("mlruns"));
    }

    void browsesAndChoosesByAlias()
    {
        QFETCH(QString, uri);
        OpenMlflowDialog dialog;
        dialog.show();
        dialog.setTrackingUri(uri);
        auto *models = dialog.findChild<QListWidget *>(QStringLiteral("models"));
        auto *versions = dialog.findChild<QTableView *>(QStringLiteral("versions"));
        QVERIFY(models && versions);
        QTRY_COMPARE(models->count(), 3);
        QVERIFY(models->item(0)->text().contains(QStringLiteral("@champion=v1")));
        QTRY_COMPARE(versions->model()->rowCount(), 2);
        QCOMPARE(versions->model()->index(1, ModelVersionsModel::Aliases).data().toString(),
                 QStringLiteral("@candidate"));
        QCOMPARE(dialog.championAddress(), QStringLiteral("models:/churn-classifier@champion"));
        QCOMPARE(dialog.candidateAddress(), QStringLiteral("models:/churn-classifier@candidate"));
        QCOMPARE(dialog.trackingUri(), uri);

        models->setCurrentRow(2);
        QTRY_COMPARE(
            versions->model()->index(0, ModelVersionsModel::RunId).data().toString().isEmpty(),
            false);
        QCOMPARE(dialog.selectedModel(), QStringLiteral("churn-classifier-split-mismatch"));
        dialog.findChild<QComboBox *>(QStringLiteral("championAlias"))
            ->setCurrentText(QStringLiteral("v1"));
        QCOMPARE(dialog.championAddress(),
                 QStringLiteral("models:/churn-classifier-split-mismatch/1"));

        // The chosen addresses load with the chosen tracking URI.
        RunSourceOptions options;
        options.trackingUri = dialog.trackingUri();
        options.artifactPath = dialog.artifactPath();
        QCOMPARE(loadRun(dialog.candidateAddress(), options)->meta.modelVersion,
                 QStringLiteral("2"));
    }

    void showsStoreErrors()
    {
        OpenMlflowDialog dialog;
        dialog.setTrackingUri(QStringLiteral("/no/such/mlruns"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("status"));
        QTRY_VERIFY(status->text().contains(QStringLiteral("does not exist")));
        QVERIFY(dialog.championAddress().isEmpty());
    }

    void runDiff()
    {
        RunSourceOptions options;
        options.trackingUri =
            QStringLiteral("sqlite:///") + test::mlflowFixture(QStringLiteral("mlflow.db"));
        const auto champion = loadRun(QStringLiteral("models:/churn-classifier@champion"), options);
        const auto candidate =
            loadRun(QStringLiteral("models:/churn-classifier@candidate"), options);
        RunDiffView view;
        QAbstractItemModelTester tester(view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setRuns(champion->meta, candidate->meta);
        RunDiffModel *model = view.model();
        const int all = model->rowCount();
        QCOMPARE(all, int(champion->meta.params.size() + champion->meta.metrics.size()));
        bool sawSpec = false;
        for (int r = 0; r < all; ++r)
            if (model->index(r, RunDiffModel::Key).data().toString() ==
                QLatin1String("model_spec")) {
                sawSpec = true;
                QCOMPARE(model->index(r, RunDiffModel::Champion).data().toString(),
                         QStringLiteral("logreg_C1"));
                QCOMPARE(model->index(r, RunDiffModel::Candidate).data().toString(),
                         QStringLiteral("logreg_C0.1"));
                QVERIFY(model->index(r, 0).data(RunDiffModel::DiffersRole).toBool());
            }
        QVERIFY(sawSpec);
        view.findChild<QCheckBox *>(QStringLiteral("onlyDifferences"))->setChecked(true);
        QCOMPARE(model->rowCount(), model->differenceCount());
        QVERIFY(model->rowCount() < all && model->rowCount() > 0);
        for (int r = 0; r < model->rowCount(); ++r)
            QVERIFY(model->index(r, 0).data(RunDiffModel::DiffersRole).toBool());
    }

    // The GUI moves @champion through the same guarded core function as `mlflow promote`.
    void moveChampionOnlyWhenConfirmed()
    {
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(), tmp.path());
        const QString db = tmp.filePath(QStringLiteral("mlflow.db"));
        const QString log = tmp.filePath(QStringLiteral("decisions.sqlite"));
        const qint64 id = test::recordGateDecision(db, log);
        AliasMove move{test::sqliteUri(db),
                       QStringLiteral("churn-classifier"),
                       QStringLiteral("champion"),
                       QStringLiteral("1"),
                       QStringLiteral("2"),
                       id,
                       log};
        {
            MoveChampionDialog dialog(move);
            QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("plan"))
                        ->text()
                        .contains(QStringLiteral("Decision #%1").arg(id)));
            dialog.reject(); // cancelling moves nothing
            QCOMPARE(test::aliasVersion(db), QStringLiteral("1"));
        }
        {
            test::someoneMovesChampionToV3(db); // the guard refuses; the error shows
            MoveChampionDialog dialog(move);
            dialog.show();
            dialog.findChild<QPushButton *>(QStringLiteral("confirmMove"))->click();
            QVERIFY(dialog.isVisible());
            QVERIFY2(dialog.error().contains(QStringLiteral("now points at v3")),
                     qPrintable(dialog.error()));
            QCOMPARE(test::aliasVersion(db), QStringLiteral("3"));
            test::registrySql(db, {QStringLiteral("UPDATE registered_model_aliases SET version = 1 "
                                                  "WHERE alias = 'champion' AND name = "
                                                  "'churn-classifier'")});
        }
        MoveChampionDialog dialog(move);
        dialog.show();
        dialog.findChild<QPushButton *>(QStringLiteral("confirmMove"))->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(test::aliasVersion(db), QStringLiteral("2"));
        QVERIFY(dialog.actionId() > id);
        QVERIFY(DecisionLog(log).record(dialog.actionId())->isRegistryAction());
    }

    // A log that requires signed promote decisions: without a key the window's move is refused
    // before the alias moves, with the reason; with the user's key it moves and signs the action.
    void moveChampionUnderTheSigningPolicy()
    {
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(), tmp.path());
        const QString db = tmp.filePath(QStringLiteral("mlflow.db"));
        const QString log = tmp.filePath(QStringLiteral("decisions.sqlite"));
        const qint64 id = test::recordGateDecision(db, log);
        QVERIFY(DecisionLog(log).setRequireSignedPromotions(true, QStringLiteral("lead")));
        const AliasMove move{test::sqliteUri(db),
                             QStringLiteral("churn-classifier"),
                             QStringLiteral("champion"),
                             QStringLiteral("1"),
                             QStringLiteral("2"),
                             id,
                             log};
        const QString keyPath = tmp.filePath(QStringLiteral("signing-key.pem"));
        const QByteArray previousKey = qgetenv("GATEREVIEW_SIGNING_KEY");
        qputenv("GATEREVIEW_SIGNING_KEY", QFile::encodeName(keyPath)); // not there yet
        {
            MoveChampionDialog dialog(move);
            dialog.show();
            dialog.findChild<QPushButton *>(QStringLiteral("confirmMove"))->click();
            QVERIFY(dialog.isVisible());
            QVERIFY2(dialog.error().contains(
                         QStringLiteral("this log requires signed promote decisions")),
                     qPrintable(dialog.error()));
            QCOMPARE(test::aliasVersion(db), QStringLiteral("1"));
            QCOMPARE(DecisionLog(log).count(), 1);
        }
        SigningKey::generate().save(keyPath);
        MoveChampionDialog dialog(move);
        dialog.show();
        dialog.findChild<QPushButton *>(QStringLiteral("confirmMove"))->click();
        qputenv("GATEREVIEW_SIGNING_KEY", previousKey);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(test::aliasVersion(db), QStringLiteral("2"));
        QCOMPARE(DecisionLog(log).record(dialog.actionId())->signerKey,
                 SigningKey::load(keyPath).publicKey());
    }

    void versionsModel()
    {
        ModelVersionsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        MlflowModelVersion v;
        v.version = QStringLiteral("3");
        v.aliases = {QStringLiteral("champion"), QStringLiteral("blue")};
        model.setVersions({v});
        QCOMPARE(model.index(0, ModelVersionsModel::Aliases).data().toString(),
                 QStringLiteral("@champion @blue"));
        model.setVersions({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestMlflowUi)
#include "test_mlflowui.moc"

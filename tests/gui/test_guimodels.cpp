// Every item model of the review, checked with QAbstractItemModelTester and against the core's
// numbers for a reference case.
#include "testhelpers.h"

#include "confusionmatrixmodel.h"
#include "gate/gateevaluator.h"
#include "gatemodel.h"
#include "io/runloader.h"
#include "metricstablemodel.h"
#include "pairedtablemodel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace gr;
using namespace gr::ui;

class TestGuiModels : public QObject
{
    Q_OBJECT

    GateReport m_report;

private slots:
    void initTestCase()
    {
        const QString dir = test::dataPath(QStringLiteral("gate-cases/churn-classifier/"));
        m_report =
            evaluateGate(loadLocalRun(dir + QStringLiteral("champion.csv")),
                         loadLocalRun(dir + QStringLiteral("candidate.csv")),
                         loadGatePolicy(test::dataPath(QStringLiteral("reference/policy.yaml"))));
        QVERIFY(m_report.comparison.has_value());
    }

    void confusionMatrix()
    {
        ConfusionMatrixModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!model.index(0, 0).data().isValid()); // empty until set
        const Confusion c = m_report.champion.metrics.confusion;
        model.setConfusion(c, m_report.policy.values, m_report.policy.currency);
        QCOMPARE(model.index(0, 0).data(ConfusionMatrixModel::CountRole).toLongLong(), c.tp);
        QCOMPARE(model.index(0, 1).data(ConfusionMatrixModel::CountRole).toLongLong(), c.fn);
        QCOMPARE(model.index(1, 0).data(ConfusionMatrixModel::CountRole).toLongLong(), c.fp);
        QCOMPARE(model.index(1, 1).data(ConfusionMatrixModel::CountRole).toLongLong(), c.tn);
        QCOMPARE(model.index(0, 0).data(ConfusionMatrixModel::RateRole).toDouble(),
                 double(c.tp) / double(c.tp + c.fn));
        QCOMPARE(model.index(0, 0).data(ConfusionMatrixModel::DollarsRole).toDouble(),
                 m_report.policy.values.tp.times(c.tp).toDouble());
        QVERIFY(model.index(0, 0).data().toString().contains(
            formatMoney(m_report.policy.values.tp.times(c.tp))));
    }

    void deltaMatrix()
    {
        ConfusionMatrixModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDelta(m_report.champion.metrics.confusion, m_report.candidate.metrics.confusion,
                       m_report.policy.values, m_report.policy.currency);
        double total = 0;
        for (int r = 0; r < 2; ++r)
            for (int col = 0; col < 2; ++col) {
                const Cell cell = ConfusionMatrixModel::cellAt(r, col);
                QCOMPARE(model.index(r, col).data(ConfusionMatrixModel::CountRole).toLongLong(),
                         m_report.comparison->countDeltaByCell[size_t(cell)]);
                QCOMPARE(model.index(r, col).data(ConfusionMatrixModel::DollarsRole).toDouble(),
                         m_report.comparison->deltaByCell[size_t(cell)].toDouble());
                total += model.index(r, col).data(ConfusionMatrixModel::DollarsRole).toDouble();
            }
        QCOMPARE(total, m_report.comparison->netBenefitDelta.toDouble());
        model.clear();
        QVERIFY(!model.index(1, 1).data().isValid());
    }

    void pairedTable()
    {
        PairedTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setComparison(m_report.comparison);
        const PairedComparison &c = *m_report.comparison;
        QCOMPARE(model.index(0, 0).data(PairedTableModel::CountRole).toLongLong(), c.bothCorrect);
        QCOMPARE(model.index(0, 1).data(PairedTableModel::CountRole).toLongLong(), c.mcnemar.b);
        QCOMPARE(model.index(1, 0).data(PairedTableModel::CountRole).toLongLong(), c.mcnemar.c);
        QCOMPARE(model.index(1, 1).data(PairedTableModel::CountRole).toLongLong(), c.bothWrong);
        model.setComparison(std::nullopt);
        QVERIFY(!model.index(0, 0).data().isValid());
    }

    void gateTree()
    {
        GateModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setReport(&m_report);
        QCOMPARE(model.rowCount(), 4);
        for (int i = 0; i < 4; ++i) {
            const QModelIndex layer = model.index(i, 0);
            QCOMPARE(model.rowCount(layer), int(m_report.layers[i].checks.size()));
            QCOMPARE(layer.data(GateModel::ResultRole).toString(),
                     toString(m_report.layers[i].result));
            for (int k = 0; k < model.rowCount(layer); ++k) {
                const QModelIndex check = model.index(k, 0, layer);
                QCOMPARE(check.parent(), layer);
                QCOMPARE(check.data(GateModel::CheckIdRole).toString(),
                         m_report.layers[i].checks[k].id);
            }
        }
        QVERIFY(model.index(3, GateModel::ResultColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("no canary data")));
        // Registration f1 check: the value shown is the candidate's F1 from the core.
        const QModelIndex f1 = model.index(0, GateModel::ValueColumn, model.index(0, 0));
        QCOMPARE(f1.data().toString(), QString::number(m_report.candidate.metrics.f1, 'f', 4));
        model.setReport(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void metricsTable()
    {
        MetricsTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMetrics(m_report.champion.metrics, m_report.candidate.metrics,
                         m_report.policy.currency);
        using M = MetricsTableModel;
        QCOMPARE(model.index(M::F1, M::ChampionColumn).data(M::ValueRole).toDouble(),
                 m_report.champion.metrics.f1);
        QCOMPARE(model.index(M::NetBenefit, M::CandidateColumn).data().toString(),
                 formatMoney(m_report.candidate.metrics.netBenefit));
        QCOMPARE(model.index(M::NetBenefit, M::DeltaColumn).data(M::ValueRole).toDouble(),
                 m_report.comparison->netBenefitDelta.toDouble());
        model.setWhatIf(true, false);
        QVERIFY(model.headerData(M::ChampionColumn, Qt::Horizontal)
                    .toString()
                    .contains(QStringLiteral("what-if")));
        model.clear();
        QVERIFY(!model.index(M::F1, M::ChampionColumn).data().isValid());
    }
};

QTEST_MAIN(TestGuiModels)
#include "test_guimodels.moc"

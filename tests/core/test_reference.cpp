// Every number the gate reports, checked against scikit-learn / statsmodels reference values
// (../shared/reference, copied into tests/data/gate-cases): one data row per case folder, the
// same fields and tolerances as ../shared/reference/crosscheck.py.
#include "testhelpers.h"

#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "report/gatereportjson.h"

#include <cmath>
#include <QtTest>

using namespace gr;

class TestReference : public QObject
{
    Q_OBJECT

private:
    static QJsonValue at(const QJsonObject &o, const QStringList &path)
    {
        QJsonValue v = o;
        for (const QString &k : path)
            v = v.toObject().value(k);
        return v;
    }

    static void near(const QString &label, double got, double want, double rel, double abs)
    {
        const bool ok =
            std::abs(got - want) <= std::max(rel * std::max(std::abs(got), std::abs(want)), abs);
        if (!ok)
            QFAIL(qPrintable(QStringLiteral("%1: report %2 != reference %3")
                                 .arg(label)
                                 .arg(got, 0, 'g', 17)
                                 .arg(want, 0, 'g', 17)));
    }

private slots:
    void matchesReference_data()
    {
        QTest::addColumn<QString>("folder");
        for (const QString &c : test::caseFolders(QStringLiteral("gate-cases")))
            QTest::newRow(qPrintable(c)) << test::dataPath(QStringLiteral("gate-cases/") + c);
    }

    void matchesReference()
    {
        QFETCH(QString, folder);
        const QDir dir(folder);
        const QJsonObject expected = test::readJson(dir.filePath(QStringLiteral("expected.json")));
        const GatePolicy policy =
            loadGatePolicy(test::dataPath(QStringLiteral("reference/policy.yaml")));
        const GateReport report =
            evaluateGate(loadLocalRun(dir.filePath(QStringLiteral("champion.csv"))),
                         loadLocalRun(dir.filePath(QStringLiteral("candidate.csv"))), policy);
        const QJsonObject json = gateReportToJson(report);

        for (const QString &role : {QStringLiteral("champion"), QStringLiteral("candidate")}) {
            const QJsonObject want = at(expected, {QStringLiteral("models"), role}).toObject();
            const QJsonObject got = json.value(role).toObject();
            for (const QString &cell : {QStringLiteral("tp"), QStringLiteral("fp"),
                                        QStringLiteral("fn"), QStringLiteral("tn")})
                QCOMPARE(at(got, {QStringLiteral("confusion"), cell}).toDouble(),
                         at(want, {QStringLiteral("confusion"), cell}).toDouble());
            near(role + QStringLiteral(".threshold"),
                 got.value(QStringLiteral("threshold")).toDouble(),
                 want.value(QStringLiteral("threshold")).toDouble(), 1e-9, 1e-9);
            near(role + QStringLiteral(".net_benefit"),
                 got.value(QStringLiteral("net_benefit")).toDouble(),
                 want.value(QStringLiteral("net_benefit")).toDouble(), 0, 1e-6);
            for (const char *k : {"precision", "recall", "f1", "accuracy", "mcc", "roc_auc",
                                  "average_precision", "brier"})
                near(role + QLatin1Char('.') + QLatin1String(k),
                     got.value(QLatin1String(k)).toDouble(),
                     want.value(QLatin1String(k)).toDouble(), 1e-9, 1e-9);
            near(role + QStringLiteral(".best_net_benefit.threshold"),
                 at(got, {QStringLiteral("best_net_benefit"), QStringLiteral("threshold")})
                     .toDouble(),
                 at(want, {QStringLiteral("best_net_benefit"), QStringLiteral("threshold")})
                     .toDouble(),
                 1e-9, 1e-9);
            near(role + QStringLiteral(".best_net_benefit.net_benefit"),
                 at(got, {QStringLiteral("best_net_benefit"), QStringLiteral("net_benefit")})
                     .toDouble(),
                 at(want, {QStringLiteral("best_net_benefit"), QStringLiteral("net_benefit")})
                     .toDouble(),
                 0, 1e-6);
            QCOMPARE(got.value(QStringLiteral("distinct_thresholds")).toDouble(),
                     at(want, {QStringLiteral("best_net_benefit"), QStringLiteral("n_thresholds")})
                         .toDouble());
        }

        const QJsonObject comparison = expected.value(QStringLiteral("comparison")).toObject();
        if (comparison.isEmpty()) {
            QCOMPARE(json.value(QStringLiteral("gate_result")).toString(),
                     QStringLiteral("INVALID"));
            QVERIFY(!report.testSet.identical);
            return;
        }
        QVERIFY(report.testSet.identical);
        near(QStringLiteral("net_benefit_delta"),
             at(json, {QStringLiteral("comparison"), QStringLiteral("net_benefit_delta")})
                 .toDouble(),
             comparison.value(QStringLiteral("net_benefit_delta")).toDouble(), 0, 1e-6);
        QCOMPARE(
            at(json, {QStringLiteral("comparison"), QStringLiteral("mcnemar"), QStringLiteral("b")})
                .toDouble(),
            at(comparison, {QStringLiteral("mcnemar"), QStringLiteral("b_champion_only_correct")})
                .toDouble());
        QCOMPARE(
            at(json, {QStringLiteral("comparison"), QStringLiteral("mcnemar"), QStringLiteral("c")})
                .toDouble(),
            at(comparison, {QStringLiteral("mcnemar"), QStringLiteral("c_candidate_only_correct")})
                .toDouble());
        near(
            QStringLiteral("mcnemar.p_value"),
            at(json,
               {QStringLiteral("comparison"), QStringLiteral("mcnemar"), QStringLiteral("p_value")})
                .toDouble(),
            at(comparison, {QStringLiteral("mcnemar"), QStringLiteral("p_value_exact")}).toDouble(),
            1e-6, 1e-12);

        // The baseline (1000 index resamples) and our multinomial draws are different random
        // streams of the same distribution: bounds agree within half a bootstrap std.
        if (dir.exists(QStringLiteral("baseline.json"))) {
            const QJsonObject baseline =
                test::readJson(dir.filePath(QStringLiteral("baseline.json")));
            const QJsonObject b = at(baseline, {QStringLiteral("bootstrap"),
                                                QStringLiteral("at_operating_threshold")})
                                      .toObject();
            const double tol = 0.5 * b.value(QStringLiteral("boot_std")).toDouble();
            const QJsonArray ci =
                at(json, {QStringLiteral("comparison"), QStringLiteral("net_benefit_delta_ci95")})
                    .toArray();
            QCOMPARE(ci.size(), 2);
            near(QStringLiteral("ci95.low"), ci[0].toDouble(),
                 b.value(QStringLiteral("ci_low")).toDouble(), 0, tol);
            near(QStringLiteral("ci95.high"), ci[1].toDouble(),
                 b.value(QStringLiteral("ci_high")).toDouble(), 0, tol);
            near(QStringLiteral("bootstrap.stddev"), report.comparison->bootstrap.stddev,
                 b.value(QStringLiteral("boot_std")).toDouble(), 0.1, 0);

            // Sweep checksums and best-F1 from the baseline's own sweep.
            for (const QString &role : {QStringLiteral("champion"), QStringLiteral("candidate")}) {
                const QJsonObject sweep = at(baseline, {QStringLiteral("sweep"), role}).toObject();
                const ModelEvaluation &m =
                    role == QLatin1String("champion") ? report.champion : report.candidate;
                const auto sums = m.sweep->checksums(policy.values);
                const QJsonObject want = sweep.value(QStringLiteral("checksums")).toObject();
                QCOMPARE(double(sums.sumTp), want.value(QStringLiteral("sum_tp")).toDouble());
                QCOMPARE(double(sums.sumFp), want.value(QStringLiteral("sum_fp")).toDouble());
                near(role + QStringLiteral(".sum_net_benefit"), sums.sumNetBenefit,
                     want.value(QStringLiteral("sum_net_benefit")).toDouble(), 1e-12, 1e-6);
                near(role + QStringLiteral(".fsum_f1"), sums.sumF1,
                     want.value(QStringLiteral("fsum_f1")).toDouble(), 1e-9, 1e-9);
                near(role + QStringLiteral(".fsum_threshold"), sums.sumThreshold,
                     want.value(QStringLiteral("fsum_threshold")).toDouble(), 1e-9, 1e-9);
                near(role + QStringLiteral(".best_f1"), m.metrics.bestF1.value,
                     at(sweep, {QStringLiteral("best_f1"), QStringLiteral("f1")}).toDouble(), 1e-9,
                     1e-9);
                near(role + QStringLiteral(".best_f1.threshold"), m.metrics.bestF1.threshold,
                     at(sweep, {QStringLiteral("best_f1"), QStringLiteral("threshold")}).toDouble(),
                     1e-9, 1e-9);
                QCOMPARE(double(m.sweep->size()),
                         sweep.value(QStringLiteral("n_thresholds")).toDouble());
                const QJsonObject spots = sweep.value(QStringLiteral("spot")).toObject();
                for (const QString &key : spots.keys()) {
                    const QJsonObject spot = spots.value(key).toObject();
                    const Confusion c =
                        m.sweep->confusionAt(spot.value(QStringLiteral("threshold")).toDouble());
                    QCOMPARE(double(c.tp), spot.value(QStringLiteral("tp")).toDouble());
                    QCOMPARE(double(c.fp), spot.value(QStringLiteral("fp")).toDouble());
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestReference)
#include "test_reference.moc"

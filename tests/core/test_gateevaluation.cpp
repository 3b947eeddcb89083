// Gate decisions: ties go to the champion, row order never matters, different test sets are
// INVALID with a precise account, and the statistics behave as their definitions say.
#include "testhelpers.h"

#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "metrics/pairedcomparison.h"
#include "model/errors.h"
#include "model/taskcontrol.h"
#include "report/gatereportjson.h"

#include <QtTest>
#include <random>

using namespace gr;

namespace {

QByteArray csv(const std::vector<std::tuple<int, int, double>> &rows)
{
    QByteArray out = "row_id,y_true,y_score\n";
    for (const auto &[id, y, s] : rows)
        out += QByteArray::number(id) + ',' + QByteArray::number(y) + ',' +
               QByteArray::number(s, 'g', 17) + '\n';
    return out;
}

std::shared_ptr<Run> runFrom(const QTemporaryDir &dir, const QString &name,
                             const QByteArray &content)
{
    return loadLocalRun(test::writeFile(dir, name, content));
}

} // namespace

class TestGateEvaluation : public QObject
{
    Q_OBJECT

private slots:
    void tieGoesToTheChampion()
    {
        QTemporaryDir dir;
        // Different scores, same decisions at 0.5: identical net benefit.
        const auto champion = runFrom(dir, QStringLiteral("a.csv"),
                                      csv({{1, 1, 0.9}, {2, 0, 0.1}, {3, 1, 0.2}, {4, 0, 0.7}}));
        const auto candidate = runFrom(dir, QStringLiteral("b.csv"),
                                       csv({{1, 1, 0.6}, {2, 0, 0.3}, {3, 1, 0.4}, {4, 0, 0.55}}));
        GatePolicy policy = GatePolicy::defaults();
        policy.registration.clear();
        const GateReport r = evaluateGate(champion, candidate, policy);
        QCOMPARE(r.comparison->netBenefitDelta, 0.0);
        QCOMPARE(toString(r.layer(2).result), toString(LayerResult::Fail));
        QVERIFY(r.layer(2).checks.first().detail.contains(QStringLiteral("tie")));
        QCOMPARE(toString(r.result), toString(GateResult::NotPromoted));
    }

    void minDeltaAndSignificance()
    {
        const QString dir = test::dataPath(QStringLiteral("gate-cases/churn-classifier/"));
        GatePolicy policy = GatePolicy::defaults();
        policy.registration.clear();
        const auto champion = loadLocalRun(dir + QStringLiteral("champion.csv"));
        const auto candidate = loadLocalRun(dir + QStringLiteral("candidate.csv"));
        QCOMPARE(toString(evaluateGate(champion, candidate, policy).result),
                 toString(GateResult::Promoted)); // +$900
        policy.minDelta = 900;
        QCOMPARE(toString(evaluateGate(champion, candidate, policy).result),
                 toString(GateResult::NotPromoted)); // must exceed
        policy.minDelta = 0;
        policy.requireSignificance = true; // 2 rows of difference is not significant
        const GateReport r = evaluateGate(champion, candidate, policy);
        QCOMPARE(toString(r.result), toString(GateResult::NotPromoted));
        QVERIFY(r.comparison->bootstrap.low <= 0);
        // The default registration minimum ($40K) fails a $29,600 candidate on its own.
        const GateReport d = evaluateGate(champion, candidate, GatePolicy::defaults());
        QCOMPARE(toString(d.layer(1).result), toString(LayerResult::Fail));
        QCOMPARE(toString(d.result), toString(GateResult::NotPromoted));
    }

    void shufflingRowsChangesNothing()
    {
        const QString dir = test::dataPath(QStringLiteral("gate-cases/synthetic-100k/"));
        QFile f(dir + QStringLiteral("candidate.csv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = f.readAll().split('\n');
        const QByteArray header = lines.takeFirst();
        if (lines.last().isEmpty()) lines.removeLast();
        std::shuffle(lines.begin(), lines.end(), std::mt19937(7));
        QTemporaryDir tmp;
        const QString shuffled = test::writeFile(tmp, QStringLiteral("shuffled.csv"),
                                                 header + '\n' + lines.join('\n') + '\n');

        const GatePolicy policy = GatePolicy::defaults();
        const auto champion = loadLocalRun(dir + QStringLiteral("champion.csv"));
        QJsonObject a = gateReportToJson(
            evaluateGate(champion, loadLocalRun(dir + QStringLiteral("candidate.csv")), policy));
        QJsonObject b = gateReportToJson(evaluateGate(champion, loadLocalRun(shuffled), policy));
        for (QJsonObject *o : {&a, &b}) { // only the file's own identity may differ
            o->remove(QStringLiteral("inputs"));
            o->remove(QStringLiteral("evaluated_at"));
            QJsonObject candidate = o->value(QStringLiteral("candidate")).toObject();
            candidate.remove(QStringLiteral("run"));
            o->insert(QStringLiteral("candidate"), candidate);
        }
        QCOMPARE(a, b);
    }

    void differentTestSetsAreInvalid()
    {
        QTemporaryDir dir;
        const auto champion = runFrom(dir, QStringLiteral("a.csv"),
                                      csv({{1, 1, 0.9}, {2, 0, 0.1}, {3, 1, 0.8}, {4, 0, 0.7}}));
        const auto candidate =
            runFrom(dir, QStringLiteral("b.csv"),
                    csv({{1, 1, 0.9}, {2, 1, 0.1}, {5, 1, 0.8}, {4, 0, 0.7}, {6, 0, 0.2}}));
        const GateReport r = evaluateGate(champion, candidate, GatePolicy::defaults());
        QCOMPARE(toString(r.result), toString(GateResult::Invalid));
        QCOMPARE(r.testSet.onlyInChampion, 1);
        QCOMPARE(r.testSet.firstOnlyInChampion, QStringList{QStringLiteral("3")});
        QCOMPARE(r.testSet.onlyInCandidate, 2);
        QCOMPARE(r.testSet.firstOnlyInCandidate,
                 (QStringList{QStringLiteral("5"), QStringLiteral("6")}));
        QCOMPARE(r.testSet.labelDisagreements, 1);
        QCOMPARE(r.testSet.firstDisagreements.first().rowId, QStringLiteral("2"));
        QCOMPARE(toString(r.layer(2).result), toString(LayerResult::NotRun));
        QVERIFY(!r.comparison);
        QVERIFY(
            r.reasons.join(QLatin1Char(' '))
                .contains(QStringLiteral("comparing data, not models")) ||
            r.reasons.join(QLatin1Char(' ')).contains(QStringLiteral("compare data, not models")));
    }

    void mcnemarMatchesBinomialByHand()
    {
        QCOMPARE(mcnemarExactPValue(0, 0), 1.0);
        QCOMPARE(mcnemarExactPValue(0, 2), 0.5); // 2 * 0.25
        QCOMPARE(mcnemarExactPValue(3, 3), 1.0);
        QVERIFY(qFuzzyCompare(mcnemarExactPValue(1, 9), 2.0 * 11.0 / 1024.0));
    }

    void bootstrapIsSeededAndCentred()
    {
        std::array<std::array<int64_t, 4>, 4> t{};
        t[size_t(Cell::TP)][size_t(Cell::TP)] = 500;
        t[size_t(Cell::FN)][size_t(Cell::TP)] =
            60; // candidate catches 60 more positives (+$800 each)
        t[size_t(Cell::TP)][size_t(Cell::FN)] = 20;
        t[size_t(Cell::TN)][size_t(Cell::TN)] = 3000;
        t[size_t(Cell::TN)][size_t(Cell::FP)] = 40;
        const CellValues v;
        BootstrapSettings s{2000, 99, 0.95};
        const BootstrapInterval a = bootstrapNetBenefitDelta(t, v, s);
        const BootstrapInterval b = bootstrapNetBenefitDelta(t, v, s);
        QCOMPARE(a.low, b.low);
        QCOMPARE(a.high, b.high);
        const double observed = 60 * 800.0 - 20 * 800.0 - 40 * 100.0;
        QVERIFY(a.low < observed && observed < a.high);
        QVERIFY(std::abs(a.mean - observed) < 3 * a.stddev / std::sqrt(2000.0) + 1);
        s.seed = 100;
        QVERIFY(bootstrapNetBenefitDelta(t, v, s).low != a.low);
    }

    void cancelStopsTheEvaluation()
    {
        const QString dir = test::dataPath(QStringLiteral("gate-cases/synthetic-100k/"));
        TaskControl control;
        control.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 evaluateGate(loadLocalRun(dir + QStringLiteral("champion.csv")),
                                              loadLocalRun(dir + QStringLiteral("candidate.csv")),
                                              GatePolicy::defaults(), &control));
    }
};

QTEST_GUILESS_MAIN(TestGateEvaluation)
#include "test_gateevaluation.moc"

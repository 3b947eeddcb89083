// The cost grid and the recalibration what-if: every grid verdict against a brute-force exact
// evaluation over all sweep points, flips checked on both sides to the cent, the policy's own
// point against the gate's net benefit, and cross-fitted Platt scaling against statsmodels.
#include "analysis/costgrid.h"
#include "analysis/recalibration.h"
#include "analysistesthelpers.h"

#include <QTest>

using namespace gr;
using namespace gr::test;

namespace {

WideCents bruteForceBest(const ThresholdSweep &sweep, const CentValues &v)
{
    WideCents best = v.netBenefit(sweep.confusionAtIndex(0));
    for (size_t i = 1; i < sweep.size(); ++i)
        best = std::max(best, v.netBenefit(sweep.confusionAtIndex(i)));
    return best;
}

Money dollars(double amount)
{
    return *Money::parse(QString::number(amount, 'f', 6));
}

CellValues cellValues(double tp, double fp, double fn, double tn)
{
    return {dollars(tp), dollars(fp), dollars(fn), dollars(tn)};
}

GatePolicy policyWith(double tp, double fp, double fn, double tn)
{
    GatePolicy p = GatePolicy::defaults();
    p.values = cellValues(tp, fp, fn, tn);
    return p;
}

} // namespace

class TestCostSensitivity : public QObject
{
    Q_OBJECT

private slots:
    void gridMatchesBruteForce_data();
    void gridMatchesBruteForce();
    void flipsAreExactToTheCent();
    void tiesGoToTheChampionOnTheGrid();
    void hullKeepsEveryOptimum();
    void randomGridsMatchBruteForce();
    void valuesNotInWholeCentsAreRejected();
    void recalibrationMatchesStatsmodels_data();
    void recalibrationMatchesStatsmodels();
    void recalibrationIsUndefinedWithAReason();
};

void TestCostSensitivity::gridMatchesBruteForce_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<int>("mode");
    for (const char *c : {"untied-250", "tied-400"}) {
        QTest::addRow("%s declared", c) << dataPath(QStringLiteral("analysis/") + QLatin1String(c))
                                        << int(OperatingPoint::Declared);
        QTest::addRow("%s optimum", c) << dataPath(QStringLiteral("analysis/") + QLatin1String(c))
                                       << int(OperatingPoint::OwnOptimum);
    }
}

void TestCostSensitivity::gridMatchesBruteForce()
{
    QFETCH(QString, folder);
    QFETCH(int, mode);
    const PairedRows rows = readCase(folder);
    const GatePolicy policy = policyWith(500, -100, -300, 0);
    const CostModel a = costModelOf(rows.championSweep, 0.4),
                    b = costModelOf(rows.candidateSweep, 0.35);
    const CostGrid grid = computeCostGrid(a, b, policy, OperatingPoint(mode), 31);
    QCOMPARE(grid.rows(), size_t(31));
    QCOMPARE(grid.fpCents.front(), int64_t(0));
    QCOMPARE(grid.fpCents.back(), int64_t(-30000));
    QCOMPARE(grid.fnCents.back(), int64_t(-90000));
    for (size_t r = 0; r < grid.rows(); ++r)
        for (size_t c = 0; c < grid.columns(); ++c) {
            CentValues v = grid.policy;
            v.fp = grid.fpCents[c];
            v.fn = grid.fnCents[r];
            const WideCents expected = OperatingPoint(mode) == OperatingPoint::Declared
                                           ? v.netBenefit(rows.candidateSweep.confusionAt(0.35)) -
                                                 v.netBenefit(rows.championSweep.confusionAt(0.4))
                                           : bruteForceBest(rows.candidateSweep, v) -
                                                 bruteForceBest(rows.championSweep, v);
            QVERIFY2(grid.delta[r * grid.columns() + c] == expected,
                     qPrintable(QStringLiteral("cell (%1, %2)").arg(r).arg(c)));
            QCOMPARE(bool(grid.promotedAt(r, c)), expected > 0);
        }
    // The policy's point is the gate's own comparison (net benefit in dollars).
    const double gateDelta =
        (OperatingPoint(mode) == OperatingPoint::Declared
             ? policy.values.netBenefit(rows.candidateSweep.confusionAt(0.35)) -
                   policy.values.netBenefit(rows.championSweep.confusionAt(0.4))
             : rows.candidateSweep.bestNetBenefit(policy.values).value -
                   rows.championSweep.bestNetBenefit(policy.values).value)
            .toDouble();
    QCOMPARE(centsToDollars(grid.policyDelta), gateDelta);
}

void TestCostSensitivity::flipsAreExactToTheCent()
{
    const PairedRows rows = readCase(dataPath(QStringLiteral("analysis/tied-400")));
    const GatePolicy policy = policyWith(500, -100, -300, 0);
    const CostModel a = costModelOf(rows.championSweep, 0.4),
                    b = costModelOf(rows.candidateSweep, 0.35);
    int found = 0;
    for (const OperatingPoint mode : {OperatingPoint::Declared, OperatingPoint::OwnOptimum}) {
        const CostGrid grid = computeCostGrid(a, b, policy, mode, 200);
        auto verdict = [&](int64_t fp, int64_t fn) {
            CentValues v = grid.policy;
            v.fp = fp;
            v.fn = fn;
            return netBenefitDelta(a, b, v, mode) > grid.minDeltaCents;
        };
        for (const auto &[flip, isFn] :
             {std::pair{grid.fnTowardZero, true}, std::pair{grid.fnAwayFromZero, true},
              std::pair{grid.fpTowardZero, false}, std::pair{grid.fpAwayFromZero, false}}) {
            if (!flip.found) continue;
            ++found;
            QCOMPARE(std::abs(flip.cents - flip.lastHolds), int64_t(1));
            const bool holds = isFn ? verdict(grid.policy.fp, flip.lastHolds)
                                    : verdict(flip.lastHolds, grid.policy.fn);
            const bool flipped =
                isFn ? verdict(grid.policy.fp, flip.cents) : verdict(flip.cents, grid.policy.fn);
            QCOMPARE(holds, grid.policyPromoted);
            QCOMPARE(flipped, !grid.policyPromoted);
        }
        QVERIFY(describeFlips(grid, QStringLiteral("USD"))
                    .startsWith(QStringLiteral("The net-benefit comparison")));
    }
    QVERIFY2(found > 0, "the fixture should flip somewhere within 0-3x");
}

void TestCostSensitivity::tiesGoToTheChampionOnTheGrid()
{
    // Identical models: every cell is a tie (delta 0) and a tie is NOT promoted.
    PairedRows rows = readCase(dataPath(QStringLiteral("analysis/untied-250")));
    const CostModel a = costModelOf(rows.championSweep, 0.5);
    for (const OperatingPoint mode : {OperatingPoint::Declared, OperatingPoint::OwnOptimum}) {
        const CostGrid grid = computeCostGrid(a, a, policyWith(500, -100, -300, 0), mode, 20);
        QCOMPARE(grid.promotedShare, 0.0);
        QVERIFY(!grid.policyPromoted);
        QVERIFY(!grid.fnTowardZero.found && !grid.fpAwayFromZero.found);
    }
}

void TestCostSensitivity::hullKeepsEveryOptimum()
{
    const PairedRows rows = generateRows(99, 20000, 0);
    const CostModel m = costModelOf(rows.championSweep, 0.5);
    QVERIFY(m.hull.size() < rows.championSweep.size() / 10);
    for (const auto &[tp, fp, fn, tn] :
         {std::array<double, 4>{500, -100, -300, 0}, std::array<double, 4>{-5, 7, 3, -2},
          std::array<double, 4>{1, 1, 1, 1}}) {
        const CentValues v = *CentValues::of(cellValues(tp, fp, fn, tn));
        CostModel empty;
        empty.hull = {{0, 0}};
        empty.positives = empty.negatives = 0;
        QVERIFY(netBenefitDelta(empty, m, v, OperatingPoint::OwnOptimum) ==
                bruteForceBest(rows.championSweep, v));
    }
}

// 60 random pairs of models (ties or none, 1 to 400 rows, lopsided classes) under random cell
// values of every sign, on grids of random size: each own-optimum cell against the exact maximum
// over all sweep points (not the hull), and the policy's point and flips against the same scan.
void TestCostSensitivity::randomGridsMatchBruteForce()
{
    uint64_t x = 2026;
    auto next = [&x](uint64_t bound) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        return (x >> 33) % bound;
    };
    for (int trial = 0; trial < 60; ++trial) {
        PairedRows rows;
        const size_t n = 1 + next(400);
        const uint64_t levels = trial % 3 == 0 ? 5 : 1000000; // heavy ties, or nearly none
        const uint64_t positiveShare = 1 + next(9);
        for (size_t i = 0; i < n; ++i) {
            const bool label = next(10) < positiveShare;
            rows.champion.labels.push_back(uint8_t(label));
            rows.champion.scores.push_back(
                double(next(levels) + (label ? next(levels / 2 + 1) : 0)) / double(2 * levels));
            rows.candidate.scores.push_back(double(next(levels)) / double(levels));
        }
        rows.finish();
        auto dollarsUpTo = [&](int bound) { return double(int(next(2 * bound + 1)) - bound); };
        const GatePolicy policy =
            policyWith(dollarsUpTo(500), dollarsUpTo(300), dollarsUpTo(300), dollarsUpTo(50));
        const CostModel a = costModelOf(rows.championSweep, 0.5),
                        b = costModelOf(rows.candidateSweep, 0.5);
        const int steps = 2 + int(next(40));
        const CostGrid grid = computeCostGrid(a, b, policy, OperatingPoint::OwnOptimum, steps);
        auto bruteDelta = [&](int64_t fp, int64_t fn) {
            CentValues v = grid.policy;
            v.fp = fp;
            v.fn = fn;
            return bruteForceBest(rows.candidateSweep, v) - bruteForceBest(rows.championSweep, v);
        };
        for (size_t r = 0; r < grid.rows(); ++r)
            for (size_t c = 0; c < grid.columns(); ++c)
                QVERIFY2(
                    grid.delta[r * grid.columns() + c] ==
                        bruteDelta(grid.fpCents[c], grid.fnCents[r]),
                    qPrintable(QStringLiteral("trial %1, cell (%2, %3)").arg(trial).arg(r).arg(c)));
        QVERIFY(grid.policyDelta == bruteDelta(grid.policy.fp, grid.policy.fn));
        for (const auto &[flip, fpAxis] :
             {std::pair{grid.fpTowardZero, true}, std::pair{grid.fpAwayFromZero, true},
              std::pair{grid.fnTowardZero, false}, std::pair{grid.fnAwayFromZero, false}}) {
            if (!flip.found) continue;
            auto promoted = [&](int64_t cents) {
                return (fpAxis ? bruteDelta(cents, grid.policy.fn)
                               : bruteDelta(grid.policy.fp, cents)) > grid.minDeltaCents;
            };
            QCOMPARE(promoted(flip.lastHolds), grid.policyPromoted);
            QCOMPARE(promoted(flip.cents), !grid.policyPromoted);
        }
    }
}

void TestCostSensitivity::valuesNotInWholeCentsAreRejected()
{
    QVERIFY(!toCents(0.005).has_value());
    QCOMPARE(*toCents(0.29), int64_t(29));
    QCOMPARE(*toCents(-1234.56), int64_t(-123456));
    const PairedRows rows = readCase(dataPath(QStringLiteral("analysis/untied-250")));
    const CostModel a = costModelOf(rows.championSweep, 0.5);
    QVERIFY_THROWS_EXCEPTION(InputError, computeCostGrid(a, a, policyWith(500, -100.001, -300, 0),
                                                         OperatingPoint::Declared));
}

void TestCostSensitivity::recalibrationMatchesStatsmodels_data()
{
    QTest::addColumn<QString>("folder");
    for (const char *c : {"untied-250", "tied-400"})
        QTest::newRow(c) << dataPath(QStringLiteral("analysis/") + QLatin1String(c));
}

void TestCostSensitivity::recalibrationMatchesStatsmodels()
{
    QFETCH(QString, folder);
    PairedRows rows = readCase(folder);
    const QJsonObject ref = readJson(QDir(folder).filePath(QStringLiteral("reference.json")));
    const RecalibrationWhatIf w = recalibrateCrossFitted(
        rows.champion, rows.candidate, rows.pairing, cellValues(500, -100, -300, 0));
    QVERIFY2(w.defined(), qPrintable(w.undefinedReason));
    for (const char *model : {"champion", "candidate"}) {
        const RecalibratedModel &m = qstrcmp(model, "champion") == 0 ? w.champion : w.candidate;
        const QJsonObject r =
            ref[QLatin1String(model)].toObject()[QStringLiteral("recalibration")].toObject();
        QCOMPARE(w.costOptimalThreshold, r[QStringLiteral("threshold")].toDouble());
        const QJsonArray fits = r[QStringLiteral("fits")].toArray();
        QCOMPARE(m.foldFits.size(), size_t(fits.size()));
        for (qsizetype f = 0; f < fits.size(); ++f) {
            const std::vector<double> ab = toVector(fits[f]);
            QVERIFY(relativeError(m.foldFits[size_t(f)].intercept, ab[0]) < 1e-8);
            QVERIFY(relativeError(m.foldFits[size_t(f)].slope, ab[1]) < 1e-8);
        }
        const QJsonObject c = r[QStringLiteral("confusion")].toObject();
        QCOMPARE(m.confusion.tp, c[QStringLiteral("tp")].toInteger());
        QCOMPARE(m.confusion.fp, c[QStringLiteral("fp")].toInteger());
        QCOMPARE(m.confusion.fn, c[QStringLiteral("fn")].toInteger());
        QCOMPARE(m.confusion.tn, c[QStringLiteral("tn")].toInteger());
        QCOMPARE(centsToDollars(m.netBenefitCents), c[QStringLiteral("net_benefit")].toDouble());
    }
    QVERIFY(
        w.sentence(QStringLiteral("USD")).contains(QStringLiteral("recalibrated, the candidate")));
    // The folds follow row ids, not file order: reversing the candidate's file changes nothing.
    const size_t n = rows.candidate.size();
    std::reverse(rows.candidate.scores.begin(), rows.candidate.scores.end());
    for (size_t i = 0; i < n; ++i)
        rows.pairing.candidateRowFor.push_back(uint32_t(n - 1 - i));
    const RecalibrationWhatIf reversed = recalibrateCrossFitted(
        rows.champion, rows.candidate, rows.pairing, cellValues(500, -100, -300, 0));
    QCOMPARE(reversed.candidate.confusion, w.candidate.confusion);
}

void TestCostSensitivity::recalibrationIsUndefinedWithAReason()
{
    PairedRows rows = readCase(dataPath(QStringLiteral("analysis/untied-250")));
    QVERIFY(recalibrateCrossFitted(rows.champion, rows.candidate, rows.pairing,
                                   cellValues(-500, -100, -300, 0))
                .undefinedReason.contains(QStringLiteral("no threshold")));
    rows.pairing.identical = false;
    QVERIFY(recalibrateCrossFitted(rows.champion, rows.candidate, rows.pairing,
                                   cellValues(500, -100, -300, 0))
                .undefinedReason.contains(QStringLiteral("same test set")));
}

QTEST_GUILESS_MAIN(TestCostSensitivity)
#include "test_costsensitivity.moc"

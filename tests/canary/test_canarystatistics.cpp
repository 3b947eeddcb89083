// The canary statistics at their edges (issue 9, items 11 and 12), against the values
// tests/data/canary/generate_edges.py wrote with SciPy 1.10.1: ks_2samp(method='auto') on up to
// 1,000,000 scores per side (asymptotic kstwo path above 10,000, exact path up to it), kstwo.sf
// and smirnov on a grid covering each of SciPy's branches, and PSI on bins that never split ties.
#include "testhelpers.h"

#include "canarystatistics.h"
#include "kolmogorovdistribution.h"

#include <algorithm>
#include <cmath>
#include <QJsonArray>
#include <QtTest>

using namespace gr;

namespace {

// Rebuilds a sample from generate_edges.py's integer recipe (exact in doubles below 2^53).
std::vector<double> recipeValues(const QJsonObject &r)
{
    const qint64 n = r.value(QStringLiteral("n")).toInteger(),
                 a = r.value(QStringLiteral("a")).toInteger(),
                 c = r.value(QStringLiteral("c")).toInteger(),
                 m = r.value(QStringLiteral("m")).toInteger(),
                 every = r.value(QStringLiteral("every")).toInteger(),
                 offset = r.value(QStringLiteral("offset")).toInteger();
    std::vector<double> out(static_cast<size_t>(n));
    for (qint64 i = 0; i < n; ++i) {
        qint64 v = (a * i + c) % m;
        if (every > 0 && i % every == 0) v = v * v / m;
        out[size_t(i)] = double(v + offset);
    }
    return out;
}

std::vector<double> toVector(const QJsonValue &v)
{
    std::vector<double> out;
    for (const QJsonValue &x : v.toArray())
        out.push_back(x.toDouble());
    return out;
}

bool nearRel(double got, double want, double rel)
{
    return got == want || std::abs(got - want) <= rel * std::max(std::abs(got), std::abs(want));
}

QString mismatch(const QString &what, double got, double want)
{
    return QStringLiteral("%1: C++ %2 != SciPy %3")
        .arg(what)
        .arg(got, 0, 'g', 17)
        .arg(want, 0, 'g', 17);
}

QJsonObject reference(const QString &file)
{
    return test::readJson(test::dataPath(QStringLiteral("canary/") + file));
}

} // namespace

class TestCanaryStatistics : public QObject
{
    Q_OBJECT

private slots:
    void ksMatchesScipyAtEverySize_data()
    {
        QTest::addColumn<QJsonObject>("c");
        for (const QJsonValue &c :
             reference(QStringLiteral("ks-large.json")).value(QStringLiteral("cases")).toArray())
            QTest::newRow(qPrintable(c.toObject().value(QStringLiteral("name")).toString()))
                << c.toObject();
    }

    void ksMatchesScipyAtEverySize()
    {
        QFETCH(QJsonObject, c);
        const KolmogorovSmirnovResult r =
            ks2Sample(recipeValues(c.value(QStringLiteral("canary")).toObject()),
                      recipeValues(c.value(QStringLiteral("baseline")).toObject()));
        QCOMPARE(r.exact, c.value(QStringLiteral("exact")).toBool());
        const double wantD = c.value(QStringLiteral("statistic")).toDouble(),
                     wantP = c.value(QStringLiteral("pvalue")).toDouble();
        QVERIFY2(nearRel(r.statistic, wantD, 1e-12), qPrintable(mismatch("D", r.statistic, wantD)));
        QVERIFY2(nearRel(r.pValue, wantP, 1e-6), qPrintable(mismatch("p", r.pValue, wantP)));
    }

    // The verdict flip: 12,000 vs 150 scores at alpha 0.01. Kolmogorov's limiting
    // distribution said p > 0.01 (PROMOTE); SciPy's kstwo says p < 0.01 (ROLLBACK), and so must we.
    void ksSideOfAlphaAsScipy()
    {
        const QJsonObject c = reference(QStringLiteral("ks-large.json"))
                                  .value(QStringLiteral("alpha_flip"))
                                  .toObject();
        const double want = c.value(QStringLiteral("scipy_p")).toDouble();
        QVERIFY(want < 0.01 && c.value(QStringLiteral("kolmogorov_limit_p")).toDouble() > 0.01);
        const KolmogorovSmirnovResult r = ks2SamplePValue(
            c.value(QStringLiteral("d")).toDouble(), c.value(QStringLiteral("n1")).toInteger(),
            c.value(QStringLiteral("n2")).toInteger());
        QVERIFY(!r.exact);
        QVERIFY2(nearRel(r.pValue, want, 1e-6), qPrintable(mismatch("p", r.pValue, want)));
        QVERIFY(r.pValue < 0.01);
    }

    void kstwoSurvivalMatchesScipy()
    {
        int checked = 0;
        for (const QJsonValue &v : reference(QStringLiteral("ks-large.json"))
                                       .value(QStringLiteral("kstwo_sf"))
                                       .toArray()) {
            const QJsonObject c = v.toObject();
            const qint64 n = c.value(QStringLiteral("n")).toInteger();
            const double d = c.value(QStringLiteral("d")).toDouble(),
                         want = c.value(QStringLiteral("sf")).toDouble();
            const double got = kolmogorovSmirnovSurvival(n, d);
            QVERIFY2(
                nearRel(got, want, 1e-6),
                qPrintable(mismatch(QStringLiteral("kstwo.sf(%1, %2)").arg(d).arg(n), got, want)));
            ++checked;
        }
        QVERIFY(checked > 100);
    }

    void smirnovMatchesScipy()
    {
        int checked = 0;
        for (const QJsonValue &v : reference(QStringLiteral("ks-large.json"))
                                       .value(QStringLiteral("smirnov"))
                                       .toArray()) {
            const QJsonObject c = v.toObject();
            const qint64 n = c.value(QStringLiteral("n")).toInteger();
            const double d = c.value(QStringLiteral("d")).toDouble(),
                         want = c.value(QStringLiteral("sf")).toDouble();
            const double got = smirnovSurvival(n, d);
            QVERIFY2(
                nearRel(got, want, 1e-6),
                qPrintable(mismatch(QStringLiteral("smirnov(%1, %2)").arg(n).arg(d), got, want)));
            ++checked;
        }
        QVERIFY(checked > 30);
    }

    void psiNeverSplitsTies_data()
    {
        QTest::addColumn<QJsonObject>("c");
        for (const QJsonValue &c :
             reference(QStringLiteral("psi-ties.json")).value(QStringLiteral("cases")).toArray())
            QTest::newRow(qPrintable(c.toObject().value(QStringLiteral("name")).toString()))
                << c.toObject();
    }

    void psiNeverSplitsTies()
    {
        QFETCH(QJsonObject, c);
        const std::vector<double> baseline = toVector(c.value(QStringLiteral("baseline"))),
                                  canary = toVector(c.value(QStringLiteral("canary")));
        const std::vector<double> edges = psiBinEdges(baseline, 10);
        QCOMPARE(QJsonArray::fromVariantList([&] {
                     QVariantList l;
                     for (double e : edges)
                         l << e;
                     return l;
                 }()),
                 c.value(QStringLiteral("edges")).toArray());
        const double want = c.value(QStringLiteral("psi")).toDouble();
        const double got = populationStabilityIndex(baseline, canary, 10);
        QVERIFY2(nearRel(got, want, 1e-9), qPrintable(mismatch("PSI", got, want)));

        // No baseline score lies on an edge, so [a,b) and (a,b] bin the baseline alike and every
        // tie stays in one bin (a single-valued baseline's middle bin [v, next double) holds v).
        if (QTest::currentDataTag() != QLatin1String("single_value_baseline"))
            for (double e : edges)
                QVERIFY2(std::find(baseline.begin(), baseline.end(), e) == baseline.end(),
                         qPrintable(QStringLiteral("a baseline score on the edge %1").arg(e)));
    }

    // The old convention failed one way or the other on a tie moved by 1e-6; the new bins do not.
    void psiOldFailureCasesStayBelowTheLimit()
    {
        for (const QJsonValue &v :
             reference(QStringLiteral("psi-ties.json")).value(QStringLiteral("cases")).toArray()) {
            const QJsonObject c = v.toObject();
            const QString name = c.value(QStringLiteral("name")).toString();
            if (!name.startsWith(QLatin1String("tie_moved_"))) continue;
            const double oldLeft = c.value(QStringLiteral("old_psi_left_closed")).toDouble(),
                         oldRight = c.value(QStringLiteral("old_psi_right_closed")).toDouble();
            QVERIFY2(std::max(oldLeft, oldRight) > 0.25, qPrintable(name)); // the old failure
            const double got =
                populationStabilityIndex(toVector(c.value(QStringLiteral("baseline"))),
                                         toVector(c.value(QStringLiteral("canary"))), 10);
            QVERIFY2(got < 0.02, qPrintable(name + QStringLiteral(": PSI %1").arg(got)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCanaryStatistics)
#include "test_canarystatistics.moc"

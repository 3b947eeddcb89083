// The analysis core against independent references: scikit-learn 1.2.1 (curves, AUC, AP,
// calibration_curve), statsmodels 0.13.5 (Logit, Wilson intervals), R pROC 1.18 (DeLong) and a
// direct grouping formula (Brier decomposition), on tied and untied scores from 250 to 1M rows;
// plus the undefined cases (one class, one row) and a paired test with shuffled candidate rows.
#include "analysis/calibration.h"
#include "analysis/delong.h"
#include "analysis/rankingcurves.h"
#include "analysistesthelpers.h"

#include <QTest>

using namespace gr;
using namespace gr::test;

namespace {

#define CHECK_REL(actual, expected, tol)                                                           \
    QVERIFY2(relativeError((actual), (expected)) <= (tol),                                         \
             qPrintable(QStringLiteral("%1 = %2, reference %3")                                    \
                            .arg(QStringLiteral(#actual))                                          \
                            .arg((actual), 0, 'g', 17)                                             \
                            .arg((expected), 0, 'g', 17)))

#define CHECK_ABS(actual, expected, tol)                                                           \
    QVERIFY2(std::abs((actual) - (expected)) <= (tol),                                             \
             qPrintable(QStringLiteral("%1 = %2, reference %3")                                    \
                            .arg(QStringLiteral(#actual))                                          \
                            .arg((actual), 0, 'g', 17)                                             \
                            .arg((expected), 0, 'g', 17)))

void compareArrays(const std::vector<double> &actual, const QJsonValue &reference, const char *what)
{
    const std::vector<double> expected = toVector(reference);
    QVERIFY2(actual.size() == expected.size(),
             qPrintable(QStringLiteral("%1: %2 points, reference %3")
                            .arg(QLatin1String(what))
                            .arg(actual.size())
                            .arg(expected.size())));
    for (size_t i = 0; i < actual.size(); ++i)
        QVERIFY2(std::abs(actual[i] - expected[i]) <= 1e-12,
                 qPrintable(QStringLiteral("%1[%2] = %3, reference %4")
                                .arg(QLatin1String(what))
                                .arg(i)
                                .arg(actual[i], 0, 'g', 17)
                                .arg(expected[i], 0, 'g', 17)));
}

double sum(const std::vector<double> &v)
{
    double s = 0;
    for (double x : v)
        s += x;
    return s;
}

} // namespace

class TestAnalysis : public QObject
{
    Q_OBJECT

private slots:
    void rankingMatchesScikitLearn_data();
    void rankingMatchesScikitLearn();
    void calibrationMatchesReferences_data() { rankingMatchesScikitLearn_data(); }
    void calibrationMatchesReferences();
    void delongMatchesPRoc_data() { rankingMatchesScikitLearn_data(); }
    void delongMatchesPRoc();
    void delongFollowsThePairingNotTheFileOrder();
    void delongOnClusteredScoresMatchesTheDirectFormula();
    void singleClassSetsAreUndefinedWithAReason();
    void oneRowAndSeparatedSets();
    void scoresOfExactlyZeroAndOneAreClipped();
};

void TestAnalysis::rankingMatchesScikitLearn_data()
{
    QTest::addColumn<QString>("folder");
    for (const QString &c : caseFolders(QStringLiteral("analysis")))
        QTest::newRow(qPrintable(c)) << dataPath(QStringLiteral("analysis/") + c);
}

void TestAnalysis::rankingMatchesScikitLearn()
{
    QFETCH(QString, folder);
    const PairedRows rows = readCase(folder);
    const QJsonObject ref = readJson(QDir(folder).filePath(QStringLiteral("reference.json")));
    QCOMPARE(qint64(rows.champion.size()), ref[QStringLiteral("rows")].toInteger());
    for (const char *model : {"champion", "candidate"}) {
        const ThresholdSweep &sweep =
            qstrcmp(model, "champion") == 0 ? rows.championSweep : rows.candidateSweep;
        const QJsonObject m = ref[QLatin1String(model)].toObject();
        CHECK_ABS(*rocAucOf(sweep).value, m[QStringLiteral("roc_auc")].toDouble(), 1e-12);
        CHECK_ABS(*averagePrecisionOf(sweep).value,
                  m[QStringLiteral("average_precision")].toDouble(), 1e-12);
        const RocCurve roc = rocCurve(sweep), rocAll = rocCurve(sweep, false);
        const PrecisionRecallCurve pr = precisionRecallCurve(sweep);
        QCOMPARE(qint64(roc.fpr.size()), m[QStringLiteral("roc_points")].toInteger());
        QCOMPARE(qint64(rocAll.fpr.size()), m[QStringLiteral("roc_points_all")].toInteger());
        QCOMPARE(qint64(pr.precision.size()), m[QStringLiteral("pr_points")].toInteger());
        if (m.contains(QStringLiteral("roc"))) {
            const QJsonObject r = m[QStringLiteral("roc")].toObject();
            compareArrays(roc.fpr, r[QStringLiteral("fpr")], "fpr");
            compareArrays(roc.tpr, r[QStringLiteral("tpr")], "tpr");
            compareArrays(roc.thresholds, r[QStringLiteral("thresholds")], "roc thresholds");
            const QJsonObject all = m[QStringLiteral("roc_all")].toObject();
            compareArrays(rocAll.fpr, all[QStringLiteral("fpr")], "fpr (all points)");
            compareArrays(rocAll.tpr, all[QStringLiteral("tpr")], "tpr (all points)");
            const QJsonObject p = m[QStringLiteral("pr")].toObject();
            compareArrays(pr.precision, p[QStringLiteral("precision")], "precision");
            compareArrays(pr.recall, p[QStringLiteral("recall")], "recall");
            compareArrays(pr.thresholds, p[QStringLiteral("thresholds")], "pr thresholds");
        } else {
            const std::vector<double> rs = toVector(m[QStringLiteral("roc_sums")]);
            const std::vector<double> ps = toVector(m[QStringLiteral("pr_sums")]);
            CHECK_REL(sum(roc.fpr), rs[0], 1e-12);
            CHECK_REL(sum(roc.tpr), rs[1], 1e-12);
            CHECK_REL(sum(pr.precision), ps[0], 1e-12);
            CHECK_REL(sum(pr.recall), ps[1], 1e-12);
        }
    }
}

void TestAnalysis::calibrationMatchesReferences()
{
    QFETCH(QString, folder);
    const PairedRows rows = readCase(folder);
    const QJsonObject ref = readJson(QDir(folder).filePath(QStringLiteral("reference.json")));
    for (const char *model : {"champion", "candidate"}) {
        const ThresholdSweep &sweep =
            qstrcmp(model, "champion") == 0 ? rows.championSweep : rows.candidateSweep;
        const QJsonObject m = ref[QLatin1String(model)].toObject();
        const CalibrationAssessment cal = assessCalibration(sweep, 10);

        const QJsonObject c = m[QStringLiteral("calibration")].toObject();
        const std::vector<double> rate = toVector(c[QStringLiteral("prob_true")]),
                                  mean = toVector(c[QStringLiteral("prob_pred")]),
                                  count = toVector(c[QStringLiteral("rows")]),
                                  low = toVector(c[QStringLiteral("wilson_low")]),
                                  high = toVector(c[QStringLiteral("wilson_high")]);
        QCOMPARE(cal.bins.size(), rate.size());
        for (size_t k = 0; k < rate.size(); ++k) {
            QCOMPARE(double(cal.bins[k].rows), count[k]);
            CHECK_ABS(cal.bins[k].observedRate, rate[k], 1e-12);
            CHECK_ABS(cal.bins[k].meanScore, mean[k], 1e-12);
            CHECK_ABS(cal.bins[k].wilsonLow, low[k], 1e-12);
            CHECK_ABS(cal.bins[k].wilsonHigh, high[k], 1e-12);
        }
        CHECK_ABS(cal.expectedCalibrationError, c[QStringLiteral("ece")].toDouble(), 1e-12);

        const QJsonObject b = m[QStringLiteral("brier")].toObject();
        CHECK_REL(cal.brier.brier, b[QStringLiteral("brier")].toDouble(), 1e-10);
        CHECK_REL(cal.brier.reliability, b[QStringLiteral("reliability")].toDouble(), 1e-10);
        CHECK_REL(cal.brier.resolution, b[QStringLiteral("resolution")].toDouble(), 1e-10);
        CHECK_REL(cal.brier.uncertainty, b[QStringLiteral("uncertainty")].toDouble(), 1e-10);
        // The decomposition is exact over distinct scores, and agrees with the sweep's Brier.
        CHECK_ABS(cal.brier.reliability - cal.brier.resolution + cal.brier.uncertainty,
                  cal.brier.brier, 1e-12);
        CHECK_ABS(cal.brier.brier, sweep.brierScore(), 1e-12);

        const QJsonObject l = m[QStringLiteral("logit")].toObject();
        QVERIFY2(cal.fit.defined(), qPrintable(cal.fit.undefinedReason));
        CHECK_REL(cal.fit.intercept, l[QStringLiteral("intercept")].toDouble(), 1e-8);
        CHECK_REL(cal.fit.slope, l[QStringLiteral("slope")].toDouble(), 1e-8);
        CHECK_REL(cal.fit.interceptSe, l[QStringLiteral("intercept_se")].toDouble(), 1e-8);
        CHECK_REL(cal.fit.slopeSe, l[QStringLiteral("slope_se")].toDouble(), 1e-8);
        CHECK_REL(cal.fit.logLikelihood, l[QStringLiteral("log_likelihood")].toDouble(), 1e-8);
        CHECK_REL(cal.calibrationInLarge.intercept, l[QStringLiteral("in_the_large")].toDouble(),
                  1e-8);
    }
}

void TestAnalysis::delongMatchesPRoc()
{
    QFETCH(QString, folder);
    const PairedRows rows = readCase(folder);
    const QJsonObject ref =
        readJson(QDir(folder).filePath(QStringLiteral("reference.json")))[QStringLiteral("delong")]
            .toObject();
    const DeLongTest t = delongPairedTest(rows.champion, rows.championSweep, rows.candidate,
                                          rows.candidateSweep, rows.pairing);
    QVERIFY2(t.defined(), qPrintable(t.undefinedReason));
    CHECK_REL(t.championAuc, ref[QStringLiteral("champion_auc")].toDouble(), 1e-6);
    CHECK_REL(t.candidateAuc, ref[QStringLiteral("candidate_auc")].toDouble(), 1e-6);
    CHECK_REL(t.difference, ref[QStringLiteral("difference")].toDouble(), 1e-6);
    CHECK_REL(t.z, ref[QStringLiteral("z")].toDouble(), 1e-6);
    CHECK_REL(t.pValue, ref[QStringLiteral("p_value")].toDouble(), 1e-6);
    CHECK_REL(t.low, ref[QStringLiteral("low")].toDouble(), 1e-6);
    CHECK_REL(t.high, ref[QStringLiteral("high")].toDouble(), 1e-6);
    // The AUCs agree with the sweep's trapezoid (a different summation).
    CHECK_ABS(t.championAuc, rows.championSweep.rocAuc(), 1e-12);
}

void TestAnalysis::delongFollowsThePairingNotTheFileOrder()
{
    PairedRows rows = readCase(dataPath(QStringLiteral("analysis/tied-400")));
    const DeLongTest inOrder = delongPairedTest(rows.champion, rows.championSweep, rows.candidate,
                                                rows.candidateSweep, rows.pairing);
    // Reverse the candidate's file: row i of the champion is now row n-1-i of the candidate.
    const size_t n = rows.candidate.size();
    std::reverse(rows.candidate.scores.begin(), rows.candidate.scores.end());
    std::reverse(rows.candidate.labels.begin(), rows.candidate.labels.end());
    for (size_t i = 0; i < n; ++i)
        rows.pairing.candidateRowFor.push_back(uint32_t(n - 1 - i));
    const DeLongTest shuffled = delongPairedTest(rows.champion, rows.championSweep, rows.candidate,
                                                 rows.candidateSweep, rows.pairing);
    QCOMPARE(shuffled.z, inOrder.z);
    QCOMPARE(shuffled.standardError, inOrder.standardError);
    // Without the pairing the rows are mismatched: a different (wrong) covariance.
    rows.pairing.candidateRowFor.clear();
    const DeLongTest mismatched = delongPairedTest(
        rows.champion, rows.championSweep, rows.candidate, rows.candidateSweep, rows.pairing);
    QVERIFY(mismatched.standardError != inOrder.standardError);
}

// Scores bunched into a few of the look-up's buckets (many distinct scores per bucket, the slow
// path) and spread over others (one score per bucket, the fast path), checked against DeLong's
// placements computed directly over all pairs, O(N^2).
void TestAnalysis::delongOnClusteredScoresMatchesTheDirectFormula()
{
    PairedRows rows;
    uint64_t x = 7;
    auto uniform = [&x] {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(x >> 11) * (1.0 / 9007199254740992.0);
    };
    for (int i = 0; i < 600; ++i) {
        const int label = uniform() < 0.4 ? 1 : 0;
        const double u = uniform();
        // A third of the rows within 1e-9 of 0.5 (one bucket), some exactly tied, the rest spread.
        const double a =
            i % 3 == 0 ? 0.5 + 1e-12 * double(int(u * 300) + 150 * label) : 0.3 * label + 0.7 * u;
        const double b = i % 3 == 1 ? 0.25 + 1e-12 * double(int(u * 50)) : 0.6 * u + 0.4 * label;
        rows.champion.labels.push_back(uint8_t(label));
        rows.champion.scores.push_back(a);
        rows.candidate.scores.push_back(b);
    }
    rows.finish();
    const DeLongTest t = delongPairedTest(rows.champion, rows.championSweep, rows.candidate,
                                          rows.candidateSweep, rows.pairing);
    QVERIFY2(t.defined(), qPrintable(t.undefinedReason));

    const auto &labels = rows.champion.labels;
    std::vector<size_t> pos, neg;
    for (size_t i = 0; i < labels.size(); ++i)
        (labels[i] ? pos : neg).push_back(i);
    auto kernel = [](double p, double n) { return p > n ? 1.0 : p == n ? 0.5 : 0.0; };
    double cov[2][2][2] = {}; // [class][model][model]
    double auc[2] = {};
    std::vector<std::array<double, 2>> v10(pos.size()), v01(neg.size());
    for (int model = 0; model < 2; ++model) {
        const auto &s = model == 0 ? rows.champion.scores : rows.candidate.scores;
        for (size_t i = 0; i < pos.size(); ++i)
            for (size_t j = 0; j < neg.size(); ++j) {
                const double k = kernel(s[pos[i]], s[neg[j]]);
                v10[i][size_t(model)] += k / double(neg.size());
                v01[j][size_t(model)] += k / double(pos.size());
                auc[model] += k / double(pos.size() * neg.size());
            }
    }
    for (int c = 0; c < 2; ++c) {
        const auto &v = c == 0 ? v10 : v01;
        for (int r = 0; r < 2; ++r)
            for (int q = 0; q < 2; ++q) {
                for (const auto &row : v)
                    cov[c][r][q] += (row[size_t(r)] - auc[r]) * (row[size_t(q)] - auc[q]);
                cov[c][r][q] /= double(v.size() - 1) * double(v.size());
            }
    }
    const double variance = cov[0][0][0] + cov[0][1][1] - 2 * cov[0][0][1] + cov[1][0][0] +
                            cov[1][1][1] - 2 * cov[1][0][1];
    CHECK_REL(t.championAuc, auc[0], 1e-12);
    CHECK_REL(t.candidateAuc, auc[1], 1e-12);
    CHECK_REL(t.standardError, std::sqrt(variance), 1e-10);
    CHECK_REL(t.z, (auc[1] - auc[0]) / std::sqrt(variance), 1e-10);
}

void TestAnalysis::singleClassSetsAreUndefinedWithAReason()
{
    for (const uint8_t only : {uint8_t(0), uint8_t(1)}) {
        PairedRows rows;
        rows.champion.labels.assign(5, only);
        rows.champion.scores = {0.1, 0.5, 0.5, 0.9, 1.0};
        rows.candidate.scores = {0.2, 0.3, 0.4, 0.6, 0.0};
        rows.finish();
        const MaybeValue auc = rocAucOf(rows.championSweep);
        QVERIFY(!auc.defined());
        QVERIFY(auc.undefinedReason.contains(QStringLiteral("only one class")));
        QVERIFY(rocCurve(rows.championSweep).fpr.empty());
        QVERIFY(!rocCurve(rows.championSweep).undefinedReason.isEmpty());
        QCOMPARE(averagePrecisionOf(rows.championSweep).defined(), only == 1);
        if (only == 1) QCOMPARE(*averagePrecisionOf(rows.championSweep).value, 1.0);
        const DeLongTest t = delongPairedTest(rows.champion, rows.championSweep, rows.candidate,
                                              rows.candidateSweep, rows.pairing);
        QVERIFY(!t.defined());
        QVERIFY(t.undefinedReason.contains(QStringLiteral("at least two positive")));
        const CalibrationAssessment cal = assessCalibration(rows.championSweep);
        QVERIFY(!cal.fit.defined());
        QVERIFY(cal.fit.undefinedReason.contains(QStringLiteral("only one class")));
        // What is defined for one class still is: the Brier decomposition (uncertainty 0).
        QCOMPARE(cal.brier.uncertainty, 0.0);
        CHECK_ABS(cal.brier.reliability - cal.brier.resolution, cal.brier.brier, 1e-15);
    }
}

void TestAnalysis::oneRowAndSeparatedSets()
{
    PairedRows one;
    one.champion.labels = {1};
    one.champion.scores = {0.7};
    one.candidate.scores = {0.2};
    one.finish();
    const CalibrationAssessment cal = assessCalibration(one.championSweep);
    QCOMPARE(cal.bins.size(), size_t(1));
    QCOMPARE(cal.bins[0].rows, int64_t(1));
    CHECK_ABS(cal.expectedCalibrationError, 0.3, 1e-15);
    QVERIFY(!rocAucOf(one.championSweep).defined());

    PairedRows separated; // every positive above every negative: AUC 1, slope infinite
    separated.champion.labels = {0, 0, 1, 1};
    separated.champion.scores = {0.1, 0.2, 0.8, 0.9};
    separated.candidate.scores = {0.3, 0.6, 0.5, 0.9};
    separated.finish();
    QCOMPARE(*rocAucOf(separated.championSweep).value, 1.0);
    const CalibrationAssessment sep = assessCalibration(separated.championSweep);
    QVERIFY(!sep.fit.defined());
    QVERIFY(sep.fit.undefinedReason.contains(QStringLiteral("separates the classes")));
    const CalibrationAssessment overlap = assessCalibration(separated.candidateSweep);
    QVERIFY2(overlap.fit.defined(), qPrintable(overlap.fit.undefinedReason));
    const DeLongTest t =
        delongPairedTest(separated.champion, separated.championSweep, separated.candidate,
                         separated.candidateSweep, separated.pairing);
    QVERIFY(t.defined());
    QCOMPARE(t.difference, 0.75 - 1.0);
}

void TestAnalysis::scoresOfExactlyZeroAndOneAreClipped()
{
    QCOMPARE(clippedLogit(0.0), clippedLogit(kLogitClip));
    QCOMPARE(clippedLogit(1.0), clippedLogit(1 - kLogitClip));
    QVERIFY(std::isfinite(clippedLogit(0.0)) && clippedLogit(0.0) < -34);
    // tied-400 holds three exact zeros (champion) and three exact ones (candidate); the fits
    // above match statsmodels on the same clipped values.
    const PairedRows rows = readCase(dataPath(QStringLiteral("analysis/tied-400")));
    QVERIFY(assessCalibration(rows.championSweep).clippedRows >= 3);
    QVERIFY(assessCalibration(rows.candidateSweep).clippedRows >= 3);
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "test_analysis.moc"

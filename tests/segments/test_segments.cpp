// Segment columns and the per-segment paired comparison: equal to the pandas groupby / scipy /
// statsmodels reference written by tests/data/segments/make_reference.py; bad inputs (values that
// differ between the runs, an all-missing column, id-like columns) give a clear message or a note.
#include "testhelpers.h"

#include "gate/gatepolicy.h"
#include "model/errors.h"
#include "review/openreview.h"
#include "segments/segmentanalysis.h"

#include <QJsonArray>
#include <QtTest>

using namespace gr;

namespace {

QString fixture(const QString &file)
{
    return test::dataPath(QStringLiteral("segments/") + file);
}

Review openFixture(const QString &champion, const QString &candidate, const QString &policy)
{
    return openReview(ReviewRequest(champion, candidate, policy));
}

const SegmentColumn *columnNamed(const SegmentAnalysis &a, const QString &name)
{
    for (const SegmentColumn &c : a.columns.columns)
        if (c.name == name) return &c;
    return nullptr;
}

// A copy of the fixture's champion file with `column` replaced by `values(row)`.
QByteArray withColumn(const QString &name, const std::function<QByteArray(int)> &values)
{
    QFile f(fixture(QStringLiteral("champion.csv")));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read the fixture");
    QByteArray out;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].isEmpty()) continue;
        out += lines[i] + ',' + (i == 0 ? name.toUtf8() : values(i - 1)) + '\n';
    }
    return out;
}

} // namespace

class TestSegments : public QObject
{
    Q_OBJECT

private slots:
    void perSegmentNumbersEqualPandasReference()
    {
        const Review review = openFixture(fixture(QStringLiteral("champion.csv")),
                                          fixture(QStringLiteral("candidate.csv")),
                                          fixture(QStringLiteral("policy.yaml")));
        QVERIFY(review.report->segments);
        const SegmentAnalysis &a = *review.report->segments;
        const QJsonObject reference = test::readJson(fixture(QStringLiteral("reference.json")));
        const QJsonArray expected = reference[QStringLiteral("segments")].toArray();
        QCOMPARE(a.segments.size(), size_t(expected.size()));
        int flagged = 0;
        for (const QJsonValue &v : expected) {
            const QJsonObject e = v.toObject();
            const QString name = e[QStringLiteral("column")].toString() + QStringLiteral(" = ") +
                                 e[QStringLiteral("value")].toString();
            const SegmentComparison *s = nullptr;
            for (const SegmentComparison &c : a.segments)
                if (a.segmentName(c) == name) s = &c;
            QVERIFY2(s, qPrintable(name));
            QCOMPARE(double(s->rows), e[QStringLiteral("rows")].toDouble());
            QCOMPARE(double(s->positives), e[QStringLiteral("positives")].toDouble());
            // Dyadic cell values: the reference's float sums are exact, so equality is exact.
            QCOMPARE(s->championNetBenefit.toDouble(),
                     e[QStringLiteral("champion_net_benefit")].toDouble());
            QCOMPARE(s->candidateNetBenefit.toDouble(),
                     e[QStringLiteral("candidate_net_benefit")].toDouble());
            QCOMPARE(s->delta.toDouble(), e[QStringLiteral("delta")].toDouble());
            const auto close = [](double x, double y) {
                return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(y));
            };
            QVERIFY2(close(s->deltaLow, e[QStringLiteral("delta_low")].toDouble()),
                     qPrintable(name));
            QVERIFY2(close(s->deltaHigh, e[QStringLiteral("delta_high")].toDouble()),
                     qPrintable(name));
            QVERIFY2(close(s->pValue, e[QStringLiteral("p_value")].toDouble()) ||
                         std::abs(s->pValue - e[QStringLiteral("p_value")].toDouble()) < 1e-15,
                     qPrintable(name));
            QVERIFY2(close(s->adjustedP, e[QStringLiteral("adjusted_p")].toDouble()) ||
                         std::abs(s->adjustedP - e[QStringLiteral("adjusted_p")].toDouble()) <
                             1e-15,
                     qPrintable(name));
            QCOMPARE(s->flagged, e[QStringLiteral("flagged")].toBool());
            flagged += s->flagged;
            const QJsonObject moved = e[QStringLiteral("cell_delta")].toObject();
            QCOMPARE(double(s->countDelta[0]), moved[QStringLiteral("tp")].toDouble());
            QCOMPARE(double(s->countDelta[1]), moved[QStringLiteral("fp")].toDouble());
            QCOMPARE(double(s->countDelta[2]), moved[QStringLiteral("fn")].toDouble());
            QCOMPARE(double(s->countDelta[3]), moved[QStringLiteral("tn")].toDouble());
            QCOMPARE(double(s->championOnlyRight),
                     e[QStringLiteral("champion_only_right")].toDouble());
            QCOMPARE(double(s->candidateOnlyRight),
                     e[QStringLiteral("candidate_only_right")].toDouble());
            QCOMPARE(double(s->bothWrong), e[QStringLiteral("both_wrong")].toDouble());
        }
        QVERIFY(flagged > 0); // the planted EU/annual loss must show
        // The segments' ΔNB of one column add up to the gate's ΔNB.
        MoneySum sum;
        for (const SegmentComparison &s : a.segments)
            if (s.column == 0) sum.add(s.delta);
        QCOMPARE(sum.total(), review.report->comparison->netBenefitDelta);
        QCOMPARE(a.totalLoss, -review.report->comparison->netBenefitDelta);
    }

    void numericBinsEqualNumpyQuantiles()
    {
        const Review review = openFixture(fixture(QStringLiteral("champion.csv")),
                                          fixture(QStringLiteral("candidate.csv")),
                                          fixture(QStringLiteral("policy.yaml")));
        const SegmentColumn *tenure =
            columnNamed(*review.report->segments, QStringLiteral("tenure_months"));
        QVERIFY(tenure);
        QCOMPARE(tenure->kind, SegmentColumn::Kind::Binned);
        const QJsonObject reference = test::readJson(fixture(QStringLiteral("reference.json")));
        const QJsonArray edges = reference[QStringLiteral("tenure_edges")].toArray();
        QCOMPARE(tenure->edges.size(), size_t(edges.size()));
        for (int i = 0; i < edges.size(); ++i)
            QCOMPARE(tenure->edges[size_t(i)], edges[i].toDouble());
        QStringList labels;
        for (const QJsonValue &l : reference[QStringLiteral("tenure_labels")].toArray())
            labels << l.toString();
        QCOMPARE(tenure->values, labels);
        // Few distinct numbers are categories, in numeric order.
        const SegmentColumn *seats = columnNamed(*review.report->segments, QStringLiteral("seats"));
        QVERIFY(seats);
        QCOMPARE(seats->kind, SegmentColumn::Kind::Categorical);
        QCOMPARE(seats->values, (QStringList{"1", "2", "3", "4"}));
    }

    void columnsComeFromEitherFileAndThePolicyExcludes()
    {
        const Review review = openFixture(fixture(QStringLiteral("champion.csv")),
                                          fixture(QStringLiteral("candidate.csv")),
                                          fixture(QStringLiteral("policy.yaml")));
        const SegmentAnalysis &a = *review.report->segments;
        QVERIFY(!columnNamed(a, QStringLiteral("internal_note"))); // segments.exclude
        QCOMPARE(columnNamed(a, QStringLiteral("region"))->source, QStringLiteral("both files"));
        QCOMPARE(columnNamed(a, QStringLiteral("plan"))->source, QStringLiteral("champion.csv"));
        QCOMPARE(columnNamed(a, QStringLiteral("device"))->source, QStringLiteral("candidate.csv"));
        QCOMPARE(columnNamed(a, QStringLiteral("channel"))->values.last(),
                 SegmentColumns::missingLabel());
        // The sentences of diagnosis steps 1 and 3 name the planted slice.
        QVERIFY(!a.slices.empty());
        QVERIFY2(a.slices.front().description.contains(QStringLiteral("region = EU")),
                 qPrintable(a.slices.front().description));
        QVERIFY(sliceFindings(a).join(QLatin1Char(' ')).contains(a.slices.front().description));
        QVERIFY(segmentFindings(a).join(QLatin1Char(' ')).contains(QStringLiteral("region = EU")));
        // Each slice's loss is the sum of its rows' losses, and its NB the sum of its rows' values.
        const SliceFinding &top = a.slices.front();
        QCOMPARE(top.loss, top.championNetBenefit - top.candidateNetBenefit);
    }

    void policyIncludeOnlyThoseColumns()
    {
        QTemporaryDir dir;
        const QString policy =
            test::writeFile(dir, QStringLiteral("p.yaml"),
                            "registration: []\nsegments: {include: [plan, device], top_k: 2, "
                            "max_level: 2, alpha: 0.9, min_support: 50}\n");
        const Review review = openFixture(fixture(QStringLiteral("champion.csv")),
                                          fixture(QStringLiteral("candidate.csv")), policy);
        const SegmentAnalysis &a = *review.report->segments;
        QCOMPARE(a.columns.columns.size(), size_t(2));
        QCOMPARE(a.minSupport, int64_t(50));
        QVERIFY(a.slices.size() <= 2);
        for (const SliceFinding &f : a.slices)
            QVERIFY(f.slice.predicates.size() <= 2 && f.slice.stats.size >= 50);
        // An included column neither file has is an error naming it.
        const QString bad = test::writeFile(dir, QStringLiteral("bad.yaml"),
                                            "registration: []\nsegments: {include: [plna]}\n");
        try {
            openFixture(fixture(QStringLiteral("champion.csv")),
                        fixture(QStringLiteral("candidate.csv")), bad);
            QFAIL("an unknown included column was accepted");
        } catch (const InputError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("'plna'")), qPrintable(e.message()));
        }
        const QString typo =
            test::writeFile(dir, QStringLiteral("typo.yaml"), "segments: {exlude: [a]}\n");
        QVERIFY_THROWS_EXCEPTION(InputError, loadGatePolicy(typo));
    }

    void mismatchedValuesBetweenRunsNameTheRows()
    {
        QTemporaryDir dir;
        // The candidate carries `region` too, and row 3 (0-based) disagrees.
        QFile f(fixture(QStringLiteral("champion.csv")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = f.readAll().split('\n');
        QList<QByteArray> fields = lines[4].split(',');
        const QByteArray id = fields[0];
        fields[4] = fields[4] == "EU" ? "US" : "EU";
        lines[4] = fields.join(',');
        const QString candidate =
            test::writeFile(dir, QStringLiteral("cand.csv"), lines.join('\n'));
        try {
            openFixture(fixture(QStringLiteral("champion.csv")), candidate,
                        fixture(QStringLiteral("policy.yaml")));
            QFAIL("segment values that differ between the runs were accepted");
        } catch (const InputError &e) {
            const QString m = e.message();
            QVERIFY2(m.contains(QStringLiteral("'region'")) &&
                         m.contains(QStringLiteral("1 rows")) &&
                         m.contains(QStringLiteral("row id ") + QString::fromLatin1(id)) &&
                         m.contains(QStringLiteral("champion.csv (line 5)")) &&
                         m.contains(QStringLiteral("cand.csv (line 5)")),
                     qPrintable(m));
            QCOMPARE(e.line(), qint64(5));
        }
    }

    void allMissingAndIdLikeColumnsAreLeftOutWithANote()
    {
        QTemporaryDir dir;
        QByteArray data = withColumn(QStringLiteral("empty"), [](int) { return QByteArray("NA"); });
        QFile::remove(dir.filePath(QStringLiteral("c.csv")));
        const QString withEmpty = test::writeFile(dir, QStringLiteral("c.csv"), data);
        const QString idText = test::writeFile(dir, QStringLiteral("t.csv"),
                                               withColumn(QStringLiteral("customer"), [](int r) {
                                                   return "cust-" + QByteArray::number(r * 13);
                                               }));
        const QString idNumber = test::writeFile(dir, QStringLiteral("n.csv"),
                                                 withColumn(QStringLiteral("account"), [](int r) {
                                                     return QByteArray::number(100000 + r * 3);
                                                 }));
        const struct
        {
            QString file, column, note;
        } cases[] = {
            {withEmpty, QStringLiteral("empty"), QStringLiteral("every value is missing")},
            {idText, QStringLiteral("customer"), QStringLiteral("more than 50 distinct values")},
            {idNumber, QStringLiteral("account"), QStringLiteral("different whole number")}};
        for (const auto &c : cases) {
            const Review review = openFixture(c.file, fixture(QStringLiteral("candidate.csv")),
                                              fixture(QStringLiteral("policy.yaml")));
            const SegmentAnalysis &a = *review.report->segments;
            QVERIFY2(!columnNamed(a, c.column), qPrintable(c.column));
            const QString notes = a.notes.join(QLatin1Char(' '));
            QVERIFY2(notes.contains(QStringLiteral("'%1'").arg(c.column)) && notes.contains(c.note),
                     qPrintable(notes));
            QVERIFY(columnNamed(a, QStringLiteral("region"))); // the others still count
        }
    }

    void noSegmentColumnsNoAnalysis()
    {
        const QString plain =
            test::dataPath(QStringLiteral("gate-cases/churn-classifier/champion.csv"));
        const Review review = openFixture(plain, plain, {});
        QVERIFY(!review.report->segments);
    }

    void benjaminiHochbergEqualsStatsmodels()
    {
        const QJsonObject bh =
            test::readJson(fixture(QStringLiteral("reference.json")))[QStringLiteral("bh")]
                .toObject();
        std::vector<double> p;
        for (const QJsonValue &v : bh[QStringLiteral("p")].toArray())
            p.push_back(v.toDouble());
        std::vector<double> adjusted;
        const std::vector<bool> reject = benjaminiHochberg(p, 0.05, &adjusted);
        const QJsonArray expectedReject = bh[QStringLiteral("reject")].toArray();
        const QJsonArray expectedAdjusted = bh[QStringLiteral("adjusted")].toArray();
        int rejected = 0;
        for (size_t i = 0; i < p.size(); ++i) {
            QCOMPARE(reject[i], expectedReject[int(i)].toBool());
            QCOMPARE(adjusted[i], expectedAdjusted[int(i)].toDouble());
            rejected += reject[i];
        }
        QVERIFY(rejected > 0 && rejected < int(p.size()));
    }
};

QTEST_GUILESS_MAIN(TestSegments)
#include "test_segments.moc"

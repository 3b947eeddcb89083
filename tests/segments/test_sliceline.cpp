// SliceLine on the paired loss is exact: its top-K equals a brute-force enumeration of every
// conjunction (each evaluated by a scan of the rows, scored by the formula of the sliceline
// package's documentation written out here) on random data with planted slices and with none.
#include "segments/sliceline.h"
#include "slicedata.h"

#include <QtTest>

#include <functional>
#include <random>

using namespace gr;

namespace {

using Data = test::SliceData;

// Rows with random codes; losses from 8 classes (some negative). A planted slice gets the
// high-loss class with probability 0.8.
Data randomData(uint32_t seed, int rows, int columns, int maxCardinality, int planted)
{
    std::mt19937 rng(seed);
    Data d;
    d.lossOfClass = {-2'000'000, -500'000, 0, 0, 250'000, 1'000'000, 3'000'000, 40'000'000};
    for (int c = 0; c < columns; ++c) {
        d.cardinality.push_back(2 + int(rng() % uint32_t(maxCardinality - 1)));
        std::vector<uint8_t> codes(static_cast<size_t>(rows));
        for (auto &v : codes)
            v = uint8_t(rng() % uint32_t(d.cardinality.back()));
        d.columns.push_back(std::move(codes));
    }
    d.rowClass.resize(size_t(rows));
    for (auto &k : d.rowClass)
        k = uint8_t(rng() % 7); // classes 0..6: mean loss slightly positive
    for (int p = 0; p < planted; ++p) {
        const int level = 2 + p % 2;
        std::vector<std::pair<int, int>> predicates;
        for (int i = 0; i < level; ++i) {
            const int column = (p * 3 + i * 2) % columns;
            predicates.push_back({column, int(rng() % uint32_t(d.cardinality[size_t(column)]))});
        }
        for (int r = 0; r < rows; ++r) {
            bool in = true;
            for (const auto &[c, v] : predicates)
                in = in && d.columns[size_t(c)][size_t(r)] == v;
            if (in && rng() % 10 < 8) d.rowClass[size_t(r)] = 7;
        }
    }
    return d;
}

// The score of the sliceline package's documentation: sc = α((se/|S|)/ē − 1) − (1−α)(n/|S| − 1).
double documentedScore(double alpha, int64_t n, int64_t totalLoss, int64_t size, int64_t loss)
{
    const double averageLoss = double(totalLoss) / double(n);
    return alpha * ((double(loss) / double(size)) / averageLoss - 1) -
           (1 - alpha) * (double(n) / double(size) - 1);
}

std::vector<Slice> bruteForce(const Data &d, const SliceSettings &s)
{
    const int64_t n = int64_t(d.rowClass.size());
    int64_t total = 0;
    for (const uint8_t k : d.rowClass)
        total += d.lossOfClass[k];
    std::vector<Slice> all;
    if (total <= 0) return all;
    std::vector<SlicePredicate> current;
    std::function<void(int)> extend = [&](int fromColumn) {
        if (!current.empty()) {
            Slice slice;
            slice.predicates = current;
            for (int64_t r = 0; r < n; ++r) {
                bool in = true;
                for (const SlicePredicate &p : current)
                    in = in && d.columns[size_t(p.column)][size_t(r)] == p.value;
                if (!in) continue;
                const int64_t e = d.lossOfClass[d.rowClass[size_t(r)]];
                ++slice.stats.size;
                slice.stats.loss += e;
                slice.stats.positiveLoss += std::max<int64_t>(e, 0);
                slice.stats.maxLoss = std::max(slice.stats.maxLoss, e);
            }
            if (slice.stats.size >= s.minSupport && slice.stats.size > 0) {
                slice.score =
                    documentedScore(s.alpha, n, total, slice.stats.size, slice.stats.loss);
                if (slice.score > 0) all.push_back(slice);
            }
        }
        if (int(current.size()) == s.maxLevel) return;
        for (int c = fromColumn; c < int(d.columns.size()); ++c)
            for (int v = 0; v < d.cardinality[size_t(c)]; ++v) {
                current.push_back({c, v});
                extend(c + 1);
                current.pop_back();
            }
    };
    extend(0);
    std::sort(all.begin(), all.end(), [](const Slice &a, const Slice &b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.stats.size != b.stats.size) return a.stats.size > b.stats.size;
        if (a.predicates.size() != b.predicates.size())
            return a.predicates.size() < b.predicates.size();
        for (size_t i = 0; i < a.predicates.size(); ++i) {
            if (a.predicates[i].column != b.predicates[i].column)
                return a.predicates[i].column < b.predicates[i].column;
            if (a.predicates[i].value != b.predicates[i].value)
                return a.predicates[i].value < b.predicates[i].value;
        }
        return false;
    });
    if (int(all.size()) > s.topK) all.resize(size_t(s.topK));
    return all;
}

QString describe(const std::vector<Slice> &slices)
{
    QStringList out;
    for (const Slice &s : slices) {
        QStringList p;
        for (const SlicePredicate &q : s.predicates)
            p << QStringLiteral("c%1=%2").arg(q.column).arg(q.value);
        out << QStringLiteral("%1 n=%2 se=%3 sc=%4")
                   .arg(p.join(QLatin1Char('&')))
                   .arg(s.stats.size)
                   .arg(s.stats.loss)
                   .arg(s.score, 0, 'g', 17);
    }
    return out.join(QStringLiteral("\n"));
}

} // namespace

class TestSliceLine : public QObject
{
    Q_OBJECT

private slots:
    void equalsBruteForce_data()
    {
        QTest::addColumn<uint>("seed");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("maxCardinality");
        QTest::addColumn<int>("planted");
        QTest::addColumn<int>("topK");
        QTest::addColumn<int>("minSupport");
        QTest::addColumn<double>("alpha");
        for (uint seed = 1; seed <= 6; ++seed) {
            QTest::addRow("planted-%u", seed) << seed << 3000 << 5 << 5 << int(1 + seed % 2)
                                              << int(3 + seed) << int(5 + 5 * seed) << 0.95;
            QTest::addRow("none-%u", seed) << seed + 100 << 2500 << 5 << 4 << 0 << 5
                                           << int(10 * seed) << (seed % 2 ? 0.85 : 0.95);
        }
        QTest::addRow("tiny-support") << 77u << 800 << 6 << 3 << 1 << 10 << 1 << 0.95;
    }

    void equalsBruteForce()
    {
        QFETCH(uint, seed);
        QFETCH(int, rows);
        QFETCH(int, columns);
        QFETCH(int, maxCardinality);
        QFETCH(int, planted);
        QFETCH(int, topK);
        QFETCH(int, minSupport);
        QFETCH(double, alpha);
        const Data d = randomData(seed, rows, columns, maxCardinality, planted);
        const SliceSettings settings{topK, 3, alpha, minSupport};
        const SliceResult found = findSlices(d.input(), settings);
        const std::vector<Slice> expected = bruteForce(d, settings);
        if (planted > 0 || alpha > 0.9) QVERIFY(!expected.empty());
        QCOMPARE(describe(found.top), describe(expected));
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(found.top[i].predicates, expected[i].predicates);
            QCOMPARE(found.top[i].stats.size, expected[i].stats.size);
            QCOMPARE(found.top[i].stats.loss, expected[i].stats.loss);
            QCOMPARE(found.top[i].score, expected[i].score);
        }
        // The exhaustive enumeration (the bench's baseline) agrees too.
        QCOMPARE(describe(enumerateSlices(d.input(), settings).top), describe(expected));
        if (planted > 0) {
            QVERIFY(expected.front().predicates.size() >= 2);
            // Pruning did something: fewer candidates evaluated than exist.
            int64_t evaluated = 0, generated = 0;
            for (const SliceLevel &l : found.levels) {
                evaluated += l.evaluated;
                generated += l.generated;
            }
            QVERIFY2(evaluated <= generated, qPrintable(QString::number(evaluated)));
        }
    }

    void noLossNoSlices()
    {
        Data d = randomData(5, 500, 3, 4, 0);
        for (auto &k : d.rowClass)
            k = uint8_t(k % 3); // classes 0..2: losses <= 0
        const SliceResult found = findSlices(d.input(), {5, 3, 0.95, 5});
        QVERIFY(found.top.empty());
        QVERIFY(!found.note.isEmpty());
    }

    void scoreFormulaAndUpperBound()
    {
        // n = 100 rows losing 1,000 in total (ē = 10); a slice of 10 rows losing 600:
        // sc = 0.95 (60/10 − 1) − 0.05 (100/10 − 1) = 4.75 − 0.45 = 4.3.
        QVERIFY(qFuzzyCompare(sliceScore(0.95, 1000, 100, 600, 10), 4.3));
        // Any sub-slice of it (>= 5 rows) scores at most the bound, and the bound is attained
        // by the 5 worst rows when they carry all the loss (max loss 120 each).
        const double ub = sliceScoreUpperBound(0.95, 1000, 100, 5, 10, 600, 120);
        QVERIFY(qFuzzyCompare(ub, sliceScore(0.95, 1000, 100, 600, 5)));
        QVERIFY(ub >= sliceScore(0.95, 1000, 100, 600, 10));
        QCOMPARE(sliceScoreUpperBound(0.95, 1000, 100, 20, 10, 600, 120),
                 -std::numeric_limits<double>::infinity()); // below the minimum support
    }
};

QTEST_GUILESS_MAIN(TestSliceLine)
#include "test_sliceline.moc"

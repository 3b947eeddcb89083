// The score histogram behind the distributions page: bins, class split, edges and cancellation.
#include "metrics/scorehistogram.h"
#include "model/errors.h"
#include "model/taskcontrol.h"

#include <QtTest>

using namespace gr;

class TestScoreHistogram : public QObject
{
    Q_OBJECT
private slots:
    void binsByClass()
    {
        const std::vector<uint8_t> labels{0, 0, 1, 1, 1, 0};
        const std::vector<double> scores{0.0, 0.09, 0.1, 0.55, 1.0, 0.999};
        const ScoreHistogram h = computeScoreHistogram(labels, scores, 10);
        QCOMPARE(h.bins, 10);
        QCOMPARE(h.negatives[0], 2); // 0.0 and 0.09
        QCOMPARE(h.positives[1], 1); // 0.1 starts bin 1
        QCOMPARE(h.positives[5], 1);
        QCOMPARE(h.positives[9], 1); // a score of exactly 1 joins the last bin
        QCOMPARE(h.negatives[9], 1);
        QCOMPARE(h.totalPositives(), 3);
        QCOMPARE(h.totalNegatives(), 3);
        QCOMPARE(h.binLow(3), 0.3);
    }

    void clampsOutOfRangeScores()
    {
        const ScoreHistogram h = computeScoreHistogram({1, 0}, {-0.5, 1.5}, 4);
        QCOMPARE(h.positives[0], 1);
        QCOMPARE(h.negatives[3], 1);
    }

    void empty()
    {
        const ScoreHistogram h = computeScoreHistogram({}, {}, 5);
        QCOMPARE(h.totalPositives() + h.totalNegatives(), 0);
        QCOMPARE(int(h.positives.size()), 5);
    }

    void cancels()
    {
        TaskControl control;
        control.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, computeScoreHistogram({1}, {0.5}, 5, &control));
    }
};

QTEST_GUILESS_MAIN(TestScoreHistogram)
#include "test_scorehistogram.moc"

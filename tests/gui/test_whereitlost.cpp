// The "Where it lost" page and its rows model: the model passes QAbstractItemModelTester; filtering
// by a paired outcome or a transition lists exactly that cell's rows (the core's counts); a slice
// lists exactly its rows with the core's NB; sorting and CSV export keep the rows; the page's
// tables show the core's numbers. With GR_WHEREITLOST_SCREENSHOT=FILE the page is saved as PNG.
#include "testhelpers.h"

#include "review/openreview.h"
#include "segments/disagreementmodel.h"
#include "segments/whereitlostpage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

using namespace gr;
using namespace gr::ui;

namespace {

Review fixtureReview()
{
    const auto path = [](const char *f) {
        return test::dataPath(QStringLiteral("segments/") + QLatin1String(f));
    };
    return openReview(
        ReviewRequest(path("champion.csv"), path("candidate.csv"), path("policy.yaml")));
}

bool isRight(Cell c)
{
    return c == Cell::TP || c == Cell::TN;
}

} // namespace

class TestWhereItLost : public QObject
{
    Q_OBJECT

private slots:
    void modelFiltersExactlyTheCellsRows()
    {
        const Review review = fixtureReview();
        const auto report = review.report;
        const SegmentAnalysis &a = *report->segments;
        DisagreementModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setReport(report);
        const PairedComparison &p = *report->comparison;
        struct
        {
            DisagreementModel::Outcome outcome;
            int64_t expected;
        } cases[] = {{DisagreementModel::Outcome::ChampionOnlyRight, p.championOnlyCorrect},
                     {DisagreementModel::Outcome::CandidateOnlyRight, p.candidateOnlyCorrect},
                     {DisagreementModel::Outcome::BothWrong, p.bothWrong},
                     {DisagreementModel::Outcome::Disagreements,
                      p.championOnlyCorrect + p.candidateOnlyCorrect},
                     {DisagreementModel::Outcome::AllRows, int64_t(a.transitions.size())}};
        for (const auto &c : cases) {
            model.setOutcome(c.outcome);
            QCOMPARE(int64_t(model.rowCount()), c.expected);
            for (const uint32_t r : model.rows()) {
                const Cell ch = Cell(a.transitions[r] / 4), ca = Cell(a.transitions[r] % 4);
                if (c.outcome == DisagreementModel::Outcome::ChampionOnlyRight)
                    QVERIFY(isRight(ch) && !isRight(ca));
                if (c.outcome == DisagreementModel::Outcome::CandidateOnlyRight)
                    QVERIFY(!isRight(ch) && isRight(ca));
                if (c.outcome == DisagreementModel::Outcome::BothWrong)
                    QVERIFY(!isRight(ch) && !isRight(ca));
            }
        }
        // Every transition lists exactly the core's count of that Δ cell.
        for (int from = 0; from < 4; ++from)
            for (int to = 0; to < 4; ++to) {
                model.setOutcome(DisagreementModel::Outcome::Transition, Cell(from), Cell(to));
                QCOMPARE(int64_t(model.rowCount()), p.transitions[size_t(from)][size_t(to)]);
            }
        // A slice: exactly its rows, and the slice's NB equals the core's.
        QVERIFY(!a.slices.empty());
        const SliceFinding &top = a.slices.front();
        model.setOutcome(DisagreementModel::Outcome::AllRows);
        model.setSlice(top.slice);
        QCOMPARE(int64_t(model.rowCount()), top.slice.stats.size);
        QCOMPARE(model.championNetBenefit(), top.championNetBenefit);
        QCOMPARE(model.candidateNetBenefit(), top.candidateNetBenefit);
        for (const uint32_t r : model.rows())
            QVERIFY(a.contains(top.slice, r));
        // A slice and a cell together, then sorting by the loss (descending), then back.
        model.setOutcome(DisagreementModel::Outcome::ChampionOnlyRight);
        const std::vector<uint32_t> unsorted = model.rows();
        model.sort(DisagreementModel::Loss, Qt::DescendingOrder);
        std::vector<uint32_t> sorted = model.rows();
        for (int k = 1; k < model.rowCount(); ++k)
            QVERIFY(model.index(k - 1, DisagreementModel::Loss)
                        .data(DisagreementModel::SortRole)
                        .toLongLong() >= model.index(k, DisagreementModel::Loss)
                                             .data(DisagreementModel::SortRole)
                                             .toLongLong());
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(sorted, unsorted); // the same rows, reordered
        model.sort(DisagreementModel::RowId, Qt::AscendingOrder);
        model.setSlice(std::nullopt);
        QCOMPARE(int64_t(model.rowCount()), p.championOnlyCorrect);
    }

    // Millions of listed rows reach the view in batches, as it scrolls: the view's rows grow by
    // fetchMore() while rows(), the confusion and the CSV cover every listed row; a new filter
    // starts again from one batch, and a sort never points the view past the fetched rows.
    void rowsReachTheViewInBatches()
    {
        const Review review = fixtureReview();
        // No QAbstractItemModelTester here: it calls fetchMore() itself, from inside the model's
        // reset signal, and then reports the rows it inserted as inserted during the reset.
        DisagreementModel model;
        model.setFetchBatch(7);
        model.setReport(review.report);
        model.setOutcome(DisagreementModel::Outcome::AllRows);
        const size_t all = model.rows().size();
        QVERIFY(all > 20);
        QCOMPARE(model.rowCount(), 7);
        QVERIFY(model.canFetchMore({}));
        QCOMPARE(model.confusion(true).total(), int64_t(all)); // of every listed row
        QCOMPARE(model.toCsv().trimmed().split(QLatin1Char('\n')).size(), qsizetype(all) + 1);

        const QPersistentModelIndex first = model.index(0, DisagreementModel::RowId);
        const qulonglong firstRow = first.data(DisagreementModel::RowIndexRole).toULongLong();
        int fetches = 0;
        while (model.canFetchMore({})) {
            const int before = model.rowCount();
            model.fetchMore({});
            QCOMPARE(size_t(model.rowCount()), std::min(all, size_t(before) + 7));
            ++fetches;
        }
        QCOMPARE(size_t(fetches), (all + 6) / 7 - 1);
        QCOMPARE(size_t(model.rowCount()), all);
        QVERIFY(first.isValid());

        // Sorted while every row is fetched: the persistent index follows its row.
        model.sort(DisagreementModel::Loss, Qt::DescendingOrder);
        QVERIFY(first.isValid());
        QCOMPARE(first.data(DisagreementModel::RowIndexRole).toULongLong(), firstRow);

        // A new filter lists again from one batch.
        model.setOutcome(DisagreementModel::Outcome::Disagreements);
        const size_t disagreements = model.rows().size();
        QCOMPARE(size_t(model.rowCount()), std::min<size_t>(7, disagreements));
        QVERIFY(!first.isValid()); // the listing was replaced

        // A row sorted past the fetched batch leaves the view rather than pointing past it.
        model.setOutcome(DisagreementModel::Outcome::AllRows);
        model.sort(DisagreementModel::RowId, Qt::AscendingOrder);
        const QPersistentModelIndex top = model.index(0, DisagreementModel::RowId);
        model.sort(DisagreementModel::RowId, Qt::DescendingOrder); // the first row is now last
        QVERIFY(!top.isValid());
        QCOMPARE(model.rowCount(), 7);
    }

    // Large sorts run on a worker: the same order as the synchronous sort, the view's rows
    // untouched until the result arrives, and a result overtaken by a new filter never applied.
    void backgroundSortGivesTheSameOrderAndDropsStaleResults()
    {
        const Review review = fixtureReview();
        DisagreementModel sync, background;
        QAbstractItemModelTester tester(&background,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        sync.setReport(review.report);
        background.setReport(review.report);
        background.setBackgroundFrom(0);
        QSignalSpy sorting(&background, &DisagreementModel::busyChanged);
        for (const auto &outcome :
             {DisagreementModel::Outcome::AllRows, DisagreementModel::Outcome::Disagreements}) {
            sync.setOutcome(outcome);
            background.setOutcome(outcome); // re-lists (and sorts by the last column, if any)
            QVERIFY(background.isListing());
            QVERIFY(background.rows().empty()); // no rows of the old filter under the new one
            QTRY_VERIFY(!background.isBusy());
            QCOMPARE(background.rows(), sync.rows());
            for (const int column : {int(DisagreementModel::Loss), int(DisagreementModel::RowId),
                                     int(DisagreementModel::CandidateScore)}) {
                sync.sort(column, Qt::DescendingOrder);
                const std::vector<uint32_t> before = background.rows();
                sorting.clear();
                background.sort(column, Qt::DescendingOrder);
                QVERIFY(background.isSorting());
                QCOMPARE(background.rows(), before); // unchanged until the worker is done
                QTRY_VERIFY(!background.isSorting());
                QCOMPARE(sorting.size(), 2);
                QCOMPARE(background.rows(), sync.rows());
            }
        }
        // A filter change while a sort runs: the old rows' result is dropped, the new rows sorted.
        background.sort(DisagreementModel::Loss, Qt::AscendingOrder);
        QVERIFY(background.isSorting());
        background.setOutcome(DisagreementModel::Outcome::BothWrong);
        QTRY_VERIFY(!background.isBusy());
        QTest::qWait(50); // the dropped worker's result has arrived by now as well
        sync.setOutcome(DisagreementModel::Outcome::BothWrong);
        sync.sort(DisagreementModel::Loss, Qt::AscendingOrder);
        QCOMPARE(int64_t(background.rowCount()), review.report->comparison->bothWrong);
        QCOMPARE(background.rows(), sync.rows());
    }

    // Large listings run on a worker too, with and without a segment analysis: the model lists
    // nothing (and says it is listing) until the rows arrive; then the same rows, cells and
    // dollars as the synchronous listing. A filter or sort given meanwhile wins over the listing
    // under way, whose result is dropped.
    void backgroundListingMatchesAndDropsStaleResults()
    {
        const Review review = fixtureReview();
        QVERIFY(review.report->segments);
        auto withoutSegments = std::make_shared<GateReport>(*review.report);
        withoutSegments->segments.reset();
        for (const std::shared_ptr<const GateReport> &report :
             {review.report, std::shared_ptr<const GateReport>(withoutSegments)}) {
            DisagreementModel sync, background;
            QAbstractItemModelTester tester(&background,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
            background.setBackgroundFrom(0);
            QSignalSpy busy(&background, &DisagreementModel::busyChanged);
            sync.setReport(report);
            background.setReport(report);
            QVERIFY(background.isListing());
            QCOMPARE(background.rowCount(), 0);
            QTRY_VERIFY(!background.isBusy());
            QCOMPARE(busy.size(), 2);
            QCOMPARE(background.rows(), sync.rows());
            QCOMPARE(int64_t(background.rowCount()), report->comparison->championOnlyCorrect +
                                                         report->comparison->candidateOnlyCorrect);
            for (const bool champion : {true, false})
                QCOMPARE(background.confusion(champion), sync.confusion(champion));
            QCOMPARE(background.championNetBenefit(), sync.championNetBenefit());
            QCOMPARE(background.candidateNetBenefit(), sync.candidateNetBenefit());
            QCOMPARE(background.index(0, DisagreementModel::ChampionCell).data(),
                     sync.index(0, DisagreementModel::ChampionCell).data());

            // Three changes in a row while listing: only the last listing, sorted, is applied.
            background.setOutcome(DisagreementModel::Outcome::AllRows);
            background.setOutcome(DisagreementModel::Outcome::Transition, Cell::FN, Cell::TP);
            background.sort(DisagreementModel::CandidateScore, Qt::DescendingOrder);
            QVERIFY(background.isListing());
            QTRY_VERIFY(!background.isBusy());
            QTest::qWait(50); // the dropped listings have finished as well
            sync.setOutcome(DisagreementModel::Outcome::Transition, Cell::FN, Cell::TP);
            sync.sort(DisagreementModel::CandidateScore, Qt::DescendingOrder);
            QCOMPARE(int64_t(background.rowCount()),
                     report->comparison->transitions[size_t(Cell::FN)][size_t(Cell::TP)]);
            QCOMPARE(background.rows(), sync.rows());
            QCOMPARE(background.confusion(false).tp, int64_t(background.rowCount()));
        }
    }

    void csvExportHasTheListedRows()
    {
        const Review review = fixtureReview();
        DisagreementModel model;
        model.setReport(review.report);
        model.setOutcome(DisagreementModel::Outcome::BothWrong);
        const QStringList lines = model.toCsv({0, 2}).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith(QStringLiteral("row id,label,champion score")));
        QVERIFY(lines[0].endsWith(QStringLiteral("device")));
        QVERIFY(lines[1].startsWith(model.index(0, 0).data().toString() + QLatin1Char(',')));
        QVERIFY(lines[2].startsWith(model.index(2, 0).data().toString() + QLatin1Char(',')));
        QCOMPARE(model.toCsv().trimmed().split(QLatin1Char('\n')).size(), model.rowCount() + 1);
    }

    void pageShowsTheCoresNumbersAndFiltersBySlice()
    {
        ReviewState state;
        WhereItLostPage page(&state);
        page.resize(1500, 1000);
        page.show();
        const Review review = fixtureReview();
        state.setReview(review);
        const SegmentAnalysis &a = *review.report->segments;
        auto *slices = page.findChild<QTableWidget *>(QStringLiteral("sliceTable"));
        auto *segments = page.findChild<QTableWidget *>(QStringLiteral("segmentTable"));
        QVERIFY(slices && segments);
        QCOMPARE(size_t(slices->rowCount()), a.slices.size());
        QCOMPARE(slices->item(0, 0)->text(), a.slices.front().description);
        QCOMPARE(slices->item(0, 2)->text(), formatMoney(a.slices.front().loss, a.currency));
        QCOMPARE(size_t(segments->rowCount()), a.segments.size());
        const SegmentComparison &first = *segmentsByLoss(a).front();
        QCOMPARE(segments->item(0, 6)->text(), formatSignedMoney(first.delta, a.currency));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("whereItLostSummary"))
                    ->text()
                    .contains(a.slices.front().description));
        // Clicking a slice filters the rows to it; "All rows" clears it.
        auto *outcome = page.findChild<QComboBox *>(QStringLiteral("outcomeFilter"));
        outcome->setCurrentIndex(outcome->findText(QStringLiteral("All rows")));
        const int all = page.rowsModel()->rowCount();
        page.showSlice(0);
        QCOMPARE(int64_t(page.rowsModel()->rowCount()), a.slices.front().slice.stats.size);
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("sliceFilter"))
                    ->text()
                    .contains(a.slices.front().description));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("rowsSummary"))
                    ->text()
                    .contains(formatMoney(a.slices.front().candidateNetBenefit, a.currency)));
        page.showSlice(-1);
        QCOMPARE(page.rowsModel()->rowCount(), all);
        // A transition from the combo.
        outcome->setCurrentIndex(outcome->findText(QStringLiteral("Champion TP → candidate FN")));
        QCOMPARE(int64_t(page.rowsModel()->rowCount()),
                 review.report->comparison->transitions[0][2]);
        // Export the selection.
        auto *view = page.findChild<QTableView *>(QStringLiteral("disagreementRows"));
        view->selectRow(1);
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("rows.csv"));
        QVERIFY(page.exportRows(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(
            lines[1].startsWith(page.rowsModel()->index(1, 0).data().toString().toUtf8() + ','));

        outcome->setCurrentIndex(0);
        const QString shot = qEnvironmentVariable("GR_WHEREITLOST_SCREENSHOT");
        if (!shot.isEmpty()) {
            QTest::qWait(200);
            QVERIFY(page.grab().save(shot));
        }
        // A new review without segment columns empties the tables and says why.
        const QString plain =
            test::dataPath(QStringLiteral("gate-cases/churn-classifier/champion.csv"));
        state.setReview(openReview(ReviewRequest(plain, plain)));
        QCOMPARE(slices->rowCount(), 0);
        QCOMPARE(segments->rowCount(), 0);
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("whereItLostSummary"))
                    ->text()
                    .contains(QStringLiteral("no segment columns")));
    }
};

QTEST_MAIN(TestWhereItLost)
#include "test_whereitlost.moc"

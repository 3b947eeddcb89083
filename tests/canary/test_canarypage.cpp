// The canary page offscreen: it loads a scenario, shows the verdict, plots and table, attaches the
// verdict to the gate report as layer 4, and shows a malformed file's message instead of a verdict.
#include "testhelpers.h"

#include "canaryintervalmodel.h"
#include "canarypage.h"
#include "gatemodel.h"
#include "plotview.h"

#include "gate/gateevaluator.h"
#include "io/runloader.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QTableView>
#include <QtTest>

using namespace gr;
using namespace gr::ui;

namespace {

QStringList scenarioFiles(const QString &name, QString *policy)
{
    const QDir dir(test::dataPath(QStringLiteral("canary/") + name));
    *policy = dir.filePath(QStringLiteral("policy.yaml"));
    QStringList files;
    for (const QJsonValue &f : test::readJson(dir.filePath(QStringLiteral("expected.json")))
                                   .value(QStringLiteral("data"))
                                   .toArray())
        files << dir.filePath(f.toString());
    return files;
}

std::shared_ptr<const GateReport> gateReport()
{
    const QDir dir(test::dataPath(QStringLiteral("gate-cases/churn-classifier")));
    return std::make_shared<GateReport>(evaluateGate(
        loadLocalRun(dir.filePath(QStringLiteral("champion.csv"))),
        loadLocalRun(dir.filePath(QStringLiteral("candidate.csv"))), GatePolicy::defaults()));
}

} // namespace

class TestCanaryPage : public QObject
{
    Q_OBJECT

private slots:
    void showsVerdictAndJoinsTheGate_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<int>("layerResult");
        QTest::addColumn<QString>("openedMetric"); // the page opens on what decided the verdict
        QTest::newRow("healthy") << QStringLiteral("healthy") << QStringLiteral("PROMOTE")
                                 << int(LayerResult::Pass) << QStringLiteral("error_rate");
        QTest::newRow("error-spike") << QStringLiteral("error-spike") << QStringLiteral("ROLLBACK")
                                     << int(LayerResult::Fail) << QStringLiteral("error_rate");
        QTest::newRow("latency-regression")
            << QStringLiteral("latency-regression") << QStringLiteral("ROLLBACK")
            << int(LayerResult::Fail) << QStringLiteral("latency_p50");
        QTest::newRow("low-traffic")
            << QStringLiteral("low-traffic") << QStringLiteral("INCONCLUSIVE")
            << int(LayerResult::NotRun) << QStringLiteral("error_rate");
    }

    void showsVerdictAndJoinsTheGate()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, verdict);
        QFETCH(int, layerResult);
        QFETCH(QString, openedMetric);
        ReviewState state;
        state.setReport(gateReport(), {});
        CanaryPage page(&state);
        page.resize(1200, 800);
        page.show();
        auto *table = page.findChild<QTableView *>(QStringLiteral("canaryIntervals"));
        QVERIFY(table);
        QAbstractItemModelTester tester(table->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        QString policy;
        const QStringList files = scenarioFiles(scenario, &policy);
        QSignalSpy reportChanged(&state, &ReviewState::reportChanged);
        QVERIFY2(page.load(policy, files), qPrintable(page.errorText()));
        auto *label = page.findChild<QLabel *>(QStringLiteral("canaryVerdict"));
        QCOMPARE(label->property("verdict").toString(), verdict);
        QVERIFY(label->text().startsWith(verdict));
        QCOMPARE(int(state.report()->layer(4).result), layerResult);
        QVERIFY(state.report()->layer(4).summary.startsWith(verdict));
        QCOMPARE(reportChanged.count(), 1);

        QCOMPARE(table->model()->rowCount(), int(page.result()->intervals.size()));
        for (int row = 0; row < table->model()->rowCount(); ++row)
            QCOMPARE(table->model()->index(row, CanaryIntervalModel::Verdict).data().toString(),
                     toString(page.result()->intervalResults.at(row).verdict));

        auto *combo = page.findChild<QComboBox *>(QStringLiteral("canaryMetricCombo"));
        QCOMPARE(combo->count(), 4);
        auto *metricPlot = page.findChild<PlotView *>(QStringLiteral("canaryMetricPlot"));
        QVERIFY(metricPlot->graphCount() >= 2);
        QCOMPARE(metricPlot->yAxis->label(), openedMetric);
        // A ROLLBACK opens on a metric the judge or a limit failed, never on one that passed.
        if (verdict == QLatin1String("ROLLBACK")) {
            bool failed = false;
            for (const JudgedMetric &m : page.result()->judge.metrics)
                if (m.metric == openedMetric) failed |= m.classification != JudgeClass::Pass;
            for (const IntervalResult &i : page.result()->intervalResults)
                for (const MetricLimitCheck &c : i.checks)
                    if (c.metric == openedMetric) failed |= !c.passed;
            QVERIFY(failed);
        }
        combo->setCurrentText(QStringLiteral("latency_p95"));
        QCOMPARE(metricPlot->yAxis->label(), QStringLiteral("latency_p95"));
        QCOMPARE(metricPlot->graph(0)->dataCount(), page.result()->intervals.size());
        auto *scorePlot = page.findChild<PlotView *>(QStringLiteral("canaryScorePlot"));
        if (page.result()->baselineScores.empty() && page.result()->baselineHistogram.empty()) {
            // No scores (no interval had traffic): a message, not empty axes.
            QVERIFY(scorePlot->isShowingEmpty());
            QCOMPARE(scorePlot->graphCount(), 0);
        } else {
            QCOMPARE(scorePlot->graphCount(), 2);
        }
        // The legends sit below the axes: no curve or bar is ever under them.
        for (PlotView *plot : {metricPlot, scorePlot}) {
            plot->replot();
            QVERIFY(!plot->legend->outerRect().intersects(plot->axisRect()->outerRect()));
        }

        // The gate table reads layer 4's counts as counts: "3" and "2", not "3.0000 / 2.0000".
        GateModel gate;
        gate.setReport(state.report().get());
        const QModelIndex layer4 = gate.index(3, 0);
        bool sawCounts = false;
        for (int row = 0; row < gate.rowCount(layer4); ++row) {
            if (gate.index(row, 0, layer4).data(GateModel::CheckIdRole).toString() !=
                QLatin1String("canary.failed_intervals"))
                continue;
            QCOMPARE(gate.index(row, GateModel::ValueColumn, layer4).data().toString(),
                     QString::number(page.result()->failedIntervals));
            QCOMPARE(gate.index(row, GateModel::LimitColumn, layer4).data().toString(),
                     QString::number(page.result()->policy.failureLimit));
            sawCounts = true;
        }
        QVERIFY(sawCounts);

        // A new gate report starts with layer 4 NOT_RUN; the page gives it the canary verdict
        // again.
        state.setReport(gateReport(), {});
        QCOMPARE(int(state.report()->layer(4).result), layerResult);
    }

    // latency-regression rolls back on the judge while every interval passes: the judge's bound
    // (baseline median × (1 + tolerance)) is drawn, so the plot shows what the canary crossed.
    void judgeToleranceIsDrawn()
    {
        ReviewState state;
        CanaryPage page(&state);
        page.resize(1200, 800);
        QString policy;
        QVERIFY(page.load(policy, scenarioFiles(QStringLiteral("latency-regression"), &policy)));
        const CanaryResult &r = *page.result();
        QCOMPARE(toString(r.verdict), QStringLiteral("ROLLBACK"));
        QCOMPARE(r.failedIntervals, 0);
        auto *plot = page.findChild<PlotView *>(QStringLiteral("canaryMetricPlot"));
        const QString metric = plot->yAxis->label();
        const JudgedMetric *judged = nullptr;
        for (const JudgedMetric &m : r.judge.metrics)
            if (m.metric == metric) judged = &m;
        QVERIFY(judged);
        QVERIFY(judged->classification == JudgeClass::High);
        QCPItemStraightLine *line = nullptr;
        for (QCPItemStraightLine *item : plot->findChildren<QCPItemStraightLine *>())
            if (item->objectName() == QLatin1String("judgeTolerance")) line = item;
        QVERIFY(line);
        QCOMPARE(line->point1->coords().y(), judged->baselineMedian * (1 + judged->tolerance));
        QVERIFY(plot->yAxis->range().contains(line->point1->coords().y()));
        bool labelled = false;
        for (QCPItemText *text : plot->findChildren<QCPItemText *>())
            labelled |= text->objectName() == QLatin1String("judgeToleranceLabel") &&
                        text->text().contains(QStringLiteral("+%1%").arg(judged->tolerance * 100));
        QVERIFY(labelled);
        if (const QString dir = qEnvironmentVariable("GR_SCREENSHOT_DIR"); !dir.isEmpty())
            page.grab().save(dir + QStringLiteral("/canary-latency-regression.png"));
        // Another review without canary data: no line left over, no axes, a message.
        state.clear();
        QVERIFY(plot->isShowingEmpty());
        // The empty plot keeps its full width (an empty legend below must not squeeze the axes).
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        plot->replot();
        QVERIFY2(plot->axisRect()->rect().width() > plot->width() / 2,
                 qPrintable(QStringLiteral("%1 of %2")
                                .arg(plot->axisRect()->rect().width())
                                .arg(plot->width())));
        for (QCPItemStraightLine *item : plot->findChildren<QCPItemStraightLine *>())
            QVERIFY(item->objectName() != QLatin1String("judgeTolerance"));
    }

    void failedIntervalsAreMarked()
    {
        ReviewState state;
        CanaryPage page(&state);
        QString policy;
        const QStringList files = scenarioFiles(QStringLiteral("error-spike"), &policy);
        QVERIFY(page.load(policy, files));
        auto *metricPlot = page.findChild<PlotView *>(QStringLiteral("canaryMetricPlot"));
        // baseline, canary, limit and the three failed intervals
        QCOMPARE(metricPlot->graphCount(), 4);
        QCOMPARE(metricPlot->graph(3)->dataCount(), 3);
    }

    void malformedDataShowsTheMessage()
    {
        ReviewState state;
        CanaryPage page(&state);
        QString policy;
        scenarioFiles(QStringLiteral("healthy"), &policy);
        const QString bad = test::dataPath(QStringLiteral("canary/malformed/bad-variant.csv"));
        QVERIFY(!page.load(policy, {bad}));
        auto *label = page.findChild<QLabel *>(QStringLiteral("canaryVerdict"));
        QCOMPARE(label->property("verdict").toString(), QStringLiteral("ERROR"));
        QVERIFY2(label->text().contains(bad + QStringLiteral(":3: variant 'blue'")),
                 qPrintable(label->text()));
    }
};

QTEST_MAIN(TestCanaryPage)
#include "test_canarypage.moc"

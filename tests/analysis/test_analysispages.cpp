// The "Ranking & calibration" and "Cost sensitivity" pages show exactly the core's numbers:
// every calibration-table cell, the DeLong and recalibration sentences, the flip sentence and
// the cell-value what-if, checked through a sequence (load, what-if, back to the policy, a new
// report). With GR_ANALYSIS_SCREENSHOTS=DIR set, both pages are also saved as PNGs.
#include "analysis/analysisformat.h"
#include "analysis/analysisstate.h"
#include "analysis/costsensitivitypage.h"
#include "analysis/rankingpage.h"
#include "confusionpage.h"
#include "decision/diagnosispage.h"
#include "gate/gateevaluator.h"
#include "gatepanel.h"
#include "io/runloader.h"
#include "plotview.h"
#include "testhelpers.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QtTest>

using namespace gr;
using namespace gr::ui;

namespace {

std::shared_ptr<const GateReport> reportFor(const QString &gateCase)
{
    const QString dir = test::dataPath(QStringLiteral("gate-cases/") + gateCase);
    return std::make_shared<GateReport>(
        evaluateGate(loadLocalRun(dir + QStringLiteral("/champion.csv")),
                     loadLocalRun(dir + QStringLiteral("/candidate.csv")),
                     loadGatePolicy(test::dataPath(QStringLiteral("reference/policy.yaml")))));
}

void waitForAnalysis(AnalysisState *state)
{
    QTRY_VERIFY_WITH_TIMEOUT(!state->isComputing() && state->analysis() != nullptr, 60000);
}

void saveScreenshot(QWidget *page, const QString &name)
{
    const QString dir = qEnvironmentVariable("GR_ANALYSIS_SCREENSHOTS");
    if (dir.isEmpty()) return;
    QTest::qWait(200);
    QVERIFY(page->grab().save(QDir(dir).filePath(name)));
}

} // namespace

class TestAnalysisPages : public QObject
{
    Q_OBJECT

private slots:
    void rankingPageShowsTheCoresNumbers();
    void costPageShowsTheCoresVerdictsAndWhatIf();
    void valuesWhatIfReachesEveryPageButNeverTheVerdict();
    void evidenceIsComputedOnceAndBelongsToItsReview();
    void cancelledEvidenceIsOfferedAgain();
};

void TestAnalysisPages::rankingPageShowsTheCoresNumbers()
{
    ReviewState state;
    RankingPage page(&state);
    page.resize(1400, 900);
    page.show();
    const auto table = page.findChild<QTableWidget *>(QStringLiteral("calibrationTable"));
    const auto delong = page.findChild<QLabel *>(QStringLiteral("delongSummary"));
    const auto recal = page.findChild<QLabel *>(QStringLiteral("recalibrationWhatIf"));
    QVERIFY(table && delong && recal);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("—")); // nothing loaded yet

    for (const QString &gateCase :
         {QStringLiteral("churn-classifier"), QStringLiteral("churn-classifier-regression")}) {
        const auto report = reportFor(gateCase);
        state.setReport(report, {});
        waitForAnalysis(page.analysisState());
        const auto a = page.analysisState()->analysis();
        // The analysis is the core's, for this report.
        const ReviewAnalysis expected = analyseReview(*report);
        for (int side = 0; side < 2; ++side) {
            const ModelAnalysis &m = expected.models[size_t(side)];
            QCOMPARE(table->item(RankingPage::RocAuc, side)->text(), formatMaybe(m.rocAuc));
            QCOMPARE(*m.rocAuc.value, side == 0 ? report->champion.metrics.rocAuc
                                                : report->candidate.metrics.rocAuc);
            QCOMPARE(table->item(RankingPage::AveragePrecision, side)->text(),
                     formatMaybe(m.averagePrecision));
            QCOMPARE(table->item(RankingPage::Ece, side)->text(),
                     formatStatistic(m.calibration.expectedCalibrationError));
            QCOMPARE(table->item(RankingPage::Brier, side)->text(),
                     formatStatistic(m.calibration.brier.brier));
            QCOMPARE(table->item(RankingPage::Resolution, side)->text(),
                     formatStatistic(m.calibration.brier.resolution));
            QCOMPARE(table->item(RankingPage::Slope, side)->text(),
                     m.calibration.fit.defined() ? formatStatistic(m.calibration.fit.slope, 3)
                                                 : QStringLiteral("undefined"));
            QCOMPARE(a->models[size_t(side)].calibration.fit.slope, m.calibration.fit.slope);
        }
        // The precision-recall curves are drawn: each graph's keys (recall) ascend from the
        // core's lowest recall to 1, so QCustomPlot draws every segment.
        auto *pr = page.findChild<PlotView *>(QStringLiteral("prPlot"));
        int curves = 0;
        for (int g = 0; g < pr->graphCount(); ++g) {
            const auto data = pr->graph(g)->data();
            if (pr->graph(g)->lineStyle() != QCPGraph::lsStepRight) continue;
            ++curves;
            const PrecisionRecallCurve &curve = expected.models[size_t(curves - 1)].pr;
            QVERIFY(data->size() > 2);
            QCOMPARE(data->begin()->key,
                     *std::min_element(curve.recall.begin(), curve.recall.end()));
            QCOMPARE((data->end() - 1)->key, 1.0);
            for (auto it = data->begin() + 1; it != data->end(); ++it)
                QVERIFY((it - 1)->key <= it->key);
        }
        QCOMPARE(curves, 2);
        QVERIFY2(delong->text().contains(formatStatistic(expected.delong.difference)),
                 qPrintable(delong->text()));
        QVERIFY(delong->text().contains(formatAnalysisPValue(expected.delong.pValue)));
        QVERIFY(recal->text().contains(expected.recalibration.sentence(QStringLiteral("USD"))));
        // Defined: the sentence and the cross-fitting explanation; otherwise the reason (a
        // fold whose other folds the score separates perfectly, in the small fixture).
        QVERIFY2(recal->text().contains(expected.recalibration.defined()
                                            ? QStringLiteral("no row is scored by a fit")
                                            : expected.recalibration.undefinedReason),
                 qPrintable(recal->text()));
        saveScreenshot(&page, QStringLiteral("rankingPage-%1.png").arg(gateCase));
    }
    state.clear();
    QTRY_COMPARE(table->item(0, 0)->text(), QStringLiteral("—"));
}

void TestAnalysisPages::costPageShowsTheCoresVerdictsAndWhatIf()
{
    ReviewState state;
    CostSensitivityPage page(&state);
    page.resize(1400, 900);
    page.show();
    const auto report = reportFor(QStringLiteral("churn-classifier-regression"));
    state.setReport(report, {});
    AnalysisState *analysis = AnalysisState::of(&state);
    waitForAnalysis(analysis);
    const auto a = analysis->analysis();
    QCOMPARE(page.flipText(), describeFlips(*a->declaredGrid, report->policy.currency));
    // The grid's policy point is the gate's own comparison.
    QCOMPARE(
        centsToDollars(a->declaredGrid->policyDelta),
        (report->candidate.metrics.netBenefit - report->champion.metrics.netBenefit).toDouble());
    QCOMPARE(a->declaredGrid->policyPromoted, report->result == GateResult::Promoted);

    // What-if at the policy's own values: the gate's delta; then other values; then back.
    const QString atPolicy = page.whatIfText();
    QVERIFY2(atPolicy.contains(formatCents(a->declaredGrid->policyDelta)), qPrintable(atPolicy));
    QVERIFY(atPolicy.contains(QStringLiteral("never the verdict")));
    page.setWhatIfValues(-10, -900);
    CentValues v = *CentValues::of(report->policy.values);
    v.fp = -1000;
    v.fn = -90000;
    const WideCents delta =
        netBenefitDelta(a->champion().cost, a->candidate().cost, v, OperatingPoint::Declared);
    QVERIFY2(page.whatIfText().contains(formatCents(delta)), qPrintable(page.whatIfText()));
    QCOMPARE(state.report().get(), report.get()); // the what-if never touches the review
    page.setWhatIfValues(report->policy.values.fp.toDouble(), report->policy.values.fn.toDouble());
    QCOMPARE(page.whatIfText(), atPolicy);

    // The other grid: each model at its own optimum.
    page.findChild<QComboBox *>(QStringLiteral("costGridMode"))->setCurrentIndex(1);
    QCOMPARE(page.flipText(), describeFlips(*a->optimumGrid, report->policy.currency));
    saveScreenshot(&page, QStringLiteral("costSensitivityPage.png"));
}

// The cell-value what-if flows through the ReviewState like a what-if threshold: the overview's
// gate panel, the confusion matrices and the diagnosis show net benefit at the what-if values,
// labelled what-if, while the verdict label and the report stay as they were. A sequence: policy,
// what-if, back to the policy.
void TestAnalysisPages::valuesWhatIfReachesEveryPageButNeverTheVerdict()
{
    ReviewState state;
    CostSensitivityPage cost(&state);
    GatePanel overview(&state);
    ConfusionPage confusion(&state);
    DiagnosisPage diagnosis(&state);
    const auto report = reportFor(QStringLiteral("churn-classifier-regression"));
    state.setReport(report, {});
    waitForAnalysis(AnalysisState::of(&state));
    auto *verdict = overview.findChild<QLabel *>(QStringLiteral("gateVerdictLabel"));
    auto *overviewWhatIf = overview.findChild<QLabel *>(QStringLiteral("gateWhatIfLabel"));
    auto *caption = confusion.findChild<QLabel *>(QStringLiteral("candidateMatrixCaption"));
    auto *diagnosisWhatIf = diagnosis.findChild<QLabel *>(QStringLiteral("diagnosisWhatIf"));
    QVERIFY(verdict && overviewWhatIf && caption && diagnosisWhatIf);
    const QString verdictBefore = verdict->text(), captionBefore = caption->text();
    const QString currency = report->policy.currency;
    const Money policyNb = report->candidate.metrics.netBenefit;
    QVERIFY2(captionBefore.contains(formatMoney(policyNb, currency)), qPrintable(captionBefore));
    QVERIFY(overviewWhatIf->text().isEmpty() && diagnosisWhatIf->text().isEmpty());

    cost.setWhatIfValues(-10, -900);
    QVERIFY(state.isValuesWhatIf());
    CellValues v = report->policy.values;
    v.fp = Money::fromUnits(-10);
    v.fn = Money::fromUnits(-900);
    // Independent of the pages: the core's net benefit at the declared thresholds and new values.
    const Money champion = v.netBenefit(report->champion.metrics.confusion),
                candidate = v.netBenefit(report->candidate.metrics.confusion);
    QVERIFY(candidate != policyNb);
    QVERIFY2(caption->text().contains(formatMoney(candidate, currency)),
             qPrintable(caption->text()));
    QVERIFY(caption->text().contains(QStringLiteral("WHAT-IF")));
    for (QLabel *l : {overviewWhatIf, diagnosisWhatIf}) {
        QVERIFY2(l->text().contains(formatMoney(champion, currency)) &&
                     l->text().contains(formatMoney(candidate, currency)) &&
                     l->text().contains(QStringLiteral("not the verdict")),
                 qPrintable(l->text()));
    }
    QCOMPARE(verdict->text(), verdictBefore); // the verdict never moves
    QCOMPARE(state.report().get(), report.get());

    cost.setWhatIfValues(report->policy.values.fp.toDouble(), report->policy.values.fn.toDouble());
    QVERIFY(!state.isValuesWhatIf());
    QCOMPARE(caption->text(), captionBefore);
    QVERIFY(overviewWhatIf->text().isEmpty() && diagnosisWhatIf->text().isEmpty());
    QCOMPARE(verdict->text(), verdictBefore);
}

// The window shows the verdict first and computes the evidence after it, once: the Ranking page's
// analysis is the one the diagnosis is built on, a review's evidence never lands in the next one,
// and a canary layer (a new report on the same runs) keeps the analysis but redoes the diagnosis.
void TestAnalysisPages::evidenceIsComputedOnceAndBelongsToItsReview()
{
    ReviewState state;
    RankingPage ranking(&state);
    DiagnosisPage diagnosis(&state);
    AnalysisState *analysis = ranking.analysisState();
    auto *status = diagnosis.findChild<QLabel *>(QStringLiteral("diagnosisStatus"));
    auto *record = diagnosis.findChild<QPushButton *>(QStringLiteral("recordDecision"));
    QVERIFY(status && record);
    const auto a = reportFor(QStringLiteral("churn-classifier"));
    const auto b = reportFor(QStringLiteral("churn-classifier-regression"));

    // A, then B before A's evidence can arrive.
    state.setReport(a, {});
    QVERIFY(analysis->isComputing());
    QVERIFY(!state.evidence().diagnosis);
    QVERIFY2(status->text().contains(QStringLiteral("Computing the evidence")),
             qPrintable(status->text()));
    QVERIFY(!record->isEnabled());
    state.setReport(b, {});
    waitForAnalysis(analysis);
    QTest::qWait(100); // A's cancelled computation has ended as well
    const ReviewEvidence held = state.evidence();
    QVERIFY(held.diagnosis && held.analysis);
    QCOMPARE(held.analysis.get(), analysis->analysis().get()); // one analysis for every page
    const ReviewEvidence expected = gatherEvidence(*b);
    QCOMPARE(held.diagnosis->comparison.delta, expected.diagnosis->comparison.delta);
    QCOMPARE(held.diagnosis->comparison.delta,
             b->candidate.metrics.netBenefit - b->champion.metrics.netBenefit);
    for (int step = 1; step <= 4; ++step)
        QCOMPARE(held.diagnosis->findings(step), expected.diagnosis->findings(step));
    QVERIFY(record->isEnabled());
    QVERIFY2(status->text().startsWith(QStringLiteral("Gate result ")), qPrintable(status->text()));

    // Evidence for a report that is no longer open is refused.
    state.setEvidence(a, gatherEvidence(*a));
    QCOMPARE(state.evidence().diagnosis.get(), held.diagnosis.get());

    // A canary layer: same runs and policy, so the analysis object is kept; step 4 is redone.
    LayerOutcome canary;
    canary.id = 4;
    canary.name = QStringLiteral("Canary");
    canary.result = LayerResult::Fail;
    canary.summary = QStringLiteral("error rate above the limit");
    state.setCanaryLayer(canary);
    QVERIFY(!state.evidence().diagnosis);
    QTRY_VERIFY_WITH_TIMEOUT(state.evidence().diagnosis != nullptr, 60000);
    QCOMPARE(state.evidence().analysis.get(), held.analysis.get());
    QVERIFY(state.evidence().diagnosis.get() != held.diagnosis.get());
    QCOMPARE(state.evidence().diagnosis->findings(4),
             gatherEvidence(*state.report()).diagnosis->findings(4));
}

// Cancelled on the Ranking page, the evidence is missing: the Diagnosis page says so, keeps
// Record disabled and computes it again on request. (A small report may finish before the cancel
// reaches it; the sequence is retried until one cancel lands.)
void TestAnalysisPages::cancelledEvidenceIsOfferedAgain()
{
    ReviewState state;
    DiagnosisPage diagnosis(&state);
    AnalysisState *analysis = AnalysisState::of(&state);
    auto *status = diagnosis.findChild<QLabel *>(QStringLiteral("diagnosisStatus"));
    auto *retry = diagnosis.findChild<QPushButton *>(QStringLiteral("diagnosisRetry"));
    auto *record = diagnosis.findChild<QPushButton *>(QStringLiteral("recordDecision"));
    QVERIFY(status && retry && record);
    const auto reports = std::array{reportFor(QStringLiteral("churn-classifier")),
                                    reportFor(QStringLiteral("churn-classifier-regression"))};
    for (int attempt = 0; attempt < 40; ++attempt) {
        state.setReport(reports[size_t(attempt % 2)], {});
        analysis->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!analysis->isComputing(), 60000);
        if (state.evidence().diagnosis) continue; // finished before the cancel
        QVERIFY2(status->text().contains(QStringLiteral("was cancelled")),
                 qPrintable(status->text()));
        QVERIFY(retry->isVisibleTo(&diagnosis));
        QVERIFY(!record->isEnabled());
        retry->click();
        QTRY_VERIFY_WITH_TIMEOUT(state.evidence().diagnosis != nullptr, 60000);
        QVERIFY(!retry->isVisibleTo(&diagnosis));
        QVERIFY(record->isEnabled());
        return;
    }
    QSKIP("every computation finished before its cancel reached it");
}

QTEST_MAIN(TestAnalysisPages)
#include "test_analysispages.moc"

// The Diagnosis page, offscreen: evidence per step appears for a report, notes are bound to the
// review state both ways, and the record button asks for the decision dialog.
#include "decision/diagnosispage.h"
#include "decision/reviewsessionstate.h"
#include "reportfixture.h"

#include <QLabel>
#include <QLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace gr;
using namespace gr::test;
using namespace gr::ui;

namespace {

QString evidenceText(QWidget *page, int step)
{
    QStringList text;
    for (const QLabel *label : page->findChild<QWidget *>(QStringLiteral("evidence%1").arg(step))
                                   ->findChildren<QLabel *>())
        text << label->text();
    return text.join(QLatin1Char('\n'));
}

} // namespace

class TestDiagnosisPage : public QObject
{
    Q_OBJECT
private slots:
    void showsEvidenceForEachStep()
    {
        ReviewState state;
        DiagnosisPage page(&state);
        page.resize(1000, 1400);
        page.show();
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("diagnosisStatus"))
                    ->text()
                    .contains(QLatin1String("Open a champion")));
        QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("recordDecision"))->isEnabled());

        state.setReport(fixtureGateReport(), ReviewInputs{});
        QTRY_VERIFY(!evidenceText(&page, StepComparison).isEmpty());
        QVERIFY(evidenceText(&page, StepComparison)
                    .contains(QLatin1String("Net benefit rose by $900")));
        QVERIFY(evidenceText(&page, StepData)
                    .contains(QLatin1String("dvc.lock: 5 of 7 deps and outs differ")));
        QVERIFY(evidenceText(&page, StepModel)
                    .contains(QLatin1String("Would the candidate win at its best threshold? Yes")));
        QVERIFY(evidenceText(&page, StepDecide).contains(QLatin1String("Fast-track review")));
        QVERIFY(!evidenceText(&page, StepDecide)
                     .contains(QLatin1String("Promote candidate ·"))); // the gate did not pass
        // Step 2: class balance, metadata diffs and the dvc.lock diff; step 3: sensitivity and
        // scores.
        QCOMPARE(page.findChild<QWidget *>(QStringLiteral("evidence2"))
                     ->findChildren<QTableWidget *>()
                     .size(),
                 3);
        QCOMPARE(page.findChild<QWidget *>(QStringLiteral("evidence3"))
                     ->findChildren<QTableWidget *>()
                     .size(),
                 2);
        QVERIFY(page.findChild<QPushButton *>(QStringLiteral("recordDecision"))->isEnabled());

        // Set GR_SCREENSHOT_DIR to look at the page.
        // Once laid out, every table shows all its rows: none is squeezed below its fixed height.
        QTest::qWait(50);
        for (int step = StepComparison; step <= StepDecide; ++step) {
            const QWidget *evidence =
                page.findChild<QWidget *>(QStringLiteral("evidence%1").arg(step));
            QTRY_VERIFY2(evidence->height() >= evidence->heightForWidth(evidence->width()),
                         qPrintable(QStringLiteral("step %1: %2 < %3")
                                        .arg(step)
                                        .arg(evidence->height())
                                        .arg(evidence->heightForWidth(evidence->width()))));
        }
        for (const QTableWidget *table : page.findChildren<QTableWidget *>())
            QCOMPARE(table->height(), table->minimumHeight());
        if (const QString dir = qEnvironmentVariable("GR_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(page.findChild<QScrollArea *>()->widget()->grab().save(
                dir + QStringLiteral("/diagnosispage.png")));
    }

    void notesAreBoundToTheState()
    {
        ReviewState state;
        state.setReport(fixtureGateReport(), ReviewInputs{}); // notes belong to an open review
        state.setNotes(StepData, QStringLiteral("from a session"));
        DiagnosisPage page(&state);
        auto *data = page.findChild<QPlainTextEdit *>(QStringLiteral("notes2"));
        QCOMPARE(data->toPlainText(), QStringLiteral("from a session"));

        QSignalSpy changed(&state, &ReviewState::notesChanged);
        auto *model = page.findChild<QPlainTextEdit *>(QStringLiteral("notes3"));
        model->setFocus();
        QTest::keyClicks(model, QStringLiteral("<script>x</script>"));
        QCOMPARE(state.notes(StepModel), QStringLiteral("<script>x</script>"));
        QVERIFY(changed.count() > 0);

        state.setNotes(StepComparison, QStringLiteral("typed elsewhere"));
        QCOMPARE(page.findChild<QPlainTextEdit *>(QStringLiteral("notes1"))->toPlainText(),
                 QStringLiteral("typed elsewhere"));
    }

    void recordButtonAsksForTheDialog()
    {
        ReviewState state;
        DiagnosisPage page(&state);
        state.setReport(fixtureGateReport(), ReviewInputs{});
        auto *record = page.findChild<QPushButton *>(QStringLiteral("recordDecision"));
        QTRY_VERIFY(record->isEnabled());
        QSignalSpy requested(&page, &DiagnosisPage::recordDecisionRequested);
        QTest::mouseClick(record, Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
    }

    void sessionSaveAndReopenRestoresTheReview()
    {
        ReviewState state;
        state.setReport(fixtureGateReport(),
                        ReviewInputs{dataPath(QStringLiteral("diagnosis/champion")),
                                     dataPath(QStringLiteral("diagnosis/candidate")),
                                     dataPath(QStringLiteral("reference/policy.yaml")), QString()});
        state.setWhatIfThreshold(Side::Candidate, 0.42);
        state.setNotes(StepData, QStringLiteral("dvc.lock shows new raw data"));
        state.setNotes(StepModel, QString());
        const ReviewSession saved = sessionFromState(state);
        QCOMPARE(saved.candidateWhatIf, std::optional<double>(0.42));
        QVERIFY(!saved.championWhatIf);     // still at its declared threshold
        QVERIFY(!saved.candidateThreshold); // declared by the run's metadata, not overridden
        QCOMPARE(saved.notes.size(), 1);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("postmortem.gatereview"));
        saveReviewSession(saved, path);
        const ReviewSession reopened = loadReviewSession(path);
        QCOMPARE(reopened, saved);

        ReviewState resumed;
        DiagnosisPage page(&resumed);
        resumed.setReport(fixtureGateReport(), ReviewInputs{reopened.champion, reopened.candidate,
                                                            reopened.policy, reopened.trackingUri});
        restoreSessionState(reopened, resumed);
        QCOMPARE(resumed.whatIfThreshold(Side::Candidate), 0.42);
        QCOMPARE(page.findChild<QPlainTextEdit *>(QStringLiteral("notes2"))->toPlainText(),
                 QStringLiteral("dvc.lock shows new raw data"));
    }
};

QTEST_MAIN(TestDiagnosisPage)
#include "test_diagnosispage.moc"

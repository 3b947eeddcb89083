// The review window over a whole postmortem, offscreen and found by objectName: one review never
// leaks into the next, a rejected open changes nothing and does not stick, unsaved work is never
// lost on quit or crash, the policy in force is on screen and a run's own cost values that
// disagree with it raise a warning, and a saved review reopens as saved.
#include "windowtest.h"

#include "canary/canarypage.h"
#include "decision/decisionlogmodel.h"
#include "decision/historypage.h"
#include "decision/recorddecisiondialog.h"
#include "decisionlog/decisionlog.h"
#include "mainwindow.h"
#include "mlflow/openmlflowdialog.h"
#include "palette.h"
#include "plotview.h"
#include "reviewactions.h"
#include "reviewautosave.h"
#include "reviewloader.h"
#include "session/reviewsession.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSlider>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QtTest>

#include <cmath>

using namespace gr;
using namespace gr::ui;
using gr::test::answerMessageBox;
using gr::test::casePath;
using gr::test::referencePolicy;

namespace {

QStringList canaryScenario(const QString &name, QString *policy)
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

} // namespace

class TestReviewLifecycle : public test::WindowTest
{
    Q_OBJECT

private slots:
    void init() { newWindow(); }

    void cleanup()
    {
        closeWindow();
        applyTheme(Theme::Light);
        QFile::remove(ReviewAutosave::path());
    }

    // Item 3: notes, decision and canary of review A never reach review B.
    void anotherPairStartsAnEmptyReview()
    {
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        ReviewState *state = m_window->state();
        const QString noteA = QStringLiteral("Review A: the holdout drifted in March");
        auto *note = find<QPlainTextEdit>(QStringLiteral("notes1"));
        QVERIFY(note);
        note->setPlainText(noteA);
        QCOMPARE(state->notes(1), noteA);
        Decision decided;
        decided.kind = DecisionKind::ChampionStays;
        decided.rationale = QStringLiteral("Rationale of review A");
        decided.author = QStringLiteral("alice");
        decided.decidedAt = QDateTime::currentDateTimeUtc();
        state->setDecision(RecordedDecision{decided, 1, QStringLiteral("ab").repeated(32), {}});
        QString canaryPolicy;
        const QStringList canary = canaryScenario(QStringLiteral("error-spike"), &canaryPolicy);
        QVERIFY(find<CanaryPage>(QStringLiteral("canaryPage"))->load(canaryPolicy, canary));
        QCOMPARE(toString(state->report()->layer(4).result), toString(LayerResult::Fail));

        // Review A has unsaved work: opening B asks first. Cancel keeps A whole.
        QVERIFY(state->isModified());
        const auto reportA = state->report();
        bool asked = false;
        answerMessageBox(QStringLiteral("unsavedReviewDialog"), QMessageBox::Cancel, &asked);
        const QString b = QStringLiteral("churn-classifier-regression");
        m_window->openPair(casePath(b, QStringLiteral("champion.csv")),
                           casePath(b, QStringLiteral("candidate.csv")), referencePolicy());
        QVERIFY(asked);
        QVERIFY(!m_window->loader()->isBusy()); // nothing was started
        QCOMPARE(state->report(), reportA);
        QCOMPARE(state->notes(1), noteA);
        QVERIFY(state->decision());
        // Discard lets B replace it.
        asked = false;
        answerMessageBox(QStringLiteral("unsavedReviewDialog"), QMessageBox::Discard, &asked);
        QCOMPARE(openCase(QStringLiteral("churn-classifier-regression")), QStringLiteral("loaded"));
        QVERIFY(asked);
        QVERIFY(state->allNotes().isEmpty());
        QVERIFY(note->toPlainText().isEmpty());
        QVERIFY(!state->decision());
        QVERIFY(!state->canary());
        QVERIFY(state->inputs().canaryData.isEmpty());
        QCOMPARE(toString(state->report()->layer(4).result), toString(LayerResult::NotRun));
        auto *verdict = find<CanaryPage>(QStringLiteral("canaryPage"))
                            ->findChild<QLabel *>(QStringLiteral("canaryVerdict"));
        QVERIFY(verdict->text().startsWith(QStringLiteral("No canary data")));

        QTemporaryDir dir;
        const QString md = dir.filePath(QStringLiteral("b.md"));
        QCOMPARE(m_window->actions()->exportReportTo(md), QString());
        QFile f(md);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString report = QString::fromUtf8(f.readAll());
        QVERIFY(!report.contains(QStringLiteral("holdout drifted")));
        QVERIFY(!report.contains(QStringLiteral("Rationale of review A")));
        QVERIFY(!report.contains(QStringLiteral("ROLLBACK")));
    }

    // Re-evaluating the same pair under another policy keeps the work on it.
    void anotherPolicyKeepsTheNotes()
    {
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        m_window->state()->setNotes(2, QStringLiteral("kept"));
        QCOMPARE(load([&] { m_window->openDropped({QUrl::fromLocalFile(referencePolicy())}); }),
                 QStringLiteral("loaded"));
        QCOMPARE(m_window->state()->notes(2), QStringLiteral("kept"));
    }

    // Item 4: a failed open leaves the review unchanged, and the rejected file does not stick.
    void failedOpenChangesNothingAndDoesNotStick()
    {
        QTemporaryDir dir;
        const QString bad = test::writeFile(dir, QStringLiteral("broken.csv"),
                                            "row_id,y_true,y_score\n1,0,0.2\n2,1,oops\n");
        const QString good = QStringLiteral("churn-classifier");
        // With no review open: the rejected pair is forgotten; two dropped files open.
        QCOMPARE(load([&] {
                     m_window->openPair(casePath(good, QStringLiteral("champion.csv")), bad,
                                        referencePolicy());
                 }),
                 QStringLiteral("failed"));
        QVERIFY(!m_window->state()->hasReport());
        QVERIFY(m_window->state()->inputs().champion.isEmpty());
        QVERIFY(!m_window->lastError().isEmpty());
        m_window->openDropped(
            {QUrl::fromLocalFile(casePath(good, QStringLiteral("champion.csv")))});
        QVERIFY(!m_window->loader()->isBusy()); // one side chosen: waits for the other
        QCOMPARE(load([&] {
                     m_window->openDropped(
                         {QUrl::fromLocalFile(casePath(good, QStringLiteral("candidate.csv")))});
                 }),
                 QStringLiteral("loaded"));
        QVERIFY(m_window->lastError().isEmpty());

        // With a review open: it stays, with its inputs; the next open builds on it.
        const auto before = m_window->state()->report();
        const ReviewInputs inputs = m_window->state()->inputs();
        m_window->state()->setNotes(1, QStringLiteral("still here"));
        bool asked = false; // unsaved notes: the window asks before another pair; let them go
        answerMessageBox(QStringLiteral("unsavedReviewDialog"), QMessageBox::Discard, &asked);
        QCOMPARE(load([&] { m_window->openDropped({QUrl::fromLocalFile(bad)}); }),
                 QStringLiteral("failed"));
        QVERIFY(asked);
        QVERIFY(m_window->state()->isModified()); // the failed open took nothing away
        QCOMPARE(m_window->state()->report(), before);
        QCOMPARE(m_window->state()->inputs().candidate, inputs.candidate);
        QCOMPARE(m_window->state()->notes(1), QStringLiteral("still here"));
        for (QWidget *w : QApplication::topLevelWidgets())
            if (qobject_cast<QMessageBox *>(w)) w->close();
        // A policy dropped next re-evaluates the open pair, not the rejected file.
        QCOMPARE(load([&] { m_window->openDropped({QUrl::fromLocalFile(referencePolicy())}); }),
                 QStringLiteral("loaded"));
        QCOMPARE(m_window->state()->inputs().candidate, inputs.candidate);
    }

    // Item 17: a prediction file without the usual column names asks which columns to read;
    // the choice goes into the request and the pair opens. A PNG renamed .csv is "not a text
    // file", not "the header has: \x89PNG".
    void unusualColumnsAreChosenAndBinaryFilesNamed()
    {
        QTemporaryDir dir;
        auto renamed = [&](const QString &side) {
            QFile f(casePath(QStringLiteral("churn-classifier"), side + QStringLiteral(".csv")));
            if (!f.open(QIODevice::ReadOnly)) return QString();
            QByteArray bytes = f.readAll();
            bytes.replace("row_id,y_true,y_score", "customer,churned,p_churn");
            return test::writeFile(dir, side + QStringLiteral("-renamed.csv"), bytes);
        };
        const QString champion = renamed(QStringLiteral("champion")),
                      candidate = renamed(QStringLiteral("candidate"));
        int dialogs = 0;
        auto *timer = new QTimer(this);
        timer->setInterval(20);
        connect(timer, &QTimer::timeout, this, [&dialogs] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                auto *d = qobject_cast<QDialog *>(w);
                if (!d || d->objectName() != QLatin1String("columnMappingDialog") ||
                    !d->isVisible())
                    continue;
                auto *ok = d->findChild<QPushButton *>(QStringLiteral("columnMappingOk"));
                if (!ok->isEnabled()) { // nothing auto-detected: the person chooses
                    d->findChild<QComboBox *>(QStringLiteral("columnId"))
                        ->setCurrentText(QStringLiteral("customer"));
                    d->findChild<QComboBox *>(QStringLiteral("columnLabel"))
                        ->setCurrentText(QStringLiteral("churned"));
                    d->findChild<QComboBox *>(QStringLiteral("columnScore"))
                        ->setCurrentText(QStringLiteral("p_churn"));
                }
                if (ok->isEnabled()) {
                    ++dialogs;
                    ok->click();
                }
            }
        });
        timer->start();
        m_window->openDropped({QUrl::fromLocalFile(champion)});
        QCOMPARE(dialogs, 1);
        QCOMPARE(load([&] { m_window->openDropped({QUrl::fromLocalFile(candidate)}); }),
                 QStringLiteral("loaded"));
        timer->stop();
        QCOMPARE(dialogs, 2);
        const ReviewInputs &inputs = m_window->state()->inputs();
        QCOMPARE(inputs.championOptions.columns.scoreColumn, QStringLiteral("p_churn"));
        QCOMPARE(inputs.candidateOptions.columns.idColumn, QStringLiteral("customer"));
        QCOMPARE(m_window->state()->report()->candidate.run->predictions.size(), size_t(171));

        const QString png = dir.filePath(QStringLiteral("chart.csv"));
        QVERIFY(QFile::copy(test::dataPath(QStringLiteral("bad-inputs/png-renamed.csv")), png));
        QCOMPARE(load([&] {
                     m_window->openPair(casePath(QStringLiteral("churn-classifier"),
                                                 QStringLiteral("champion.csv")),
                                        png, referencePolicy());
                 }),
                 QStringLiteral("failed"));
        QVERIFY2(m_window->lastError().contains(png + QStringLiteral(":3: not a text file")),
                 qPrintable(m_window->lastError()));
        QVERIFY(!m_window->lastError().contains(QStringLiteral("header has")));
    }

    // Item 2: Ctrl+Q, File ▸ Quit and closing the window ask before unsaved work goes.
    void quitWithUnsavedWorkAsks()
    {
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        QVERIFY(!m_window->state()->isModified());
        m_window->state()->setWhatIfThreshold(Side::Candidate, 0.3);
        QVERIFY(m_window->state()->isModified());

        bool asked = false;
        answerMessageBox(QStringLiteral("unsavedReviewDialog"), QMessageBox::Cancel, &asked);
        QVERIFY(!m_window->close()); // the window manager's close (Alt+F4)
        QVERIFY(asked);
        QVERIFY(m_window->isVisible());

        QAction *quit = nullptr;
        for (QAction *a : m_window->fileMenu()->actions())
            if (a->shortcut() == QKeySequence(QKeySequence::Quit)) quit = a;
        QVERIFY(quit); // File ▸ Quit, Ctrl+Q
        asked = false;
        answerMessageBox(QStringLiteral("unsavedReviewDialog"), QMessageBox::Cancel, &asked);
        quit->trigger();
        QVERIFY(asked);
        QVERIFY(m_window->isVisible());

        asked = false;
        answerMessageBox(QStringLiteral("unsavedReviewDialog"), QMessageBox::Discard, &asked);
        quit->trigger();
        QVERIFY(asked);
        QVERIFY(!m_window->isVisible());
    }

    void quitWithoutUnsavedWorkDoesNotAsk()
    {
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        QVERIFY(m_window->close());
    }

    // Crash-safe autosave: what was autosaved is offered at the next start, as unsaved work.
    void autosaveIsOfferedAfterACrash()
    {
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        m_window->state()->setNotes(3, QStringLiteral("autosaved note"));
        m_window->state()->setWhatIfThreshold(Side::Champion, 0.35);
        QVERIFY(m_window->autosave()->writeNow());
        QVERIFY(ReviewAutosave::exists());
        m_window.reset(); // no closeEvent: as if the process died
        newWindow();

        bool asked = false;
        answerMessageBox(QStringLiteral("recoverAutosaveDialog"), QMessageBox::Open, &asked);
        QCOMPARE(load([&] { QVERIFY(m_window->offerAutosave()); }), QStringLiteral("loaded"));
        QVERIFY(asked);
        QCOMPARE(m_window->state()->notes(3), QStringLiteral("autosaved note"));
        QCOMPARE(m_window->state()->whatIfThreshold(Side::Champion), 0.35);
        QVERIFY(m_window->state()->isModified());

        // Saving removes it; nothing is offered after a clean quit.
        QTemporaryDir dir;
        QCOMPARE(m_window->actions()->saveSessionTo(dir.filePath(QStringLiteral("r.gatereview"))),
                 QString());
        QVERIFY(!ReviewAutosave::exists());
        QVERIFY(!m_window->offerAutosave());
    }

    // Item 1: the policy in force is on the Overview; a run's own cost values that differ raise
    // a warning naming both.
    void policyInForceAndCostWarning()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("tuned"));
        QFile::copy(casePath(QStringLiteral("churn-classifier"), QStringLiteral("candidate.csv")),
                    dir.filePath(QStringLiteral("tuned/predictions.csv")));
        test::writeFile(dir, QStringLiteral("tuned/run.yaml"),
                        "display_name: tuned\nparams:\n  cost.fn_usd: \"-450\"\n");
        QCOMPARE(load([&] {
                     m_window->openPair(casePath(QStringLiteral("churn-classifier"),
                                                 QStringLiteral("champion.csv")),
                                        dir.filePath(QStringLiteral("tuned")), referencePolicy());
                 }),
                 QStringLiteral("loaded"));
        auto *policy = find<QLabel>(QStringLiteral("policyInForceLabel"));
        QVERIFY(policy->isVisibleTo(m_window.get()));
        QVERIFY2(policy->text().contains(QStringLiteral("policy.yaml")) &&
                     policy->text().contains(formatMoney(500)) &&
                     policy->text().contains(formatMoney(-300)),
                 qPrintable(policy->text()));
        auto *warning = find<QLabel>(QStringLiteral("reviewWarningsLabel"));
        QVERIFY(warning->isVisibleTo(m_window.get()));
        QVERIFY2(warning->text().contains(QStringLiteral("cost.fn_usd")) &&
                     warning->text().contains(formatMoney(-450)) &&
                     warning->text().contains(formatMoney(-300)),
                 qPrintable(warning->text()));

        // A pair without logged costs: no warning left over.
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        QVERIFY(!warning->isVisibleTo(m_window.get()));
    }

    // Item 1 and 10: Open from MLflow carries its own policy and predictions artifact.
    void openFromMlflowCarriesPolicyAndArtifact()
    {
        OpenMlflowDialog dialog;
        dialog.setPolicy(referencePolicy());
        dialog.findChild<QLineEdit *>(QStringLiteral("artifactPath"))
            ->setText(QStringLiteral("eval/preds.csv"));
        const ReviewRequest request = ReviewActions::requestFromDialog(dialog);
        QCOMPARE(request.policy, referencePolicy());
        QCOMPARE(request.championOptions.artifactPath, QStringLiteral("eval/preds.csv"));
        QCOMPARE(request.candidateOptions.artifactPath, QStringLiteral("eval/preds.csv"));
        dialog.setPolicy(QString());
        QVERIFY(ReviewActions::requestFromDialog(dialog).policy.isEmpty()); // built-in default
    }

    // Item 10: a saved review reopens with its threshold overrides, notes and what-ifs, and
    // says when a source no longer is what it was.
    void savedReviewReopensAsSaved()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.gatereview"));
        ReviewSession session;
        session.champion =
            casePath(QStringLiteral("churn-classifier"), QStringLiteral("champion.csv"));
        session.candidate =
            casePath(QStringLiteral("churn-classifier"), QStringLiteral("candidate.csv"));
        session.policy = referencePolicy();
        session.candidateThreshold = 0.4;
        session.candidateWhatIf = 0.25;
        session.notes.insert(4, QStringLiteral("resumed"));
        saveReviewSession(session, path);
        QCOMPARE(load([&] { m_window->openSession(loadReviewSession(path)); }),
                 QStringLiteral("loaded"));
        QCOMPARE(m_window->state()->report()->candidate.metrics.threshold, 0.4);
        QCOMPARE(m_window->state()->whatIfThreshold(Side::Candidate), 0.25);
        QCOMPARE(m_window->state()->notes(4), QStringLiteral("resumed"));
        QVERIFY(!find<QLabel>(QStringLiteral("reviewWarningsLabel"))->isVisibleTo(m_window.get()));

        // Saved again, the session records what each source resolved to...
        QCOMPARE(m_window->actions()->saveSessionTo(path), QString());
        ReviewSession saved = loadReviewSession(path);
        QCOMPARE(saved.candidateThreshold, std::optional<double>(0.4));
        QCOMPARE(saved.championIdentity.sha256,
                 m_window->state()->report()->champion.run->predictions.fileSha256);
        // ...so a file that changed since is reported on reopening.
        saved.championIdentity.sha256 = QStringLiteral("00").repeated(32);
        saveReviewSession(saved, path);
        QCOMPARE(load([&] { m_window->openSession(loadReviewSession(path)); }),
                 QStringLiteral("loaded"));
        auto *warning = find<QLabel>(QStringLiteral("reviewWarningsLabel"));
        QVERIFY(warning->isVisibleTo(m_window.get()));
        QVERIFY2(warning->text().contains(QStringLiteral("predictions changed")),
                 qPrintable(warning->text()));
    }

    // Item 17: an export name the app cannot write is refused, not written as Markdown.
    void unknownExportExtensionIsRefused()
    {
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("report.docx"));
        const QString problem = m_window->actions()->exportReportTo(path);
        QVERIFY2(problem.contains(QStringLiteral(".docx")), qPrintable(problem));
        QVERIFY(!QFile::exists(path));
    }

    // Item 17: one Recent entry per pair, however the path was spelled or the policy chosen.
    void recentHasOneEntryPerPair()
    {
        const QString name = QStringLiteral("churn-classifier");
        QCOMPARE(openCase(name), QStringLiteral("loaded"));
        const QString roundabout = casePath(name, QStringLiteral("../") + name);
        QCOMPARE(load([&] {
                     m_window->openPair(roundabout + QStringLiteral("/champion.csv"),
                                        roundabout + QStringLiteral("/candidate.csv"),
                                        test::dataPath(QStringLiteral("reference/policy.yaml")));
                 }),
                 QStringLiteral("loaded"));
        const QStringList recent =
            QSettings().value(QStringLiteral("recent/reviews")).toStringList();
        const QString pair = casePath(name, QStringLiteral("champion.csv")) + u'\n' +
                             casePath(name, QStringLiteral("candidate.csv")) + u'\n';
        QCOMPARE(std::count_if(recent.begin(), recent.end(),
                               [&pair](const QString &e) { return e.startsWith(pair); }),
                 1);
    }

    // Item 14: the View menu shows "&" as written; the slider moves 0.01 per arrow key.
    void viewMenuAndSliderKeys()
    {
        QAction *overview = find<QAction>(QStringLiteral("show_overviewPage"));
        QVERIFY(overview);
        QCOMPARE(overview->text(),
                 QStringLiteral("Overview && gate")); // shown as "Overview & gate"
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        auto *slider = find<QSlider>(QStringLiteral("candidateThresholdSlider"));
        const double before = m_window->state()->whatIfThreshold(Side::Candidate);
        slider->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        QVERIFY(std::abs(m_window->state()->whatIfThreshold(Side::Candidate) - (before + 0.01)) <
                1e-9);
        auto *table = find<QTableView>(QStringLiteral("metricsTable"));
        QVERIFY(!table->tabKeyNavigation()); // Tab leaves the table
    }

    // Items 5 and 17: with no review, or runs scored on different test sets, plots say why they
    // are empty instead of keeping axes or comparing; notes wait for a review.
    void emptyAndIncomparablePlotsSayWhy()
    {
        auto *nb = find<PlotView>(QStringLiteral("netBenefitPlot"));
        auto *threshold = find<PlotView>(QStringLiteral("sensitivityPlot"));
        // Hidden pages rebuild when shown: both are visited (and stay fresh) before reading.
        const auto showBoth = [this] {
            showPage(QStringLiteral("netBenefitPage"));
            showPage(QStringLiteral("thresholdPage"));
        };
        showBoth();
        QVERIFY(nb->isShowingEmpty() && threshold->isShowingEmpty());
        QVERIFY(find<QPlainTextEdit>(QStringLiteral("notes1"))->isReadOnly());

        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        showBoth();
        QVERIFY(!nb->isShowingEmpty() && !threshold->isShowingEmpty());
        QVERIFY(nb->graphCount() > 0);
        QVERIFY(!find<QPlainTextEdit>(QStringLiteral("notes1"))->isReadOnly());

        QCOMPARE(openCase(QStringLiteral("churn-classifier-split-mismatch")),
                 QStringLiteral("loaded"));
        QCOMPARE(toString(m_window->state()->report()->result), QStringLiteral("INVALID"));
        showBoth();
        QVERIFY(nb->isShowingEmpty());
        QVERIFY(nb->emptyMessage().startsWith(QStringLiteral("Not comparable")));
        QCOMPARE(nb->graphCount(), 0);
        QVERIFY(threshold->isShowingEmpty());
        QVERIFY(find<PlotView>(QStringLiteral("dollarsPlot"))->isShowingEmpty());
    }

    // Plot pages rebuild when shown, not while hidden: a new review's verdict page paints without
    // waiting for them. A sequence: open with the page hidden, show it, open another review while
    // it shows, hide it, open again, switch the theme, show it.
    void hiddenPlotPagesRebuildWhenShown()
    {
        auto *nb = find<PlotView>(QStringLiteral("netBenefitPlot"));
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        QCOMPARE(nb->graphCount(), 0); // hidden since the window opened: not built yet
        showPage(QStringLiteral("netBenefitPage"));
        QVERIFY(nb->graphCount() > 0);

        QCOMPARE(openCase(QStringLiteral("churn-classifier-split-mismatch")),
                 QStringLiteral("loaded"));
        QVERIFY(nb->isShowingEmpty()); // shown: rebuilt at once

        showPage(QStringLiteral("overviewPage"));
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        QVERIFY(nb->isShowingEmpty()); // hidden: still the previous review's plot
        applyTheme(Theme::Dark);
        QCoreApplication::processEvents();
        showPage(QStringLiteral("netBenefitPage"));
        QVERIFY(!nb->isShowingEmpty());
        QCPGraph *champion = nullptr; // drawn in the dark theme's champion colour
        for (int i = 0; i < nb->graphCount(); ++i)
            if (nb->graph(i)->name() == QLatin1String("champion")) champion = nb->graph(i);
        QVERIFY(champion);
        QCOMPARE(champion->pen().color(), colors::champion(nb->palette()));
        applyTheme(Theme::Light);
    }

    // Item 12: the threshold plot's eight lines differ by colour (not only by dash), in both
    // themes; a what-if label never covers the optimum star; bar labels are never cut off.
    void plotsKeepLinesAndLabelsReadable()
    {
        m_window->resize(1280, 720);
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        auto *threshold = find<PlotView>(QStringLiteral("sensitivityPlot"));
        showPage(QStringLiteral("thresholdPage"));
        for (const Theme theme : {Theme::Light, Theme::Dark}) {
            applyTheme(theme);
            QCoreApplication::processEvents();
            QCOMPARE(threshold->graphCount(), 8);
            for (int i = 0; i < 8; ++i)
                for (int j = i + 1; j < 8; ++j) {
                    const QColor a = threshold->graph(i)->pen().color(),
                                 b = threshold->graph(j)->pen().color();
                    const double distance =
                        std::hypot(a.red() - b.red(), a.green() - b.green(), a.blue() - b.blue());
                    QVERIFY2(distance > 30,
                             qPrintable(threshold->graph(i)->name() + QStringLiteral(" vs ") +
                                        threshold->graph(j)->name()));
                }
        }
        applyTheme(Theme::Light);

        m_window->pages()->setCurrentWidget(find<QWidget>(QStringLiteral("netBenefitPage")));
        auto *nb = find<PlotView>(QStringLiteral("netBenefitPlot"));
        ReviewState *state = m_window->state();
        for (const Side side : {Side::Champion, Side::Candidate}) {
            const ModelEvaluation *e = state->evaluation(side);
            const QString who =
                side == Side::Champion ? QStringLiteral("champion") : QStringLiteral("candidate");
            state->setWhatIfThreshold(side, e->metrics.bestNetBenefit.threshold);
            nb->replot();
            QCPGraph *star = nullptr;
            for (int i = 0; i < nb->graphCount(); ++i)
                if (nb->graph(i)->name() == who + QStringLiteral(" optimum")) star = nb->graph(i);
            QVERIFY(star);
            const QPointF at = star->coordsToPixels(e->metrics.bestNetBenefit.threshold,
                                                    e->metrics.bestNetBenefit.value.toDouble());
            for (const QString &marker : {QStringLiteral("champion"), QStringLiteral("candidate")})
                QVERIFY2(!nb->markerLabelRect(marker).contains(at), qPrintable(marker));
        }

        auto *dollars = find<PlotView>(QStringLiteral("dollarsPlot"));
        QTest::qWait(50); // a resize re-measures the bar labels (queued)
        dollars->replot();
        const QRectF inside = dollars->axisRect()->rect();
        int labels = 0;
        for (QCPItemText *t : dollars->findChildren<QCPItemText *>()) {
            if (t->objectName() == QLatin1String("emptyPlotMessage") || t->text().isEmpty())
                continue;
            if (!t->text().contains(QLatin1Char('$'))) continue; // the bar labels are dollars
            ++labels;
            const QRectF box(t->topLeft->pixelPosition(), t->bottomRight->pixelPosition());
            QVERIFY2(inside.contains(box), qPrintable(t->text()));
        }
        QCOMPARE(labels, 5);
        // ... and the bars keep their height: the axis spans at most a few times the tallest.
        double tallest = 0;
        for (int i = 0; i < dollars->plottableCount(); ++i)
            if (auto *bars = qobject_cast<QCPBars *>(dollars->plottable(i)))
                for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
                    tallest = std::max(tallest, std::abs(it->value));
        QVERIFY(tallest > 0);
        QVERIFY2(dollars->yAxis->range().size() < 8 * tallest,
                 qPrintable(QString::number(dollars->yAxis->range().size())));
    }

    // Item 6: the decision curve says what it weighs and does not carry the dollar optimum.
    void decisionCurveExplainsItself()
    {
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        auto *nb = find<PlotView>(QStringLiteral("netBenefitPlot"));
        auto names = [nb] {
            QStringList n;
            for (int i = 0; i < nb->graphCount(); ++i)
                n << nb->graph(i)->name();
            return n.join(u',');
        };
        showPage(QStringLiteral("netBenefitPage"));
        QVERIFY(names().contains(QStringLiteral("optimum")));
        find<QCheckBox>(QStringLiteral("decisionCurveCheck"))->setChecked(true);
        QVERIFY(!names().contains(QStringLiteral("optimum")));
        auto *note = find<QLabel>(QStringLiteral("decisionCurveNote"));
        QVERIFY(note->isVisibleTo(m_window.get()));
        QVERIFY(note->text().contains(QStringLiteral("not by the policy's dollars")));
    }

    // Item 7: the report cites the decision record and the what-if thresholds explored.
    void reportCitesTheRecordAndTheWhatIfs()
    {
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        ReviewState *state = m_window->state();
        state->setWhatIfThreshold(Side::Candidate, 0.3);
        Decision decided;
        decided.kind = DecisionKind::ChampionStays;
        decided.rationale = QStringLiteral("no gain");
        decided.author = QStringLiteral("bob");
        decided.decidedAt = QDateTime::currentDateTimeUtc();
        const QString hash = QStringLiteral("cd").repeated(32);
        state->setDecision(RecordedDecision{decided, 7, hash, {}});
        QTemporaryDir dir;
        for (const char *name : {"r.md", "r.json"}) {
            const QString path = dir.filePath(QString::fromLatin1(name));
            QCOMPARE(m_window->actions()->exportReportTo(path), QString());
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY2(bytes.contains(hash.toLatin1()), name);
            QVERIFY2(!bytes.contains("No decision is recorded"), name);
            if (QByteArray(name).endsWith(".json")) {
                const QJsonObject o = QJsonDocument::fromJson(bytes).object();
                QCOMPARE(o[QStringLiteral("decision_record")][QStringLiteral("id")].toInt(), 7);
                QCOMPARE(
                    o[QStringLiteral("what_if_thresholds")][QStringLiteral("candidate")].toDouble(),
                    0.3);
            } else {
                QVERIFY(bytes.contains("thresholds explored in the review"));
            }
        }
    }

    // Item 7: a past decision's report from History carries THAT decision (id, hash, rationale,
    // notes, what-ifs); another pair refuses it by name; a later session's export cites the
    // pair's current record instead of "No decision is recorded".
    void historyExportsAPastDecisionsReport()
    {
        QTemporaryDir dir;
        const QString logPath = dir.filePath(QStringLiteral("decisions.sqlite"));
        auto *history = find<HistoryPage>(QStringLiteral("historyPage"));
        history->setLogPath(logPath);
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        ReviewState *state = m_window->state();
        state->setNotes(1, QStringLiteral("first look: the March holdout"));
        state->setWhatIfThreshold(Side::Candidate, 0.3);
        auto record = [&](const QString &rationale) {
            RecordDecisionDialog dialog(state, logPath);
            dialog.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))
                ->setText(QStringLiteral("carol"));
            dialog.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
                ->setPlainText(rationale);
            QTest::mouseClick(
                dialog.findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
                Qt::LeftButton);
            return dialog.recorded();
        };
        QVERIFY(record(QStringLiteral("Rationale one")));
        state->setNotes(1, QStringLiteral("second look"));
        state->resetWhatIf();
        QVERIFY(record(QStringLiteral("Rationale two")));
        history->refresh();
        QCOMPARE(history->model()->rowCount(), 2);
        const DecisionRecord first = history->model()->recordAt(0);
        QCOMPARE(first.id, qint64(1));

        // Choose the older row: Export report… asks for that record.
        auto *table = history->findChild<QTableView *>(QStringLiteral("historyTable"));
        table->selectRow(1); // newest first
        auto *exportButton =
            history->findChild<QPushButton *>(QStringLiteral("historyExportButton"));
        QVERIFY(exportButton->isEnabled());
        QSignalSpy asked(history, &HistoryPage::exportRecordRequested);
        const auto disconnected = disconnect(history, &HistoryPage::exportRecordRequested,
                                             m_window->actions(), nullptr); // no file dialog
        QVERIFY(disconnected);
        QTest::mouseClick(exportButton, Qt::LeftButton);
        QCOMPARE(asked.count(), 1);
        const auto chosen = asked.first().first().value<DecisionRecord>();
        QCOMPARE(chosen.id, first.id);

        for (const char *name : {"past.md", "past.json"}) {
            const QString path = dir.filePath(QString::fromLatin1(name));
            QCOMPARE(m_window->actions()->exportReportTo(path, &chosen), QString());
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            QVERIFY2(text.contains(first.hash), name);
            QVERIFY2(text.contains(QStringLiteral("Rationale one")), name);
            QVERIFY2(!text.contains(QStringLiteral("Rationale two")), name);
            QVERIFY2(text.contains(QStringLiteral("the March holdout")), name);
            QVERIFY2(!text.contains(QStringLiteral("second look")), name);
            if (QByteArray(name).endsWith(".json")) {
                const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
                QCOMPARE(o[QStringLiteral("decision_record")][QStringLiteral("id")].toInt(), 1);
                QCOMPARE(
                    o[QStringLiteral("what_if_thresholds")][QStringLiteral("candidate")].toDouble(),
                    0.3);
            } else {
                QVERIFY(text.contains(QStringLiteral("#1, hash ")));
                QVERIFY(text.contains(QStringLiteral("thresholds explored in the review")));
                QVERIFY(text.contains(QStringLiteral("candidate 0\\.3000")) || // Markdown escapes
                        text.contains(QStringLiteral("candidate 0.3000")));
            }
        }

        // A later session on the same pair: its export cites the pair's current record.
        newWindow();
        find<HistoryPage>(QStringLiteral("historyPage"))->setLogPath(logPath);
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        QVERIFY(!m_window->state()->decision());
        const QString later = dir.filePath(QStringLiteral("later.md"));
        QCOMPARE(m_window->actions()->exportReportTo(later), QString());
        QFile f(later);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(!text.contains(QStringLiteral("No decision is recorded")));
        QVERIFY(text.contains(QStringLiteral("Rationale two")));
        QVERIFY(text.contains(QStringLiteral("#2, hash ")));

        // Another pair is open: the past decision's report is refused, naming its files.
        QCOMPARE(openCase(QStringLiteral("churn-classifier-regression")), QStringLiteral("loaded"));
        const QString refused =
            m_window->actions()->exportReportTo(dir.filePath(QStringLiteral("x.md")), &chosen);
        QVERIFY2(refused.contains(QStringLiteral("not on the open review")), qPrintable(refused));
        QVERIFY(refused.contains(QStringLiteral("champion.csv")));
    }

    // Item 13: switching themes restyles the marker labels' boxes (no light box in dark).
    void themeSwitchRestylesMarkerLabels()
    {
        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        auto *nb = find<PlotView>(QStringLiteral("netBenefitPlot"));
        auto boxColor = [nb] {
            for (QCPAbstractItem *item : nb->findChildren<QCPAbstractItem *>())
                if (auto *text = qobject_cast<QCPItemText *>(item))
                    if (!text->text().isEmpty() && text->brush().color().alpha() > 0)
                        return text->brush().color();
            return QColor();
        };
        showPage(QStringLiteral("netBenefitPage"));
        m_window->setTheme(Theme::Dark);
        QTest::qWait(50); // the application palette reaches widgets through the event loop
        QVERIFY(boxColor().isValid());
        QVERIFY2(boxColor().lightness() < 100, qPrintable(boxColor().name()));
        m_window->setTheme(Theme::Light);
        QTest::qWait(50);
        QVERIFY2(boxColor().lightness() > 150, qPrintable(boxColor().name()));
    }

    // Item 13: an unchecked box is visible in the dark theme (its outline stands off the window).
    void uncheckedBoxesAreVisibleInTheDark()
    {
        applyTheme(Theme::Dark);
        QCheckBox box; // no text: only the indicator is drawn
        box.setChecked(false);
        box.resize(box.sizeHint());
        const QImage image = box.grab().toImage();
        const int window = QApplication::palette().color(QPalette::Window).lightness();
        int contrast = 0; // the strongest difference from the background
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                contrast = qMax(contrast, std::abs(QColor(image.pixel(x, y)).lightness() - window));
        QVERIFY2(contrast > 60, qPrintable(QString::number(contrast)));
    }

    // Item 16: the first window fits the screen, status bar included.
    void firstWindowFitsTheScreen()
    {
        const QSize available = m_window->screen()->availableGeometry().size();
        const QSize size = m_window->defaultSize();
        QVERIFY(size.width() <= available.width() && size.height() <= available.height());
        QVERIFY(size.width() >= qMin(1280, available.width() * 9 / 10));
    }
};

int main(int argc, char *argv[])
{
    return test::runWindowTest<TestReviewLifecycle>(argc, argv, "test_reviewlifecycle");
}

#include "test_reviewlifecycle.moc"

// The review window over a whole postmortem, offscreen and found by objectName: one review never
// leaks into the next, a rejected open changes nothing and does not stick, unsaved work is never
// lost on quit or crash, the policy in force is on screen and a run's own cost values that
// disagree with it raise a warning, and a saved review reopens as saved.
#include "testhelpers.h"

#include "canary/canarypage.h"
#include "mainwindow.h"
#include "mlflow/openmlflowdialog.h"
#include "plotview.h"
#include "reviewactions.h"
#include "reviewautosave.h"
#include "reviewloader.h"
#include "session/reviewsession.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
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

namespace {

QString casePath(const QString &name, const QString &file)
{
    return test::dataPath(QStringLiteral("gate-cases/%1/%2").arg(name, file));
}

QString referencePolicy()
{
    return test::dataPath(QStringLiteral("reference/policy.yaml"));
}

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

// Clicks `button` on the message box named `name` as soon as it shows (it may be modal).
void answerMessageBox(const QString &name, QMessageBox::StandardButton button, bool *seen)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [=] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            auto *box = qobject_cast<QMessageBox *>(w);
            if (box && box->objectName() == name && box->isVisible()) {
                *seen = true;
                box->button(button)->click();
                timer->deleteLater();
                return;
            }
        }
    });
    timer->start();
    QTimer::singleShot(10000, timer, &QObject::deleteLater);
}

} // namespace

class TestReviewLifecycle : public QObject
{
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;

    template <typename T> T *find(const QString &name) const
    {
        T *w = m_window->findChild<T *>(name);
        if (!w) qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return w;
    }

    // Waits for the load started by `start`: "loaded", "failed", "cancelled" or "timeout".
    template <typename Start> QString load(Start start)
    {
        QSignalSpy loaded(m_window->loader(), &ReviewLoader::loaded);
        QSignalSpy failed(m_window->loader(), &ReviewLoader::failed);
        start();
        QElapsedTimer t;
        t.start();
        while (loaded.isEmpty() && failed.isEmpty() && t.elapsed() < 60000)
            QTest::qWait(10);
        QTest::qWait(0);
        return !loaded.isEmpty()   ? QStringLiteral("loaded")
               : !failed.isEmpty() ? QStringLiteral("failed")
                                   : QStringLiteral("timeout");
    }

    QString openCase(const QString &name, const QString &policy = referencePolicy())
    {
        return load([&] {
            m_window->openPair(casePath(name, QStringLiteral("champion.csv")),
                               casePath(name, QStringLiteral("candidate.csv")), policy);
        });
    }

    void newWindow()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

private slots:
    void init() { newWindow(); }

    void cleanup()
    {
        for (QWidget *w : QApplication::topLevelWidgets())
            if (qobject_cast<QMessageBox *>(w)) w->close();
        m_window->state()->setModified(false);
        m_window.reset();
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

        QCOMPARE(openCase(QStringLiteral("churn-classifier-regression")), QStringLiteral("loaded"));
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
        QCOMPARE(load([&] { m_window->openDropped({QUrl::fromLocalFile(bad)}); }),
                 QStringLiteral("failed"));
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
        QVERIFY(nb->isShowingEmpty() && threshold->isShowingEmpty());
        QVERIFY(find<QPlainTextEdit>(QStringLiteral("notes1"))->isReadOnly());

        QCOMPARE(openCase(QStringLiteral("churn-classifier")), QStringLiteral("loaded"));
        QVERIFY(!nb->isShowingEmpty() && !threshold->isShowingEmpty());
        QVERIFY(nb->graphCount() > 0);
        QVERIFY(!find<QPlainTextEdit>(QStringLiteral("notes1"))->isReadOnly());

        QCOMPARE(openCase(QStringLiteral("churn-classifier-split-mismatch")),
                 QStringLiteral("loaded"));
        QCOMPARE(toString(m_window->state()->report()->result), QStringLiteral("INVALID"));
        QVERIFY(nb->isShowingEmpty());
        QVERIFY(nb->emptyMessage().startsWith(QStringLiteral("Not comparable")));
        QCOMPARE(nb->graphCount(), 0);
        QVERIFY(threshold->isShowingEmpty());
        QVERIFY(find<PlotView>(QStringLiteral("dollarsPlot"))->isShowingEmpty());
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
        QVERIFY(names().contains(QStringLiteral("optimum")));
        m_window->pages()->setCurrentWidget(find<QWidget>(QStringLiteral("netBenefitPage")));
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
    // Settings and the autosave go to a throwaway folder, never the user's.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("gatereview-tests"));
    QApplication::setApplicationName(QStringLiteral("test_reviewlifecycle"));
    TestReviewLifecycle test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "test_reviewlifecycle.moc"

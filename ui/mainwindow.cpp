#include "mainwindow.h"
#include "model/errors.h"
#include "model/parallel.h"

#include "analysis/costsensitivitypage.h"
#include "analysis/rankingpage.h"
#include "canary/canarypage.h"
#include "confusionpage.h"
#include "decision/diagnosispage.h"
#include "decision/historypage.h"
#include "distributionpage.h"
#include "netbenefitpage.h"
#include "overviewpage.h"
#include "plotview.h"
#include "recentreviews.h"
#include "reviewactions.h"
#include "reviewautosave.h"
#include "reviewloader.h"
#include "reviewopener.h"
#include "rundiffpage.h"
#include "segments/whereitlostpage.h"
#include "thresholdpage.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

#include <utility>

namespace gr::ui {

namespace {
const QString kPredictionFilter = QStringLiteral(
    "Prediction files (*.csv *.csv.gz *.tsv *.tsv.gz *.parquet *.jsonl);;All files (*)");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_state(new ReviewState(this)),
      m_opener(new ReviewOpener(m_state, this)), m_pages(new QTabWidget(this)),
      m_fingerprint(new QLabel(this)), m_policyLabel(new QLabel(this)),
      m_autosave(new ReviewAutosave(m_state, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gate Review"));
    // The load and the analysis keep both cores busy for seconds; at nice +5 (a third of the UI
    // thread's CPU weight) they yield whenever the UI thread has something to draw, and still
    // have the whole machine when it has not. Measured by gatereview_window_bench (worst stall).
    setBackgroundNice(5);
    m_opener->setConfirmDiscard(
        [this](const QString &question) { return confirmDiscard(question); });
    setAcceptDrops(true);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    setCentralWidget(m_pages);
    m_fingerprint->setObjectName(QStringLiteral("fingerprintLabel"));
    m_policyLabel->setObjectName(QStringLiteral("policyLabel"));
    statusBar()->addPermanentWidget(m_fingerprint); // permanent: messages must not hide it
    statusBar()->addPermanentWidget(m_policyLabel);

    createMenus();
    addPages();
    restoreSettings();

    connect(m_opener, &ReviewOpener::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_opener, &ReviewOpener::busyChanged, this, [this](bool busy) {
        for (QAction *a : std::as_const(m_loadActions))
            a->setEnabled(!busy);
    });
    connect(m_opener, &ReviewOpener::opened, m_recent, &RecentReviews::add);
    connect(m_opener, &ReviewOpener::nextChanged, this, &MainWindow::refreshStatus);
    connect(m_state, &ReviewState::reportChanged, this, &MainWindow::refreshStatus);
    refreshStatus();
}

MainWindow::~MainWindow() = default;

ReviewLoader *MainWindow::loader() const
{
    return m_opener->loader();
}

QString MainWindow::lastError() const
{
    return m_opener->lastError();
}

// ---- Pages: add a page here with one line. ---------------------------------------------------
void MainWindow::addPages()
{
    addPage(new OverviewPage(m_state, m_pages), tr("Overview && gate"));
    auto *confusion = new ConfusionPage(m_state, m_pages);
    addPage(confusion, tr("Confusion matrices"));
    addPage(new NetBenefitPage(m_state, m_pages), tr("Net benefit"));
    addPage(new ThresholdPage(m_state, m_pages), tr("Threshold sensitivity"));
    addPage(new DistributionPage(m_state, m_pages), tr("Score distributions"));
    addPage(new RunDiffPage(m_state, m_pages), tr("Run details"));
    auto *diagnosis = new DiagnosisPage(m_state, m_pages);
    diagnosis->setObjectName(QStringLiteral("diagnosisPage"));
    addPage(diagnosis, tr("Diagnosis && decision"));
    addPage(new CanaryPage(m_state, m_pages), tr("Canary"));
    auto *history = new HistoryPage(m_state, m_pages);
    history->setObjectName(QStringLiteral("historyPage"));
    addPage(history, tr("Decision history"));
    addPage(new RankingPage(m_state, m_pages), tr("Ranking && calibration"));
    addPage(new CostSensitivityPage(m_state, m_pages), tr("Cost sensitivity"));
    auto *whereItLost = new WhereItLostPage(m_state, m_pages);
    addPage(whereItLost, tr("Where it lost"));
    connect(confusion, &ConfusionPage::rowsRequested, this,
            [this, whereItLost](DisagreementModel::Outcome outcome, Cell cell) {
                whereItLost->showOutcome(outcome, cell);
                m_pages->setCurrentWidget(whereItLost);
            });

    m_actions = new ReviewActions(this, m_state, history);
    m_actions->insertOpenActions(m_fileMenu, m_openSection);
    m_actions->insertReviewActions(m_fileMenu, m_reviewSection);
    connect(diagnosis, &DiagnosisPage::recordDecisionRequested, m_actions,
            &ReviewActions::recordDecision);
}

void MainWindow::addPage(QWidget *page, const QString &title)
{
    const int index = m_pages->addTab(page, title);
    // The title as given: "&&" shows one "&" in menus as in tabs (a single "&" would be eaten as
    // a mnemonic, turning "Overview & gate" into "Overview _gate").
    QAction *show =
        m_viewMenu->addAction(title, this, [this, page] { m_pages->setCurrentWidget(page); });
    show->setObjectName(QStringLiteral("show_") + page->objectName());
    if (index < 9) show->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_toolBar = addToolBar(tr("Main"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto add = [this](const QString &text, const QKeySequence &key, auto slot, const QString &tip,
                      bool onToolBar, bool load) {
        QAction *a = m_fileMenu->addAction(text, this, slot);
        a->setShortcut(key);
        a->setStatusTip(tip);
        if (onToolBar) m_toolBar->addAction(a);
        if (load) m_loadActions << a;
        return a;
    };
    add(tr("Open &champion…"), QKeySequence::Open, &MainWindow::openChampion,
        tr("The model in production"), true, true);
    add(tr("Open ca&ndidate…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
        &MainWindow::openCandidate, tr("The model that wants to replace it"), true, true);
    // Run folders: a folder with predictions.csv and run.yaml, or an MLflow run folder
    // (mlruns/<experiment>/<run>/); a file dialog cannot choose a folder.
    add(tr("Open champion &folder…"), QKeySequence(), &MainWindow::openChampionFolder,
        tr("A run folder or an MLflow run folder of the model in production"), false, true);
    add(tr("Open candidate f&older…"), QKeySequence(), &MainWindow::openCandidateFolder,
        tr("A run folder or an MLflow run folder of the candidate"), false, true);
    add(tr("Open &policy…"), QKeySequence(Qt::CTRL | Qt::Key_P), &MainWindow::openPolicy,
        tr("The gate policy (YAML)"), false, true);
    add(tr("Choose prediction co&lumns…"), QKeySequence(), &MainWindow::chooseColumns,
        tr("Which columns hold the row id, the true label and the score"), false, true)
        ->setObjectName(QStringLiteral("chooseColumnsAction"));
    add(tr("Open &demo"), QKeySequence(Qt::CTRL | Qt::Key_D), &MainWindow::openDemo,
        tr("The bundled demo review"), true, true);
    m_openSection =
        m_fileMenu
            ->addSeparator(); // ReviewActions inserts Open from MLflow… and Open review… above
    m_recent = new RecentReviews(m_fileMenu->addMenu(tr("&Recent")), this);
    connect(m_recent, &RecentReviews::openRequested, this, &MainWindow::openInputs);
    m_fileMenu->addSeparator();
    m_toolBar->addSeparator();
    m_reviewSection = m_fileMenu->addSeparator(); // ReviewActions inserts Save review…, Record
                                                  // decision…, Export report… above
    add(tr("&Export plot…"), QKeySequence(Qt::CTRL | Qt::Key_E), &MainWindow::exportPlot,
        tr("Save a plot as PNG or PDF"), true, false);
    m_fileMenu->addSeparator();
    add(tr("&Quit"), QKeySequence::Quit, &QWidget::close, tr("Quit Gate Review"), false, false);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *reset =
        m_viewMenu->addAction(tr("&Reset what-if thresholds"), m_state, &ReviewState::resetWhatIf);
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_toolBar->addAction(reset);
    QMenu *themes = m_viewMenu->addMenu(tr("&Theme"));
    auto *group = new QActionGroup(this);
    for (Theme t : {Theme::System, Theme::Light, Theme::Dark}) {
        QAction *a = themes->addAction(t == Theme::System  ? tr("&System")
                                       : t == Theme::Light ? tr("&Light")
                                                           : tr("&Dark"));
        a->setCheckable(true);
        a->setData(themeKey(t));
        a->setObjectName(QStringLiteral("theme_") + themeKey(t));
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, t] { setTheme(t); });
    }
    QAction *full = m_viewMenu->addAction(
        tr("&Full screen"), this, [this] { setWindowState(windowState() ^ Qt::WindowFullScreen); });
    full->setShortcut(QKeySequence::FullScreen);
    m_viewMenu->addSeparator();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Gate Review"), this, [this] {
        QMessageBox::about(this, tr("About Gate Review"),
                           tr("<h3>Gate Review %1</h3><p>Reviews a candidate model against the "
                              "champion at the quality gate: "
                              "registration minimums, champion–challenger on net benefit, the "
                              "CI/CD verdict and the canary.</p>"
                              "<p>What-if thresholds explore trade-offs; the verdict always uses "
                              "the runs' declared thresholds.</p>"
                              "<p>Colours: Okabe–Ito colour-blind-safe palette.</p>")
                               .arg(QApplication::applicationVersion()));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(defaultSize());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    const Theme theme = themeFromKey(s.value(QStringLiteral("view/theme")).toString());
    if (auto *a = findChild<QAction *>(QStringLiteral("theme_") + themeKey(theme)))
        a->setChecked(true);
    if (theme != Theme::System) applyTheme(theme);
}

QSize MainWindow::defaultSize() const
{
    // 1440×900 where it fits; on smaller screens 90% of the space the window manager leaves, so
    // the title bar and the status bar (which confirms "Decision #N recorded") stay on screen.
    const QScreen *screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
    const QSize wanted(1440, 900);
    if (!screen) return wanted;
    const QSize available = screen->availableGeometry().size() * 0.9;
    return wanted.boundedTo(available);
}

bool MainWindow::offerAutosave()
{
    if (!ReviewAutosave::exists()) return false;
    QMessageBox box(QMessageBox::Question, tr("Recover the unsaved review?"),
                    tr("Gate Review did not quit normally, and the review in progress had unsaved "
                       "notes, what-if thresholds or canary data."),
                    QMessageBox::Open | QMessageBox::Discard, this);
    box.setObjectName(QStringLiteral("recoverAutosaveDialog"));
    box.setInformativeText(tr("Reopen it as it was autosaved?"));
    box.setDefaultButton(QMessageBox::Open);
    if (box.exec() != QMessageBox::Open) {
        m_autosave->discard();
        return false;
    }
    try {
        return m_opener->openSession(loadReviewSession(ReviewAutosave::path()),
                                     /*autosaved=*/true);
    } catch (const InputError &e) {
        QMessageBox::warning(this, tr("Could not recover the review"), e.message());
        m_autosave->discard();
        return false;
    }
}

bool MainWindow::confirmDiscard(const QString &question)
{
    if (!m_state->isModified()) return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved review"),
                    tr("This review has unsaved notes, what-if thresholds or canary data."),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedReviewDialog"));
    box.setInformativeText(question);
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return m_actions->saveSession();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Ctrl+Q, File ▸ Quit and the window manager's close all arrive here.
    if (!confirmDiscard(tr("Save the review before quitting?"))) {
        event->ignore();
        return;
    }
    m_opener->loader()->cancel();
    m_autosave->discard(); // saved or deliberately discarded: nothing to offer next time
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

void MainWindow::setTheme(Theme theme)
{
    applyTheme(theme);
    QSettings().setValue(QStringLiteral("view/theme"), themeKey(theme));
}

void MainWindow::openDemo()
{
    m_opener->openDemo();
}

void MainWindow::openPair(const QString &champion, const QString &candidate, const QString &policy)
{
    m_opener->openPair(champion, candidate, policy);
}

void MainWindow::openInputs(const ReviewInputs &inputs)
{
    m_opener->openInputs(inputs);
}

void MainWindow::openSession(const ReviewSession &session)
{
    m_opener->openSession(session);
}

void MainWindow::openChampion()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open champion predictions"),
                                                      QFileInfo(m_opener->next().champion).path(),
                                                      kPredictionFilter);
    if (!path.isEmpty()) m_opener->openSide(Side::Champion, path);
}

void MainWindow::openCandidate()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open candidate predictions"),
                                                      QFileInfo(m_opener->next().candidate).path(),
                                                      kPredictionFilter);
    if (!path.isEmpty()) m_opener->openSide(Side::Candidate, path);
}

void MainWindow::openChampionFolder()
{
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Open champion run folder"), QFileInfo(m_opener->next().champion).path());
    if (!path.isEmpty()) m_opener->openSide(Side::Champion, path);
}

void MainWindow::openCandidateFolder()
{
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Open candidate run folder"), QFileInfo(m_opener->next().candidate).path());
    if (!path.isEmpty()) m_opener->openSide(Side::Candidate, path);
}

void MainWindow::openPolicy()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open gate policy"), QFileInfo(m_opener->next().policy).path(),
        tr("Gate policy (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty()) m_opener->openPolicy(path);
}

void MainWindow::chooseColumns()
{
    m_opener->chooseColumns();
}

void MainWindow::refreshStatus()
{
    const auto report = m_state->report();
    const QString policy = report ? (report->policy.sourceFile.isEmpty()
                                         ? tr("built-in default")
                                         : QFileInfo(report->policy.sourceFile).fileName())
                                  : (m_opener->next().policy.isEmpty()
                                         ? tr("built-in default")
                                         : QFileInfo(m_opener->next().policy).fileName());
    m_policyLabel->setText(tr("Policy: %1").arg(policy));
    if (!report) {
        m_fingerprint->setText(
            tr("No review open — drop a champion and a candidate here, or File ▸ Open demo."));
        setWindowTitle(tr("Gate Review"));
        return;
    }
    const TestSetCheck &t = report->testSet;
    m_fingerprint->setText(
        t.identical ? tr("Test set %1… — shared by both runs (%2 rows)")
                          .arg(t.fingerprint().left(16))
                          .arg(formatCount(t.championRows))
                    : tr("Test sets DIFFER — champion %1…, candidate %2…")
                          .arg(t.championFingerprint.left(12), t.candidateFingerprint.left(12)));
    m_fingerprint->setToolTip(t.identical ? t.fingerprint() : t.summary());
    setWindowTitle(tr("%1 vs %2 — %3 — Gate Review")
                       .arg(report->champion.run->label(), report->candidate.run->label(),
                            toString(report->result)));
}

void MainWindow::exportPlot()
{
    QList<PlotView *> plots;
    for (PlotView *p : m_pages->currentWidget()->findChildren<PlotView *>())
        if (p->isVisible()) plots << p;
    if (plots.isEmpty()) {
        statusBar()->showMessage(tr("This page has no plot to export."), 5000);
        return;
    }
    PlotView *chosen = plots.first();
    if (plots.size() > 1) {
        QStringList names;
        for (PlotView *p : plots)
            names << p->objectName();
        bool ok = false;
        const QString name =
            QInputDialog::getItem(this, tr("Export plot"), tr("Plot:"), names, 0, false, &ok);
        if (!ok) return;
        chosen = plots[names.indexOf(name)];
    }
    chosen->exportWithDialog();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

// Two dropped items are the champion and the candidate (by name when they say which, else in
// order); one item fills the missing side, replaces the candidate, or is the policy when YAML.
void MainWindow::dropEvent(QDropEvent *event)
{
    event->acceptProposedAction();
    openDropped(event->mimeData()->urls());
}

void MainWindow::openDropped(const QList<QUrl> &urls)
{
    m_opener->openDropped(urls);
}

} // namespace gr::ui

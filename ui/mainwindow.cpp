#include "mainwindow.h"
#include "columnmappingdialog.h"
#include "model/errors.h"

#include "analysis/costsensitivitypage.h"
#include "analysis/rankingpage.h"
#include "canary/canarypage.h"
#include "confusionpage.h"
#include "decision/diagnosispage.h"
#include "decision/historypage.h"
#include "demolocator.h"
#include "distributionpage.h"
#include "netbenefitpage.h"
#include "overviewpage.h"
#include "plotview.h"
#include "recentreviews.h"
#include "reviewactions.h"
#include "reviewautosave.h"
#include "reviewloader.h"
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
bool isPolicyFile(const QString &path)
{
    return path.endsWith(QLatin1String(".yaml"), Qt::CaseInsensitive) ||
           path.endsWith(QLatin1String(".yml"), Qt::CaseInsensitive);
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_state(new ReviewState(this)), m_loader(new ReviewLoader(this)),
      m_pages(new QTabWidget(this)), m_fingerprint(new QLabel(this)),
      m_policyLabel(new QLabel(this)), m_autosave(new ReviewAutosave(m_state, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gate Review"));
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

    connect(m_loader, &ReviewLoader::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &ReviewLoader::failed, this, &MainWindow::onFailed);
    connect(m_loader, &ReviewLoader::cancelled, this, [this] {
        m_pendingSession.reset();
        m_pendingIsAutosave = false;
        m_next = startingPoint();
        statusBar()->showMessage(tr("Loading cancelled; the previous review is unchanged."), 5000);
    });
    connect(m_loader, &ReviewLoader::progressChanged, this,
            [this](double fraction, const QString &stage) {
                if (m_progress) {
                    m_progress->setValue(int(fraction * 1000));
                    m_progress->setLabelText(stage);
                }
            });
    connect(m_state, &ReviewState::reportChanged, this, &MainWindow::refreshStatus);
    refreshStatus();
}

MainWindow::~MainWindow() = default;

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
    m_next.policy = s.value(QStringLiteral("review/lastPolicy")).toString();
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
        const ReviewSession session = loadReviewSession(ReviewAutosave::path());
        openSession(session);
        m_pendingIsAutosave = m_pendingSession.has_value();
        return m_pendingIsAutosave;
    } catch (const InputError &e) {
        QMessageBox::warning(this, tr("Could not recover the review"), e.message());
        m_autosave->discard();
        return false;
    }
}

ReviewInputs MainWindow::startingPoint() const
{
    if (m_state->hasReport()) return m_state->inputs();
    ReviewInputs inputs;
    inputs.policy = QSettings().value(QStringLiteral("review/lastPolicy")).toString();
    return inputs;
}

bool MainWindow::confirmDiscard()
{
    if (!m_state->isModified()) return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved review"),
                    tr("This review has unsaved notes, what-if thresholds or canary data."),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedReviewDialog"));
    box.setInformativeText(tr("Save the review before quitting?"));
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
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    m_loader->cancel();
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
    const QString dir = demoDirectory();
    if (dir.isEmpty()) {
        onFailed(tr("The bundled demo was not found. Set GATEREVIEW_DEMO_DIR to a folder with "
                    "champion/, candidate/ and policy.yaml."));
        return;
    }
    const QDir demo(dir);
    openPair(demo.filePath(QStringLiteral("champion")), demo.filePath(QStringLiteral("candidate")),
             demo.filePath(QStringLiteral("policy.yaml")));
}

void MainWindow::openPair(const QString &champion, const QString &candidate, const QString &policy)
{
    // Another pair is another review: only the policy and the tracking URI carry over.
    ReviewInputs inputs{champion, candidate, policy.isEmpty() ? m_next.policy : policy,
                        m_next.trackingUri};
    startLoad(inputs);
}

void MainWindow::openInputs(const ReviewInputs &inputs)
{
    startLoad(inputs);
}

void MainWindow::openSession(const ReviewSession &session)
{
    ReviewInputs inputs{session.champion, session.candidate, session.policy, session.trackingUri};
    inputs.championOptions.thresholdOverride = session.championThreshold;
    inputs.candidateOptions.thresholdOverride = session.candidateThreshold;
    inputs.canaryData = session.canaryData;
    inputs.canaryPolicy = session.canaryPolicy;
    if (m_loader->isBusy()) {
        statusBar()->showMessage(tr("Still loading: cancel the current load first."), 5000);
        return;
    }
    m_pendingSession = session;
    startLoad(inputs);
}

void MainWindow::openChampion()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open champion predictions"),
                                     QFileInfo(m_next.champion).path(), kPredictionFilter);
    if (!path.isEmpty()) setSide(Side::Champion, path);
}

void MainWindow::openCandidate()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open candidate predictions"),
                                     QFileInfo(m_next.candidate).path(), kPredictionFilter);
    if (!path.isEmpty()) setSide(Side::Candidate, path);
}

void MainWindow::openChampionFolder()
{
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open champion run folder"),
                                                           QFileInfo(m_next.champion).path());
    if (!path.isEmpty()) setSide(Side::Champion, path);
}

void MainWindow::openCandidateFolder()
{
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open candidate run folder"),
                                                           QFileInfo(m_next.candidate).path());
    if (!path.isEmpty()) setSide(Side::Candidate, path);
}

void MainWindow::openPolicy()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open gate policy"), QFileInfo(m_next.policy).path(),
                                     tr("Gate policy (*.yaml *.yml);;All files (*)"));
    if (path.isEmpty()) return;
    m_next.policy = path;
    if (!m_next.champion.isEmpty() && !m_next.candidate.isEmpty())
        startLoad(m_next); // re-evaluate the open pair under the new policy
    else
        refreshStatus();
}

// A prediction file whose header lacks a usual name for a role (and no sidecar names them): ask
// which columns to read instead of failing the load. `always`: ask even when all were found.
// Returns the chosen mapping, or nullopt when the person cancelled.
std::optional<ColumnMapping> MainWindow::askColumns(const QString &path,
                                                    const ColumnMapping &current, bool always)
{
    const QFileInfo info(path);
    if (!info.isFile()) return current; // run folders and MLflow addresses name their own
    for (const char *sidecar : {".run.yaml", ".run.yml", ".run.json"})
        if (!always && QFileInfo::exists(path + QLatin1String(sidecar))) return current;
    PredictionHeader header;
    try {
        header = readPredictionHeader(path, current);
    } catch (const InputError &) {
        return current; // not readable as a prediction file: the load says why
    }
    if (header.complete() && !always) return current;
    ColumnMappingDialog dialog(path, header, current, this);
    if (dialog.exec() != QDialog::Accepted) return std::nullopt;
    return dialog.mapping();
}

void MainWindow::chooseColumns()
{
    bool asked = false;
    for (const Side side : {Side::Champion, Side::Candidate}) {
        const QString &path = side == Side::Champion ? m_next.champion : m_next.candidate;
        RunSourceOptions &options =
            side == Side::Champion ? m_next.championOptions : m_next.candidateOptions;
        if (!QFileInfo(path).isFile()) continue;
        const std::optional<ColumnMapping> chosen = askColumns(path, options.columns, true);
        if (!chosen) return;
        options.columns = *chosen;
        asked = true;
    }
    if (!asked) {
        statusBar()->showMessage(tr("Open a prediction file first: its columns are chosen here."),
                                 5000);
        return;
    }
    if (!m_next.champion.isEmpty() && !m_next.candidate.isEmpty()) startLoad(m_next);
}

// One side chosen: the review (re)loads as soon as both sides are known.
void MainWindow::setSide(Side side, const QString &path)
{
    const std::optional<ColumnMapping> columns = askColumns(path, {}, false);
    if (!columns) return; // cancelled: nothing changes
    // A side replaced: its options and the canary data (judged against the old pair) go.
    (side == Side::Champion ? m_next.champion : m_next.candidate) = path;
    (side == Side::Champion ? m_next.championOptions : m_next.candidateOptions) = {};
    (side == Side::Champion ? m_next.championOptions : m_next.candidateOptions).columns = *columns;
    m_next.canaryData.clear();
    m_next.canaryPolicy.clear();
    if (!m_next.champion.isEmpty() && !m_next.candidate.isEmpty())
        startLoad(m_next);
    else
        statusBar()->showMessage(side == Side::Champion
                                     ? tr("Champion chosen: now open the candidate.")
                                     : tr("Candidate chosen: now open the champion."));
}

void MainWindow::startLoad(const ReviewInputs &inputs)
{
    if (m_loader->isBusy()) {
        statusBar()->showMessage(tr("Still loading: cancel the current load first."), 5000);
        return;
    }
    m_next = inputs;
    for (QAction *a : std::as_const(m_loadActions))
        a->setEnabled(false);
    // Not modal: the open review stays readable while the next one loads.
    m_progress = new QProgressDialog(tr("Loading…"), tr("Cancel"), 0, 1000, this);
    m_progress->setObjectName(QStringLiteral("loadProgressDialog"));
    m_progress->setWindowTitle(tr("Opening the review"));
    m_progress->setMinimumWidth(480); // room for the title and the longest stage text
    m_progress->setWindowModality(Qt::NonModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(300);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_progress, &QProgressDialog::canceled, m_loader, &ReviewLoader::cancel);
    auto finished = [this] {
        for (QAction *a : std::as_const(m_loadActions))
            a->setEnabled(true);
        if (m_progress) {
            m_progress->close();
            m_progress = nullptr;
        }
    };
    connect(m_loader, &ReviewLoader::loaded, m_progress, finished, Qt::SingleShotConnection);
    connect(m_loader, &ReviewLoader::failed, m_progress, finished, Qt::SingleShotConnection);
    connect(m_loader, &ReviewLoader::cancelled, m_progress, finished, Qt::SingleShotConnection);
    statusBar()->showMessage(
        tr("Loading %1 and %2…")
            .arg(QFileInfo(inputs.champion).fileName(), QFileInfo(inputs.candidate).fileName()));
    m_loader->start(inputs);
}

void MainWindow::onLoaded(const Review &loaded)
{
    m_lastError.clear();
    Review review = loaded;
    const std::optional<ReviewSession> session = std::exchange(m_pendingSession, std::nullopt);
    if (session) {
        review.notes = session->notes;
        review.championWhatIf = session->championWhatIf;
        review.candidateWhatIf = session->candidateWhatIf;
        review.warnings << identityChanges(session->championIdentity, review.championIdentity,
                                           tr("champion"))
                        << identityChanges(session->candidateIdentity, review.candidateIdentity,
                                           tr("candidate"));
    }
    m_state->setReview(std::move(review));
    if (std::exchange(m_pendingIsAutosave, false)) m_state->setModified(true); // still unsaved
    m_next = m_state->inputs();
    m_recent->add(m_state->inputs());
    if (!m_state->inputs().policy.isEmpty())
        QSettings().setValue(QStringLiteral("review/lastPolicy"), m_state->inputs().policy);
    statusBar()->showMessage(tr("Review opened."), 3000);
}

void MainWindow::onFailed(const QString &message)
{
    m_lastError = message;
    m_pendingSession.reset();
    m_pendingIsAutosave = false;
    // What was rejected is not kept: the next open starts from the review on screen.
    const ReviewInputs rejected = m_next;
    m_next = startingPoint();
    statusBar()->showMessage(tr("Could not open the review."), 5000);
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Could not open the review"),
        tr("The review could not be opened. The previous review, if any, is unchanged."),
        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("loadErrorDialog"));
    box->setInformativeText(message +
                            tr("\n\nFix the file (or choose another) and open it again."));
    box->setDetailedText(
        tr("Champion: %1\nCandidate: %2\nPolicy: %3\n\n%4")
            .arg(rejected.champion, rejected.candidate,
                 rejected.policy.isEmpty() ? tr("built-in default") : rejected.policy, message));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::refreshStatus()
{
    const auto report = m_state->report();
    const QString policy = report ? (report->policy.sourceFile.isEmpty()
                                         ? tr("built-in default")
                                         : QFileInfo(report->policy.sourceFile).fileName())
                                  : (m_next.policy.isEmpty() ? tr("built-in default")
                                                             : QFileInfo(m_next.policy).fileName());
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
    QStringList paths;
    for (const QUrl &url : urls)
        if (url.isLocalFile()) paths << url.toLocalFile();
    QString policy;
    for (const QString &p : std::as_const(paths))
        if (isPolicyFile(p)) policy = p;
    paths.removeAll(policy);
    if (!policy.isEmpty()) m_next.policy = policy;
    if (paths.size() >= 2) {
        if (paths[1].contains(QLatin1String("champion"), Qt::CaseInsensitive) &&
            !paths[0].contains(QLatin1String("champion"), Qt::CaseInsensitive))
            paths.swapItemsAt(0, 1);
        startLoad(ReviewInputs{paths[0], paths[1], m_next.policy, m_next.trackingUri});
    } else if (paths.size() == 1) {
        setSide(m_next.champion.isEmpty() ? Side::Champion : Side::Candidate, paths[0]);
    } else if (!policy.isEmpty() && !m_next.champion.isEmpty() && !m_next.candidate.isEmpty()) {
        startLoad(m_next); // re-evaluate the open pair under the dropped policy
    } else {
        refreshStatus();
    }
}

} // namespace gr::ui

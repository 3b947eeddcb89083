#include "reviewopener.h"
#include "columnmappingdialog.h"
#include "demolocator.h"
#include "model/errors.h"
#include "reviewloader.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>

#include <utility>

namespace gr::ui {

namespace {

const QString kLastPolicyKey = QStringLiteral("review/lastPolicy");

bool isPolicyFile(const QString &path)
{
    return path.endsWith(QLatin1String(".yaml"), Qt::CaseInsensitive) ||
           path.endsWith(QLatin1String(".yml"), Qt::CaseInsensitive);
}

} // namespace

ReviewOpener::ReviewOpener(ReviewState *state, QWidget *window)
    : QObject(window), m_state(state), m_window(window), m_loader(new ReviewLoader(this))
{
    m_next.policy = QSettings().value(kLastPolicyKey).toString();
    connect(m_loader, &ReviewLoader::loaded, this, &ReviewOpener::onLoaded);
    connect(m_loader, &ReviewLoader::failed, this, &ReviewOpener::onFailed);
    connect(m_loader, &ReviewLoader::cancelled, this, [this] {
        forgetPending();
        m_next = startingPoint();
        emit statusMessage(tr("Loading cancelled; the previous review is unchanged."), 5000);
    });
    connect(m_loader, &ReviewLoader::progressChanged, this,
            [this](double fraction, const QString &stage) {
                if (m_progress) {
                    m_progress->setValue(int(fraction * 1000));
                    m_progress->setLabelText(stage);
                }
            });
}

void ReviewOpener::openDemo()
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

void ReviewOpener::openPair(const QString &champion, const QString &candidate,
                            const QString &policy)
{
    startLoad(ReviewInputs{champion, candidate, policy.isEmpty() ? m_next.policy : policy,
                           m_next.trackingUri});
}

void ReviewOpener::openInputs(const ReviewInputs &inputs)
{
    startLoad(inputs);
}

bool ReviewOpener::openSession(const ReviewSession &session, bool autosaved)
{
    if (m_loader->isBusy()) {
        emit statusMessage(tr("Still loading: cancel the current load first."), 5000);
        return false;
    }
    ReviewInputs inputs{session.champion, session.candidate, session.policy, session.trackingUri};
    inputs.championOptions.thresholdOverride = session.championThreshold;
    inputs.candidateOptions.thresholdOverride = session.candidateThreshold;
    inputs.canaryData = session.canaryData;
    inputs.canaryPolicy = session.canaryPolicy;
    m_pendingSession = session;
    m_pendingIsAutosave = autosaved;
    startLoad(inputs);
    return true;
}

void ReviewOpener::openSide(Side side, const QString &path)
{
    const std::optional<ColumnMapping> columns = askColumns(path, {}, false);
    if (!columns) return; // cancelled: nothing changes
    // A side replaced: its options and the canary data (judged against the old pair) go.
    (side == Side::Champion ? m_next.champion : m_next.candidate) = path;
    RunSourceOptions &options =
        side == Side::Champion ? m_next.championOptions : m_next.candidateOptions;
    options = {};
    options.columns = *columns;
    m_next.canaryData.clear();
    m_next.canaryPolicy.clear();
    if (pairKnown())
        startLoad(m_next);
    else
        emit statusMessage(side == Side::Champion ? tr("Champion chosen: now open the candidate.")
                                                  : tr("Candidate chosen: now open the champion."),
                           0);
}

void ReviewOpener::openPolicy(const QString &path)
{
    m_next.policy = path;
    if (pairKnown())
        startLoad(m_next);
    else
        emit nextChanged();
}

// A prediction file whose header lacks a usual name for a role (and no sidecar names them): ask
// which columns to read instead of failing the load. `always`: ask even when all were found.
// Returns the chosen mapping, or nullopt when the person cancelled.
std::optional<ColumnMapping> ReviewOpener::askColumns(const QString &path,
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
    ColumnMappingDialog dialog(path, header, current, m_window);
    if (dialog.exec() != QDialog::Accepted) return std::nullopt;
    return dialog.mapping();
}

void ReviewOpener::chooseColumns()
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
        emit statusMessage(tr("Open a prediction file first: its columns are chosen here."), 5000);
        return;
    }
    if (pairKnown()) startLoad(m_next);
}

void ReviewOpener::openDropped(const QList<QUrl> &urls)
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
        openSide(m_next.champion.isEmpty() ? Side::Champion : Side::Candidate, paths[0]);
    } else if (!policy.isEmpty() && pairKnown()) {
        startLoad(m_next); // re-evaluate the open pair under the dropped policy
    } else {
        emit nextChanged();
    }
}

void ReviewOpener::startLoad(const ReviewInputs &inputs)
{
    if (m_loader->isBusy()) {
        emit statusMessage(tr("Still loading: cancel the current load first."), 5000);
        return;
    }
    // Another pair starts an empty review (the same pair keeps its notes): unsaved work on the
    // one on screen is saved or let go first, never dropped silently.
    if (m_confirmDiscard && m_state->hasReport() && m_state->isModified() &&
        !m_state->inputs().samePair(inputs) &&
        !m_confirmDiscard(tr("Save the review before opening another one?"))) {
        forgetPending();
        m_next = startingPoint();
        emit statusMessage(tr("Not opened: the review on screen is kept, with its unsaved work."),
                           5000);
        return;
    }
    m_next = inputs;
    emit busyChanged(true);
    // Not modal: the open review stays readable while the next one loads.
    m_progress = new QProgressDialog(tr("Loading…"), tr("Cancel"), 0, 1000, m_window);
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
        emit busyChanged(false);
        if (m_progress) m_progress->close();
        m_progress = nullptr;
    };
    connect(m_loader, &ReviewLoader::loaded, m_progress, finished, Qt::SingleShotConnection);
    connect(m_loader, &ReviewLoader::failed, m_progress, finished, Qt::SingleShotConnection);
    connect(m_loader, &ReviewLoader::cancelled, m_progress, finished, Qt::SingleShotConnection);
    emit statusMessage(
        tr("Loading %1 and %2…")
            .arg(QFileInfo(inputs.champion).fileName(), QFileInfo(inputs.candidate).fileName()),
        0);
    m_loader->start(inputs);
}

void ReviewOpener::onLoaded(const Review &loaded)
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
    if (!m_next.policy.isEmpty()) QSettings().setValue(kLastPolicyKey, m_next.policy);
    emit opened(m_next);
    emit statusMessage(tr("Review opened."), 3000);
}

void ReviewOpener::onFailed(const QString &message)
{
    m_lastError = message;
    forgetPending();
    // What was rejected is not kept: the next open starts from the review on screen.
    const ReviewInputs rejected = m_next;
    m_next = startingPoint();
    emit statusMessage(tr("Could not open the review."), 5000);
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Could not open the review"),
        tr("The review could not be opened. The previous review, if any, is unchanged."),
        QMessageBox::Ok, m_window);
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

void ReviewOpener::forgetPending()
{
    m_pendingSession.reset();
    m_pendingIsAutosave = false;
}

ReviewInputs ReviewOpener::startingPoint() const
{
    if (m_state->hasReport()) return m_state->inputs();
    ReviewInputs inputs;
    inputs.policy = QSettings().value(kLastPolicyKey).toString();
    return inputs;
}

} // namespace gr::ui

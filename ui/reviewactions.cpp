#include "reviewactions.h"
#include "mainwindow.h"
#include "reviewstate.h"

#include "decision/historypage.h"
#include "decision/recorddecisiondialog.h"
#include "decision/reviewsessionstate.h"
#include "decisionlog.h"
#include "model/errors.h"
#include "movechampiondialog.h"
#include "openmlflowdialog.h"
#include "registry/registryaction.h"
#include "report/decisionreport.h"
#include "session/reviewsession.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QStatusBar>

namespace gr::ui {

ReviewActions::ReviewActions(MainWindow *window, ReviewState *state, HistoryPage *history)
    : QObject(window), m_window(window), m_state(state), m_history(history)
{
}

void ReviewActions::insertOpenActions(QMenu *menu, QAction *before)
{
    auto *mlflow = new QAction(tr("Open from &MLflow…"), menu);
    connect(mlflow, &QAction::triggered, this, &ReviewActions::openFromMlflow);
    mlflow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    mlflow->setStatusTip(tr("Pick @champion and @candidate from an MLflow registry"));
    auto *open = new QAction(tr("Open re&view…"), menu);
    connect(open, &QAction::triggered, this, &ReviewActions::openSession);
    open->setObjectName(QStringLiteral("openReviewAction"));
    open->setStatusTip(tr("Resume a saved postmortem (.gatereview)"));
    menu->insertActions(before, {mlflow, open});
}

void ReviewActions::insertReviewActions(QMenu *menu, QAction *before)
{
    auto *save = new QAction(tr("&Save review…"), menu);
    connect(save, &QAction::triggered, this, &ReviewActions::saveSession);
    save->setShortcut(QKeySequence::Save);
    save->setObjectName(QStringLiteral("saveReviewAction"));
    auto *record = new QAction(tr("Record &decision…"), menu);
    connect(record, &QAction::triggered, this, &ReviewActions::recordDecision);
    record->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    record->setObjectName(QStringLiteral("recordDecisionAction"));
    auto *report = new QAction(tr("Export &report…"), menu);
    connect(report, &QAction::triggered, this, &ReviewActions::exportReport);
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    report->setObjectName(QStringLiteral("exportReportAction"));
    menu->insertActions(before, {save, record, report});
    for (QAction *a : {save, record, report}) {
        a->setEnabled(m_state->hasReport());
        connect(m_state, &ReviewState::reportChanged, a,
                [this, a] { a->setEnabled(m_state->hasReport()); });
    }
}

void ReviewActions::openFromMlflow()
{
    OpenMlflowDialog dialog(m_window);
    if (!m_state->inputs().trackingUri.isEmpty())
        dialog.setTrackingUri(m_state->inputs().trackingUri);
    dialog.setPolicy(m_state->inputs().policy);
    if (dialog.exec() != QDialog::Accepted) return;
    m_window->openInputs(requestFromDialog(dialog));
}

ReviewInputs ReviewActions::requestFromDialog(const OpenMlflowDialog &dialog)
{
    ReviewInputs inputs{dialog.championAddress(), dialog.candidateAddress(), dialog.policy(),
                        dialog.trackingUri()};
    // The artifact named in the dialog is the one read, on both sides.
    inputs.championOptions.artifactPath = inputs.candidateOptions.artifactPath =
        dialog.artifactPath();
    return inputs;
}

void ReviewActions::openSession()
{
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Open review"), {}, tr("Gate reviews (*.gatereview);;All files (*)"));
    if (path.isEmpty()) return;
    try {
        m_window->openSession(loadReviewSession(path));
    } catch (const InputError &e) {
        QMessageBox::warning(m_window, tr("Could not open the review"), e.message());
    }
}

bool ReviewActions::saveSession()
{
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save review"),
                                                      QStringLiteral("review.gatereview"),
                                                      tr("Gate reviews (*.gatereview)"));
    if (path.isEmpty()) return false;
    const QString problem = saveSessionTo(path);
    if (!problem.isEmpty()) {
        QMessageBox::warning(m_window, tr("Could not save the review"), problem);
        return false;
    }
    m_window->statusBar()->showMessage(tr("Review saved to %1").arg(path), 5000);
    return true;
}

QString ReviewActions::saveSessionTo(const QString &path)
{
    try {
        saveReviewSession(sessionFromState(*m_state), path);
        m_state->setModified(false);
        return {};
    } catch (const InputError &e) {
        return e.message();
    }
}

void ReviewActions::recordDecision()
{
    if (!m_state->hasReport()) return;
    RecordDecisionDialog dialog(m_state, m_history ? m_history->logPath() : QString(), m_window);
    if (dialog.exec() != QDialog::Accepted || !dialog.recorded()) return;
    const DecisionRecord &record = *dialog.recorded();
    m_state->setDecision(
        RecordedDecision{record.decision, record.id, record.hash,
                         resolveDecisionLogPath(m_history ? m_history->logPath() : QString())});
    if (m_history) m_history->refresh();
    m_window->statusBar()->showMessage(tr("Decision #%1 recorded.").arg(dialog.recorded()->id),
                                       5000);
    if (record.decision.kind == DecisionKind::PromoteCandidate)
        offerChampionMove(dialog.recorded()->id);
}

// Moving @champion is offered only when both runs came from one MLflow registry model.
void ReviewActions::offerChampionMove(qint64 decisionId)
{
    const auto report = m_state->report();
    const RunMetadata &champion = report->champion.run->meta;
    const RunMetadata &candidate = report->candidate.run->meta;
    if (!m_state->inputs().champion.startsWith(QLatin1String("models:/")) ||
        candidate.modelName.isEmpty() || candidate.modelVersion.isEmpty() ||
        candidate.modelName != champion.modelName)
        return;
    AliasMove move;
    move.trackingUri = m_state->inputs().trackingUri;
    move.model = candidate.modelName;
    move.fromVersion = champion.modelVersion;
    move.toVersion = candidate.modelVersion;
    move.decisionId = decisionId;
    move.logPath = m_history ? m_history->logPath() : QString();
    MoveChampionDialog dialog(move, m_window);
    if (dialog.exec() != QDialog::Accepted) return;
    // The core moved the alias under its guards, read it back and recorded the action.
    if (m_history) m_history->refresh();
    m_window->statusBar()->showMessage(
        tr("@%1 moved; recorded as action #%2.").arg(move.alias).arg(dialog.actionId()), 8000);
}

DecisionReportInput ReviewActions::reportInput(const ReviewState &state, const QDateTime &now)
{
    const std::optional<RecordedDecision> &recorded = state.decision();
    DecisionReportInput input = makeDecisionReportInput(
        state.report(), state.allNotes(),
        recorded ? std::optional<Decision>(recorded->decision) : std::nullopt, now);
    if (recorded && recorded->id > 0) {
        input.decisionId = recorded->id;
        input.decisionHash = recorded->hash;
    }
    if (state.isWhatIf(Side::Champion))
        input.championWhatIf = state.whatIfThreshold(Side::Champion);
    if (state.isWhatIf(Side::Candidate))
        input.candidateWhatIf = state.whatIfThreshold(Side::Candidate);
    return input;
}

QString ReviewActions::exportReportTo(const QString &path)
{
    const auto report = m_state->report();
    if (!report) return tr("no review is open");
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QStringList known = {QStringLiteral("pdf"), QStringLiteral("html"),
                               QStringLiteral("htm"), QStringLiteral("json"),
                               QStringLiteral("md"),  QStringLiteral("markdown")};
    if (!known.contains(suffix))
        return tr("unknown report format '.%1': name the file .pdf, .html, .md or .json")
            .arg(suffix);
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const DecisionReportInput input = reportInput(*m_state, QDateTime::currentDateTimeUtc());
    QSaveFile file(path);
    QString problem;
    if (!file.open(QIODevice::WriteOnly)) {
        problem = file.errorString();
    } else {
        bool ok = true;
        if (suffix == QLatin1String("pdf"))
            ok = writeDecisionReportPdf(input, &file);
        else if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
            ok = file.write(decisionReportToHtml(input).toUtf8()) >= 0;
        else if (suffix == QLatin1String("json"))
            ok = file.write(QJsonDocument(decisionReportToJson(input)).toJson()) >= 0;
        else
            ok = file.write(decisionReportToMarkdown(input).toUtf8()) >= 0;
        if (!ok || !file.commit())
            problem = file.errorString().isEmpty() ? tr("could not write the report")
                                                   : file.errorString();
    }
    QApplication::restoreOverrideCursor();
    return problem;
}

void ReviewActions::exportReport()
{
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export decision report"), QStringLiteral("gate-review.pdf"),
        tr("PDF (*.pdf);;HTML (*.html);;Markdown (*.md);;JSON (*.json)"), &selected);
    if (path.isEmpty()) return;
    const QString problem = exportReportTo(path);
    if (problem.isEmpty())
        m_window->statusBar()->showMessage(tr("Report written to %1").arg(path), 5000);
    else
        QMessageBox::warning(m_window, tr("Could not export the report"),
                             tr("%1: %2").arg(path, problem));
}

} // namespace gr::ui

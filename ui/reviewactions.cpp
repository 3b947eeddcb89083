#include "reviewactions.h"
#include "analysis/analysisstate.h"
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
    if (history)
        connect(history, &HistoryPage::exportRecordRequested, this,
                &ReviewActions::exportRecordReport);
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

DecisionReportInput ReviewActions::reportInput(const ReviewState &state, const QDateTime &now,
                                               const DecisionRecord *record)
{
    if (record) {
        // The report of that decision: what it recorded, not what is on screen now.
        DecisionReportInput input = makeDecisionReportInput(
            state.report(), record->decision.notes, record->decision, now, state.evidence());
        input.decisionId = record->id;
        input.decisionHash = record->hash;
        const QJsonObject whatIf =
            record->decision.gateReport.value(QLatin1String("what_if_thresholds")).toObject();
        if (whatIf.contains(QLatin1String("champion")))
            input.championWhatIf = whatIf.value(QLatin1String("champion")).toDouble();
        if (whatIf.contains(QLatin1String("candidate")))
            input.candidateWhatIf = whatIf.value(QLatin1String("candidate")).toDouble();
        return input;
    }
    const std::optional<RecordedDecision> &recorded = state.decision();
    DecisionReportInput input = makeDecisionReportInput(
        state.report(), state.allNotes(),
        recorded ? std::optional<Decision>(recorded->decision) : std::nullopt, now,
        state.evidence());
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

// The log's current record on the open pair (same prediction files' SHA-256), skipping back from
// a registry action to the decision it executed. Nullopt when there is none or the log cannot be
// read (the report then says no decision is recorded, which is then true as far as it knows).
static std::optional<DecisionRecord> recordOnPair(const QString &logPath, const GateReport &report)
{
    if (logPath.isEmpty() ||
        (!logPath.startsWith(QLatin1String("postgres")) && !QFileInfo::exists(logPath)))
        return std::nullopt;
    try {
        const DecisionLog log(logPath, DecisionLog::OpenMode::ReadOnly);
        std::optional<DecisionRecord> r =
            log.currentRecordForPair(report.champion.run->predictions.fileSha256,
                                     report.candidate.run->predictions.fileSha256);
        if (r && r->isRegistryAction() && r->supersedes) r = log.record(*r->supersedes);
        return r;
    } catch (const InputError &) {
        return std::nullopt;
    }
}

QString ReviewActions::exportReportTo(const QString &path, const DecisionRecord *record)
{
    const auto report = m_state->report();
    if (!report) return tr("no review is open");
    if (record) {
        const QJsonObject inputs =
            record->decision.gateReport.value(QLatin1String("inputs")).toObject();
        auto pathOf = [&](const char *side) {
            return inputs.value(QLatin1String(side))
                .toObject()
                .value(QLatin1String("path"))
                .toString();
        };
        if (record->facts.championInputSha256 != report->champion.run->predictions.fileSha256 ||
            record->facts.candidateInputSha256 != report->candidate.run->predictions.fileSha256)
            return tr("decision #%1 was made on %2 and %3, not on the open review: open that pair "
                      "to export its report (the report is rebuilt from the same files)")
                .arg(record->id)
                .arg(pathOf("champion"), pathOf("candidate"));
        if (record->facts.policySha256 != report->policy.sha256())
            return tr("decision #%1 was made under another policy (%2): open the pair with that "
                      "policy to export its report")
                .arg(record->id)
                .arg(pathOf("policy"));
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QStringList known = {QStringLiteral("pdf"), QStringLiteral("html"),
                               QStringLiteral("htm"), QStringLiteral("json"),
                               QStringLiteral("md"),  QStringLiteral("markdown")};
    if (!known.contains(suffix))
        return tr("unknown report format '.%1': name the file .pdf, .html, .md or .json")
            .arg(suffix);
    QApplication::setOverrideCursor(Qt::WaitCursor);
    // A decision on this pair recorded earlier (another session): the report cites it rather
    // than saying none is recorded.
    std::optional<DecisionRecord> earlier;
    if (!record && !m_state->decision() && m_history)
        earlier = recordOnPair(m_history->logPath(), *report);
    // The evidence the pages show, joined if still being computed: never computed twice.
    AnalysisState::of(m_state)->finishNow();
    DecisionReportInput input = reportInput(*m_state, QDateTime::currentDateTimeUtc(),
                                            record ? record : (earlier ? &*earlier : nullptr));
    if (earlier && !m_state->allNotes().isEmpty()) input.notes = m_state->allNotes();
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

void ReviewActions::exportRecordReport(const DecisionRecord &record)
{
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export the report of decision #%1").arg(record.id),
        QStringLiteral("decision-%1.pdf").arg(record.id),
        tr("PDF (*.pdf);;HTML (*.html);;Markdown (*.md);;JSON (*.json)"));
    if (path.isEmpty()) return;
    const QString problem = exportReportTo(path, &record);
    if (problem.isEmpty())
        m_window->statusBar()->showMessage(tr("Report written to %1").arg(path), 5000);
    else
        QMessageBox::warning(m_window, tr("Could not export the report"),
                             tr("%1: %2").arg(path, problem));
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

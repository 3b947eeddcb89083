#include "recorddecisiondialog.h"
#include "model/parallel.h"
#include "reviewstate.h"

#include "decisionlog/decisiondraft.h"
#include "decisionlog/postgresdatabase.h"
#include "decisionlog/sqldatabase.h"
#include "model/errors.h"
#include "report/gatereportjson.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QtConcurrent/QtConcurrentRun>
#include <QVBoxLayout>

namespace gr::ui {

namespace {
// The author of the last recorded decision: people record as themselves, not as their login.
const QString kAuthorKey = QStringLiteral("decision/author");

QString rememberedAuthor()
{
    const QString author = QSettings().value(kAuthorKey).toString().trimmed();
    return author.isEmpty() ? defaultAuthor() : author;
}
} // namespace

RecordDecisionDialog::RecordDecisionDialog(ReviewState *state, const QString &logPath,
                                           QWidget *parent)
    : QDialog(parent), m_state(state), m_logPath(resolveDecisionLogPath(logPath)),
      m_draftFolder(DecisionDraftStore::defaultFolder()), m_signingKeyPath(defaultSigningKeyPath())
{
    setWindowTitle(tr("Record decision"));
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("decisionVerdict"));
    m_verdict->setTextFormat(Qt::PlainText);

    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("decisionKind"));
    for (const QString &id : decisionKindNames()) {
        DecisionKind kind;
        decisionKindFromString(id, &kind);
        m_kind->addItem(displayName(kind), id);
    }

    m_rationale = new QPlainTextEdit(this);
    m_rationale->setObjectName(QStringLiteral("decisionRationale"));
    m_rationale->setPlaceholderText(tr("Why — for whoever reads this decision later (required)"));
    m_rationale->setTabChangesFocus(true);

    m_author = new QLineEdit(rememberedAuthor(), this);
    m_author->setObjectName(QStringLiteral("decisionAuthor"));

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("decisionHint"));
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("decisionProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_signing = new QLabel(this);
    m_signing->setObjectName(QStringLiteral("decisionSigning"));
    m_signing->setWordWrap(true);
    m_signing->setTextFormat(Qt::PlainText);

    m_policy = new QLabel(this);
    m_policy->setObjectName(QStringLiteral("decisionLogPolicy"));
    m_policy->setWordWrap(true);
    m_policy->setTextFormat(Qt::PlainText);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_record = buttons->button(QDialogButtonBox::Ok);
    m_record->setText(tr("Record decision"));
    m_record->setObjectName(QStringLiteral("recordDecisionButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &RecordDecisionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RecordDecisionDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("Gate verdict:"), m_verdict);
    form->addRow(tr("Decision:"), m_kind);
    form->addRow(tr("Rationale:"), m_rationale);
    form->addRow(tr("Author:"), m_author);
    auto *log = new QLabel(tr("Recorded in %1").arg(m_logPath), this);
    log->setTextFormat(Qt::PlainText);
    log->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_problem);
    layout->addWidget(m_signing);
    layout->addWidget(m_policy);
    layout->addWidget(log);
    layout->addWidget(buttons);

    m_kind->setCurrentIndex(m_kind->findData(toString(gateResult() == QLatin1String("PROMOTED")
                                                          ? DecisionKind::PromoteCandidate
                                                          : DecisionKind::ChampionStays)));

    connect(m_kind, &QComboBox::currentIndexChanged, this, &RecordDecisionDialog::updateForm);
    connect(m_rationale, &QPlainTextEdit::textChanged, this, &RecordDecisionDialog::updateForm);
    connect(m_author, &QLineEdit::textChanged, this, &RecordDecisionDialog::updateForm);
    loadSigningKey();
    readLogPolicy();
    updateForm();
    offerDraft();
}

namespace {

// The log's policy, or why it could not be read. Opens the log read-only and lets it go.
struct PolicyRead
{
    LogPolicy policy;
    QString error;
};

PolicyRead readPolicyOf(const QString &location)
{
    PolicyRead read;
    try {
        read.policy = DecisionLog(location, DecisionLog::OpenMode::ReadOnly).policy();
    } catch (const InputError &e) {
        read.error = e.message();
    }
    return read;
}

} // namespace

void RecordDecisionDialog::readLogPolicy()
{
    m_requiresSignedPromotions = false;
    m_policy->clear();
    if (!isPostgresLocation(m_logPath) && !QFileInfo::exists(m_logPath))
        return; // a new log: created by this record, with the policy off
    auto show = [this](const PolicyRead &read) {
        m_requiresSignedPromotions = read.policy.requireSignedPromotions;
        if (!read.error.isEmpty())
            // The append reads the policy again in its own transaction and refuses what it must.
            m_policy->setText(tr("The log's policy could not be read (%1); it is applied when "
                                 "you record.")
                                  .arg(read.error));
        else if (m_requiresSignedPromotions)
            m_policy->setText(tr("This log requires signed promote decisions: Promote candidate "
                                 "and Fast-track review are recorded only with your signing key."));
        else
            m_policy->clear();
        updateForm();
    };
    if (!isPostgresLocation(m_logPath)) {
        show(readPolicyOf(m_logPath)); // a local file answers at once
        return;
    }
    // A team's server may be slow or unreachable: ask it off the UI thread. Until it answers the
    // log itself still refuses what its policy forbids.
    m_policy->setText(tr("Reading the log's policy from %1…").arg(m_logPath));
    auto *watcher = new QFutureWatcher<PolicyRead>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, show] {
        watcher->deleteLater();
        show(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(workerPool(), readPolicyOf, m_logPath));
}

void RecordDecisionDialog::setSigningKeyPath(const QString &path)
{
    m_signingKeyPath = path;
    loadSigningKey();
    updateForm();
}

void RecordDecisionDialog::loadSigningKey()
{
    m_signingKey.reset();
    m_signingKeyProblem.clear();
    if (!QFile::exists(m_signingKeyPath)) {
        m_signing->setText(tr("Unsigned: there is no signing key at %1 (`gatereview log keygen` "
                              "makes one).")
                               .arg(m_signingKeyPath));
        return;
    }
    try {
        m_signingKey = SigningKey::load(m_signingKeyPath);
        m_signing->setText(tr("Signed with your key %1 (%2).")
                               .arg(keyFingerprint(m_signingKey->publicKey()), m_signingKeyPath));
    } catch (const InputError &e) {
        // A key that exists but cannot be used is not silently skipped: the record would read
        // "unsigned" where the team expects a signature.
        m_signingKeyProblem = e.message();
        m_signing->setText(tr("Cannot sign: %1").arg(m_signingKeyProblem));
    }
}

void RecordDecisionDialog::setDraftFolder(const QString &folder)
{
    m_draftFolder = folder;
    offerDraft();
}

void RecordDecisionDialog::offerDraft()
{
    // A decision the log could not take earlier, on this same report: offered again as it was.
    const Decision current = decision();
    if (current.gateReport.isEmpty()) return;
    const auto draft = DecisionDraftStore(m_draftFolder).draftFor(current.gateReport);
    if (!draft || draft->supersedes != m_supersedes) return;
    m_draftId = draft->id;
    m_kind->setCurrentIndex(m_kind->findData(toString(draft->decision.kind)));
    m_rationale->setPlainText(draft->decision.rationale);
    m_author->setText(draft->decision.author);
    m_problem->setText(tr("Restored your unrecorded draft of %1 (it was not recorded: %2).")
                           .arg(toLogTimestamp(draft->savedAt), draft->failure));
}

void RecordDecisionDialog::setSupersedes(std::optional<qint64> id)
{
    m_supersedes = id;
    setWindowTitle(id ? tr("Correct decision #%1").arg(*id) : tr("Record decision"));
    updateForm();
    offerDraft();
}

void RecordDecisionDialog::setGateReport(const QJsonObject &report)
{
    m_reportOverride = report;
    updateForm();
    offerDraft();
}

QString RecordDecisionDialog::gateResult() const
{
    if (!m_reportOverride.isEmpty())
        return m_reportOverride.value(QLatin1String("gate_result")).toString();
    return m_state->hasReport() ? toString(m_state->report()->result) : QString();
}

Decision RecordDecisionDialog::decision() const
{
    Decision d;
    decisionKindFromString(m_kind->currentData().toString(), &d.kind);
    d.rationale = m_rationale->toPlainText();
    d.author = m_author->text().trimmed();
    d.notes = m_state->allNotes();
    if (!m_reportOverride.isEmpty())
        d.gateReport = m_reportOverride;
    else if (m_state->hasReport())
        d.gateReport = gateReportToJson(*m_state->report());
    // What was explored is part of the record (the verdict stays the declared thresholds').
    QJsonObject whatIf;
    if (m_state->isWhatIf(Side::Champion))
        whatIf.insert(QStringLiteral("champion"), m_state->whatIfThreshold(Side::Champion));
    if (m_state->isWhatIf(Side::Candidate))
        whatIf.insert(QStringLiteral("candidate"), m_state->whatIfThreshold(Side::Candidate));
    if (!whatIf.isEmpty() && m_reportOverride.isEmpty())
        d.gateReport.insert(QStringLiteral("what_if_thresholds"), whatIf);
    return d;
}

void RecordDecisionDialog::updateForm()
{
    const QString result = gateResult();
    // Promote only when the gate passed: the item is disabled, not hidden, so the engineer sees
    // the option exists and why it is unavailable.
    const int promoteRow = m_kind->findData(toString(DecisionKind::PromoteCandidate));
    if (auto *items = qobject_cast<QStandardItemModel *>(m_kind->model()))
        items->item(promoteRow)->setEnabled(result == QLatin1String("PROMOTED"));
    if (m_kind->currentIndex() == promoteRow && result != QLatin1String("PROMOTED")) {
        const QSignalBlocker block(m_kind);
        m_kind->setCurrentIndex(m_kind->findData(toString(DecisionKind::ChampionStays)));
    }
    m_verdict->setText(result.isEmpty() ? tr("no gate report — run the gate first") : result);
    Decision d;
    decisionKindFromString(m_kind->currentData().toString(), &d.kind);
    d.rationale = m_rationale->toPlainText();
    d.author = m_author->text();

    QString hint;
    if (d.kind == DecisionKind::FastTrackReview)
        hint = tr("Fast-track review is the emergency path: every check has still run and the gate "
                  "verdict (%1) is "
                  "recorded unchanged, with who fast-tracked it (%2) and why.")
                   .arg(result.isEmpty() ? tr("none") : result,
                        d.author.isEmpty() ? tr("author required") : d.author);
    else if (result != QLatin1String("PROMOTED"))
        hint = tr("Promote candidate is only available when the gate result is PROMOTED.");
    if (m_supersedes)
        hint += (hint.isEmpty() ? QString() : QStringLiteral("\n")) +
                tr("This record corrects decision #%1, which stays in the log as superseded.")
                    .arg(*m_supersedes);
    m_hint->setText(hint);

    QString problem = result.isEmpty() ? tr("There is no gate report to decide on.")
                                       : validateDecision(d, result);
    if (problem.isEmpty() && !m_signingKeyProblem.isEmpty())
        problem = tr("the signing key cannot be used: %1").arg(m_signingKeyProblem);
    if (problem.isEmpty() && m_requiresSignedPromotions && isPromoteDecision(d.kind) &&
        !m_signingKey)
        problem = tr("a %1 decision must be signed, because this log requires signed promote "
                     "decisions, and there is no signing key at %2: run `gatereview log keygen`, "
                     "add its line to the team's allowed-signers file, then record again")
                      .arg(toString(d.kind), m_signingKeyPath);
    m_problem->setText(problem.isEmpty()
                           ? QString()
                           : problem.left(1).toUpper() + problem.mid(1) + QLatin1Char('.'));
    m_record->setEnabled(problem.isEmpty());
}

void RecordDecisionDialog::accept()
{
    try {
        DecisionLog log(m_logPath, DecisionLog::OpenMode::CreateIfMissing, m_clock);
        m_recorded =
            log.append(decision(), m_supersedes, {}, m_signingKey ? &*m_signingKey : nullptr);
    } catch (const InputError &e) {
        // The log could not take it (server down, connection lost, disk full, no permission, a
        // file that is not a log): keep what was written, so closing the dialog loses nothing.
        DecisionDraft draft;
        draft.decision = decision();
        draft.supersedes = m_supersedes;
        draft.logLocation = m_logPath;
        draft.failure = e.problem();
        try {
            const QString previous = m_draftId;
            m_draftId = DecisionDraftStore(m_draftFolder).save(draft);
            if (!previous.isEmpty()) DecisionDraftStore(m_draftFolder).remove(previous);
            m_problem->setText(tr("Not recorded: %1\nYour decision is kept as a draft and offered "
                                  "again when you record on this report.")
                                   .arg(e.message()));
        } catch (const InputError &saving) {
            m_problem->setText(tr("Not recorded: %1\nThe draft could not be saved either (%2): "
                                  "copy the rationale before closing.")
                                   .arg(e.message(), saving.message()));
        }
        return;
    }
    if (!m_draftId.isEmpty()) DecisionDraftStore(m_draftFolder).remove(m_draftId);
    QSettings().setValue(kAuthorKey, m_recorded->decision.author);
    emit decisionRecorded(m_recorded->id);
    QDialog::accept();
}

} // namespace gr::ui

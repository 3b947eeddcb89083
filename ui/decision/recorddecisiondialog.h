#pragma once
// Step 4, Decide: choose what happens next, say why, and record it in the decision log with the
// gate report it was made on. "Promote candidate" is only enabled when the gate PROMOTED;
// "Fast-track review" is the emergency path — the gate still ran and its verdict is recorded
// unchanged, together with who fast-tracked and why. The record is signed with the user's key
// (defaultSigningKeyPath(), as `log record` does) when there is one; the dialog says which.
// A log whose policy requires signed promote decisions is named as such, and without a usable
// key "Record" stays disabled for a promote decision (others still record unsigned).
#include "decisionlog/decisionlog.h"
#include "decisionlog/recordsigning.h"

#include <optional>
#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace gr::ui {

class ReviewState;

class RecordDecisionDialog : public QDialog
{
    Q_OBJECT
public:
    // `logPath` empty: resolveDecisionLogPath() ($GATEREVIEW_LOG or the per-user log).
    RecordDecisionDialog(ReviewState *state, const QString &logPath = {},
                         QWidget *parent = nullptr);

    // Records the decision as a correction of record `id`.
    void setSupersedes(std::optional<qint64> id);
    // Decide on this gate report instead of the review's (a correction keeps the evidence of the
    // record it corrects).
    void setGateReport(const QJsonObject &report);
    QString gateResult() const;
    void setClock(Clock clock) { m_clock = std::move(clock); } // tests pin decided_at
    // Where unrecorded decisions are kept (default DecisionDraftStore::defaultFolder()).
    void setDraftFolder(const QString &folder);
    // The key records are signed with when the file exists (default defaultSigningKeyPath()).
    void setSigningKeyPath(const QString &path);
    const std::optional<DecisionRecord> &recorded() const { return m_recorded; }

    // The decision as the form describes it (kind, rationale, author, the state's notes and
    // report).
    Decision decision() const;

public slots:
    void accept() override; // writes through the log; stays open with the reason on failure

signals:
    void decisionRecorded(qint64 id);

private:
    void updateForm();
    void offerDraft(); // fills the form from a draft on the same report, if there is one
    void loadSigningKey();
    void readLogPolicy(); // the log's LogPolicy, read once when the dialog opens

    ReviewState *m_state;
    QString m_logPath;
    Clock m_clock;
    std::optional<qint64> m_supersedes;
    QJsonObject m_reportOverride;
    QString m_draftFolder;
    QString m_draftId; // the draft this dialog restored or saved
    std::optional<DecisionRecord> m_recorded;
    QString m_signingKeyPath;
    std::optional<SigningKey> m_signingKey;
    QString m_signingKeyProblem; // why the key file that exists cannot be used
    bool m_requiresSignedPromotions = false;
    QLabel *m_verdict;
    QComboBox *m_kind;
    QPlainTextEdit *m_rationale;
    QLineEdit *m_author;
    QLabel *m_hint;
    QLabel *m_problem;
    QLabel *m_signing;
    QLabel *m_policy;
    QPushButton *m_record;
};

} // namespace gr::ui

#pragma once
// The Diagnosis page: the four steps after a gate (diagnose the comparison, check the data, check
// the model, decide), each with the evidence the core computes and a notes field bound to the
// review state. Recording a decision is the Record Decision dialog's job: the page only asks for
// it through recordDecisionRequested().
#include "reviewstate.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace gr {
struct DiagnosisEvidence;
}

namespace gr::ui {

class DiagnosisPage : public QWidget
{
    Q_OBJECT
public:
    DiagnosisPage(ReviewState *state, QWidget *parent = nullptr);
    ~DiagnosisPage() override;

signals:
    void recordDecisionRequested();

private:
    void onReportChanged();
    void onEvidence(); // the AnalysisState's evidence arrived, or it stopped without it
    void showEvidence(const DiagnosisEvidence &evidence);
    void clearEvidence(const QString &message);
    void refreshWhatIf();

    ReviewState *m_state;
    class AnalysisState *m_analysis; // computes the evidence off the UI thread
    QPushButton *m_retry;            // computes it again after a cancel
    QLabel *m_status;
    QLabel *m_whatIf; // the evidence is the verdict's; what-if dollars shown beside it, labelled
    QWidget *m_evidence[4] = {}; // per step: findings and tables, rebuilt per report
    QVBoxLayout *m_evidenceLayout[4] = {};
    QPlainTextEdit *m_notes[4] = {};
    QPushButton *m_record;
};

} // namespace gr::ui

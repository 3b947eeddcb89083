#include "diagnosispage.h"
#include "analysis/analysisstate.h"

#include "diagnosis/diagnosis.h"
#include "report/reportdocument.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gr::ui {
namespace {

// One plain-text label per finding: run names and paths in them are never read as markup.
QLabel *findingLabel(const QString &finding)
{
    auto *label = new QLabel(QStringLiteral("• ") + finding);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QTableWidget *tableWidget(const ReportTable &t)
{
    auto *table = new QTableWidget(int(t.rows.size()), int(t.header.size()));
    table->setHorizontalHeaderLabels(t.header);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::ContiguousSelection);
    for (int r = 0; r < t.rows.size(); ++r)
        for (int c = 0; c < t.header.size(); ++c) {
            auto *item = new QTableWidgetItem(t.rows[r].value(c));
            item->setTextAlignment(Qt::AlignVCenter |
                                   (t.numeric.value(c) ? Qt::AlignRight : Qt::AlignLeft));
            table->setItem(r, c, item);
        }
    table->resizeColumnsToContents();
    // Sized to fit every row and column: the page scrolls, not each table.
    const int rowHeight = table->fontMetrics().height() + 8;
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(rowHeight);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    const int frame = 2 * table->frameWidth();
    table->setFixedHeight(table->horizontalHeader()->sizeHint().height() +
                          int(t.rows.size()) * rowHeight + frame + 2);
    table->setMaximumWidth(table->horizontalHeader()->length() + frame + 2);
    return table;
}

void clearLayout(QVBoxLayout *layout)
{
    while (QLayoutItem *item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

} // namespace

DiagnosisPage::DiagnosisPage(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_analysis(AnalysisState::of(state))
{
    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("diagnosisStatus"));
    m_status->setWordWrap(true);
    column->addWidget(m_status);
    m_retry = new QPushButton(tr("Compute the evidence"));
    m_retry->setObjectName(QStringLiteral("diagnosisRetry"));
    m_retry->hide();
    connect(m_retry, &QPushButton::clicked, m_analysis, &AnalysisState::recompute);
    column->addWidget(m_retry, 0, Qt::AlignLeft);
    m_whatIf = new QLabel;
    m_whatIf->setObjectName(QStringLiteral("diagnosisWhatIf"));
    m_whatIf->setWordWrap(true);
    m_whatIf->setTextInteractionFlags(Qt::TextSelectableByMouse);
    column->addWidget(m_whatIf);
    for (int step = StepComparison; step <= StepDecide; ++step) {
        const int i = step - 1;
        auto *box = new QGroupBox(QStringLiteral("%1. %2").arg(step).arg(diagnosisStepTitle(step)));
        box->setObjectName(QStringLiteral("step%1").arg(step));
        auto *layout = new QVBoxLayout(box);
        m_evidence[i] = new QWidget;
        m_evidence[i]->setObjectName(QStringLiteral("evidence%1").arg(step));
        m_evidenceLayout[i] = new QVBoxLayout(m_evidence[i]);
        m_evidenceLayout[i]->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_evidence[i]);
        if (step == StepDecide) {
            m_record = new QPushButton(QStringLiteral("Record decision…"));
            m_record->setObjectName(QStringLiteral("recordDecision"));
            m_record->setEnabled(false);
            connect(m_record, &QPushButton::clicked, this, &DiagnosisPage::recordDecisionRequested);
            layout->addWidget(m_record, 0, Qt::AlignLeft);
        }
        layout->addWidget(new QLabel(QStringLiteral("Notes")));
        m_notes[i] = new QPlainTextEdit;
        m_notes[i]->setObjectName(QStringLiteral("notes%1").arg(step));
        m_notes[i]->setPlaceholderText(
            QStringLiteral("What you found in this step, for the decision record and the report."));
        m_notes[i]->setMinimumHeight(70);
        m_notes[i]->setMaximumHeight(140);
        m_notes[i]->setPlainText(state->notes(step));
        connect(m_notes[i], &QPlainTextEdit::textChanged, this,
                [this, step, i] { m_state->setNotes(step, m_notes[i]->toPlainText()); });
        layout->addWidget(m_notes[i]);
        column->addWidget(box);
    }
    column->addStretch(1);
    // Word-wrapped findings make the content height-for-width, which QScrollArea would squeeze
    // to the viewport; a hard minimum keeps every table whole and lets the page scroll instead.
    column->setSizeConstraint(QLayout::SetMinimumSize);

    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(state, &ReviewState::reportChanged, this, &DiagnosisPage::onReportChanged);
    connect(state, &ReviewState::notesChanged, this, [this](int step) {
        // Notes can change elsewhere (a reopened session): follow without moving the cursor
        // needlessly.
        if (step < StepComparison || step > StepDecide) return;
        QPlainTextEdit *edit = m_notes[step - 1];
        if (edit->toPlainText() != m_state->notes(step)) edit->setPlainText(m_state->notes(step));
    });
    connect(state, &ReviewState::whatIfChanged, this, &DiagnosisPage::refreshWhatIf);
    connect(state, &ReviewState::evidenceChanged, this, &DiagnosisPage::onEvidence);
    connect(m_analysis, &AnalysisState::analysisChanged, this, &DiagnosisPage::onEvidence);
    onReportChanged();
}

DiagnosisPage::~DiagnosisPage() = default;

void DiagnosisPage::refreshWhatIf()
{
    const std::shared_ptr<const GateReport> report = m_state->report();
    m_whatIf->setVisible(report && m_state->anyWhatIf());
    if (!report || !m_state->anyWhatIf()) {
        m_whatIf->clear();
        return;
    }
    m_whatIf->setText(tr("<b>What-if (not the verdict)</b>: %1. The steps below are the evidence "
                         "for the gate's verdict (%2), at the declared thresholds and the "
                         "policy's values.")
                          .arg(m_state->whatIfSummary().toHtmlEscaped(), toString(report->result)));
}

void DiagnosisPage::onReportChanged()
{
    const std::shared_ptr<const GateReport> report = m_state->report();
    refreshWhatIf();
    for (int step = StepComparison; step <= StepDecide; ++step) {
        QPlainTextEdit *edit = m_notes[step - 1];
        if (edit->toPlainText() != m_state->notes(step)) edit->setPlainText(m_state->notes(step));
        // Notes belong to a review: with none open there is nothing to write them about.
        edit->setReadOnly(!report);
        edit->setPlaceholderText(report ? tr("What you found in this step, for the decision "
                                             "record and the report.")
                                        : tr("Open a review to take notes."));
    }
    if (!report) {
        clearEvidence(QStringLiteral("Open a champion and a candidate to diagnose the gate."));
        return;
    }
    onEvidence();
}

void DiagnosisPage::onEvidence()
{
    if (!m_state->hasReport()) return;
    m_retry->hide();
    if (const auto evidence = m_state->evidence().diagnosis) {
        showEvidence(*evidence);
    } else if (m_analysis->isComputing()) {
        clearEvidence(tr("Gate result %1. Computing the evidence for the four steps…")
                          .arg(toString(m_state->report()->result)));
    } else {
        // Cancelled on the Ranking page, or failed: say so, and offer to compute it again.
        clearEvidence(tr("The evidence was not computed: %1").arg(m_analysis->problem()));
        m_retry->show();
    }
}

void DiagnosisPage::clearEvidence(const QString &message)
{
    m_status->setText(message);
    for (QVBoxLayout *layout : m_evidenceLayout)
        clearLayout(layout);
    m_record->setEnabled(false);
}

void DiagnosisPage::showEvidence(const DiagnosisEvidence &evidence)
{
    const std::shared_ptr<const GateReport> report = m_state->report();
    if (!report) return;
    m_status->setText(
        QStringLiteral("Gate result %1. Work through the steps, note what you find, then decide.")
            .arg(toString(report->result)));
    for (int step = StepComparison; step <= StepDecide; ++step) {
        QVBoxLayout *layout = m_evidenceLayout[step - 1];
        clearLayout(layout);
        for (const QString &finding : evidence.findings(step))
            layout->addWidget(findingLabel(finding));
        for (const ReportTable &t : diagnosisTables(evidence, step, report->policy.currency))
            layout->addWidget(tableWidget(t));
        if (step == StepDecide) {
            QStringList choices;
            for (DecisionKind kind : evidence.choices)
                choices << displayName(kind);
            auto *label =
                new QLabel(QStringLiteral("Choices: ") + choices.join(QStringLiteral(" · ")));
            label->setTextFormat(Qt::PlainText);
            label->setObjectName(QStringLiteral("decisionChoices"));
            label->setWordWrap(true);
            layout->addWidget(label);
        }
    }
    m_record->setEnabled(true);
}

} // namespace gr::ui

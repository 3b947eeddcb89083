#include "gatepanel.h"
#include "gatemodel.h"
#include "palette.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace gr::ui {

GatePanel::GatePanel(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_model(new GateModel(this)), m_verdict(new QLabel(this)),
      m_reasons(new QLabel(this)), m_whatIf(new QLabel(this)), m_tree(new QTreeView(this))
{
    m_verdict->setObjectName(QStringLiteral("gateVerdictLabel"));
    m_reasons->setObjectName(QStringLiteral("gateReasonsLabel"));
    m_tree->setObjectName(QStringLiteral("gatePanel"));
    m_whatIf->setObjectName(QStringLiteral("gateWhatIfLabel"));
    m_whatIf->setWordWrap(true);
    m_whatIf->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_verdict->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.8);
    m_verdict->setFont(big);
    m_reasons->setWordWrap(true);
    m_reasons->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    m_tree->header()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_verdict);
    layout->addWidget(m_reasons);
    layout->addWidget(m_whatIf);
    layout->addWidget(m_tree, 1);
    connect(state, &ReviewState::reportChanged, this, &GatePanel::refresh);
    connect(state, &ReviewState::whatIfChanged, this, &GatePanel::refreshWhatIf);
    refresh();
}

void GatePanel::refresh()
{
    const auto report = m_state->report();
    m_model->setReport(report.get());
    m_tree->expandAll();
    m_tree->setColumnWidth(GateModel::NameColumn, 420);
    m_tree->setColumnWidth(GateModel::ResultColumn, 200);
    m_tree->setColumnWidth(GateModel::ValueColumn, 120);
    m_tree->setColumnWidth(GateModel::LimitColumn, 120);
    if (!report) {
        m_verdict->setText(tr("No review open"));
        m_verdict->setStyleSheet({});
        m_reasons->setText(tr("Open a champion and a candidate (File menu, or drop prediction "
                              "files or run folders on the window), or open the demo."));
        return;
    }
    const QPalette p = palette();
    const QColor c = report->result == GateResult::Promoted ? colors::pass(p) : colors::fail(p);
    m_verdict->setText(tr("Gate: %1").arg(toString(report->result)));
    m_verdict->setStyleSheet(QStringLiteral("color: %1;").arg(c.name()));
    m_reasons->setText(
        report->reasons.join(QLatin1Char('\n')) +
        tr("\nVerdict at the runs' declared thresholds and the policy's values; what-ifs never "
           "change it."));
    refreshWhatIf();
}

void GatePanel::refreshWhatIf()
{
    const auto report = m_state->report();
    m_whatIf->setVisible(report && m_state->anyWhatIf());
    if (!report || !m_state->anyWhatIf()) {
        m_whatIf->clear();
        return;
    }
    m_whatIf->setText(tr("WHAT-IF (not the verdict): %1. The verdict above stays %2.")
                          .arg(m_state->whatIfSummary(), toString(report->result)));
}

} // namespace gr::ui

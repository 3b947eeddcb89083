#include "policypanel.h"
#include "palette.h"

#include <QApplication>
#include <QEvent>
#include <QFileInfo>
#include <QLabel>
#include <QVBoxLayout>

namespace gr::ui {

PolicyPanel::PolicyPanel(ReviewState *state, QWidget *parent)
    : QFrame(parent), m_state(state), m_policy(new QLabel(this)), m_warnings(new QLabel(this))
{
    setObjectName(QStringLiteral("policyPanel"));
    m_policy->setObjectName(QStringLiteral("policyInForceLabel"));
    m_warnings->setObjectName(QStringLiteral("reviewWarningsLabel"));
    m_policy->setWordWrap(true);
    m_warnings->setWordWrap(true);
    m_policy->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setAutoFillBackground(true);
    m_warnings->setMargin(6);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_warnings);
    layout->addWidget(m_policy);
    applyColours();
    connect(state, &ReviewState::reportChanged, this, &PolicyPanel::refresh);
    refresh();
}

void PolicyPanel::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyColours();
}

void PolicyPanel::applyColours()
{
    QPalette p = QApplication::palette();
    p.setColor(QPalette::Window, colors::tint(colors::fail(p), p, 0.35));
    m_warnings->setPalette(p);
}

void PolicyPanel::refresh()
{
    const auto report = m_state->report();
    setVisible(report != nullptr);
    if (!report) return;
    const GatePolicy &policy = report->policy;
    const QString source =
        policy.sourceFile.isEmpty()
            ? tr("the built-in default policy")
            : tr("%1 (SHA-256 %2…)")
                  .arg(QFileInfo(policy.sourceFile).fileName(), policy.sourceSha256.left(12));
    const auto money = [&policy](Money v) { return formatMoney(v, policy.currency); };
    m_policy->setText(tr("Policy in force: %1 — each true positive %2, false positive %3, false "
                         "negative %4, true negative %5.")
                          .arg(source, money(policy.values.tp), money(policy.values.fp),
                               money(policy.values.fn), money(policy.values.tn)));
    m_policy->setToolTip(policy.sourceFile);
    const QStringList &warnings = m_state->review().warnings;
    m_warnings->setVisible(!warnings.isEmpty());
    m_warnings->setText(QStringLiteral("⚠ ") + warnings.join(QStringLiteral("\n⚠ ")));
}

} // namespace gr::ui

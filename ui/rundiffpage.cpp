#include "rundiffpage.h"
#include "reviewstate.h"
#include "rundiffview.h"

#include <QVBoxLayout>

namespace gr::ui {

RunDiffPage::RunDiffPage(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_view(new RunDiffView(this))
{
    setObjectName(QStringLiteral("runDiffPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view);
    connect(m_state, &ReviewState::reportChanged, this, &RunDiffPage::onReportChanged);
    onReportChanged();
}

void RunDiffPage::onReportChanged()
{
    const auto report = m_state->report();
    m_view->setRuns(report ? report->champion.run->meta : RunMetadata(),
                    report ? report->candidate.run->meta : RunMetadata());
}

} // namespace gr::ui

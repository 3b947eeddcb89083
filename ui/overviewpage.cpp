#include "overviewpage.h"
#include "gatepanel.h"
#include "mismatchbanner.h"
#include "policypanel.h"
#include "runcard.h"

#include <QHBoxLayout>
#include <QVBoxLayout>

namespace gr::ui {

OverviewPage::OverviewPage(ReviewState *state, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("overviewPage"));
    auto *cards = new QHBoxLayout;
    cards->addWidget(new RunCard(Side::Champion, state, this), 1);
    cards->addWidget(new RunCard(Side::Candidate, state, this), 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new MismatchBanner(state, this));
    layout->addWidget(new PolicyPanel(state, this));
    layout->addLayout(cards);
    layout->addWidget(new GatePanel(state, this), 1);
}

} // namespace gr::ui

#include "thresholdpage.h"
#include "metricstablemodel.h"
#include "palette.h"
#include "plotview.h"
#include "thresholdcontrol.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gr::ui {

namespace {
// The what-if marker's pen: dashed, except the champion's when both sit at one threshold — then
// solid, so it shows through the gaps of the candidate's dashes instead of vanishing under them.
Qt::PenStyle markerStyle(const ReviewState &state, Side side)
{
    const bool together =
        state.whatIfThreshold(Side::Champion) == state.whatIfThreshold(Side::Candidate);
    return side == Side::Champion && together ? Qt::SolidLine : Qt::DashLine;
}
constexpr Side kSides[2] = {Side::Champion, Side::Candidate};
const char *const kMetricNames[4] = {"precision", "recall", "F1", "net benefit"};
// One line style per metric and a shade of the model's colour per metric: eight lines told apart
// by colour, and by dash without colour.
constexpr Qt::PenStyle kStyles[4] = {Qt::DashLine, Qt::DotLine, Qt::SolidLine, Qt::DashDotLine};
} // namespace

ThresholdPage::ThresholdPage(ReviewState *state, QWidget *parent)
    : LazyPage(parent), m_state(state), m_plot(new PlotView(this)),
      m_metrics(new MetricsTableModel(this)), m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("thresholdPage"));
    m_plot->setObjectName(QStringLiteral("sensitivityPlot"));
    m_note->setObjectName(QStringLiteral("thresholdWhatIfNote"));
    m_note->setWordWrap(true);
    auto *table = new QTableView(this);
    table->setObjectName(QStringLiteral("metricsTable"));
    table->setTabKeyNavigation(false); // Tab leaves the table; arrows move within it
    table->setModel(m_metrics);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    table->setMinimumWidth(540);

    auto *toggles = new QHBoxLayout;
    toggles->addWidget(new QLabel(tr("Show:"), this));
    for (int i = 0; i < 4; ++i) {
        m_show[i] = new QCheckBox(tr(kMetricNames[i]), this);
        m_show[i]->setObjectName(QStringLiteral("show%1Check").arg(i));
        m_show[i]->setChecked(true);
        toggles->addWidget(m_show[i]);
        connect(m_show[i], &QCheckBox::toggled, this, &ThresholdPage::rebuildCurves);
    }
    toggles->addStretch(1);
    auto *reset = new QPushButton(tr("Reset both to declared"), this);
    reset->setObjectName(QStringLiteral("resetWhatIfButton"));
    toggles->addWidget(reset);
    connect(reset, &QPushButton::clicked, state, &ReviewState::resetWhatIf);

    auto *left = new QVBoxLayout;
    left->addWidget(m_plot, 1);
    left->addLayout(toggles);
    left->addWidget(new ThresholdControl(Side::Champion, state, this));
    left->addWidget(new ThresholdControl(Side::Candidate, state, this));
    auto *right = new QVBoxLayout;
    right->addWidget(table, 1);
    right->addWidget(m_note);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 3);
    layout->addLayout(right, 1);

    m_plot->xAxis->setLabel(tr("threshold"));
    m_plot->yAxis->setLabel(tr("precision · recall · F1"));
    m_plot->yAxis2->setVisible(true);
    m_plot->placeLegendBelow(4);

    connect(state, &ReviewState::reportChanged, this, &ThresholdPage::rebuildWhenShown);
    connect(state, &ReviewState::whatIfChanged, this, &ThresholdPage::refreshWhatIf);
    connect(m_plot, &PlotView::markerDragged, this, [this](const QString &id, double x) {
        m_state->setWhatIfThreshold(
            id == QLatin1String("champion") ? Side::Champion : Side::Candidate, x);
    });
    rebuildWhenShown();
}

void ThresholdPage::rebuild()
{
    for (Side s : kSides)
        m_curves[int(s)] = m_state->sweepCurves(s);
    m_sampledValues = m_state->values();
    rebuildCurves();
}

void ThresholdPage::rebuildCurves()
{
    if (isStale()) return; // rebuilt when shown
    m_plot->clearGraphs();
    m_plot->removeMarkers();
    const auto report = m_state->report();
    const QString currency = report ? report->policy.currency : QStringLiteral("USD");
    m_plot->yAxis2->setLabel(tr("net benefit (%1)").arg(currency));
    PlotView::setMoneyAxis(m_plot->yAxis2, currency);
    m_plot->setValueText([this, currency](const QCPAbstractPlottable *p, double v) {
        return p->valueAxis() == m_plot->yAxis2 ? formatMoney(v, currency)
                                                : QString::number(v, 'f', 4);
    });
    if (!report || !report->testSet.identical) {
        m_metrics->clear();
        m_plot->showEmpty(report ? tr("Not comparable: the runs were scored on different test "
                                      "sets (gate INVALID).")
                                 : tr("Open a champion and a candidate to see how each metric "
                                      "moves with the threshold."));
        return;
    }
    const QPalette p = palette();
    for (Side s : kSides) {
        const SweepCurves &c = m_curves[int(s)];
        const QColor color = s == Side::Champion ? colors::champion(p) : colors::candidate(p);
        const QString who = s == Side::Champion ? tr("champion") : tr("candidate");
        const QVector<double> *series[4] = {&c.precision, &c.recall, &c.f1, &c.netBenefit};
        for (int i = 0; i < 4; ++i)
            if (m_show[i]->isChecked())
                m_plot->addCurve(QStringLiteral("%1 %2").arg(who, tr(kMetricNames[i])), c.threshold,
                                 *series[i], colors::seriesShade(color, i, p), kStyles[i],
                                 i == 2 ? 2.5 : 1.6, i == 3);
        m_plot->setMarker(QStringLiteral("%1Declared").arg(who), m_state->declaredThreshold(s),
                          color, QString(), false, Qt::SolidLine);
    }
    m_plot->xAxis->setRange(0, 1);
    m_plot->yAxis->setRange(0, 1.05);
    QCPRange nb;
    bool any = false;
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        bool ok = false;
        const QCPRange r = m_plot->graph(i)->getValueRange(ok);
        if (ok && m_plot->graph(i)->valueAxis() == m_plot->yAxis2) {
            nb = any ? QCPRange(std::min(nb.lower, r.lower), std::max(nb.upper, r.upper)) : r;
            any = true;
        }
    }
    if (any && nb.size() > 0)
        m_plot->yAxis2->setRange(nb.lower - 0.05 * nb.size(), nb.upper + 0.05 * nb.size());
    m_plot->setHomeRanges();
    refreshWhatIf();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ThresholdPage::refreshWhatIf()
{
    if (isStale()) return; // rebuilt, what-if included, when shown
    if (!m_state->hasReport() || !m_state->report()->testSet.identical) return;
    if (!(m_sampledValues == m_state->values())) { // what-if cell values: a new NB curve
        rebuildWhenShown();
        return;
    }
    const QPalette p = palette();
    for (Side s : kSides) {
        const double t = m_state->whatIfThreshold(s);
        const QString who =
            s == Side::Champion ? QStringLiteral("champion") : QStringLiteral("candidate");
        const QString label = (m_state->isWhatIf(s) ? tr("%1 what-if %2") : tr("%1 declared %2"))
                                  .arg(who)
                                  .arg(t, 0, 'f', 3);
        m_plot->setMarker(who, t, s == Side::Champion ? colors::champion(p) : colors::candidate(p),
                          label, true, markerStyle(*m_state, s), s == Side::Champion ? 0 : 1);
    }
    m_plot->replotMarkers();
    m_metrics->setMetrics(m_state->whatIfMetrics(Side::Champion),
                          m_state->whatIfMetrics(Side::Candidate),
                          m_state->report()->policy.currency);
    const bool whatIfChampion = m_state->isWhatIf(Side::Champion) || m_state->isValuesWhatIf(),
               whatIfCandidate = m_state->isWhatIf(Side::Candidate) || m_state->isValuesWhatIf();
    m_metrics->setWhatIf(whatIfChampion, whatIfCandidate);
    m_note->setText(whatIfChampion || whatIfCandidate
                        ? tr("WHAT-IF: the table shows what the models would do at the "
                             "thresholds set here (and the Cost sensitivity page's dollar values, "
                             "if set). The gate's verdict (%1) uses the runs' declared thresholds "
                             "and the policy's values and does not change.")
                              .arg(toString(m_state->report()->result))
                        : tr("Declared thresholds (the gate's). Drag a dashed line, move a slider "
                             "or type a threshold to explore."));
}

} // namespace gr::ui

#include "netbenefitpage.h"
#include "palette.h"
#include "plotview.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
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
constexpr Cell kCells[4] = {Cell::TP, Cell::FP, Cell::FN, Cell::TN};
constexpr Side kSides[2] = {Side::Champion, Side::Candidate};
QString sideId(Side s)
{
    return s == Side::Champion ? QStringLiteral("champion") : QStringLiteral("candidate");
}
} // namespace

NetBenefitPage::NetBenefitPage(ReviewState *state, QWidget *parent)
    : LazyPage(parent), m_state(state), m_plot(new PlotView(this)), m_dollars(new PlotView(this)),
      m_decisionCurve(new QCheckBox(
          tr("Decision curve (net benefit per row, with treat-all and treat-none)"), this)),
      m_deltaLabel(new QLabel(this)), m_breakdownTitle(new QLabel(this)),
      m_curveNote(new QLabel(this))
{
    setObjectName(QStringLiteral("netBenefitPage"));
    m_plot->setObjectName(QStringLiteral("netBenefitPlot"));
    m_dollars->setObjectName(QStringLiteral("dollarsPlot"));
    m_dollars->installEventFilter(this);
    m_decisionCurve->setObjectName(QStringLiteral("decisionCurveCheck"));
    m_deltaLabel->setObjectName(QStringLiteral("deltaNbLabel"));
    m_breakdownTitle->setObjectName(QStringLiteral("breakdownTitle"));
    m_deltaLabel->setWordWrap(true);
    m_deltaLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_breakdownTitle->setWordWrap(true);
    m_curveNote->setObjectName(QStringLiteral("decisionCurveNote"));
    m_curveNote->setWordWrap(true);
    m_curveNote->setText(
        tr("The decision curve weighs outcomes by the threshold itself — at threshold p a false "
           "positive costs p/(1−p) of a true positive's benefit — not by the policy's dollars, so "
           "its best threshold can differ from the dollar optimum. The gate uses the dollars: "
           "uncheck to see them."));
    m_curveNote->setVisible(false);
    QFont bold = m_breakdownTitle->font();
    bold.setBold(true);
    m_breakdownTitle->setFont(bold);
    m_dollars->legend->setVisible(false);
    m_plot->placeLegendBelow(3);
    m_dollars->setKeyLabel(tr("cell"));

    auto *right = new QVBoxLayout;
    right->addWidget(m_breakdownTitle);
    right->addWidget(m_dollars, 1);
    right->addWidget(m_deltaLabel);
    auto *left = new QVBoxLayout;
    left->addWidget(m_plot, 1);
    left->addWidget(m_decisionCurve);
    left->addWidget(m_curveNote);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 3);
    layout->addLayout(right, 2);

    connect(state, &ReviewState::reportChanged, this, &NetBenefitPage::rebuildWhenShown);
    connect(state, &ReviewState::whatIfChanged, this, &NetBenefitPage::refreshWhatIf);
    connect(m_decisionCurve, &QCheckBox::toggled, this, &NetBenefitPage::rebuildCurves);
    connect(m_plot, &PlotView::markerDragged, this, [this](const QString &id, double x) {
        m_state->setWhatIfThreshold(
            id == QLatin1String("champion") ? Side::Champion : Side::Candidate, x);
    });
    rebuildWhenShown();
}

void NetBenefitPage::rebuild()
{
    for (Side s : kSides)
        m_curves[int(s)] = m_state->sweepCurves(s);
    m_sampledValues = m_state->values();
    rebuildCurves();
}

void NetBenefitPage::rebuildCurves()
{
    if (isStale()) return; // rebuilt when shown
    m_plot->clearGraphs();
    m_plot->removeMarkers();
    const auto report = m_state->report();
    const bool dc = m_decisionCurve->isChecked();
    m_curveNote->setVisible(dc);
    const QString currency = report ? report->policy.currency : QStringLiteral("USD");
    if (dc)
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    else
        PlotView::setMoneyAxis(m_plot->yAxis, currency);
    if (dc)
        m_plot->setValueText(
            [](const QCPAbstractPlottable *, double v) { return QString::number(v, 'f', 4); });
    else
        m_plot->setValueText([currency](const QCPAbstractPlottable *, double v) {
            return formatMoney(v, currency);
        });
    m_plot->xAxis->setLabel(dc ? tr("threshold probability") : tr("threshold"));
    m_plot->yAxis->setLabel(dc ? tr("net benefit per row (decision curve)")
                               : tr("net benefit (%1 over the test set)").arg(currency));
    if (!report || !report->testSet.identical) {
        // Two models scored on different test sets are not compared, not even as curves.
        m_plot->showEmpty(
            report ? tr("Not comparable: the runs were scored on different test sets (gate "
                        "INVALID).\nScore both models on the same fixed test set.")
                   : tr("Open a champion and a candidate to see net benefit by threshold."));
        refreshBreakdown();
        return;
    }
    const QPalette p = palette();
    double top = 0;
    for (Side s : kSides) {
        const ModelEvaluation &e = *m_state->evaluation(s);
        const SweepCurves &c = m_curves[int(s)];
        const QColor color = s == Side::Champion ? colors::champion(p) : colors::candidate(p);
        const QString who = s == Side::Champion ? tr("champion") : tr("candidate");
        const QVector<double> &y = dc ? c.decisionCurve : c.netBenefit;
        m_plot->addCurve(who, c.threshold, y, color);
        for (double v : y)
            top = std::max(top, v);
        const double t = e.metrics.threshold;
        // At the curves' values: the policy's, or the Cost sensitivity page's what-if values.
        const bool policyValues = m_sampledValues == report->policy.values;
        const Money operating = policyValues
                                    ? e.metrics.netBenefit
                                    : metricsAtThreshold(*e.sweep, t, m_sampledValues).netBenefit;
        m_plot->addPoints(tr("%1 operating point").arg(who), {t},
                          {dc ? e.sweep->decisionCurveNetBenefit(t) : operating.toDouble()}, color,
                          QCPScatterStyle::ssDisc);
        // The optimum is the dollars' optimum: it belongs on the dollar curve only.
        const auto best =
            policyValues ? e.metrics.bestNetBenefit : e.sweep->bestNetBenefit(m_sampledValues);
        if (!dc)
            m_plot->addPoints(tr("%1 optimum").arg(who), {best.threshold}, {best.value.toDouble()},
                              color, QCPScatterStyle::ssStar, 14);
    }
    if (dc) {
        const QColor neutral = p.color(QPalette::Text);
        m_plot->addCurve(tr("treat all"), m_curves[0].threshold, m_curves[0].decisionCurveTreatAll,
                         neutral, Qt::DashLine, 1.5);
        m_plot->addCurve(tr("treat none"), {0.0, 1.0}, {0.0, 0.0}, neutral, Qt::DotLine, 1.5);
        // Treat-all plunges as the threshold nears 1; keep the useful region in view.
        m_plot->yAxis->setRange(-0.25 * top, top * 1.15);
    } else {
        m_plot->rescaleAxes();
        m_plot->yAxis->scaleRange(1.1);
    }
    m_plot->xAxis->setRange(0, 1);
    m_plot->setHomeRanges();
    m_plot->replot(); // lays out the axes: the marker labels are placed in pixels next
    refreshWhatIf();
}

void NetBenefitPage::refreshWhatIf()
{
    if (isStale()) return; // rebuilt, what-if included, when shown
    const auto report = m_state->report();
    if (report && !(m_sampledValues == m_state->values())) { // what-if cell values: new curves
        rebuildWhenShown();
        return;
    }
    if (report && report->testSet.identical) {
        const QPalette p = palette();
        for (Side s : kSides) {
            const double t = m_state->whatIfThreshold(s);
            const QString label =
                (m_state->isWhatIf(s) ? tr("what-if %1") : tr("declared %1")).arg(t, 0, 'f', 3);
            m_plot->setMarker(sideId(s), t,
                              s == Side::Champion ? colors::champion(p) : colors::candidate(p),
                              label, true, markerStyle(*m_state, s), s == Side::Champion ? 0 : 1);
        }
        m_plot->keepMarkerLabelsOffPoints(); // never on the optimum star or an operating point
        m_plot->replotMarkers();
    }
    refreshBreakdown();
}

void NetBenefitPage::refreshBreakdown()
{
    m_dollars->clearPlottables();
    for (QCPItemText *t : std::as_const(m_barLabels))
        m_dollars->removeItem(t);
    m_barLabels.clear();
    const auto report = m_state->report();
    if (!report || !report->testSet.identical) {
        m_breakdownTitle->setText(tr("Where the dollars went"));
        m_deltaLabel->setText(
            report ? tr("ΔNB is not comparable: the two runs were not scored on the same test set.")
                   : QString());
        m_dollars->showEmpty(report ? tr("Not comparable: different test sets.")
                                    : tr("No review open."));
        return;
    }
    m_dollars->endEmpty(); // bars are not curves: end the empty state here
    const QString currency = report->policy.currency;
    const bool whatIf = m_state->anyWhatIf();
    const ModelMetrics champion = m_state->whatIfMetrics(Side::Champion),
                       candidate = m_state->whatIfMetrics(Side::Candidate);
    const CellValues values = m_state->values();
    m_breakdownTitle->setText(
        m_state->isValuesWhatIf()
            ? tr("Where the dollars went — ΔNB by cell at WHAT-IF dollar values")
        : whatIf ? tr("Where the dollars went — ΔNB by cell at the WHAT-IF thresholds")
                 : tr("Where the dollars went — ΔNB by cell at the declared thresholds"));
    const QPalette p = palette();
    auto *gains = new QCPBars(m_dollars->xAxis, m_dollars->yAxis);
    auto *losses = new QCPBars(m_dollars->xAxis, m_dollars->yAxis);
    gains->setName(tr("gain"));
    losses->setName(tr("loss"));
    gains->setBrush(colors::gain(p));
    gains->setPen(QPen(colors::gain(p)));
    losses->setBrush(colors::loss(p));
    losses->setPen(QPen(colors::loss(p)));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    Money total;
    double low = 0, high = 0;
    for (int i = 0; i <= 4; ++i) {
        Money amount;
        QString name;
        if (i < 4) {
            const Cell cell = kCells[i];
            amount = values.of(cell).times(candidate.confusion.count(cell) -
                                           champion.confusion.count(cell));
            total += amount;
            name = QString::fromLatin1(cellName(cell)).toUpper();
        } else {
            amount = total;
            name = tr("ΔNB");
        }
        const double v = amount.toDouble();
        ticker->addTick(i + 1, name);
        (v >= 0 ? gains : losses)->addData(i + 1, v);
        low = std::min(low, v);
        high = std::max(high, v);
        auto *text = new QCPItemText(m_dollars);
        text->position->setCoords(i + 1, v);
        text->setPositionAlignment(v >= 0 ? (Qt::AlignBottom | Qt::AlignHCenter)
                                          : (Qt::AlignTop | Qt::AlignHCenter));
        text->setText(formatSignedMoney(amount, currency));
        text->setColor(p.color(QPalette::Text));
        text->setPadding(QMargins(0, 2, 0, 2));
        m_barLabels << text;
    }
    m_dollars->xAxis->setTicker(ticker);
    PlotView::setMoneyAxis(m_dollars->yAxis, currency);
    m_dollars->xAxis->setRange(0.4, 5.6);
    const double span = std::max(1.0, high - low);
    m_dollars->yAxis->setRange(low - 0.15 * span, high + 0.15 * span);
    m_dollars->yAxis->setLabel(tr("Δ net benefit (%1), candidate − champion").arg(currency));
    m_dollars->setValueText(
        [currency](const QCPAbstractPlottable *, double v) { return formatMoney(v, currency); });
    keepBarLabelsInside();
    m_dollars->setHomeRanges();
    m_dollars->replot(QCustomPlot::rpQueuedReplot);

    QStringList lines;
    if (report->comparison) {
        const PairedComparison &c = *report->comparison;
        const BootstrapInterval &b = c.bootstrap;
        lines << tr("ΔNB at the declared thresholds: %1, %2% bootstrap CI [%3, %4] (%5 paired "
                    "resamples; P(ΔNB ≤ 0) = %6).")
                     .arg(formatSignedMoney(c.netBenefitDelta, currency))
                     .arg(report->policy.bootstrap.level * 100, 0, 'g', 3)
                     .arg(formatMoney(b.low, currency), formatMoney(b.high, currency))
                     .arg(formatCount(b.resamples))
                     .arg(b.fractionAtOrBelowZero, 0, 'f', 4);
    }
    if (whatIf)
        lines << tr("WHAT-IF ΔNB: %1 (no interval: the bootstrap belongs to the declared "
                    "thresholds and the policy's values, which the gate uses; the verdict does "
                    "not change).")
                     .arg(formatSignedMoney(total, currency));
    m_deltaLabel->setText(lines.join(QLatin1Char('\n')));
}

// A label above the tallest bar (or below the deepest) or beside an outer bar must not be cut by
// the axes: widen the ranges until every label's box lies inside, measured in pixels.
void NetBenefitPage::keepBarLabelsInside()
{
    const QCPRange startY = m_dollars->yAxis->range(), startX = m_dollars->xAxis->range();
    for (int round = 0; round < 8; ++round) {
        m_dollars->replot();
        const QRectF inside = m_dollars->axisRect()->rect();
        // Not laid out yet (a hidden page): keep the default margins; a resize measures again.
        if (inside.width() < 120 || inside.height() < 120) return;
        double up = 0, down = 0, left = 0, right = 0; // pixels missing on each side
        for (const QCPItemText *t : std::as_const(m_barLabels)) {
            const QRectF box(t->topLeft->pixelPosition(), t->bottomRight->pixelPosition());
            up = std::max(up, inside.top() - box.top());
            down = std::max(down, box.bottom() - inside.bottom());
            left = std::max(left, inside.left() - box.left());
            right = std::max(right, box.right() - inside.right());
        }
        if (up <= 0 && down <= 0 && left <= 0 && right <= 0) return;
        const QCPRange y = m_dollars->yAxis->range(), x = m_dollars->xAxis->range();
        const double perPixelY = y.size() / std::max(1.0, inside.height()),
                     perPixelX = x.size() / std::max(1.0, inside.width());
        // Never more than twice the span the bars need: labels wider than that are cut instead of
        // shrinking the bars to nothing.
        m_dollars->yAxis->setRange(
            std::max(startY.lower - startY.size(), y.lower - std::max(0.0, down) * perPixelY * 1.5),
            std::min(startY.upper + startY.size(), y.upper + std::max(0.0, up) * perPixelY * 1.5));
        m_dollars->xAxis->setRange(
            std::max(startX.lower - 1.0, x.lower - std::max(0.0, left) * perPixelX * 1.5),
            std::min(startX.upper + 1.0, x.upper + std::max(0.0, right) * perPixelX * 1.5));
    }
}

bool NetBenefitPage::eventFilter(QObject *watched, QEvent *event)
{
    // The bar labels are measured in pixels: a new size measures them again.
    if (watched == m_dollars && event->type() == QEvent::Resize && !m_barLabels.isEmpty())
        QMetaObject::invokeMethod(this, &NetBenefitPage::refreshBreakdown, Qt::QueuedConnection);
    return QWidget::eventFilter(watched, event);
}

} // namespace gr::ui

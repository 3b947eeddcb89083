#include "costsensitivitypage.h"
#include "analysisstate.h"
#include "palette.h"
#include "plotview.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>

namespace gr::ui {

CostSensitivityPage::CostSensitivityPage(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_analysis(AnalysisState::of(state)),
      m_mode(new QComboBox(this)), m_heat(new PlotView(this)), m_ratio(new PlotView(this)),
      m_status(new QLabel(this)), m_flips(new QLabel(this)), m_whatIf(new QLabel(this)),
      m_fp(new QDoubleSpinBox(this)), m_fn(new QDoubleSpinBox(this))
{
    setObjectName(QStringLiteral("costSensitivityPage"));
    m_mode->setObjectName(QStringLiteral("costGridMode"));
    m_heat->setObjectName(QStringLiteral("costHeatMap"));
    m_ratio->setObjectName(QStringLiteral("costRatioPlot"));
    m_flips->setObjectName(QStringLiteral("flipDistances"));
    m_whatIf->setObjectName(QStringLiteral("costWhatIf"));
    m_fp->setObjectName(QStringLiteral("whatIfFpValue"));
    m_fn->setObjectName(QStringLiteral("whatIfFnValue"));
    m_mode->addItems({tr("at the declared thresholds"), tr("each model at its own optimum")});
    for (QLabel *l : {m_status, m_flips, m_whatIf}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    for (QDoubleSpinBox *b : {m_fp, m_fn}) {
        b->setRange(-1e9, 1e9);
        b->setDecimals(2);
        b->setPrefix(QStringLiteral("$"));
        b->setSingleStep(10);
    }
    m_heat->xAxis->setLabel(tr("FP value ($ per false positive)"));
    m_heat->yAxis->setLabel(tr("FN value ($ per false negative)"));
    m_heat->setKeyLabel(tr("FP value"));
    m_map = new QCPColorMap(m_heat->xAxis, m_heat->yAxis);
    m_map->setInterpolate(false);
    m_ratio->xAxis->setLabel(tr("FN:FP cost ratio ÷ the policy's (|FP| + |FN| fixed)"));
    m_ratio->yAxis->setLabel(tr("candidate − champion net benefit"));
    m_ratio->xAxis->setScaleType(QCPAxis::stLogarithmic);
    m_ratio->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    m_ratio->setKeyLabel(tr("ratio ×"));

    auto *form = new QFormLayout;
    form->addRow(tr("Verdict grid"), m_mode);
    form->addRow(tr("What-if FP value"), m_fp);
    form->addRow(tr("What-if FN value"), m_fn);
    auto *layout = new QGridLayout(this);
    layout->addWidget(m_status, 0, 0, 1, 2);
    layout->addWidget(m_heat, 1, 0, 3, 1);
    layout->addLayout(form, 1, 1);
    layout->addWidget(m_flips, 2, 1);
    layout->addWidget(m_whatIf, 3, 1);
    layout->addWidget(m_ratio, 4, 0, 1, 2);
    layout->setColumnStretch(0, 3);
    layout->setColumnStretch(1, 2);
    layout->setRowStretch(1, 3);
    layout->setRowStretch(4, 1);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &CostSensitivityPage::rebuild);
    connect(m_fp, &QDoubleSpinBox::valueChanged, this, &CostSensitivityPage::updateWhatIf);
    connect(m_fn, &QDoubleSpinBox::valueChanged, this, &CostSensitivityPage::updateWhatIf);
    connect(m_analysis, &AnalysisState::analysisChanged, this, [this] {
        syncValues();
        rebuild();
    });
    // The what-if values live in the ReviewState, so every page follows them (and a reset there
    // shows here).
    connect(state, &ReviewState::whatIfChanged, this, [this] {
        syncValues();
        updateWhatIf();
    });
    rebuild();
}

void CostSensitivityPage::syncValues()
{
    if (!m_state->hasReport()) return;
    const QSignalBlocker a(m_fp), b(m_fn);
    m_fp->setValue(m_state->values().fp.toDouble());
    m_fn->setValue(m_state->values().fn.toDouble());
}

bool CostSensitivityPage::optimumMode() const
{
    return m_mode->currentIndex() == 1;
}

void CostSensitivityPage::setWhatIfValues(double fp, double fn)
{
    m_fp->setValue(fp);
    m_fn->setValue(fn);
}

QString CostSensitivityPage::whatIfText() const
{
    return m_whatIf->text();
}

QString CostSensitivityPage::flipText() const
{
    return m_flips->text();
}

void CostSensitivityPage::rebuild()
{
    m_ratio->clearPlottables();
    m_map = new QCPColorMap(m_heat->xAxis, m_heat->yAxis);
    m_heat->clearPlottables();
    m_map = new QCPColorMap(m_heat->xAxis, m_heat->yAxis);
    m_map->setInterpolate(false);
    m_flips->clear();
    const auto a = m_analysis->analysis();
    const auto report = m_state->report();
    const std::optional<CostGrid> *grid =
        a ? (optimumMode() ? &a->optimumGrid : &a->declaredGrid) : nullptr;
    if (!a || !report || !grid->has_value()) {
        m_status->setText(m_analysis->isComputing() ? tr("Computing the cost grids…")
                          : a                       ? a->gridProblem
                          : m_state->hasReport()    ? m_analysis->problem()
                                                    : tr("Open a review to see how robust the "
                                                            "verdict is to the dollar values."));
        m_heat->replot(QCustomPlot::rpQueuedReplot);
        m_ratio->replot(QCustomPlot::rpQueuedReplot);
        updateWhatIf();
        return;
    }
    const CostGrid &g = **grid;
    const QString currency = report->policy.currency;
    m_status->setText(tr("The candidate's net-benefit advantage over the champion if a false "
                         "positive and a false negative were worth other amounts (TP and TN "
                         "fixed). Blue: the candidate would be promoted; orange: not. The black "
                         "dot marks the policy. %1% of the grid promotes.")
                          .arg(g.promotedShare * 100, 0, 'f', 1));
    const QPalette pal = palette();
    m_map->data()->setSize(int(g.columns()), int(g.rows()));
    m_map->data()->setRange(
        QCPRange(double(g.fpCents.front()) / 100, double(g.fpCents.back()) / 100),
        QCPRange(double(g.fnCents.front()) / 100, double(g.fnCents.back()) / 100));
    double extent = 1;
    for (WideCents d : g.delta)
        extent = std::max(extent, std::abs(centsToDollars(d)));
    for (size_t r = 0; r < g.rows(); ++r)
        for (size_t c = 0; c < g.columns(); ++c)
            m_map->data()->setCell(int(c), int(r), centsToDollars(g.delta[r * g.columns() + c]));
    QCPColorGradient gradient;
    gradient.setColorStopAt(0, colors::loss(pal));
    gradient.setColorStopAt(0.5 - 1e-9, colors::tint(colors::loss(pal), pal, 0.5));
    gradient.setColorStopAt(0.5 + 1e-9, colors::tint(colors::gain(pal), pal, 0.5));
    gradient.setColorStopAt(1, colors::gain(pal));
    m_map->setGradient(gradient);
    m_map->setDataRange(QCPRange(-extent, extent));
    m_map->setName(tr("candidate − champion NB"));
    m_heat->addPoints(tr("the policy"), {report->policy.values.fp.toDouble()},
                      {report->policy.values.fn.toDouble()}, pal.color(QPalette::Text),
                      QCPScatterStyle::ssCrossCircle, 14);
    m_heat->rescaleAxes();
    m_heat->setHomeRanges();
    PlotView::setMoneyAxis(m_heat->xAxis, currency);
    PlotView::setMoneyAxis(m_heat->yAxis, currency);
    m_flips->setText(describeFlips(g, currency));

    const auto ratio =
        ratioView(a->champion().cost, a->candidate().cost, report->policy,
                  optimumMode() ? OperatingPoint::OwnOptimum : OperatingPoint::Declared);
    QVector<double> x, y;
    for (const RatioPoint &p : ratio) {
        x << p.ratioMultiple;
        y << centsToDollars(p.delta);
    }
    m_ratio->addCurve(tr("candidate − champion"), x, y, colors::candidate(pal));
    m_ratio->addCurve(tr("min_delta (must be exceeded)"),
                      {x.value(0, 0.125), x.value(x.size() - 1, 8)},
                      {report->policy.minDelta.toDouble(), report->policy.minDelta.toDouble()},
                      pal.color(QPalette::Disabled, QPalette::Text), Qt::DashLine, 1);
    m_ratio->rescaleAxes();
    PlotView::setMoneyAxis(m_ratio->yAxis, currency);
    m_ratio->setHomeRanges();
    m_heat->replot(QCustomPlot::rpQueuedReplot);
    m_ratio->replot(QCustomPlot::rpQueuedReplot);
    updateWhatIf();
}

void CostSensitivityPage::updateWhatIf()
{
    const auto a = m_analysis->analysis();
    const auto report = m_state->report();
    if (!report) {
        m_whatIf->clear();
        return;
    }
    CellValues values = m_state->values();
    // The spin boxes show two decimals: their text is the exact amount, unless it is the
    // current value rounded for display (a policy may say $0.125), which stays as it is.
    auto fromBox = [](const QDoubleSpinBox *box, Money current) {
        const QString shown = QString::number(box->value(), 'f', 2);
        if (shown == QString::number(current.toDouble(), 'f', 2)) return current;
        return Money::parse(shown).value_or(current);
    };
    values.fp = fromBox(m_fp, values.fp);
    values.fn = fromBox(m_fn, values.fn);
    m_state->setWhatIfValues(values); // every page shows them, labelled what-if
    if (!a) {
        m_whatIf->clear();
        return;
    }
    const auto cents = CentValues::of(values);
    const auto minDelta = toCents(report->policy.minDelta);
    if (!cents || !minDelta) {
        m_whatIf->setText(tr("What-if: the values must be whole cents."));
        return;
    }
    const OperatingPoint mode =
        optimumMode() ? OperatingPoint::OwnOptimum : OperatingPoint::Declared;
    const WideCents delta = netBenefitDelta(a->champion().cost, a->candidate().cost, *cents, mode);
    const QString currency = report->policy.currency;
    m_whatIf->setText(
        tr("<b>What-if (never the verdict)</b>: with FP = %1 and FN = %2, %3 the candidate's net "
           "benefit minus the champion's would be %4, so it would %5be promoted.")
            .arg(formatMoney(values.fp, currency), formatMoney(values.fn, currency),
                 mode == OperatingPoint::Declared ? tr("at the declared thresholds")
                                                  : tr("each model at its own optimum"),
                 formatCents(delta, currency), delta > *minDelta ? QString() : tr("not ")));
}

} // namespace gr::ui

#include "distributionpage.h"
#include "model/parallel.h"
#include "palette.h"
#include "plotview.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace gr::ui {

namespace {
constexpr Side kSides[2] = {Side::Champion, Side::Candidate};
QColor positiveColor(const QPalette &p)
{
    return colors::isDark(p) ? colors::kReddishPurple : colors::kVermillion;
}
QColor negativeColor(const QPalette &)
{
    return colors::kBluishGreen;
}
} // namespace

DistributionPage::DistributionPage(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state),
      m_shares(new QCheckBox(tr("Share of each class (unchecked: row counts)"), this))
{
    setObjectName(QStringLiteral("distributionPage"));
    m_shares->setObjectName(QStringLiteral("classShareCheck"));
    m_pool.setMaxThreadCount(1);
    m_shares->setChecked(true);
    auto *layout = new QGridLayout(this);
    for (Side s : kSides) {
        PlotView *plot = new PlotView(this);
        plot->setObjectName(s == Side::Champion ? QStringLiteral("championHistogram")
                                                : QStringLiteral("candidateHistogram"));
        plot->setKeyLabel(tr("score"));
        plot->xAxis->setLabel(
            tr("%1 score").arg(s == Side::Champion ? tr("champion") : tr("candidate")));
        // Each panel says whose scores it shows.
        plot->plotLayout()->insertRow(0);
        auto *title =
            new QCPTextElement(plot, s == Side::Champion ? tr("Champion: scores by true class")
                                                         : tr("Candidate: scores by true class"));
        title->setObjectName(QStringLiteral("histogramTitle"));
        plot->plotLayout()->addElement(0, 0, title);
        plot->applyTheme(); // the title in the theme's text colour
        m_plots[int(s)] = plot;
        layout->addWidget(plot, 0, int(s));
        connect(plot, &PlotView::markerDragged, this,
                [this, s](const QString &, double x) { m_state->setWhatIfThreshold(s, x); });
    }
    layout->addWidget(m_shares, 1, 0, 1, 2);
    connect(m_shares, &QCheckBox::toggled, this, &DistributionPage::rebuild);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        m_pending.reset();
        if (m_watcher.future().isValid() && m_watcher.future().resultCount() > 0) {
            const auto result = m_watcher.result();
            m_histograms[0] = result[0];
            m_histograms[1] = result[1];
        }
        rebuild();
        emit histogramsReady();
    });
    connect(state, &ReviewState::reportChanged, this, &DistributionPage::compute);
    connect(state, &ReviewState::whatIfChanged, this, &DistributionPage::refreshMarkers);
    compute();
}

DistributionPage::~DistributionPage()
{
    m_watcher.waitForFinished();
}

void DistributionPage::compute()
{
    m_histograms[0] = m_histograms[1] = ScoreHistogram();
    const auto report = m_state->report();
    m_watcher.waitForFinished();
    if (!report) {
        rebuild();
        return;
    }
    m_pending = report;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [report] {
        enterBackgroundWork();
        const Run &a = *report->champion.run, &b = *report->candidate.run;
        return std::array<ScoreHistogram, 2>{
            computeScoreHistogram(a.predictions.labels, a.predictions.scores, kBins),
            computeScoreHistogram(b.predictions.labels, b.predictions.scores, kBins)};
    }));
}

void DistributionPage::rebuild()
{
    const QPalette p = palette();
    const bool shares = m_shares->isChecked();
    for (Side s : kSides) {
        PlotView *plot = m_plots[int(s)];
        plot->clearGraphs();
        plot->removeMarkers();
        plot->yAxis->setLabel(shares ? tr("share of the class (%)") : tr("rows"));
        plot->setValueText([shares](const QCPAbstractPlottable *, double v) {
            return shares ? QString::number(v, 'f', 2) + QLatin1Char('%')
                          : QString::number(qint64(v));
        });
        const ScoreHistogram &h = m_histograms[int(s)];
        if (h.bins == 0) {
            plot->showEmpty(m_state->hasReport() ? tr("Computing the score distribution…")
                                                 : tr("No review open."));
            continue;
        }
        {
            const double totals[2] = {double(std::max<int64_t>(1, h.totalNegatives())),
                                      double(std::max<int64_t>(1, h.totalPositives()))};
            for (int cls = 0; cls < 2; ++cls) {
                const auto &counts = cls ? h.positives : h.negatives;
                QVector<double> x, y;
                // A step outline closed at both ends so the filled area reads as bars.
                for (int b = 0; b < h.bins; ++b) {
                    x << h.binLow(b);
                    y << (shares ? 100.0 * double(counts[size_t(b)]) / totals[cls]
                                 : double(counts[size_t(b)]));
                }
                x << 1.0;
                y << y.last();
                const QColor color = cls ? positiveColor(p) : negativeColor(p);
                QCPGraph *g =
                    plot->addCurve(cls ? tr("positives (label 1)") : tr("negatives (label 0)"), x,
                                   y, color, Qt::SolidLine, 2);
                g->setLineStyle(QCPGraph::lsStepLeft);
                g->setBrush(colors::tint(color, p, 1.0));
            }
            plot->rescaleAxes();
            plot->yAxis->setRangeLower(0);
            plot->yAxis->scaleRange(1.1, plot->yAxis->range().upper / 2);
            plot->yAxis->setRangeLower(0);
        }
        plot->xAxis->setRange(0, 1);
    }
    // One y scale for both panels, so equal heights mean equal shares (or counts).
    double top = 0;
    for (PlotView *plot : m_plots)
        if (!plot->isShowingEmpty()) top = std::max(top, plot->yAxis->range().upper);
    for (PlotView *plot : m_plots) {
        if (plot->isShowingEmpty()) continue;
        if (top > 0) plot->yAxis->setRange(0, top);
        plot->setHomeRanges();
    }
    refreshMarkers();
    for (PlotView *plot : m_plots)
        plot->replot(QCustomPlot::rpQueuedReplot);
}

void DistributionPage::refreshMarkers()
{
    if (!m_state->hasReport()) return;
    const QPalette p = palette();
    for (Side s : kSides) {
        PlotView *plot = m_plots[int(s)];
        const QColor color = p.color(QPalette::Text);
        plot->setMarker(QStringLiteral("declared"), m_state->declaredThreshold(s), color,
                        tr("declared %1").arg(m_state->declaredThreshold(s), 0, 'f', 3), false,
                        Qt::SolidLine, 0);
        if (m_state->isWhatIf(s))
            plot->setMarker(QStringLiteral("whatIf"), m_state->whatIfThreshold(s), color,
                            tr("what-if %1").arg(m_state->whatIfThreshold(s), 0, 'f', 3), true,
                            Qt::DashLine, 1);
        else
            plot->setMarker(QStringLiteral("whatIf"), m_state->whatIfThreshold(s), Qt::transparent,
                            QString(), true, Qt::DashLine, 1);
        plot->replotMarkers();
    }
}

void DistributionPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) rebuild();
}

} // namespace gr::ui

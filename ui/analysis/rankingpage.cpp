#include "rankingpage.h"
#include "analysisformat.h"
#include "analysisstate.h"
#include "palette.h"
#include "plotview.h"

#include <algorithm>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>

namespace gr::ui {
namespace {

// A curve of up to ~4,000 points: a 10M-point ROC drawn point by point would stall the UI.
QVector<double> thinned(const std::vector<double> &v, size_t step)
{
    QVector<double> out;
    for (size_t i = 0; i < v.size(); i += step)
        out << v[i];
    if (!v.empty() && (v.size() - 1) % step != 0) out << v.back();
    return out;
}

size_t stepFor(size_t n)
{
    return std::max<size_t>(1, n / 4000);
}

} // namespace

RankingPage::RankingPage(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_analysis(AnalysisState::of(state)),
      m_status(new QLabel(this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_roc(new PlotView(this)), m_pr(new PlotView(this)), m_reliability(new PlotView(this)),
      m_delong(new QLabel(this)), m_recalibration(new QLabel(this)),
      m_table(new QTableWidget(RowCount, 2, this))
{
    setObjectName(QStringLiteral("rankingPage"));
    m_status->setObjectName(QStringLiteral("analysisStatus"));
    m_cancel->setObjectName(QStringLiteral("cancelAnalysis"));
    m_roc->setObjectName(QStringLiteral("rocPlot"));
    m_pr->setObjectName(QStringLiteral("prPlot"));
    m_reliability->setObjectName(QStringLiteral("reliabilityPlot"));
    m_delong->setObjectName(QStringLiteral("delongSummary"));
    m_recalibration->setObjectName(QStringLiteral("recalibrationWhatIf"));
    m_table->setObjectName(QStringLiteral("calibrationTable"));
    for (QLabel *l : {m_delong, m_recalibration, m_status}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_roc->xAxis->setLabel(tr("false positive rate"));
    m_roc->yAxis->setLabel(tr("true positive rate"));
    m_pr->xAxis->setLabel(tr("recall"));
    m_pr->yAxis->setLabel(tr("precision"));
    m_reliability->xAxis->setLabel(tr("mean score in bin (equal-count bins)"));
    m_reliability->yAxis->setLabel(tr("observed positive rate (95% Wilson interval)"));
    for (PlotView *p : {m_roc, m_pr, m_reliability}) {
        p->setKeyLabel(p == m_roc ? tr("FPR") : p == m_pr ? tr("recall") : tr("mean score"));
        p->legend->setVisible(true);
        // Curves run along the top-left (ROC) and the top (PR, reliability): keep keys clear.
        p->axisRect()->insetLayout()->setInsetAlignment(
            0, p == m_pr ? Qt::AlignBottom | Qt::AlignLeft : Qt::AlignBottom | Qt::AlignRight);
    }
    m_table->setHorizontalHeaderLabels({tr("champion"), tr("candidate")});
    m_table->setVerticalHeaderLabels(
        {tr("ROC AUC"), tr("average precision"), tr("expected calibration error"),
         tr("Brier score"), tr("  reliability (lower is better)"),
         tr("  resolution (higher is better)"), tr("  uncertainty (the data's)"),
         tr("calibration slope (1 = calibrated)"), tr("calibration intercept"),
         tr("calibration in the large"), tr("scores of exactly 0 or 1 (clipped)")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    auto *layout = new QGridLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_cancel);
    layout->addLayout(top, 0, 0, 1, 2);
    layout->addWidget(m_roc, 1, 0);
    layout->addWidget(m_pr, 1, 1);
    layout->addWidget(m_reliability, 2, 0);
    auto *side = new QVBoxLayout;
    side->addWidget(m_delong);
    side->addWidget(m_table, 1);
    side->addWidget(m_recalibration);
    layout->addLayout(side, 2, 1);
    layout->setRowStretch(1, 1);
    layout->setRowStretch(2, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_analysis->isComputing())
            m_analysis->cancel();
        else
            m_analysis->recompute(); // after a cancel: the button offers the work again
    });
    connect(m_analysis, &AnalysisState::analysisChanged, this, &RankingPage::rebuild);
    rebuild();
}

void RankingPage::rebuild()
{
    const auto a = m_analysis->analysis();
    const auto report = m_state->report();
    const bool missing = !m_analysis->isComputing() && !a && report && report->testSet.identical;
    m_cancel->setText(m_analysis->isComputing() ? tr("Cancel") : tr("Compute again"));
    m_cancel->setVisible(m_analysis->isComputing() || missing);
    if (m_analysis->isComputing())
        m_status->setText(tr("Computing ROC, precision–recall, DeLong and calibration…"));
    else if (!a)
        m_status->setText(m_state->hasReport() ? m_analysis->problem()
                                               : tr("Open a review to see how the models rank."));
    else
        m_status->setText(tr("How well each model ranks the rows (ROC, precision–recall, "
                             "DeLong) and whether its scores mean what they say (calibration). "
                             "Nothing here changes the verdict."));
    fillCurves();
    fillTable();
}

void RankingPage::fillCurves()
{
    for (PlotView *p : {m_roc, m_pr, m_reliability}) {
        p->clearPlottables();
    }
    const auto a = m_analysis->analysis();
    const auto report = m_state->report();
    if (a && report) {
        const QPalette pal = palette();
        const ModelEvaluation *evals[2] = {&report->champion, &report->candidate};
        for (int s = 0; s < 2; ++s) {
            const ModelAnalysis &m = a->models[size_t(s)];
            const QString who = s == 0 ? tr("champion") : tr("candidate");
            const QColor color = s == 0 ? colors::champion(pal) : colors::candidate(pal);
            const ThresholdSweep &sweep = *evals[s]->sweep;
            const double pos = double(std::max<int64_t>(1, sweep.positives())),
                         neg = double(std::max<int64_t>(1, sweep.negatives()));
            if (m.roc.undefinedReason.isEmpty()) {
                const size_t step = stepFor(m.roc.fpr.size());
                m_roc->addCurve(tr("%1 (AUC %2)").arg(who, formatMaybe(m.rocAuc)),
                                thinned(m.roc.fpr, step), thinned(m.roc.tpr, step), color);
                const Confusion &op = evals[s]->metrics.confusion;
                const Confusion &best = evals[s]->metrics.bestNetBenefit.confusion;
                m_roc->addPoints(tr("%1 at its declared threshold").arg(who), {double(op.fp) / neg},
                                 {double(op.tp) / pos}, color, QCPScatterStyle::ssDisc);
                m_roc->addPoints(tr("%1 at its NB-optimal threshold").arg(who),
                                 {double(best.fp) / neg}, {double(best.tp) / pos}, color,
                                 QCPScatterStyle::ssStar, 12);
            }
            if (m.pr.undefinedReason.isEmpty()) {
                const size_t step = stepFor(m.pr.recall.size());
                // The curve comes in falling recall; QCPGraph draws keys in ascending order only.
                QVector<double> recall = thinned(m.pr.recall, step),
                                precision = thinned(m.pr.precision, step);
                std::reverse(recall.begin(), recall.end());
                std::reverse(precision.begin(), precision.end());
                QCPGraph *g =
                    m_pr->addCurve(tr("%1 (AP %2)").arg(who, formatMaybe(m.averagePrecision)),
                                   recall, precision, color);
                // Average precision's steps: each recall interval at the precision of its right
                // end.
                g->setLineStyle(QCPGraph::lsStepRight);
                const Confusion &op = evals[s]->metrics.confusion;
                const Confusion &best = evals[s]->metrics.bestNetBenefit.confusion;
                m_pr->addPoints(tr("%1 declared").arg(who), {op.recall()}, {op.precision()}, color,
                                QCPScatterStyle::ssDisc);
                m_pr->addPoints(tr("%1 NB-optimal").arg(who), {best.recall()}, {best.precision()},
                                color, QCPScatterStyle::ssStar, 12);
            }
            QVector<double> x, y, low, high;
            for (const ReliabilityBin &b : m.calibration.bins) {
                x << b.meanScore;
                y << b.observedRate;
                low << b.observedRate - b.wilsonLow;
                high << b.wilsonHigh - b.observedRate;
            }
            QCPGraph *g = m_reliability->addCurve(
                tr("%1 (ECE %2)").arg(who, formatStatistic(m.calibration.expectedCalibrationError)),
                x, y, color);
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
            auto *bars = new QCPErrorBars(m_reliability->xAxis, m_reliability->yAxis);
            bars->removeFromLegend();
            bars->setDataPlottable(g);
            bars->setData(low, high);
            bars->setPen(QPen(color));
        }
        m_reliability->addCurve(tr("perfectly calibrated"), {0, 1}, {0, 1},
                                pal.color(QPalette::Disabled, QPalette::Text), Qt::DashLine, 1);
        m_roc->addCurve(tr("chance"), {0, 1}, {0, 1}, pal.color(QPalette::Disabled, QPalette::Text),
                        Qt::DashLine, 1);
    }
    for (PlotView *p : {m_roc, m_pr, m_reliability}) {
        p->xAxis->setRange(0, 1);
        p->yAxis->setRange(0, 1.02);
        p->setHomeRanges();
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

void RankingPage::fillTable()
{
    const auto a = m_analysis->analysis();
    for (int r = 0; r < RowCount; ++r)
        for (int c = 0; c < 2; ++c)
            m_table->setItem(r, c, new QTableWidgetItem(a ? QString() : QStringLiteral("—")));
    m_delong->clear();
    m_recalibration->clear();
    if (!a) return;
    for (int c = 0; c < 2; ++c) {
        const ModelAnalysis &m = a->models[size_t(c)];
        const CalibrationAssessment &cal = m.calibration;
        auto set = [&](Row r, const QString &text, const QString &tip = {}) {
            m_table->item(r, c)->setText(text);
            m_table->item(r, c)->setToolTip(tip);
        };
        set(RocAuc, formatMaybe(m.rocAuc), m.rocAuc.undefinedReason);
        set(AveragePrecision, formatMaybe(m.averagePrecision), m.averagePrecision.undefinedReason);
        set(Ece, formatStatistic(cal.expectedCalibrationError));
        set(Brier, formatStatistic(cal.brier.brier));
        set(Reliability, formatStatistic(cal.brier.reliability));
        set(Resolution, formatStatistic(cal.brier.resolution));
        set(Uncertainty, formatStatistic(cal.brier.uncertainty));
        const QString why = cal.fit.undefinedReason;
        set(Slope, cal.fit.defined() ? formatStatistic(cal.fit.slope, 3) : tr("undefined"), why);
        set(Intercept, cal.fit.defined() ? formatStatistic(cal.fit.intercept, 3) : tr("undefined"),
            why);
        set(InTheLarge,
            cal.calibrationInLarge.defined() ? formatStatistic(cal.calibrationInLarge.intercept, 3)
                                             : tr("undefined"),
            cal.calibrationInLarge.undefinedReason);
        set(ClippedRows, formatCount(cal.clippedRows));
    }
    const DeLongTest &d = a->delong;
    m_delong->setText(
        d.defined()
            ? tr("<b>DeLong's paired test</b>: AUC candidate − champion = %1 (SE %2, z = %3, "
                 "two-sided p %4; 95% CI %5 to %6).")
                  .arg(formatStatistic(d.difference), formatStatistic(d.standardError),
                       formatStatistic(d.z, 2), formatAnalysisPValue(d.pValue),
                       formatStatistic(d.low), formatStatistic(d.high))
            : tr("<b>DeLong's paired test</b>: undefined — %1.").arg(d.undefinedReason));
    const auto report = m_state->report();
    m_recalibration->setText(
        a->recalibration.defined()
            ? a->recalibration.sentence(report ? report->policy.currency : QStringLiteral("USD")) +
                  QLatin1Char(' ') +
                  RecalibrationWhatIf::crossFittingExplanation(a->recalibration.folds)
            : tr("No recalibration what-if: %1.").arg(a->recalibration.undefinedReason));
}

void RankingPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) fillCurves();
}

} // namespace gr::ui

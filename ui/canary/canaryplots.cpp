#include "canaryplots.h"
#include "gate/gatepolicy.h"
#include "palette.h"
#include "plotview.h"

#include <algorithm>
#include <cmath>

namespace gr::ui {

namespace {
const QString kJudgeItem = QStringLiteral("judgeTolerance");

// The judge compares medians over all intervals: it flags a metric whose canary median moves
// beyond the baseline median by more than its tolerance, even when every interval stayed inside
// its own limit. Drawing that bound is what makes a judge ROLLBACK readable beside PASS rows.
// Returns the highest value drawn (0 when nothing was).
double drawJudgeTolerance(PlotView *plot, const CanaryResult &r, const QString &metric)
{
    const JudgedMetric *judged = nullptr;
    for (const JudgedMetric &m : r.judge.metrics)
        if (m.metric == metric) judged = &m;
    MetricDirection direction = MetricDirection::Increase;
    for (const CanaryMetricPolicy &m : r.policy.metrics)
        if (m.name == metric) direction = m.direction;
    if (!judged || judged->classification == JudgeClass::NoData) return 0;
    const QColor color = judged->classification == JudgeClass::Pass
                             ? colors::notRun(plot->palette())
                             : colors::fail(plot->palette());
    double highest = 0;
    auto line = [&](double y, const QString &text) {
        auto *rule = new QCPItemStraightLine(plot);
        rule->setObjectName(kJudgeItem);
        rule->setPen(QPen(color, 1.5, Qt::DotLine));
        rule->point1->setCoords(0, y);
        rule->point2->setCoords(1, y);
        auto *label = new QCPItemText(plot);
        label->setObjectName(kJudgeItem + QStringLiteral("Label"));
        label->setColor(color);
        label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        label->position->setTypeY(QCPItemPosition::ptPlotCoords);
        label->position->setCoords(0.99, y);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setText(text);
        highest = std::max(highest, y);
    };
    const double base = judged->baselineMedian, tol = judged->tolerance;
    const QString verdict = toString(judged->classification);
    if (direction != MetricDirection::Decrease)
        line(
            base * (1 + tol),
            QObject::tr("judge: baseline median +%1% (%2)").arg(tol * 100, 0, 'g', 3).arg(verdict));
    if (direction != MetricDirection::Increase)
        line(
            base * (1 - tol),
            QObject::tr("judge: baseline median −%1% (%2)").arg(tol * 100, 0, 'g', 3).arg(verdict));
    return highest;
}
} // namespace

void removeJudgeTolerance(PlotView *plot)
{
    for (QCPAbstractItem *item : plot->findChildren<QCPAbstractItem *>())
        if (item->objectName().startsWith(kJudgeItem)) plot->removeItem(item);
}

void plotMetricOverTime(PlotView *plot, const CanaryResult &r, const QString &metric)
{
    plot->clearGraphs();
    plot->removeMarkers();
    removeJudgeTolerance(plot);
    const QPalette &pal = plot->palette();
    const double minutes = r.policy.intervalSeconds / 60;
    QVector<double> x, baseline, canary, limitX, limit, failX, failY;
    for (qsizetype i = 0; i < qsizetype(r.intervals.size()); ++i) {
        const CanaryInterval &interval = r.intervals[size_t(i)];
        const double t = double(i) * minutes;
        const auto b = interval.baseline().metric(metric), c = interval.canary().metric(metric);
        if (b && c) {
            x << t;
            baseline << *b;
            canary << *c;
        }
        for (const MetricLimitCheck &check : r.intervalResults.at(i).checks) {
            if (check.metric != metric) continue;
            if (check.limit) {
                limitX << t;
                limit << *check.limit;
            }
            if (!check.passed && check.canary) {
                failX << t;
                failY << *check.canary;
            }
        }
    }
    plot->setKeyLabel(QObject::tr("minutes"));
    if (x.isEmpty() && limit.isEmpty()) {
        // Nothing to draw: say so instead of empty axes at QCustomPlot's default range.
        plot->showEmpty(
            QObject::tr("No interval has %1 for both baseline and canary.").arg(metric));
        return;
    }
    plot->xAxis->setLabel(
        QObject::tr("minutes since %1 (one point per %2-minute interval)")
            .arg(r.intervals.empty()
                     ? QString()
                     : r.intervals.front().start.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")))
            .arg(minutes));
    plot->yAxis->setLabel(metric);
    plot->addCurve(QObject::tr("baseline"), x, baseline, colors::champion(pal));
    plot->addCurve(QObject::tr("canary"), x, canary, colors::candidate(pal));
    if (!limit.isEmpty())
        plot->addCurve(QObject::tr("limit"), limitX, limit, colors::notRun(pal), Qt::DashLine, 1.5);
    if (!failX.isEmpty())
        plot->addPoints(QObject::tr("failed interval"), failX, failY, colors::fail(pal),
                        QCPScatterStyle::ssCross, 12);
    plot->legend->setVisible(true);
    plot->rescaleAxes();
    plot->yAxis->setRangeLower(std::min(0.0, plot->yAxis->range().lower));
    const double judged = drawJudgeTolerance(plot, r, metric);
    if (judged > plot->yAxis->range().upper) plot->yAxis->setRangeUpper(judged * 1.05);
    // The legend sits below the axes (CanaryPage): only the judge's label needs headroom.
    plot->yAxis->setRangeUpper(plot->yAxis->range().upper * 1.08);
    plot->setHomeRanges();
    plot->replot();
}

ScoreShares scoreShares(const CanaryResult &r, int bins)
{
    ScoreShares s;
    if (!r.baselineScores.empty() && !r.canaryScores.empty()) {
        const auto [bMin, bMax] =
            std::minmax_element(r.baselineScores.begin(), r.baselineScores.end());
        const auto [cMin, cMax] = std::minmax_element(r.canaryScores.begin(), r.canaryScores.end());
        const double lo = std::min(*bMin, *cMin), hi = std::max(*bMax, *cMax);
        const double width = hi > lo ? (hi - lo) / bins : 1.0;
        s.baseline.fill(0, bins);
        s.canary.fill(0, bins);
        for (int i = 0; i < bins; ++i)
            s.binCenters << lo + (i + 0.5) * width;
        auto add = [&](const std::vector<double> &scores, QVector<double> &shares) {
            for (double v : scores)
                shares[std::clamp(int((v - lo) / width), 0, bins - 1)] +=
                    1.0 / double(scores.size());
        };
        add(r.baselineScores, s.baseline);
        add(r.canaryScores, s.canary);
        return s;
    }
    // Buckets: centre each finite bucket between its bounds; the +Inf bucket sits one width on.
    const double nb = r.baselineHistogram.empty() ? 0 : r.baselineHistogram.rbegin()->second;
    const double nc = r.canaryHistogram.empty() ? 0 : r.canaryHistogram.rbegin()->second;
    if (nb <= 0 || nc <= 0) return s;
    double previousBound = 0, previousB = 0, previousC = 0, lastWidth = 0.1;
    for (const auto &[le, count] : r.baselineHistogram) {
        const double c = r.canaryHistogram.count(le) ? r.canaryHistogram.at(le) : previousC;
        const double center =
            std::isfinite(le) ? (previousBound + le) / 2 : previousBound + lastWidth / 2;
        if (std::isfinite(le)) {
            lastWidth = le - previousBound;
            previousBound = le;
        }
        s.binCenters << center;
        s.baseline << (count - previousB) / nb;
        s.canary << (c - previousC) / nc;
        previousB = count;
        previousC = c;
    }
    return s;
}

void plotScoreDistributions(PlotView *plot, const CanaryResult &r)
{
    plot->clearGraphs();
    plot->removeMarkers();
    const QPalette &pal = plot->palette();
    const ScoreShares s = scoreShares(r);
    plot->setKeyLabel(QObject::tr("score"));
    plot->xAxis->setLabel(QObject::tr("prediction score"));
    plot->yAxis->setLabel(QObject::tr("share of scores"));
    QCPGraph *b =
        plot->addCurve(QObject::tr("baseline (%1 scores)")
                           .arg(formatCount(qint64(std::llround(r.predictions.baselineCount)))),
                       s.binCenters, s.baseline, colors::champion(pal));
    QCPGraph *c =
        plot->addCurve(QObject::tr("canary (%1 scores)")
                           .arg(formatCount(qint64(std::llround(r.predictions.canaryCount)))),
                       s.binCenters, s.canary, colors::candidate(pal));
    b->setLineStyle(QCPGraph::lsStepCenter);
    c->setLineStyle(QCPGraph::lsStepCenter);
    if (r.policy.predictions.positiveThreshold)
        plot->setMarker(QStringLiteral("positive"), *r.policy.predictions.positiveThreshold,
                        colors::notRun(pal),
                        QObject::tr("positive ≥ %1").arg(*r.policy.predictions.positiveThreshold),
                        false);
    plot->legend->setVisible(true);
    plot->rescaleAxes();
    if (s.binCenters.isEmpty()) {
        plot->showEmpty(
            r.predictions.detail.isEmpty()
                ? QObject::tr("No prediction scores in the canary data.")
                : QObject::tr("No prediction scores to compare: %1").arg(r.predictions.detail));
        return;
    }
    plot->yAxis->setRangeLower(0);
    // The legend sits below the axes (CanaryPage), so the tallest bar may reach the top.
    plot->yAxis->setRangeUpper(plot->yAxis->range().upper * 1.05);
    plot->setHomeRanges();
    plot->replot();
}

} // namespace gr::ui

#include "reportplots.h"

#include <algorithm>
#include <cmath>
#include <QPainter>
#include <QPainterPath>

namespace gr {
namespace {

// Layout shared by both renderers, in the plot's own pixels.
constexpr double kLeft = 68, kRight = 14, kTop = 46, kBottom = 40;
constexpr int kSamples = 200;

QList<double> sampleThresholds(std::initializer_list<double> extra)
{
    QList<double> xs;
    for (int i = 0; i <= kSamples; ++i)
        xs << double(i) / kSamples;
    // The exact operating and best thresholds, so the curve passes through the marked points.
    for (double x : extra)
        xs << x;
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    return xs;
}

void fitY(PlotData &plot, double padFraction = 0.06)
{
    double lo = INFINITY, hi = -INFINITY;
    for (const PlotSeries &s : plot.series)
        for (const QPointF &p : s.points) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    if (hi - lo < 1e-12) hi = lo + 1;
    const double pad = (hi - lo) * padFraction;
    plot.yMin = lo - pad;
    plot.yMax = hi + pad;
}

struct Frame
{
    QRectF area;
    const PlotData &plot;
    double x(double v) const
    {
        return area.left() + (v - plot.xMin) / (plot.xMax - plot.xMin) * area.width();
    }
    double y(double v) const
    {
        return area.bottom() - (v - plot.yMin) / (plot.yMax - plot.yMin) * area.height();
    }
};

// The parts of a polyline inside [yMin, yMax], cut exactly where it crosses the range: the SVG
// needs no clip path (which some viewers mishandle) and the PDF draws only what is visible.
QList<QList<QPointF>> clipToRange(const QList<QPointF> &points, double yMin, double yMax)
{
    QList<QList<QPointF>> parts;
    QList<QPointF> current;
    auto inside = [&](const QPointF &p) { return p.y() >= yMin && p.y() <= yMax; };
    auto crossing = [&](const QPointF &a, const QPointF &b) {
        const double edge = (a.y() > yMax || b.y() > yMax) ? yMax : yMin;
        const double t = (edge - a.y()) / (b.y() - a.y());
        return QPointF(a.x() + t * (b.x() - a.x()), edge);
    };
    for (int i = 0; i < points.size(); ++i) {
        const QPointF &p = points[i];
        if (inside(p)) {
            if (current.isEmpty() && i > 0) current << crossing(points[i - 1], p);
            current << p;
        } else if (!current.isEmpty()) {
            current << crossing(points[i - 1], p);
            parts << current;
            current.clear();
        }
    }
    if (!current.isEmpty()) parts << current;
    return parts;
}

QString svgNumber(double v)
{
    return QString::number(v, 'f', 1);
}

QString svgEscape(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

QColor plotColor(PlotColor color)
{
    switch (color) {
    case PlotColor::Champion:
        return {0x00, 0x72, 0xB2}; // Okabe–Ito blue
    case PlotColor::Candidate:
        return {0xD5, 0x5E, 0x00}; // Okabe–Ito vermillion
    case PlotColor::Reference:
        return {0x80, 0x80, 0x80};
    }
    return Qt::black;
}

PlotData netBenefitPlot(const GateReport &r)
{
    PlotData plot;
    plot.title = QStringLiteral("Net benefit vs threshold");
    plot.xLabel = QStringLiteral("threshold");
    plot.yLabel = QStringLiteral("net benefit");
    plot.currency = r.policy.currency;
    const ModelEvaluation *models[2] = {&r.champion, &r.candidate};
    const QList<double> xs = sampleThresholds(
        {r.champion.metrics.threshold, r.champion.metrics.bestNetBenefit.threshold,
         r.candidate.metrics.threshold, r.candidate.metrics.bestNetBenefit.threshold});
    QStringList summary;
    for (int i = 0; i < 2; ++i) {
        const ModelEvaluation &m = *models[i];
        const PlotColor color = i == 0 ? PlotColor::Champion : PlotColor::Candidate;
        const QString who = i == 0 ? QStringLiteral("champion") : QStringLiteral("candidate");
        // The optimum goes in the legend: a label beside the dot would collide with the curves.
        PlotSeries s{QStringLiteral("%1 (best %2 at %3)")
                         .arg(who, formatMoney(m.metrics.bestNetBenefit.value, plot.currency),
                              QString::number(m.metrics.bestNetBenefit.threshold, 'g', 3)),
                     {},
                     color,
                     false};
        for (double t : xs)
            s.points << QPointF(t, r.policy.values.netBenefit(m.sweep->confusionAt(t)).toDouble());
        plot.series << s;
        plot.markers << PlotMarker{who + QStringLiteral(" threshold"), m.metrics.threshold, color};
        plot.dots << PlotDot{
            QStringLiteral("%1 best").arg(who),
            QPointF(m.metrics.bestNetBenefit.threshold, m.metrics.bestNetBenefit.value.toDouble()),
            color};
        summary << QStringLiteral("the %1 earns %2 at its threshold %3 and peaks at %4 at %5")
                       .arg(who, formatMoney(m.metrics.netBenefit, plot.currency),
                            QString::number(m.metrics.threshold, 'g', 4),
                            formatMoney(m.metrics.bestNetBenefit.value, plot.currency),
                            QString::number(m.metrics.bestNetBenefit.threshold, 'g', 4));
    }
    fitY(plot);
    plot.summary = summary.join(QStringLiteral("; ")) + QLatin1Char('.');
    plot.summary[0] = plot.summary[0].toUpper();
    return plot;
}

PlotData decisionCurvePlot(const GateReport &r)
{
    PlotData plot;
    plot.title = QStringLiteral("Threshold sensitivity (decision curve)");
    plot.xLabel = QStringLiteral("threshold probability");
    plot.yLabel = QStringLiteral("net benefit per row");
    plot.xMin = 0;
    plot.xMax = 0.95;
    const QList<double> xs =
        sampleThresholds({r.champion.metrics.threshold, r.candidate.metrics.threshold});
    const ModelEvaluation *models[2] = {&r.champion, &r.candidate};
    double peak = 0;
    for (int i = 0; i < 2; ++i) {
        const PlotColor color = i == 0 ? PlotColor::Champion : PlotColor::Candidate;
        const QString who = i == 0 ? QStringLiteral("champion") : QStringLiteral("candidate");
        PlotSeries s{who, {}, color, false};
        for (double t : xs)
            if (t > 0 && t <= plot.xMax) {
                s.points << QPointF(t, models[i]->sweep->decisionCurveNetBenefit(t));
                peak = std::max(peak, s.points.last().y());
            }
        plot.series << s;
        plot.markers << PlotMarker{who + QStringLiteral(" threshold"), models[i]->metrics.threshold,
                                   color};
    }
    PlotSeries all{QStringLiteral("treat all"), {}, PlotColor::Reference, true};
    for (double t : xs)
        if (t > 0 && t <= plot.xMax)
            all.points << QPointF(t, r.champion.sweep->decisionCurveTreatAll(t));
    plot.series << all;
    plot.series << PlotSeries{QStringLiteral("treat none"),
                              {QPointF(0, 0), QPointF(plot.xMax, 0)},
                              PlotColor::Reference,
                              false};
    // "Treat all" plunges at high thresholds; the useful range is from a little below zero to the
    // peak.
    plot.yMax = std::max(peak, 0.01) * 1.1;
    plot.yMin = -plot.yMax * 0.25;
    const double prevalence = r.champion.sweep->rows() ? double(r.champion.sweep->positives()) /
                                                             double(r.champion.sweep->rows())
                                                       : 0.0;
    plot.summary = QStringLiteral("Net benefit per row against the threshold probability; a model "
                                  "is useful where its curve is above "
                                  "both \"treat all\" and \"treat none\" (prevalence %1%).")
                       .arg(prevalence * 100, 0, 'f', 1);
    return plot;
}

QList<double> niceTicks(double lo, double hi, int target)
{
    QList<double> ticks;
    if (!(hi > lo) || target < 1) return ticks;
    const double raw = (hi - lo) / target;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double residual = raw / magnitude;
    const double step = (residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10) * magnitude;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
        ticks << (std::abs(v) < step * 1e-9 ? 0.0 : v);
    return ticks;
}

QString formatTick(const PlotData &plot, double value, bool yAxis)
{
    if (!yAxis || plot.currency.isEmpty()) return QString::number(value, 'g', 3);
    const double a = std::abs(value);
    if (a >= 1e6) return formatMoney(value / 1e6, plot.currency) + QLatin1Char('M');
    if (a >= 1e4) return formatMoney(value / 1e3, plot.currency) + QLatin1Char('k');
    return formatMoney(value, plot.currency);
}

QString plotToSvg(const PlotData &plot, int width, int height)
{
    const Frame f{QRectF(kLeft, kTop, width - kLeft - kRight, height - kTop - kBottom), plot};
    QString svg;
    svg += QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %1 %2\" "
                          "width=\"%1\" height=\"%2\" role=\"img\" aria-label=\"%3\" "
                          "font-family=\"sans-serif\" font-size=\"11\">\n")
               .arg(width)
               .arg(height)
               .arg(svgEscape(plot.summary));
    svg +=
        QStringLiteral("<text x=\"%1\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%2</text>\n")
            .arg(svgNumber(kLeft), svgEscape(plot.title));
    // Legend: one swatch per series, left to right.
    double lx = kLeft;
    for (const PlotSeries &s : plot.series) {
        svg +=
            QStringLiteral(
                "<line x1=\"%1\" y1=\"31\" x2=\"%2\" y2=\"31\" stroke=\"%3\" stroke-width=\"2\"%4/>"
                "<text x=\"%5\" y=\"35\">%6</text>\n")
                .arg(svgNumber(lx), svgNumber(lx + 18), plotColor(s.color).name(),
                     s.dashed ? QStringLiteral(" stroke-dasharray=\"5 3\"") : QString(),
                     svgNumber(lx + 22), svgEscape(s.name));
        lx += 34 + 6.5 * double(s.name.size());
    }
    svg +=
        QStringLiteral(
            "<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"none\" stroke=\"#999\"/>\n")
            .arg(svgNumber(f.area.left()), svgNumber(f.area.top()), svgNumber(f.area.width()),
                 svgNumber(f.area.height()));
    for (double t : niceTicks(plot.xMin, plot.xMax, 8))
        svg += QStringLiteral(
                   "<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#e4e4e4\"/><text "
                   "x=\"%1\" y=\"%4\" text-anchor=\"middle\">%5</text>\n")
                   .arg(svgNumber(f.x(t)), svgNumber(f.area.top()), svgNumber(f.area.bottom()),
                        svgNumber(f.area.bottom() + 14), svgEscape(formatTick(plot, t, false)));
    for (double t : niceTicks(plot.yMin, plot.yMax, 5))
        svg += QStringLiteral(
                   "<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#e4e4e4\"/><text "
                   "x=\"%4\" y=\"%5\" text-anchor=\"end\">%6</text>\n")
                   .arg(svgNumber(f.area.left()), svgNumber(f.y(t)), svgNumber(f.area.right()),
                        svgNumber(f.area.left() - 5), svgNumber(f.y(t) + 4),
                        svgEscape(formatTick(plot, t, true)));
    svg +=
        QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\">%3</text>\n")
            .arg(svgNumber(f.area.center().x()), svgNumber(height - 6.0), svgEscape(plot.xLabel));
    svg +=
        QStringLiteral(
            "<text transform=\"translate(12 %1) rotate(-90)\" text-anchor=\"middle\">%2</text>\n")
            .arg(svgNumber(f.area.center().y()), svgEscape(plot.yLabel));
    for (const PlotMarker &m : plot.markers)
        svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"%4\" "
                              "stroke-dasharray=\"2 3\"/>\n")
                   .arg(svgNumber(f.x(m.x)), svgNumber(f.area.top()), svgNumber(f.area.bottom()),
                        plotColor(m.color).name());
    for (const PlotSeries &s : plot.series)
        for (const QList<QPointF> &part : clipToRange(s.points, plot.yMin, plot.yMax)) {
            QStringList pts;
            for (const QPointF &p : part)
                pts << svgNumber(f.x(p.x())) + QLatin1Char(',') + svgNumber(f.y(p.y()));
            svg += QStringLiteral("<polyline fill=\"none\" stroke=\"%1\" stroke-width=\"1.8\"%2 "
                                  "points=\"%3\"/>\n")
                       .arg(plotColor(s.color).name(),
                            s.dashed ? QStringLiteral(" stroke-dasharray=\"5 3\"") : QString(),
                            pts.join(QLatin1Char(' ')));
        }
    for (const PlotDot &d : plot.dots)
        svg +=
            QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"4\" fill=\"%3\" stroke=\"white\"/>\n")
                .arg(svgNumber(f.x(d.at.x())), svgNumber(f.y(d.at.y())), plotColor(d.color).name());
    svg += QStringLiteral("</svg>");
    return svg;
}

void paintPlot(QPainter &p, const QRectF &rect, const PlotData &plot)
{
    // Drawn in the SVG's coordinate system, scaled to `rect`, so both renderings match.
    const double width = 640, height = rect.height() / rect.width() * width;
    p.save();
    p.translate(rect.topLeft());
    p.scale(rect.width() / width, rect.width() / width);
    const Frame f{QRectF(kLeft, kTop, width - kLeft - kRight, height - kTop - kBottom), plot};
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(11);
    font.setStyleStrategy(QFont::PreferNoShaping); // no ligatures, so PDF text stays searchable
    p.setFont(font);
    const QFontMetricsF fm(font, p.device());
    QFont bold = font;
    bold.setBold(true);
    bold.setPixelSize(13);
    p.setFont(bold);
    p.setPen(Qt::black);
    p.drawText(QPointF(kLeft, 16), plot.title);
    p.setFont(font);
    double lx = kLeft;
    for (const PlotSeries &s : plot.series) {
        p.setPen(QPen(plotColor(s.color), 2, s.dashed ? Qt::DashLine : Qt::SolidLine));
        p.drawLine(QPointF(lx, 31), QPointF(lx + 18, 31));
        p.setPen(Qt::black);
        p.drawText(QPointF(lx + 22, 35), s.name);
        lx += 34 + fm.horizontalAdvance(s.name);
    }
    p.setPen(QColor(0xe4, 0xe4, 0xe4));
    for (double t : niceTicks(plot.xMin, plot.xMax, 8))
        p.drawLine(QPointF(f.x(t), f.area.top()), QPointF(f.x(t), f.area.bottom()));
    for (double t : niceTicks(plot.yMin, plot.yMax, 5))
        p.drawLine(QPointF(f.area.left(), f.y(t)), QPointF(f.area.right(), f.y(t)));
    p.setPen(Qt::black);
    for (double t : niceTicks(plot.xMin, plot.xMax, 8)) {
        const QString label = formatTick(plot, t, false);
        p.drawText(QPointF(f.x(t) - fm.horizontalAdvance(label) / 2, f.area.bottom() + 14), label);
    }
    for (double t : niceTicks(plot.yMin, plot.yMax, 5)) {
        const QString label = formatTick(plot, t, true);
        p.drawText(QPointF(f.area.left() - 5 - fm.horizontalAdvance(label), f.y(t) + 4), label);
    }
    p.drawText(QPointF(f.area.center().x() - fm.horizontalAdvance(plot.xLabel) / 2, height - 6),
               plot.xLabel);
    p.save();
    p.translate(12, f.area.center().y());
    p.rotate(-90);
    p.drawText(QPointF(-fm.horizontalAdvance(plot.yLabel) / 2, 0), plot.yLabel);
    p.restore();
    p.setPen(QColor(0x99, 0x99, 0x99));
    p.drawRect(f.area);

    p.save();
    p.setClipRect(f.area);
    p.setRenderHint(QPainter::Antialiasing);
    for (const PlotMarker &m : plot.markers) {
        p.setPen(QPen(plotColor(m.color), 1, Qt::DotLine));
        p.drawLine(QPointF(f.x(m.x), f.area.top()), QPointF(f.x(m.x), f.area.bottom()));
    }
    for (const PlotSeries &s : plot.series) {
        QPainterPath path;
        for (const QList<QPointF> &part : clipToRange(s.points, plot.yMin, plot.yMax))
            for (int i = 0; i < part.size(); ++i) {
                const QPointF q(f.x(part[i].x()), f.y(part[i].y()));
                i == 0 ? path.moveTo(q) : path.lineTo(q);
            }
        p.setPen(QPen(plotColor(s.color), 1.8, s.dashed ? Qt::DashLine : Qt::SolidLine));
        p.drawPath(path);
    }
    p.restore();
    p.setRenderHint(QPainter::Antialiasing);
    for (const PlotDot &d : plot.dots) {
        const QPointF c(f.x(d.at.x()), f.y(d.at.y()));
        p.setPen(QPen(Qt::white, 1));
        p.setBrush(plotColor(d.color));
        p.drawEllipse(c, 4, 4);
    }
    p.restore();
}

} // namespace gr

#pragma once
// The report's line plots as data, drawn two ways from the same description: as inline SVG for
// the HTML report (text, so golden tests and no network) and with QPainter for the PDF (vector,
// so it stays sharp at any zoom).
#include "gate/gatereport.h"

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

class QPainter;

namespace gr {

enum class PlotColor
{
    Champion,
    Candidate,
    Reference
};

struct PlotSeries
{
    QString name;
    QList<QPointF> points; // ascending x
    PlotColor color = PlotColor::Reference;
    bool dashed = false;
};

struct PlotMarker // a dashed vertical line, e.g. an operating threshold
{
    QString label;
    double x = 0;
    PlotColor color = PlotColor::Reference;
};

struct PlotDot // a labelled point, e.g. a model's best threshold
{
    QString label;
    QPointF at;
    PlotColor color = PlotColor::Reference;
};

struct PlotData
{
    QString title, xLabel, yLabel;
    QString currency; // non-empty: y values are money
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    QList<PlotSeries> series;
    QList<PlotMarker> markers;
    QList<PlotDot> dots;
    QString summary; // the plot in one sentence, for Markdown and screen readers
};

// Net benefit in money against the threshold, both models, operating thresholds and optima marked.
PlotData netBenefitPlot(const GateReport &report);
// Threshold sensitivity as a decision curve: net benefit per row against the threshold
// probability, with "treat all" and "treat none" as references.
PlotData decisionCurvePlot(const GateReport &report);

// Round tick values covering [lo, hi], about `target` of them.
QList<double> niceTicks(double lo, double hi, int target = 5);
QString formatTick(const PlotData &plot, double value, bool yAxis);
QColor plotColor(PlotColor color);

QString plotToSvg(const PlotData &plot, int width, int height);
void paintPlot(QPainter &painter, const QRectF &rect, const PlotData &plot);

} // namespace gr

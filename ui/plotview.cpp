#include "plotview.h"
#include "gate/gatepolicy.h"

#include <algorithm>
#include <cmath>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSvgGenerator>
#include <QToolTip>

namespace gr::ui {

namespace {
constexpr double kGrabPixels = 6;

class MoneyTicker : public QCPAxisTicker
{
public:
    explicit MoneyTicker(QString currency) : m_currency(std::move(currency)) {}

protected:
    QString getTickLabel(double tick, const QLocale &, QChar, int) override
    {
        return formatMoney(std::abs(tick) < 1e-9 ? 0.0 : tick, m_currency);
    }

private:
    QString m_currency;
};
} // namespace

void PlotView::setMoneyAxis(QCPAxis *axis, const QString &currency)
{
    axis->setTicker(QSharedPointer<MoneyTicker>::create(currency));
}

PlotView::PlotView(QWidget *parent) : QCustomPlot(parent)
{
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMouseTracking(true);
    setMinimumSize(320, 220);
    legend->setVisible(true);
    legend->setFont(font());
    m_valueText = [](const QCPAbstractPlottable *, double v) { return QString::number(v, 'g', 4); };
    setPlottingHint(QCP::phFastPolylines, true);
    addLayer(QStringLiteral("markers"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    layer(QStringLiteral("markers"))->setMode(QCPLayer::lmBuffered);
    applyTheme();
}

void PlotView::applyTheme()
{
    const QPalette p = palette();
    const QColor text = p.color(QPalette::Text);
    QColor grid = p.color(QPalette::Mid);
    grid.setAlpha(110);
    setBackground(p.brush(QPalette::Base));
    for (QCPAxis *axis : {xAxis, yAxis, xAxis2, yAxis2}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(QPen(grid, 1, Qt::SolidLine));
    }
    for (int i = 0; i < plotLayout()->elementCount(); ++i) // titles
        if (auto *title = qobject_cast<QCPTextElement *>(plotLayout()->elementAt(i)))
            title->setTextColor(text);
    legend->setBrush(p.brush(QPalette::Base));
    legend->setTextColor(text);
    legend->setBorderPen(QPen(p.color(QPalette::Mid)));
    for (Marker &m : m_markers) { // backdrops too: a light box under light text is unreadable
        m.label->setColor(m.line->pen().color());
        m.label->setBrush(labelBackdrop(m.label->text().isEmpty()));
    }
    if (m_emptyText) m_emptyText->setColor(p.color(QPalette::PlaceholderText));
    replot(rpQueuedReplot);
}

QBrush PlotView::labelBackdrop(bool emptyLabel) const
{
    // The theme's plot background, translucent: the label stays readable over a curve without
    // hiding it.
    QColor backdrop = palette().color(QPalette::Base);
    backdrop.setAlpha(emptyLabel ? 0 : 170);
    return backdrop;
}

void PlotView::changeEvent(QEvent *event)
{
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyTheme();
}

void PlotView::showEmpty(const QString &message)
{
    removeMarkers();
    clearPlottables();
    if (m_emptyText)
        removeItem(m_emptyText);
    else
        m_legendWasVisible = legend->visible();
    m_emptyText = new QCPItemText(this);
    m_emptyText->setObjectName(QStringLiteral("emptyPlotMessage"));
    m_emptyText->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyText->position->setCoords(0.5, 0.5);
    m_emptyText->setPositionAlignment(Qt::AlignCenter);
    m_emptyText->setText(message);
    m_emptyText->setColor(palette().color(QPalette::PlaceholderText));
    m_emptyText->setClipToAxisRect(false);
    for (QCPAxis *axis : {xAxis, yAxis, yAxis2}) {
        axis->setRange(0, 1);
        axis->setTickLabels(false);
    }
    legend->setVisible(false);
    // A legend placed below the axes (placeLegendBelow) with no entries caps its layout column at
    // its margins' width, squeezing the axes to a sliver: it leaves the layout while empty.
    if (!m_legendOutOfLayout)
        for (int i = 0; i < plotLayout()->elementCount(); ++i)
            if (plotLayout()->elementAt(i) == legend) {
                plotLayout()->take(legend);
                plotLayout()->simplify();
                m_legendOutOfLayout = true;
                break;
            }
    replot(rpQueuedReplot);
}

void PlotView::placeLegendBelow(int columns)
{
    if (axisRect()->insetLayout()->take(legend)) axisRect()->insetLayout()->simplify();
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(columns);
    plotLayout()->addElement(plotLayout()->rowCount(), 0, legend);
    plotLayout()->setRowStretchFactor(plotLayout()->rowCount() - 1, 0.001);
    legend->setMargins(QMargins(4, 2, 4, 2));
}

QString PlotView::emptyMessage() const
{
    return m_emptyText ? m_emptyText->text() : QString();
}

void PlotView::endEmpty()
{
    if (!m_emptyText) return;
    removeItem(m_emptyText);
    m_emptyText = nullptr;
    for (QCPAxis *axis : {xAxis, yAxis, yAxis2})
        axis->setTickLabels(true);
    legend->setVisible(m_legendWasVisible);
    if (std::exchange(m_legendOutOfLayout, false)) {
        plotLayout()->addElement(plotLayout()->rowCount(), 0, legend);
        plotLayout()->setRowStretchFactor(plotLayout()->rowCount() - 1, 0.001);
    }
}

QCPGraph *PlotView::addCurve(const QString &name, const QVector<double> &x,
                             const QVector<double> &y, const QColor &color, Qt::PenStyle style,
                             double width, bool rightAxis)
{
    endEmpty();
    QCPGraph *g = addGraph(xAxis, rightAxis ? yAxis2 : yAxis);
    g->setName(name);
    g->setPen(QPen(color, width, style));
    g->setData(x, y, true);
    return g;
}

QCPGraph *PlotView::addPoints(const QString &name, const QVector<double> &x,
                              const QVector<double> &y, const QColor &color,
                              QCPScatterStyle::ScatterShape shape, double size)
{
    endEmpty();
    QCPGraph *g = addGraph();
    g->setName(name);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(shape, QPen(color, 2), QBrush(color), size));
    g->setData(x, y);
    return g;
}

void PlotView::setHomeRanges()
{
    m_homeX = xAxis->range();
    m_homeY = yAxis->range();
    m_homeY2 = yAxis2->range();
}

void PlotView::resetView()
{
    xAxis->setRange(m_homeX);
    yAxis->setRange(m_homeY);
    yAxis2->setRange(m_homeY2);
    replot();
}

bool PlotView::exportTo(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("pdf")) return savePdf(path, width(), height());
    if (suffix == QLatin1String("svg")) {
        // Vector output for documents and slides: QCustomPlot paints onto Qt's SVG generator.
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size());
        svg.setViewBox(rect());
        svg.setTitle(objectName());
        QCPPainter painter;
        if (!painter.begin(&svg)) return false;
        toPainter(&painter, width(), height());
        return painter.end() && QFileInfo(path).size() > 0;
    }
    return savePng(path, 0, 0, 2.0); // twice the screen resolution reads well in documents
}

void PlotView::exportWithDialog()
{
    QString chosenFilter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export plot"), objectName() + QStringLiteral(".png"),
        tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"), &chosenFilter);
    if (path.isEmpty()) return;
    if (!exportTo(path))
        QMessageBox::warning(
            this, tr("Export plot"),
            tr("Could not write %1. Check that the folder exists and is writable.").arg(path));
}

void PlotView::setMarker(const QString &id, double x, const QColor &color, const QString &label,
                         bool draggable, Qt::PenStyle style, double labelRow)
{
    Marker &m = m_markers[id];
    if (!m.line) {
        m.line = new QCPItemStraightLine(this);
        m.label = new QCPItemText(this);
        m.line->setLayer(QStringLiteral("markers"));
        m.label->setLayer(QStringLiteral("markers"));
        m.label->setClipToAxisRect(true);
        m.label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        m.label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        m.label->setPadding(QMargins(4, 2, 4, 2));
    }
    m.draggable = draggable;
    m.line->setPen(QPen(color, draggable ? 2 : 1.5, style));
    m.line->point1->setCoords(x, 0);
    m.line->point2->setCoords(x, 1);
    m.label->setText(label);
    m.label->setColor(color);
    m.label->setBrush(labelBackdrop(label.isEmpty()));
    m.label->position->setCoords(x, 0.02 + 0.07 * labelRow);
}

QRectF PlotView::markerLabelRect(const QString &id) const
{
    const auto it = m_markers.constFind(id);
    if (it == m_markers.cend() || it->label->text().isEmpty()) return {};
    return QRectF(it->label->topLeft->pixelPosition(), it->label->bottomRight->pixelPosition());
}

void PlotView::keepMarkerLabelsOffPoints()
{
    QList<QPointF> points;
    for (int i = 0; i < graphCount(); ++i) {
        const QCPGraph *g = graph(i);
        if (g->lineStyle() != QCPGraph::lsNone) continue;
        const double half = g->scatterStyle().size() / 2 + 2;
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
            const QPointF c = g->coordsToPixels(it->key, it->value);
            points << c + QPointF(-half, -half) << c + QPointF(half, half) << c;
        }
    }
    QList<QRectF> placed;
    for (auto it = m_markers.begin(); it != m_markers.end(); ++it) {
        if (it->label->text().isEmpty()) continue;
        const double start = (it->label->position->coords().y() - 0.02) / 0.07;
        for (int row = 0; row < 13; ++row) {
            const double y = 0.02 + 0.07 * (std::round(start) + row);
            it->label->position->setCoords(it->label->position->coords().x(), std::fmod(y, 0.93));
            const QRectF box = markerLabelRect(it.key()).adjusted(-2, -2, 2, 2);
            const bool free = std::none_of(points.cbegin(), points.cend(),
                                           [&](const QPointF &p) { return box.contains(p); }) &&
                              std::none_of(placed.cbegin(), placed.cend(),
                                           [&](const QRectF &r) { return box.intersects(r); });
            if (free) break;
        }
        placed << markerLabelRect(it.key());
    }
}

void PlotView::replotMarkers()
{
    layer(QStringLiteral("markers"))->replot();
}

double PlotView::markerX(const QString &id) const
{
    const auto it = m_markers.constFind(id);
    return it == m_markers.cend() ? 0 : it->line->point1->coords().x();
}

void PlotView::removeMarkers()
{
    for (const Marker &m : std::as_const(m_markers)) {
        removeItem(m.line);
        removeItem(m.label);
    }
    m_markers.clear();
    m_dragging.clear();
}

QString PlotView::markerNear(const QPointF &pos) const
{
    QString best;
    double bestDistance = kGrabPixels;
    for (auto it = m_markers.cbegin(); it != m_markers.cend(); ++it) {
        if (!it->draggable) continue;
        const double d = std::abs(xAxis->coordToPixel(it->line->point1->coords().x()) - pos.x());
        if (d <= bestDistance) {
            bestDistance = d;
            best = it.key();
        }
    }
    return best;
}

void PlotView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragging = markerNear(event->position());
        if (!m_dragging.isEmpty()) {
            setInteraction(QCP::iRangeDrag, false); // the drag moves the marker, not the view
            event->accept();
            return;
        }
    }
    QCustomPlot::mousePressEvent(event);
}

void PlotView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging.isEmpty()) {
        const double x = std::clamp(xAxis->pixelToCoord(event->position().x()), 0.0, 1.0);
        emit markerDragged(m_dragging, x);
        event->accept();
        return;
    }
    setCursor(markerNear(event->position()).isEmpty() ? Qt::ArrowCursor : Qt::SizeHorCursor);
    QCustomPlot::mouseMoveEvent(event);
    if (!(event->buttons() & Qt::LeftButton)) showValuesAt(event->pos());
}

void PlotView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging.isEmpty()) {
        m_dragging.clear();
        setInteraction(QCP::iRangeDrag, true);
        event->accept();
        return;
    }
    QCustomPlot::mouseReleaseEvent(event);
}

void PlotView::mouseDoubleClickEvent(QMouseEvent *event)
{
    QCustomPlot::mouseDoubleClickEvent(event);
    resetView();
}

void PlotView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Reset view"), this, &PlotView::resetView);
    menu.addAction(tr("Export plot…"), this, &PlotView::exportWithDialog);
    menu.exec(event->globalPos());
}

void PlotView::showValuesAt(const QPoint &pos)
{
    if (!axisRect()->rect().contains(pos)) {
        QToolTip::hideText();
        return;
    }
    const double key = xAxis->pixelToCoord(pos.x());
    QStringList lines{QStringLiteral("%1 %2").arg(m_keyLabel).arg(key, 0, 'f', 3)};
    for (int i = 0; i < graphCount(); ++i) {
        QCPGraph *g = graph(i);
        if (!g->visible() || g->name().isEmpty() || g->data()->isEmpty() ||
            g->lineStyle() == QCPGraph::lsNone)
            continue;
        auto it = g->data()->findBegin(key, false);
        if (it == g->data()->constEnd()) continue;
        lines << QStringLiteral("%1: %2").arg(g->name(), m_valueText(g, it->value));
    }
    for (int i = 0; i < plottableCount(); ++i) {
        auto *bars = qobject_cast<QCPBars *>(plottable(i));
        if (!bars || bars->name().isEmpty()) continue;
        auto it = bars->data()->findBegin(key, false);
        if (it != bars->data()->constEnd() && std::abs(it->key - key) <= bars->width() / 2)
            lines << QStringLiteral("%1: %2").arg(bars->name(), m_valueText(bars, it->value));
    }
    QToolTip::showText(mapToGlobal(pos), lines.join(QLatin1Char('\n')), this);
}

} // namespace gr::ui

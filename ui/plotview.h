#pragma once
// A QCustomPlot with what every plot of the review shares: values on hover, zoom and pan with a
// reset (double-click or context menu), export to PNG/SVG/PDF, colours from the current theme, and
// vertical markers the user may drag (the what-if thresholds).
#include <qcustomplot.h>

#include <functional>
#include <QMap>

namespace gr::ui {

class PlotView : public QCustomPlot
{
    Q_OBJECT
public:
    explicit PlotView(QWidget *parent = nullptr);

    // Text for a plottable's value in the hover tooltip; numbers with 4 significant digits by
    // default.
    using ValueText = std::function<QString(const QCPAbstractPlottable *, double value)>;
    void setValueText(ValueText text) { m_valueText = std::move(text); }
    void setKeyLabel(const QString &label) { m_keyLabel = label; }

    // A line graph (on the right axis when `rightAxis`), and a set of marked points.
    QCPGraph *addCurve(const QString &name, const QVector<double> &x, const QVector<double> &y,
                       const QColor &color, Qt::PenStyle style = Qt::SolidLine, double width = 2,
                       bool rightAxis = false);
    QCPGraph *addPoints(const QString &name, const QVector<double> &x, const QVector<double> &y,
                        const QColor &color, QCPScatterStyle::ScatterShape shape, double size = 10);

    // An empty plot says why: no curves, no previous pair's axis ranges, the message in the
    // middle. Adding a curve or points ends it.
    void showEmpty(const QString &message);
    bool isShowingEmpty() const { return m_emptyText != nullptr; }
    // Ends the empty state for plots filled without addCurve()/addPoints() (bars).
    void endEmpty();
    QString emptyMessage() const;

    // Moves the legend out of the plot area into a row below it, `columns` entries wide: on a
    // small window no corner of the axes is free of curves.
    void placeLegendBelow(int columns);

    // Tick labels in money ($1,200,000) on `axis`.
    static void setMoneyAxis(QCPAxis *axis, const QString &currency);

    // The ranges "reset view" returns to; call after filling the plot.
    void setHomeRanges();
    void resetView();

    // Export by file suffix: .png or .pdf. Returns false when the file cannot be written.
    bool exportTo(const QString &path);
    void exportWithDialog();

    // A vertical line at `x`; when draggable the user may move it and markerDragged() reports
    // where.
    void setMarker(const QString &id, double x, const QColor &color, const QString &label,
                   bool draggable, Qt::PenStyle style = Qt::DashLine, double labelRow = 0);
    double markerX(const QString &id) const;
    // The marker label's box in pixels (after a replot); empty for an unknown id.
    QRectF markerLabelRect(const QString &id) const;
    // Moves marker labels down a row at a time off any marked point (addPoints()) they would
    // cover, e.g. a what-if label on the optimum star. Call after the axes have their ranges.
    void keepMarkerLabelsOffPoints();
    // Redraws only the markers' own buffered layer: a what-if move must not repaint every curve.
    void replotMarkers();
    void removeMarkers();

    // Colours for the theme (called again when the palette changes).
    void applyTheme();

signals:
    void markerDragged(const QString &id, double x);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Marker
    {
        QCPItemStraightLine *line = nullptr;
        QCPItemText *label = nullptr;
        bool draggable = false;
    };
    QString markerNear(const QPointF &pos) const;
    void showValuesAt(const QPoint &pos);

    QBrush labelBackdrop(bool emptyLabel) const;

    QMap<QString, Marker> m_markers;
    QCPItemText *m_emptyText = nullptr;
    bool m_legendWasVisible = true;
    bool m_legendOutOfLayout = false; // a legend below the axes, taken out while empty
    QString m_dragging;
    ValueText m_valueText;
    QString m_keyLabel = QStringLiteral("threshold");
    QCPRange m_homeX, m_homeY, m_homeY2;
};

} // namespace gr::ui

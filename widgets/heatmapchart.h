#pragma once

#include "core/series/heatmapbuckets.h"
#include "core/units.h"
#include "widgets/heatmapcolors.h"

#include <QWidget>

#include <optional>

namespace vitals {

// A heatmap of a Prometheus histogram over time, as Grafana's heatmap panel draws one: a column
// per sample time (one step wide, ending at the sample), a row per bucket (`le` bounds on the
// value axis, in `unit`), each cell coloured by its count on the panel's colour scheme
// (HeatmapColors: Grafana's default "Oranges" unless set, square-root scale); empty and zero
// cells are not drawn. Hovering a cell shows its bucket bounds, count and time.
//
// The counts come de-cumulated from core (series::heatmapBuckets()); this widget only paints.
// GUI thread only. Owned by its parent widget.
class HeatmapChart : public QWidget
{
    Q_OBJECT
public:
    explicit HeatmapChart(QWidget *parent = nullptr);

    void setBuckets(series::HeatmapBuckets buckets);
    const series::HeatmapBuckets &buckets() const { return m_buckets; }
    // The unit of the bucket bounds (e.g. seconds for a latency histogram).
    void setUnit(units::Unit unit);
    // The time span of the x axis, Unix ms.
    void setTimeSpan(qint64 fromMs, qint64 toMs);
    // The colour scheme, as dashboard::Panel::heatmapColors names it ("" = Oranges). Applied
    // for the widget's palette, light or dark, whenever the palette changes.
    void setColors(const QString &spec);

    // The colour of a cell holding `count` when the largest count is `maxCount`, on the default
    // scheme and a light palette.
    static QColor colorFor(double count, double maxCount);
    // The same, on this chart's scheme and palette.
    QColor cellColor(double count, double maxCount) const;
    // Where cell (bucket, time index) is drawn, in widget coordinates; empty when off the plot.
    QRectF cellRect(std::size_t bucket, std::size_t timeIndex) const;
    // The plot area in widget coordinates.
    QRectF plotArea() const;
    // The tooltip for the cell under `pos` (widget coordinates): "(0.1 s, 0.5 s]: 3" and its
    // time; empty when no cell with data is there.
    QString tooltipAt(QPointF pos) const;

    // Draws a vertical line at `tMs` (another chart is hovered), like TimeSeriesChart's
    // crosshair; clearCrosshair() hides it.
    void setCrosshair(qint64 tMs);
    void clearCrosshair();
    // The x of the crosshair in widget coordinates; nullopt when hidden or off the plot.
    std::optional<double> drawnCrosshairX() const;
    // The time under widget x `x`, Unix ms (clamped to the span).
    qint64 timeAt(double x) const;

Q_SIGNALS:
    // The user dragged over [fromMs, toMs]: zoom every panel there.
    void rangeSelected(qint64 fromMs, qint64 toMs);
    // The mouse is over the plot at `tMs` / left it: mirror the crosshair on other charts.
    void hovered(qint64 tMs);
    void hoverLeft();

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QString boundLabel(double bound) const;
    qint64 stepMs() const;
    // cellRect() within `plot` (plotArea(), computed once per paint).
    QRectF cellRect(const QRectF &plot, std::size_t bucket, std::size_t timeIndex) const;
    void applyColors();

    series::HeatmapBuckets m_buckets;
    qint64 m_stepMs = 0;              // the buckets' smallest time step; 0 with fewer than two
    mutable double m_labelWidth = -1; // widest bound label (plotArea()); -1: to measure
    units::Unit m_unit = units::Unit::None;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 1;
    QString m_colorSpec;
    HeatmapColors m_colors;
    std::optional<qint64> m_crosshairMs;
    std::optional<double> m_dragFromX; // a drag to zoom, started at this x
    double m_dragToX = 0;
};

} // namespace vitals

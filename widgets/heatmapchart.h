#pragma once

#include "core/series/heatmapbuckets.h"
#include "core/units.h"

#include <QWidget>

namespace vitals {

// A heatmap of a Prometheus histogram over time, as Grafana's heatmap panel draws one: a column
// per sample time (one step wide, ending at the sample), a row per bucket (`le` bounds on the
// value axis, in `unit`), each cell coloured by its count on Grafana's default "Oranges" scheme
// with a square-root scale (so a few busy cells do not wash out the rest); empty and zero cells
// are not drawn. Hovering a cell shows its bucket bounds, count and time.
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

    // The colour of a cell holding `count` when the largest count is `maxCount`.
    static QColor colorFor(double count, double maxCount);
    // Where cell (bucket, time index) is drawn, in widget coordinates; empty when off the plot.
    QRectF cellRect(std::size_t bucket, std::size_t timeIndex) const;
    // The plot area in widget coordinates.
    QRectF plotArea() const;
    // The tooltip for the cell under `pos` (widget coordinates): "(0.1 s, 0.5 s]: 3" and its
    // time; empty when no cell with data is there.
    QString tooltipAt(QPointF pos) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QString boundLabel(double bound) const;
    qint64 stepMs() const;

    series::HeatmapBuckets m_buckets;
    units::Unit m_unit = units::Unit::None;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 1;
};

} // namespace vitals

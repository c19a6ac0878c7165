#pragma once

// Private parts of TimeSeriesChart shared by its implementation files (timeserieschart.cpp:
// state, legend, palette, overlays; timeserieschartview.cpp: mouse and keyboard;
// timeserieschartdraw.cpp: series and axes). Not part of the widgets API: include it from
// those files only.

#include "widgets/timeserieschart.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QLineSeries>
#include <QTimer>

#include <algorithm>
#include <limits>
#include <vector>

namespace vitals {

namespace chartstyle {

// The colour of the series at `index` of `series`: its own when set, else the palette's.
QColor colorOf(const std::vector<ChartSeries> &series, std::size_t index);
// The palette's colour for place `index`.
QColor paletteColor(int index);
// The pen of series `index`'s line; `dense` traces (several points per pixel column) get a
// hairline (see timeserieschart.cpp).
QPen linePen(const std::vector<ChartSeries> &series, std::size_t index, bool dense);

// How one ChartSeries is drawn, from its own style and the chart's (timeserieschartstyle.cpp).
struct Layout {
    int stack = -1;     // index of its stack group; -1 = drawn on its own, from 0
    int fillAlpha = 0;  // alpha of its area or band, 0–255; 0 = no area
    bool line = true;   // a stroked line (the band's top edge in a stack)
    bool right = false; // against the right-hand value axis
    bool operator==(const Layout &) const = default;
};
// The layout of every series of `series`; *groups = the number of stack groups.
std::vector<Layout> layouts(const std::vector<ChartSeries> &series, bool stackedStyle, int *groups);
// The brush colour of series `index`'s areas.
QColor fillColor(const std::vector<ChartSeries> &series, std::size_t index, const Layout &layout);

} // namespace chartstyle

// Qt Charts objects, kept out of the public header so no other file needs Qt Charts.
//
// Each ChartSeries is drawn by one or more Qt Charts series, one per unbroken stretch of data
// (a segment of lines, a band of a stack): Qt Charts joins every point of a QLineSeries, so a
// gap needs two series. The first piece of each ChartSeries carries its legend entry; the
// others have their legend markers hidden, so the legend keeps one entry per ChartSeries.
// Pieces are kept between rebuilds (points are replace()d) and emptied when not needed.
struct TimeSeriesChart::Impl {
    QChart *chart = nullptr;
    View *view = nullptr;
    QCategoryAxis *timeAxis = nullptr; // x in Unix ms, ticks on round local times
    QCategoryAxis *valueAxis = nullptr;
    std::vector<std::vector<QLineSeries *>> lines; // Lines: per ChartSeries, one per segment
    std::vector<std::vector<QAreaSeries *>> areas; // StackedArea: per ChartSeries, one per band
    std::vector<bool> dense;                       // Lines: drawn as a dense min/max trace
    // How each ChartSeries is drawn (lines and areas may both be there for one series): the
    // pieces are rebuilt when this changes.
    std::vector<chartstyle::Layout> layouts;
    // The right-hand value axis, made when a series first needs it; hidden when none does.
    QCategoryAxis *rightAxis = nullptr;
    // The values drawn against each value axis at the last rebuild.
    struct Range {
        double lo = std::numeric_limits<double>::infinity();
        double hi = -std::numeric_limits<double>::infinity();
        void add(double v)
        {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    };
    Range leftRange;
    Range rightRange;
    QGraphicsLineItem *crosshair = nullptr;
    QGraphicsRectItem *selection = nullptr;
    std::vector<QGraphicsRectItem *> shading;
    // Holds a change back until one frame (16 ms) after the last rebuild, so a stream of changes
    // is drawn at most once a frame (TimeSeriesChart::scheduleRebuild()).
    QTimer rebuildTimer;
    QElapsedTimer lastRebuild; // started by each rebuild(); invalid before the first
    // New data arrived while the chart was scrolled out of its window's view: rebuilt when the
    // chart is next painted (View::viewportEvent) or flushed.
    bool rebuildPending = false;
    // Its frame has passed and it waits in the one-per-turn rebuild queue
    // (TimeSeriesChart::queueRebuild()).
    bool rebuildQueued = false;

    // The Qt Charts series that carries the legend entry of ChartSeries `index`, or null.
    QAbstractSeries *legendSeries(std::size_t index) const;
    // Removes every Qt Charts series.
    void clearPieces();
};

// The chart view: turns mouse and keyboard input into zoom, pan and hover requests.
class TimeSeriesChart::View : public QChartView
{
public:
    View(QChart *chart, TimeSeriesChart *owner);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void showValues(QPointF pos, QPoint globalPos);

    TimeSeriesChart *m_owner;
    double m_pressX = 0;
    bool m_dragging = false;
    bool m_panning = false;
};

} // namespace vitals

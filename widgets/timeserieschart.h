#pragma once

#include "core/series/series.h"
#include "core/units.h"

#include <QColor>
#include <QPen>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace vitals::series {
struct StackBand;
}

namespace vitals {

// One line of a chart: its legend name and its samples (Unix ms, values in the chart's unit).
// NaN and infinite samples are gaps, and so are missing steps (see setSampleStep()). Plain data,
// moved into the chart (move-only, like series::Series).
struct ChartSeries {
    QString name;
    series::Series samples;
    // Colour of the line; invalid = the palette's colour for the series' place. A reference
    // line (a threshold) sets its own and is drawn dashed.
    QColor color = QColor();
    bool dashed = false;

    // Per-series style (Grafana's overrides, see chartSeriesFrom()); unset members take the
    // chart's style.
    // Opacity of the area under the line (or of its band in a stack), 0–100. Unset: 0 for
    // Style::Lines, the stack's usual fill for Style::StackedArea.
    std::optional<int> fillOpacity = std::nullopt;
    // Width of the line in pixels; 0 = no line (a filled area only). Unset: 1.6, a hairline
    // for dense traces; a filled stack band has no line.
    std::optional<double> lineWidth = std::nullopt;
    // Series of the same non-empty group are stacked together, bottom first, in their order
    // here; "" = drawn on its own, from 0. Unset: every series of a StackedArea chart is in one
    // stack, none of a Lines chart is.
    std::optional<QString> stackGroup = std::nullopt;
    // Drawn against the value axis on the right, labelled in `unit` (the first right-hand
    // series' unit names that axis).
    bool rightAxis = false;
    // The unit of this series' values in tooltips (and the right axis); unset = the chart's.
    std::optional<units::Unit> unit = std::nullopt;
    bool hideLegend = false;  // no legend entry
    bool hideTooltip = false; // left out of the tooltip

    // A deep copy (see series::Series::clone()).
    ChartSeries clone() const;
};

// A deep copy of every series of `list`, in order.
std::vector<ChartSeries> clone(const std::vector<ChartSeries> &list);

// A time-series chart: lines or stacked areas over a time axis, with a unit-aware value axis,
// drag-to-zoom, Shift+drag and arrow-key panning, a vertical crosshair that other charts can
// mirror, and a legend whose entries isolate or toggle their series.
//
// This class and its siblings in widgets/ are the only code that knows Qt Charts is used
// (STYLE.md rule 7). What is drawn is computed once, in core: series::lineSegments() (min/max per
// pixel column, cut at gaps) and series::stack(); this class only converts those points and
// hands them to Qt Charts with replace(), so painting cost grows with the chart's width, not
// with the number of samples. A gap is drawn as a gap (one Qt Charts series per unbroken
// segment, one legend entry per ChartSeries). New data only
// marks the chart dirty and a single-shot timer rebuilds it once (STYLE.md rule 6); a shown
// chart scrolled out of its window's view waits until it is next painted (or flush()ed). OpenGL is
// not used: after decimation a series has at most about four points per pixel column, where
// the raster engine is as fast and works on every platform, offscreen included.
//
// GUI thread only. Owned by its parent widget.
class TimeSeriesChart : public QWidget
{
    Q_OBJECT
public:
    enum class Style { Lines, StackedArea };

    // The value of one series at a crosshair time.
    struct HoverValue {
        QString name;
        qint64 t = 0; // time of the sample shown, Unix ms
        double value = 0;
        QColor color;
        units::Unit unit = units::Unit::None; // the series' own unit, else the chart's
    };

    explicit TimeSeriesChart(QWidget *parent = nullptr);
    ~TimeSeriesChart() override;

    void setUnit(units::Unit unit);
    units::Unit unit() const { return m_unit; }
    void setStyle(Style style);
    // Fixes the value axis to start at `min` (e.g. 0 for rates) and optionally end at `max`.
    void setValueBounds(std::optional<double> min, std::optional<double> max);

    // The step between samples (a range query's step), ms: samples more than one and a half
    // steps apart are not joined (series::maxJoinedIntervalMs()). 0 (the default) = each
    // series' smallest interval, which is the step for the results of a range query.
    void setSampleStep(qint64 stepMs);
    qint64 sampleStep() const { return m_stepMs; }

    // The time span of the x axis, Unix ms.
    void setTimeSpan(qint64 fromMs, qint64 toMs);
    qint64 fromMs() const { return m_fromMs; }
    qint64 toMs() const { return m_toMs; }

    // Replaces all series. Series hidden by the user stay hidden when a series of the same name
    // comes back (a refresh does not undo a legend click).
    void setSeries(std::vector<ChartSeries> series);
    int seriesCount() const { return int(m_series.size()); }
    QString seriesName(int index) const;
    // The colour a series is drawn in (its legend swatch), whether or not it has data now.
    QColor seriesColor(int index) const;
    void setSeriesVisible(int index, bool visible);
    // A click on a legend entry, as in Grafana: a plain click shows only that series (or all
    // again when it already was the only one shown); with Ctrl (or Cmd) it toggles that series.
    // The value axis is fitted to the series left visible.
    void clickLegend(int index, Qt::KeyboardModifiers modifiers);
    bool isSeriesVisible(int index) const;

    // Draws the crosshair at `tMs` (another chart is hovered); clearCrosshair() hides it.
    void setCrosshair(qint64 tMs);
    void clearCrosshair();
    bool hasCrosshair() const { return m_crosshairVisible; }
    // The sample nearest to `tMs` of each visible series, within one sample interval (at least
    // a second); series without a sample that close, or hidden from the tooltip, are left out.
    std::vector<HoverValue> valuesAt(qint64 tMs) const;
    // valuesAt() as text for a tooltip: the time, then one line per series.
    QString tooltipText(qint64 tMs) const;

    // Shades time spans [from, to] (Unix ms) behind the data, e.g. when an alert was firing.
    void setShadedSpans(std::vector<std::pair<qint64, qint64>> spans);
    const std::vector<std::pair<qint64, qint64>> &shadedSpans() const { return m_shaded; }

    // What is drawn, in widget coordinates (tests, screenshots): the x of the crosshair when it
    // is shown, and the shaded rectangles that are visible (spans outside the time span are not).
    std::optional<double> drawnCrosshairX() const;
    std::vector<QRectF> drawnShading() const;

    // Applies pending changes now instead of on the next timer tick or paint (tests, reports,
    // screenshots).
    void flush();
    // Charts of this (the GUI) thread whose coalescing frame has passed and that wait for their
    // turn to be rebuilt: charts are rebuilt one per turn of the event loop, so input is never
    // kept waiting for a whole dashboard's charts (benchmarks, tests).
    static int queuedRebuilds();
    // Charts whose change waits for the end of the frame after their last rebuild (benchmarks).
    static int dueRebuilds();
    // True when no chart waits for its frame or its turn and the GUI thread's turn queue
    // (core/turnqueue.h) is empty: every chart in view shows the data it was given.
    static bool allRebuilt();
    // Calls `then` (from the event loop, never from inside this call) once allRebuilt(). Not
    // called if `context` is destroyed first. Checks every millisecond.
    static void whenAllRebuilt(QObject *context, std::function<void()> then);
    // Points handed to Qt Charts at the last rebuild, over all series (after decimation).
    int renderedPointCount() const { return m_renderedPoints; }
    // Rebuilds (decimation, axes, Qt Charts series) since construction (tests: a change is
    // drawn once).
    int rebuildCount() const { return m_rebuilds; }
    // What series `index` is drawn as at the last rebuild (tests): one list of points (Unix ms,
    // value) per unbroken line segment or stack band (for a stack, the band's upper edge), in
    // time order; empty when hidden or without data.
    std::vector<std::vector<QPointF>> drawnSegments(int index) const;
    // The labels the axes show at the last rebuild, as Qt Charts lays them out (tests): the text
    // of every visible tick label and its rectangle in widget coordinates.
    struct AxisLabel {
        QString text;
        QRectF rect;
        bool timeAxis = false;
        bool rightAxis = false; // a label of the right-hand value axis
    };
    std::vector<AxisLabel> drawnAxisLabels() const;
    // How series `index` is drawn at the last rebuild (tests): the alpha (0–255) of its fill,
    // 0 when it has none; the pen of its line, Qt::NoPen when it has none; whether it has a
    // legend entry; whether it is drawn against the right-hand axis.
    int drawnFillAlpha(int index) const;
    QPen drawnLinePen(int index) const;
    bool drawnInLegend(int index) const;
    bool drawnOnRightAxis(int index) const;

    // Maps between widget x coordinates and time, using the current plot area.
    qint64 timeAtX(double x) const;
    double xAtTime(qint64 tMs) const;
    // The plot area in widget coordinates.
    QRectF plotArea() const;

Q_SIGNALS:
    // The user dragged over [fromMs, toMs]: zoom every panel there.
    void rangeSelected(qint64 fromMs, qint64 toMs);
    // The user asked to move the view by `deltaMs` (negative = into the past).
    void panRequested(qint64 deltaMs);
    // The mouse is over the plot at `tMs` / left it: mirror the crosshair on other charts.
    void hovered(qint64 tMs);
    void hoverLeft();
    void seriesVisibilityChanged(int index, bool visible);

protected:
    void changeEvent(QEvent *event) override;

private:
    class View;
    friend class View;

    void scheduleRebuild();
    void queueRebuild();
    void rebuildWhenSeen();
    bool intersectsWindowView() const;
    void rebuild();
    void addLinePiece(std::size_t index);
    void addAreaPiece(std::size_t index);
    void rebuildAxes(double minValue, double maxValue);
    void fitAxesToLayout();
    // Per-series styles (timeserieschartstyle.cpp).
    void createPieces(std::size_t index);
    void fillPieces(std::size_t index, qint64 from, qint64 to, int columns,
                    const std::vector<std::vector<series::StackBand>> &stacks);
    void rebuildRightAxis(double minValue, double maxValue);
    void applySeriesLegend();
    void applySeriesPalette();
    void applyPalette();
    void updateLegendMarkers();
    void placeCrosshair();
    void placeShading();

    struct Impl;
    // Charts of this thread for which `waits` holds (queuedRebuilds(), dueRebuilds()).
    static int countCharts(bool (*waits)(const Impl &));
    std::unique_ptr<Impl> d;

    std::vector<ChartSeries> m_series;
    std::vector<bool> m_visible;
    std::vector<QString> m_hiddenNames;
    std::vector<std::pair<qint64, qint64>> m_shaded;
    units::Unit m_unit = units::Unit::None;
    Style m_style = Style::Lines;
    std::optional<double> m_minBound;
    std::optional<double> m_maxBound;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 1;
    qint64 m_stepMs = 0;
    qint64 m_crosshairMs = 0;
    bool m_crosshairVisible = false;
    int m_renderedPoints = 0;
    int m_rebuilds = 0;
};

} // namespace vitals

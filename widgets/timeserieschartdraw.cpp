// TimeSeriesChart's drawing: the chart data computed in core (line segments, stack bands) turned
// into Qt Charts series, and the axes fitted to the space and font.

#include "widgets/timeserieschart_p.h"

#include "core/series/decimate.h"
#include "core/series/stack.h"
#include "widgets/timeaxis.h"
#include "widgets/valueaxis.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QLegendMarker>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vitals {

namespace {

// Hides the legend markers of a piece that does not carry its series' legend entry.
void hideLegendMarkers(QChart *chart, QAbstractSeries *piece)
{
    for (QLegendMarker *marker : chart->legend()->markers(piece))
        marker->setVisible(false);
}

} // namespace

QAbstractSeries *TimeSeriesChart::Impl::legendSeries(std::size_t index) const
{
    if (index < areas.size() && !areas[index].empty())
        return areas[index].front();
    if (index < lines.size() && !lines[index].empty())
        return lines[index].front();
    return nullptr;
}

void TimeSeriesChart::Impl::clearPieces()
{
    chart->removeAllSeries();
    lines.clear();
    areas.clear();
    dense.clear();
    layouts.clear();
}

void TimeSeriesChart::addLinePiece(std::size_t index)
{
    auto *line = new QLineSeries;
    line->setPen(chartstyle::linePen(m_series, index, false));
    line->setName(m_series[index].name);
    d->chart->addSeries(line);
    line->attachAxis(d->timeAxis);
    line->attachAxis(d->layouts[index].right ? d->rightAxis : d->valueAxis);
    if (!d->lines[index].empty() || !d->areas[index].empty())
        hideLegendMarkers(d->chart, line);
    d->lines[index].push_back(line);
}

void TimeSeriesChart::addAreaPiece(std::size_t index)
{
    auto *upper = new QLineSeries;
    auto *lower = new QLineSeries;
    auto *area = new QAreaSeries(upper, lower);
    // The area does not own its boundary lines; make it, so they go with it.
    upper->setParent(area);
    lower->setParent(area);
    area->setBrush(chartstyle::fillColor(m_series, index, d->layouts[index]));
    area->setPen(Qt::NoPen); // stroking a filled area's outline costs more than the fill
    area->setName(m_series[index].name);
    d->chart->addSeries(area);
    area->attachAxis(d->timeAxis);
    area->attachAxis(d->layouts[index].right ? d->rightAxis : d->valueAxis);
    if (!d->areas[index].empty())
        hideLegendMarkers(d->chart, area);
    d->areas[index].push_back(area);
}

void TimeSeriesChart::rebuild()
{
    d->rebuildPending = false;
    d->lastRebuild.start();
    ++m_rebuilds;
    const int columns = std::max(16, int(plotArea().width()));
    const std::size_t n = m_series.size();
    const bool stacked = m_style == Style::StackedArea;
    int groups = 0;
    std::vector<chartstyle::Layout> layouts = chartstyle::layouts(m_series, stacked, &groups);

    // Keep the Qt Charts objects while every series is drawn the same way, so a refresh is a
    // replace() of points and not a teardown.
    if (layouts != d->layouts || d->lines.size() != n) {
        d->clearPieces();
        d->layouts = std::move(layouts);
        d->lines.resize(n);
        d->areas.resize(n);
        d->dense.assign(n, false);
        for (std::size_t i = 0; i < n; ++i)
            createPieces(i);
    }

    // Qt Charts recomputes every series' geometry when an axis range changes and again when
    // its points are replaced: empty the series first, so the axis change costs nothing and
    // each series is laid out once, with its new points.
    for (const auto &pieces : d->lines)
        for (QLineSeries *line : pieces)
            line->clear();
    for (const auto &pieces : d->areas) {
        for (QAreaSeries *area : pieces) {
            area->upperSeries()->clear();
            area->lowerSeries()->clear();
        }
    }
    d->timeAxis->setRange(double(m_fromMs), double(m_toMs));

    // A margin of one column on each side lets lines run to the plot's edges.
    const qint64 margin = (m_toMs - m_fromMs) / columns + 1;
    const qint64 from = m_fromMs - margin;
    const qint64 to = m_toMs + margin;
    // Each stack group's bands, over its visible series. Filled areas need no per-pixel
    // detail, and Qt Charts' area fill gets slow with many vertices: one point per two pixel
    // columns.
    std::vector<std::vector<series::StackBand>> stacks(static_cast<std::size_t>(groups));
    for (int g = 0; g < groups; ++g) {
        std::vector<const series::Series *> members(n, nullptr);
        for (std::size_t i = 0; i < n; ++i)
            if (m_visible[i] && d->layouts[i].stack == g)
                members[i] = &m_series[i].samples;
        stacks[std::size_t(g)] =
            series::stack(members, from, to, std::max(8, columns / 2), m_stepMs);
    }
    d->leftRange = {};
    d->rightRange = {};
    m_renderedPoints = 0;
    for (std::size_t i = 0; i < n; ++i)
        fillPieces(i, from, to, columns, stacks);
    // Antialiasing stays on for line charts whatever their density: dense traces are hairlines
    // (linePen()), which it costs little on, and without it the raster engine draws the grid's
    // long one-pixel lines span by span through its thread pool, which costs more than the
    // antialiasing it saves.
    d->view->setRenderHint(QPainter::Antialiasing, !stacked);
    rebuildAxes(d->leftRange.lo, d->leftRange.hi);
    rebuildRightAxis(d->rightRange.lo, d->rightRange.hi);
    updateLegendMarkers();
    applySeriesLegend();
    placeCrosshair();
    placeShading();
}

void TimeSeriesChart::setSampleStep(qint64 stepMs)
{
    m_stepMs = std::max<qint64>(0, stepMs);
    scheduleRebuild();
}

std::vector<std::vector<QPointF>> TimeSeriesChart::drawnSegments(int index) const
{
    std::vector<std::vector<QPointF>> out;
    if (index < 0 || index >= seriesCount() || !m_visible[std::size_t(index)])
        return out;
    auto add = [&out](const QXYSeries *series) {
        const QList<QPointF> points = series->points();
        if (!points.isEmpty())
            out.emplace_back(points.begin(), points.end());
    };
    if (std::size_t(index) < d->lines.size())
        for (const QLineSeries *line : d->lines[std::size_t(index)])
            add(line);
    // A filled line's area has the same upper edge as its line.
    if (out.empty() && std::size_t(index) < d->areas.size())
        for (const QAreaSeries *area : d->areas[std::size_t(index)])
            add(area->upperSeries());
    return out;
}

std::vector<TimeSeriesChart::AxisLabel> TimeSeriesChart::drawnAxisLabels() const
{
    // Qt Charts draws each tick label as a QGraphicsTextItem of the chart; the legend's
    // labels are the only other ones.
    std::vector<AxisLabel> out;
    const QRectF plot = plotArea();
    for (QGraphicsItem *item :
         d->chart->childItems().isEmpty() ? QList<QGraphicsItem *>() : d->view->scene()->items()) {
        auto *text = qgraphicsitem_cast<QGraphicsTextItem *>(item);
        if (!text || !text->isVisible() || d->chart->legend()->isAncestorOf(text))
            continue;
        const QString label = text->toPlainText();
        if (label.isEmpty())
            continue;
        const QRectF scene = text->mapToScene(text->boundingRect()).boundingRect();
        const QRectF rect(
            QPointF(d->view->mapTo(this, d->view->mapFromScene(scene.topLeft()))),
            QPointF(d->view->mapTo(this, d->view->mapFromScene(scene.bottomRight()))));
        out.push_back({label, rect, rect.center().y() > plot.bottom(),
                       rect.center().y() <= plot.bottom() && rect.center().x() > plot.right()});
    }
    std::sort(out.begin(), out.end(), [](const AxisLabel &a, const AxisLabel &b) {
        return a.timeAxis != b.timeAxis
                   ? !a.timeAxis
                   : (a.timeAxis ? a.rect.left() < b.rect.left() : a.rect.top() > b.rect.top());
    });
    return out;
}

// Qt Charts lays a chart out on the event loop's next turn after its axes change. A rebuild
// fits the ticks to the plot area it finds; when that is about to move (a chart rebuilt in the
// middle of its first paint in a while), this lays the chart out now and fits the ticks again,
// with the value ranges of that rebuild: axes only, the points stay.
void TimeSeriesChart::fitAxesToLayout()
{
    QGraphicsLayout *layout = d->chart->layout();
    if (!layout)
        return;
    const QRectF before = plotArea();
    layout->activate();
    if (plotArea() == before)
        return;
    rebuildAxes(d->leftRange.lo, d->leftRange.hi);
    rebuildRightAxis(d->rightRange.lo, d->rightRange.hi);
    layout->activate();
    placeCrosshair();
    placeShading();
}

void TimeSeriesChart::rebuildAxes(double minValue, double maxValue)
{
    const QRectF plot = plotArea();
    for (const QString &label : d->timeAxis->categoriesLabels())
        d->timeAxis->remove(label);
    d->timeAxis->setStartValue(double(m_fromMs));
    // As many round times as fit whole in the plot's width with this font: Qt Charts gives
    // each label of a category axis an equal share of the axis' width and elides what does not
    // fit (see timeaxis::fittingTicks()). A label's text item is one pixel wider than its text
    // (Qt Charts' text margin), each share loses twice the 4 px label padding, and 10 px more
    // keep neighbouring labels apart.
    const QFontMetricsF metrics(d->timeAxis->labelsFont());
    auto labelWidth = [&metrics](const QString &label) {
        return metrics.horizontalAdvance(label) + 1.0;
    };
    const int offset = QDateTime::currentDateTime().offsetFromUtc();
    const double width = plot.width();
    for (const auto &tick :
         timeaxis::fittingTicks(m_fromMs, m_toMs, width, labelWidth, 2 * 4.0 + 10.0, offset)) {
        // A label centred on a tick near either end of the axis would be cut in half: leave
        // it out.
        const double x =
            width * double(tick.tMs - m_fromMs) / double(std::max<qint64>(1, m_toMs - m_fromMs));
        const double half = labelWidth(tick.label) / 2.0;
        if (x < half || width - x < half)
            continue;
        d->timeAxis->append(tick.label, double(tick.tMs));
    }
    d->timeAxis->setRange(double(m_fromMs), double(m_toMs));

    // Before the first layout (a chart never shown) there is no height to measure: six ticks.
    const int valueTicks =
        plot.height() >= 1.0 ? valueaxis::maxTicks(plot.height(), d->valueAxis->labelsFont()) : 6;
    valueaxis::fill(d->valueAxis, minValue, maxValue, m_unit, m_minBound, m_maxBound, valueTicks);
}

} // namespace vitals

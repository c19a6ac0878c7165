// TimeSeriesChart's per-series styles (Grafana's overrides): fill opacity, line width, stack
// groups, the right-hand value axis and legend entries left out. rebuild() asks these functions
// how each series is drawn and to draw it.

#include "widgets/timeserieschart_p.h"

#include "core/series/decimate.h"
#include "core/series/stack.h"
#include "widgets/valueaxis.h"

#include <QLegend>
#include <QLegendMarker>

#include <cmath>

namespace vitals {

namespace {

// A stack band's fill when the series does not set its own opacity (about 67 %).
constexpr int kStackAlpha = 170;

} // namespace

ChartSeries ChartSeries::clone() const
{
    ChartSeries out;
    out.name = name;
    out.samples = samples.clone();
    out.color = color;
    out.dashed = dashed;
    out.fillOpacity = fillOpacity;
    out.lineWidth = lineWidth;
    out.stackGroup = stackGroup;
    out.rightAxis = rightAxis;
    out.unit = unit;
    out.hideLegend = hideLegend;
    out.hideTooltip = hideTooltip;
    return out;
}

namespace chartstyle {

std::vector<Layout> layouts(const std::vector<ChartSeries> &series, bool stackedStyle, int *groups)
{
    std::vector<QString> names;
    std::vector<Layout> out(series.size());
    for (std::size_t i = 0; i < series.size(); ++i) {
        const ChartSeries &s = series[i];
        Layout &l = out[i];
        const QString group = s.stackGroup.value_or(stackedStyle ? QStringLiteral("A") : QString());
        if (!group.isEmpty()) {
            auto it = std::find(names.begin(), names.end(), group);
            if (it == names.end())
                it = names.insert(names.end(), group);
            l.stack = int(it - names.begin());
        }
        // A series taken out of a stacked chart's stack is a line unless it asks for a fill:
        // an opaque area from 0 would hide the stack (Node Exporter's "RAM Total").
        if (s.fillOpacity)
            l.fillAlpha = (std::clamp(*s.fillOpacity, 0, 100) * 255 + 50) / 100;
        else
            l.fillAlpha = stackedStyle && l.stack >= 0 ? kStackAlpha : 0;
        // A filled band of a stack has no line of its own unless the series sets a width:
        // stroking it costs more than the fill, and the next band's edge shows it anyway.
        l.line = l.fillAlpha == 0 || (s.lineWidth ? *s.lineWidth > 0 : l.stack < 0);
        l.right = s.rightAxis;
    }
    *groups = int(names.size());
    return out;
}

QColor fillColor(const std::vector<ChartSeries> &series, std::size_t index, const Layout &layout)
{
    QColor fill = colorOf(series, index);
    fill.setAlpha(layout.fillAlpha);
    return fill;
}

} // namespace chartstyle

void TimeSeriesChart::createPieces(std::size_t index)
{
    const chartstyle::Layout &layout = d->layouts[index];
    if (layout.right && !d->rightAxis) {
        d->rightAxis = new QCategoryAxis;
        d->rightAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        d->rightAxis->setGridLineVisible(false); // the left axis' grid is the plot's
        d->chart->addAxis(d->rightAxis, Qt::AlignRight);
        applySeriesPalette();
    }
    if (layout.fillAlpha > 0)
        addAreaPiece(index);
    if (layout.line)
        addLinePiece(index);
}

void TimeSeriesChart::fillPieces(std::size_t i, qint64 from, qint64 to, int columns,
                                 const std::vector<std::vector<series::StackBand>> &stacks)
{
    const chartstyle::Layout &layout = d->layouts[i];
    Impl::Range &range = layout.right ? d->rightRange : d->leftRange;
    // One list of points per unbroken piece: its line (or band top), and its area's lower edge.
    std::vector<QList<QPointF>> upper;
    std::vector<QList<QPointF>> lower;
    const bool filled = layout.fillAlpha > 0;
    if (m_visible[i] && layout.stack >= 0) {
        for (const series::StackBand &band : stacks[std::size_t(layout.stack)]) {
            QList<QPointF> &top = upper.emplace_back();
            QList<QPointF> &below = lower.emplace_back();
            top.reserve(qsizetype(band.t.size()));
            below.reserve(qsizetype(band.t.size()));
            for (std::size_t c = 0; c < band.t.size(); ++c) {
                const double base = i == 0 ? 0.0 : band.tops[i - 1][c];
                top.append(QPointF(double(band.t[c]), band.tops[i][c]));
                below.append(QPointF(double(band.t[c]), base));
                range.add(band.tops[i][c]);
                range.add(std::min(0.0, band.tops[i][c]));
            }
        }
    } else if (m_visible[i]) {
        for (const auto &segment :
             series::lineSegments(m_series[i].samples, from, to, columns, m_stepMs)) {
            QList<QPointF> &line = upper.emplace_back();
            QList<QPointF> &base = lower.emplace_back();
            line.reserve(qsizetype(segment.size()));
            for (const series::Point &p : segment) {
                line.append(QPointF(double(p.tMs), p.v));
                range.add(p.v);
                if (filled)
                    base.append(QPointF(double(p.tMs), 0.0));
            }
            if (filled)
                range.add(0.0);
        }
    }

    int rendered = 0;
    if (layout.line) {
        while (d->lines[i].size() < upper.size())
            addLinePiece(i);
        std::size_t total = 0;
        for (const auto &points : upper)
            total += std::size_t(points.size());
        // A dense trace (more points than two per column) is drawn with a hairline pen
        // (see chartstyle::linePen()).
        d->dense[i] = total > std::size_t(columns) * 2;
        const QPen pen = chartstyle::linePen(m_series, i, d->dense[i]);
        for (std::size_t k = 0; k < d->lines[i].size(); ++k) {
            QLineSeries *line = d->lines[i][k];
            const QList<QPointF> points = k < upper.size() ? upper[k] : QList<QPointF>();
            rendered += int(points.size());
            // Also when a series at this place changed its own colour or dash.
            if (line->pen() != pen)
                line->setPen(pen);
            // A lone sample between two gaps is drawn as a dot: a line needs two points.
            line->setPointsVisible(points.size() == 1);
            // The legend labels a marker it creates later with the series' own name.
            line->setName(m_series[i].name);
            line->replace(points);
            line->setVisible(m_visible[i] || k == 0);
        }
    }
    if (filled) {
        while (d->areas[i].size() < upper.size())
            addAreaPiece(i);
        const QColor fill = chartstyle::fillColor(m_series, i, layout);
        for (std::size_t b = 0; b < d->areas[i].size(); ++b) {
            QAreaSeries *area = d->areas[i][b];
            const bool has = b < upper.size();
            rendered += has ? int(upper[b].size() + lower[b].size()) : 0;
            area->upperSeries()->replace(has ? upper[b] : QList<QPointF>());
            area->lowerSeries()->replace(has ? lower[b] : QList<QPointF>());
            if (area->brush().color() != fill)
                area->setBrush(fill);
            area->setName(m_series[i].name);
            area->setVisible(m_visible[i]);
        }
    }
    m_renderedPoints += rendered;
}

void TimeSeriesChart::rebuildRightAxis(double minValue, double maxValue)
{
    if (!d->rightAxis)
        return;
    const auto first = std::find_if(d->layouts.begin(), d->layouts.end(),
                                    [](const chartstyle::Layout &l) { return l.right; });
    d->rightAxis->setVisible(first != d->layouts.end());
    if (first == d->layouts.end())
        return;
    // Labelled in the unit of its first series (Grafana's second y axis has one unit).
    const ChartSeries &s = m_series[std::size_t(first - d->layouts.begin())];
    const QRectF plot = plotArea();
    const int ticks =
        plot.height() >= 1.0 ? valueaxis::maxTicks(plot.height(), d->rightAxis->labelsFont()) : 6;
    valueaxis::fill(d->rightAxis, minValue, maxValue, s.unit.value_or(m_unit), std::nullopt,
                    std::nullopt, ticks);
}

void TimeSeriesChart::applySeriesLegend()
{
    // updateLegendMarkers() shows the legend entry of each series' first piece of its kind;
    // a series with both an area and a line keeps only the area's, and a series hidden from the
    // legend none.
    QLegend *legend = d->chart->legend();
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const QAbstractSeries *owner = d->legendSeries(i);
        auto hideOthers = [&](const auto &pieces) {
            for (QAbstractSeries *piece : pieces) {
                if (piece == owner && !m_series[i].hideLegend)
                    continue;
                for (QLegendMarker *marker : legend->markers(piece))
                    marker->setVisible(false);
            }
        };
        if (i < d->lines.size())
            hideOthers(d->lines[i]);
        if (i < d->areas.size())
            hideOthers(d->areas[i]);
    }
}

void TimeSeriesChart::applySeriesPalette()
{
    // Setting a theme resets series colours: put ours back.
    for (std::size_t i = 0; i < d->areas.size() && i < d->layouts.size(); ++i) {
        const QColor fill = chartstyle::fillColor(m_series, i, d->layouts[i]);
        for (QAreaSeries *area : d->areas[i]) {
            area->setBrush(fill);
            area->setPen(Qt::NoPen);
        }
    }
    if (d->rightAxis) {
        const QColor text = palette().color(QPalette::Text);
        QColor grid = text;
        grid.setAlpha(40);
        d->rightAxis->setLabelsColor(text);
        d->rightAxis->setLinePenColor(grid);
    }
}

int TimeSeriesChart::drawnFillAlpha(int index) const
{
    if (index < 0 || std::size_t(index) >= d->areas.size())
        return 0;
    for (const QAreaSeries *area : d->areas[std::size_t(index)])
        if (area->isVisible() && area->upperSeries()->count() > 0)
            return area->brush().color().alpha();
    return 0;
}

QPen TimeSeriesChart::drawnLinePen(int index) const
{
    if (index < 0 || std::size_t(index) >= d->lines.size() || d->lines[std::size_t(index)].empty())
        return QPen(Qt::NoPen);
    return d->lines[std::size_t(index)].front()->pen();
}

bool TimeSeriesChart::drawnInLegend(int index) const
{
    if (index < 0 || index >= seriesCount())
        return false;
    const QAbstractSeries *owner = d->legendSeries(std::size_t(index));
    if (!owner)
        return false;
    const auto markers = d->chart->legend()->markers(const_cast<QAbstractSeries *>(owner));
    return std::any_of(markers.begin(), markers.end(),
                       [](const QLegendMarker *m) { return m->isVisible(); });
}

bool TimeSeriesChart::drawnOnRightAxis(int index) const
{
    if (index < 0 || index >= seriesCount() || !d->rightAxis)
        return false;
    QAbstractSeries *owner = d->legendSeries(std::size_t(index));
    return owner && owner->attachedAxes().contains(d->rightAxis);
}

} // namespace vitals

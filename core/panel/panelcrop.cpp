#include "core/panel/panelcrop.h"

#include <algorithm>

namespace vitals::panel {

namespace {

// The index range [first, last) of the times inside [fromMs, toMs]; `t` ascending.
std::pair<std::size_t, std::size_t> window(const std::vector<qint64> &t, qint64 fromMs, qint64 toMs)
{
    const auto first = std::lower_bound(t.begin(), t.end(), fromMs);
    const auto last = std::upper_bound(first, t.end(), toMs);
    return {std::size_t(first - t.begin()), std::size_t(last - t.begin())};
}

} // namespace

PanelData cropToRange(const PanelData &data, qint64 fromMs, qint64 toMs)
{
    PanelData d;
    d.panelId = data.panelId;
    d.type = data.type;
    d.fromMs = std::clamp(fromMs, data.fromMs, data.toMs);
    d.toMs = std::clamp(toMs, data.fromMs, data.toMs);
    if (d.toMs <= d.fromMs) {
        d.fromMs = data.fromMs;
        d.toMs = data.toMs;
    }
    d.stepMs = data.stepMs;
    d.unit = data.unit;
    d.thresholds = data.thresholds;
    d.mappings = data.mappings;
    for (const PanelSeries &s : data.series) {
        PanelSeries c;
        c.name = s.name;
        c.refId = s.refId;
        c.query = s.query;
        c.color = s.color;
        c.style = s.style;
        c.instant = s.instant;
        c.samples = series::Series(s.samples.labels());
        const auto [first, last] = window(s.samples.timestampsMs(), d.fromMs, d.toMs);
        c.samples.reserve(last - first);
        for (std::size_t i = first; i < last; ++i)
            c.samples.append(s.samples.timestampAt(i), s.samples.value(i));
        d.series.push_back(std::move(c));
    }
    d.heatmapColors = data.heatmapColors;
    if (!data.heatmap.t.empty()) {
        const auto [first, last] = window(data.heatmap.t, d.fromMs, d.toMs);
        const auto from = std::ptrdiff_t(first), to = std::ptrdiff_t(last);
        d.heatmap.upperBounds = data.heatmap.upperBounds;
        d.heatmap.firstLowerBound = data.heatmap.firstLowerBound;
        d.heatmap.lowerInclusive = data.heatmap.lowerInclusive;
        d.heatmap.t.assign(data.heatmap.t.begin() + from, data.heatmap.t.begin() + to);
        for (const auto &row : data.heatmap.counts)
            d.heatmap.counts.emplace_back(row.begin() + from, row.begin() + to);
    }
    d.table = data.table;
    d.external = data.external;
    d.values = data.values;
    d.expressions = data.expressions;
    d.error = data.error;
    d.errorExpr = data.errorExpr;
    d.empty = data.empty;
    d.refIds = data.refIds;
    return d;
}

} // namespace vitals::panel

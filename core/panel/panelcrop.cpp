#include "core/panel/panelcrop.h"

#include <algorithm>

namespace vitals::panel {

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
        c.instant = s.instant;
        c.samples = series::Series(s.samples.labels());
        const auto &t = s.samples.timestampsMs();
        const auto first = std::lower_bound(t.begin(), t.end(), d.fromMs);
        const auto last = std::upper_bound(t.begin(), t.end(), d.toMs);
        if (first < last) {
            c.samples.reserve(std::size_t(last - first));
            for (auto it = first; it != last; ++it)
                c.samples.append(*it, s.samples.value(std::size_t(it - t.begin())));
        }
        d.series.push_back(std::move(c));
    }
    d.heatmapColors = data.heatmapColors;
    if (!data.heatmap.t.empty()) {
        const auto &t = data.heatmap.t;
        const auto first = std::lower_bound(t.begin(), t.end(), d.fromMs);
        const auto last = std::upper_bound(t.begin(), t.end(), d.toMs);
        d.heatmap.upperBounds = data.heatmap.upperBounds;
        d.heatmap.t.assign(first, last);
        for (const auto &row : data.heatmap.counts)
            d.heatmap.counts.emplace_back(row.begin() + (first - t.begin()),
                                          row.begin() + (last - t.begin()));
    }
    d.table = data.table;
    d.values = data.values;
    d.expressions = data.expressions;
    d.error = data.error;
    d.errorExpr = data.errorExpr;
    d.empty = data.empty;
    d.refIds = data.refIds;
    return d;
}

} // namespace vitals::panel

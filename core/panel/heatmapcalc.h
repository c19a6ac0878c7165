#pragma once

#include "core/dashboard/dashboard.h"
#include "core/series/heatmapbuckets.h"
#include "core/series/series.h"

#include <QString>

#include <vector>

// Grafana's heatmap "calculate from data": the values of every series of a panel, pooled, cut
// into buckets of time (columns) and value (rows) and counted, as Grafana's heatmap transformer
// does (public/app/features/transformers/calculateHeatmap/heatmap.ts, `heatmap()`). The result
// is the same HeatmapBuckets the `le` path fills, so the heatmap view, its tooltip, the report,
// CSV export and snapshots read it unchanged. Pure functions, any thread.
namespace vitals::panel {

// Grafana's "nice" bucket sizes: for values, 1, 1.5, 2, … 9.5 times every power of ten from
// 1e-16 to 1e-1, then the whole ones of 1 … 9.5e15 (calculateHeatmap/utils.ts niceLinearIncrs);
// for time, 1 ms … 10 years in ms (niceTimeIncrs). Ascending.
const std::vector<double> &niceLinearSizes();
const std::vector<double> &niceTimeSizes();

// The bucket size Grafana's "count" mode picks to cut [min, max] into about `count` buckets:
// the largest nice size not above (max - min) / max(count - 1, 1); the smallest nice size when
// even that is larger (Grafana's own fallback).
double niceBucketSize(double min, double max, int count, const std::vector<double> &sizes);

// The heatmap of `series` over [fromMs, toMs] (the panel's span, Unix ms) cut as `calc` says:
//  - columns: `calc.x` ("count" of columns, default 20, or "size": a duration "1m" or ms),
//    aligned to multiples of the column width since the epoch, from the one holding fromMs to
//    the one holding toMs; `t` is each column's end (the heatmap view draws a cell up to t);
//  - rows: linear (`calc.y` "count", default 10, or "size" in the values' unit), aligned to
//    multiples of the row height, from the one holding the smallest value to the one holding
//    the largest; or logarithmic (`calc.y.logBase` 2 or 10, `value` = rows per power, default
//    1), where values <= 0 are left out as Grafana does;
//  - each value counted once in the row and column it rounds down to, so buckets are
//    [lower, upper) (`lowerInclusive`); every cell holds a count, 0 when empty.
// NaN and ±Inf values are left out (Grafana does not handle them). Returns false and sets
// `error` when there is no value to count, a size is not a positive number (or duration), or
// the buckets would exceed kMaxHeatmapCells. O(values + cells).
inline constexpr std::size_t kMaxHeatmapCells = 1'000'000;
bool calculateHeatmap(const series::SeriesList &series, const dashboard::HeatmapCalculation &calc,
                      qint64 fromMs, qint64 toMs, series::HeatmapBuckets &out, QString &error);

} // namespace vitals::panel

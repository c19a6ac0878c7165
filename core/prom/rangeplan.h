#pragma once

#include "core/prom/results.h"

namespace vitals::prom {

// Prometheus refuses range queries of more than 11,000 points per series.
inline constexpr qint64 kMaxPointsPerSeries = 11000;

// Builds the range query a chart `plotWidthPx` pixels wide needs for [startMs, endMs]:
//
//   step  = max(scrapeIntervalMs, (end − start) / plotWidthPx), rounded up to whole
//           milliseconds below 1 s and to whole seconds from 1 s on, then grown if the range
//           would need more than maxPoints points;
//   start = start rounded down to a multiple of step, end = end rounded down to a multiple of
//           step (so successive refreshes ask for the same grid and Prometheus, which evaluates
//           at start + k·step, agrees with VictoriaMetrics, which aligns to the step).
//
// A zero or negative plot width or scrape interval is ignored; endMs < startMs is swapped.
// The result has at most maxPoints points per series: (end − start) / step + 1 ≤ maxPoints.
RangeQuery planRange(const QString &expr, qint64 startMs, qint64 endMs, int plotWidthPx,
                     qint64 scrapeIntervalMs, qint64 maxPoints = kMaxPointsPerSeries);

// Number of points per series the query asks for.
qint64 pointCount(const RangeQuery &query);

} // namespace vitals::prom

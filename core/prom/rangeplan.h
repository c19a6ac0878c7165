#pragma once

#include "core/prom/results.h"

namespace vitals::prom {

// Prometheus refuses range queries of more than 11,000 points per series.
inline constexpr qint64 kMaxPointsPerSeries = 11000;

// The one range plan of the console: what a chart `widthPx` pixels wide over [fromMs, toMs]
// asks for, used by dashboard panels, alert spans, drift, Explore, the command line and
// $__interval.
//
//   step  = max(scrapeIntervalMs, (to − from) / widthPx), rounded up to whole milliseconds
//           below 1 s and to whole seconds from 1 s on, then grown if the range would need more
//           than maxPoints points;
//   start = from rounded down to a multiple of step, end = to rounded down to a multiple of
//           step (so successive refreshes ask for the same grid and Prometheus, which evaluates
//           at start + k·step, agrees with VictoriaMetrics, which aligns to the step).
//
// A zero or negative width or scrape interval is ignored; to < from is swapped. The plan has
// at most maxPoints points per series: (end − start) / step + 1 ≤ maxPoints. Plain value, any
// thread; all times and durations in ms.
class RangePlan
{
public:
    RangePlan(qint64 fromMs, qint64 toMs, int widthPx, qint64 scrapeIntervalMs,
              qint64 maxPoints = kMaxPointsPerSeries);

    qint64 startMs() const { return m_startMs; }
    qint64 endMs() const { return m_endMs; }
    qint64 stepMs() const { return m_stepMs; }
    // The range query that evaluates `expr` on this plan's grid.
    RangeQuery query(const QString &expr) const;

private:
    qint64 m_startMs = 0;
    qint64 m_endMs = 0;
    qint64 m_stepMs = 1;
};

// RangePlan(startMs, endMs, plotWidthPx, scrapeIntervalMs, maxPoints).query(expr).
RangeQuery planRange(const QString &expr, qint64 startMs, qint64 endMs, int plotWidthPx,
                     qint64 scrapeIntervalMs, qint64 maxPoints = kMaxPointsPerSeries);

// Number of points per series the query asks for.
qint64 pointCount(const RangeQuery &query);

} // namespace vitals::prom

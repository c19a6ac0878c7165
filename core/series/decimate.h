#pragma once

#include "core/series/series.h"

#include <QtGlobal>

#include <vector>

namespace vitals::series {

// A sample handed to a chart: time in milliseconds since the epoch, value as stored.
struct Point {
    qint64 tMs;
    double v;
    friend bool operator==(const Point &, const Point &) = default;
};

// Reduces the samples of `s` in [t0Ms, t1Ms] to what `columns` pixel columns can show.
//
// The time range is cut into `columns` equal columns; for each column that has samples the
// result holds its first, smallest, largest and last sample, in time order and without
// duplicates (so at most 4 points per column). Every extreme of the range survives, the line
// keeps its shape at the column edges, and a range with fewer samples than columns comes back
// unchanged. NaN samples are skipped and infinities are kept and count as extremes: this is the
// column reduction alone; what a chart draws, cut at holes, is lineSegments(). Returns an empty
// vector when columns <= 0 or t1Ms < t0Ms. O(samples in range); pure function, thread-safe.
std::vector<Point> decimate(const Series &s, qint64 t0Ms, qint64 t1Ms, int columns);

// One unbroken run of points: a chart draws a line through them and nothing between two runs.
using Segment = std::vector<Point>;

// The smallest time between two consecutive samples of `s` in [t0Ms, t1Ms]: the step of a
// range query's result, whose samples all lie on its step grid. 0 with fewer than two samples.
// O(samples in range).
qint64 smallestIntervalMs(const Series &s, qint64 t0Ms, qint64 t1Ms);

// The longest time between two samples that a line still joins, for samples `stepMs` apart: one
// and a half steps, so one missing step (a restart, a failed scrape, a stale series) is a gap
// while the jitter of a scrape loop is not. 0 when stepMs <= 0 (nothing is joined by time).
qint64 maxJoinedIntervalMs(qint64 stepMs);

// What a chart draws for `s` over [t0Ms, t1Ms] at `columns` pixel columns: the series is cut into
// runs at every NaN or infinite sample (a chart can plot neither; Prometheus' NaN marks a hole)
// and wherever two samples are more than maxJoinedIntervalMs(stepMs) apart (stepMs <= 0: the
// smallest interval of the range, see smallestIntervalMs()); each run is then reduced as
// decimate() does, on the same columns, to its first, smallest, largest and last point per
// column in time order. A run of one sample is a segment of one point (a chart draws a dot).
// The result is exactly what is drawn: a chart converts the points and adds nothing, drops
// nothing. Empty when columns <= 0, t1Ms < t0Ms or nothing finite lies in range.
// O(samples in range); pure function, thread-safe.
std::vector<Segment> lineSegments(const Series &s, qint64 t0Ms, qint64 t1Ms, int columns,
                                  qint64 stepMs = 0);

} // namespace vitals::series

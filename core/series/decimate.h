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
// unchanged. NaN samples are dropped (a chart shows them as gaps anyway); infinities are kept
// and count as extremes. Returns an empty vector when columns <= 0 or t1Ms < t0Ms.
// O(samples in range); pure function, thread-safe.
std::vector<Point> decimate(const Series &s, qint64 t0Ms, qint64 t1Ms, int columns);

} // namespace vitals::series

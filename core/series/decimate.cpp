#include "core/series/decimate.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace vitals::series {

std::vector<Point> decimate(const Series &s, qint64 t0Ms, qint64 t1Ms, int columns)
{
    std::vector<Point> out;
    if (columns <= 0 || t1Ms < t0Ms || s.isEmpty())
        return out;

    const auto &t = s.timestampsMs();
    const auto &v = s.values();
    auto begin = std::size_t(std::lower_bound(t.begin(), t.end(), t0Ms) - t.begin());
    auto end = std::size_t(std::upper_bound(t.begin(), t.end(), t1Ms) - t.begin());
    if (begin >= end)
        return out;

    out.reserve(std::min<std::size_t>(end - begin, std::size_t(columns) * 4));
    // Integer column arithmetic so that a sample's column and the column's start agree exactly;
    // span + 1 puts t1 in the last column. Capping columns keeps the products inside 64 bits
    // for any range up to centuries.
    columns = std::min(columns, 100000);
    const qint64 span = t1Ms - t0Ms + 1;

    std::size_t i = begin;
    while (i < end) {
        if (std::isnan(v[i])) {
            ++i;
            continue;
        }
        const qint64 column = ((t[i] - t0Ms) * columns) / span;
        // First sample time of the next column: smallest t with (t - t0) * columns / span > column.
        const qint64 nextStart = t0Ms + ((column + 1) * span + columns - 1) / columns;
        std::size_t first = i, last = i, lo = i, hi = i;
        for (++i; i < end && t[i] < nextStart; ++i) {
            if (std::isnan(v[i]))
                continue;
            last = i;
            if (v[i] < v[lo])
                lo = i;
            if (v[i] > v[hi])
                hi = i;
        }
        std::array<std::size_t, 4> picks{first, lo, hi, last};
        std::sort(picks.begin(), picks.end());
        std::size_t previous = std::size_t(-1);
        for (std::size_t p : picks) {
            if (p != previous)
                out.push_back({t[p], v[p]});
            previous = p;
        }
    }
    return out;
}

} // namespace vitals::series

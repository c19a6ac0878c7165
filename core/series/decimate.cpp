#include "core/series/decimate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace vitals::series {

namespace {

// First index in [from, end) whose time is >= `limit`, searching outward from `from`: a column
// holds few samples compared with the range, so galloping touches a handful of cache lines of
// the time array instead of streaming all of it.
std::size_t columnEnd(const qint64 *t, std::size_t from, std::size_t end, qint64 limit)
{
    std::size_t lo = from; // t[lo] < limit
    std::size_t step = 1;
    std::size_t hi = from + step;
    while (hi < end && t[hi] < limit) {
        lo = hi;
        step *= 2;
        hi = from + step;
    }
    hi = std::min(hi, end);
    return std::size_t(std::lower_bound(t + lo + 1, t + hi, limit) - t);
}

// Smallest and largest value of v[begin, end), NaNs ignored (a NaN loses every comparison).
// Four independent accumulators keep the loop free of a serial dependency and let the compiler
// use packed min/max instructions.
std::pair<double, double> valueRange(const double *v, std::size_t begin, std::size_t end)
{
    constexpr double inf = std::numeric_limits<double>::infinity();
    double lo[4] = {inf, inf, inf, inf};
    double hi[4] = {-inf, -inf, -inf, -inf};
    std::size_t i = begin;
    for (; i + 4 <= end; i += 4) {
        for (int k = 0; k < 4; ++k) {
            const double x = v[i + std::size_t(k)];
            lo[k] = x < lo[k] ? x : lo[k];
            hi[k] = x > hi[k] ? x : hi[k];
        }
    }
    for (; i < end; ++i) {
        lo[0] = v[i] < lo[0] ? v[i] : lo[0];
        hi[0] = v[i] > hi[0] ? v[i] : hi[0];
    }
    return {std::min({lo[0], lo[1], lo[2], lo[3]}), std::max({hi[0], hi[1], hi[2], hi[3]})};
}

// Appends the reduction of samples [begin, end) (NaN samples skipped) on the column grid of
// `columns` equal columns from t0Ms over `span` ms to `out`.
void appendColumns(const qint64 *t, const double *v, std::size_t begin, std::size_t end,
                   qint64 t0Ms, qint64 span, int columns, std::vector<Point> &out)
{
    // Column by column: only the values are read in full; times are searched, not scanned.
    std::size_t i = begin;
    while (i < end) {
        if (std::isnan(v[i])) {
            ++i;
            continue;
        }
        const qint64 column = ((t[i] - t0Ms) * columns) / span;
        // First sample time of the next column: smallest t with (t - t0) * columns / span > column.
        const qint64 nextStart = t0Ms + ((column + 1) * span + columns - 1) / columns;
        const std::size_t first = i;
        const std::size_t stop = columnEnd(t, i, end, nextStart);
        std::size_t last = stop - 1;
        while (std::isnan(v[last]))
            --last; // stops at `first` at the latest, which is not NaN
        std::size_t lo = first, hi = first;
        if (last > first) {
            const auto [minValue, maxValue] = valueRange(v, first, last + 1);
            // The earliest sample at each extreme, as a strict running comparison would pick.
            // Within one column these reads hit the cache the range scan just filled.
            bool needLo = true, needHi = true;
            for (std::size_t j = first; needLo || needHi; ++j) {
                if (needLo && v[j] == minValue) {
                    lo = j;
                    needLo = false;
                }
                if (needHi && v[j] == maxValue) {
                    hi = j;
                    needHi = false;
                }
            }
        }
        std::array<std::size_t, 4> picks{first, lo, hi, last};
        std::sort(picks.begin(), picks.end());
        std::size_t previous = std::size_t(-1);
        for (std::size_t p : picks) {
            if (p != previous)
                out.push_back({t[p], v[p]});
            previous = p;
        }
        i = stop;
    }
}

// The sample index range [first, second) of `s` within [t0Ms, t1Ms].
std::pair<std::size_t, std::size_t> indexRange(const Series &s, qint64 t0Ms, qint64 t1Ms)
{
    const qint64 *t = s.timestampsMs().data();
    const qint64 *tEnd = t + s.size();
    const auto begin = std::size_t(std::lower_bound(t, tEnd, t0Ms) - t);
    const auto end = std::size_t(std::upper_bound(t + begin, tEnd, t1Ms) - t);
    return {begin, std::max(begin, end)};
}

} // namespace

std::vector<Point> decimate(const Series &s, qint64 t0Ms, qint64 t1Ms, int columns)
{
    std::vector<Point> out;
    if (columns <= 0 || t1Ms < t0Ms || s.isEmpty())
        return out;
    const auto [begin, end] = indexRange(s, t0Ms, t1Ms);
    if (begin >= end)
        return out;
    out.reserve(std::min<std::size_t>(end - begin, std::size_t(columns) * 4));
    // Integer column arithmetic so that a sample's column and the column's start agree exactly;
    // span + 1 puts t1 in the last column. Capping columns keeps the products inside 64 bits
    // for any range up to centuries.
    columns = std::min(columns, 100000);
    appendColumns(s.timestampsMs().data(), s.values().data(), begin, end, t0Ms, t1Ms - t0Ms + 1,
                  columns, out);
    return out;
}

qint64 smallestIntervalMs(const Series &s, qint64 t0Ms, qint64 t1Ms)
{
    if (t1Ms < t0Ms)
        return 0;
    const auto [begin, end] = indexRange(s, t0Ms, t1Ms);
    const qint64 *t = s.timestampsMs().data();
    qint64 smallest = 0;
    for (std::size_t i = begin + 1; i < end; ++i) {
        const qint64 d = t[i] - t[i - 1];
        smallest = smallest == 0 || d < smallest ? d : smallest;
    }
    return smallest;
}

qint64 maxJoinedIntervalMs(qint64 stepMs)
{
    return stepMs > 0 ? stepMs + stepMs / 2 : 0;
}

std::vector<Segment> lineSegments(const Series &s, qint64 t0Ms, qint64 t1Ms, int columns,
                                  qint64 stepMs)
{
    std::vector<Segment> out;
    if (columns <= 0 || t1Ms < t0Ms || s.isEmpty())
        return out;
    const auto [begin, end] = indexRange(s, t0Ms, t1Ms);
    if (begin >= end)
        return out;
    if (stepMs <= 0)
        stepMs = smallestIntervalMs(s, t0Ms, t1Ms);
    const qint64 maxJoined = maxJoinedIntervalMs(stepMs);
    columns = std::min(columns, 100000);
    const qint64 span = t1Ms - t0Ms + 1;
    const qint64 *t = s.timestampsMs().data();
    const double *v = s.values().data();
    // Runs of finite samples no more than maxJoined apart, each reduced on the shared columns.
    std::size_t i = begin;
    while (i < end) {
        if (!std::isfinite(v[i])) {
            ++i;
            continue;
        }
        std::size_t stop = i + 1;
        while (stop < end && std::isfinite(v[stop]) && t[stop] - t[stop - 1] <= maxJoined)
            ++stop;
        Segment segment;
        appendColumns(t, v, i, stop, t0Ms, span, columns, segment);
        out.push_back(std::move(segment));
        i = stop;
    }
    return out;
}

} // namespace vitals::series

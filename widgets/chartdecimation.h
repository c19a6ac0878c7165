#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

// Reduction of a time series to what a chart of a given width can show, and sample look-ups
// by time. Plain functions over sorted time arrays (Unix ms); thread-safe.
namespace vitals {

// Index of the sample nearest to `t`, if it lies within one sample interval of `t` (the gap to
// its neighbour); nullopt for an empty series or a time far from every sample.
std::optional<std::size_t> nearestSample(const std::vector<qint64> &times, qint64 t);

// Index of the sample at exactly `t`; nullopt when there is none.
std::optional<std::size_t> exactSample(const std::vector<qint64> &times, qint64 t);

// The times of `times` within [from, to], thinned to at most about `columns` (the last time of
// each pixel column). For stacked charts, where every series is sampled at the same times.
std::vector<qint64> sampleColumns(const std::vector<qint64> &times, qint64 from, qint64 to,
                                  int columns);

// Min/max decimation: splits [from, to] into `columns` pixel columns and emits, in time order,
// the first, minimum, maximum and last sample of each column (each at most once), so peaks and
// dips survive at any zoom. One sample on either side of the span is kept so lines reach the
// edges. NaN samples are skipped. `emit(t, v)` is called for each kept point.
template <typename Emit>
void decimateMinMax(const std::vector<qint64> &t, const std::vector<double> &v, qint64 from,
                    qint64 to, int columns, Emit &&emit)
{
    const std::size_t n = std::min(t.size(), v.size());
    if (n == 0 || to <= from || columns <= 0)
        return;
    auto begin = std::lower_bound(t.begin(), t.begin() + std::ptrdiff_t(n), from);
    auto end = std::upper_bound(begin, t.begin() + std::ptrdiff_t(n), to);
    std::size_t i = std::size_t(begin - t.begin());
    std::size_t last = std::size_t(end - t.begin());
    if (i > 0)
        --i;
    if (last < n)
        ++last;
    // Few enough points: keep them all.
    if (last - i <= std::size_t(columns) * 4) {
        for (; i < last; ++i)
            if (!std::isnan(v[i]))
                emit(t[i], v[i]);
        return;
    }
    const double width = double(to - from) / double(columns);
    while (i < last) {
        const double c = std::floor(double(t[i] - from) / width);
        std::size_t first = n, lo = n, hi = n, end_ = n;
        for (; i < last && std::floor(double(t[i] - from) / width) == c; ++i) {
            if (std::isnan(v[i]))
                continue;
            if (first == n)
                first = i;
            if (lo == n || v[i] < v[lo])
                lo = i;
            if (hi == n || v[i] > v[hi])
                hi = i;
            end_ = i;
        }
        if (first == n)
            continue;
        std::size_t keep[4] = {first, lo, hi, end_};
        std::sort(std::begin(keep), std::end(keep));
        for (int k = 0; k < 4; ++k)
            if (k == 0 || keep[k] != keep[k - 1])
                emit(t[keep[k]], v[keep[k]]);
    }
}

} // namespace vitals

#include "core/series/stack.h"

#include "core/series/decimate.h"

#include <algorithm>
#include <cmath>

namespace vitals::series {

namespace {

// The times in [t0Ms, t1Ms] at which at least one series has a finite value, sorted, unique.
std::vector<qint64> unionOfTimes(const std::vector<const Series *> &series, qint64 t0Ms,
                                 qint64 t1Ms)
{
    std::vector<qint64> times;
    for (const Series *s : series) {
        if (!s)
            continue;
        const auto &t = s->timestampsMs();
        const auto begin = std::lower_bound(t.begin(), t.end(), t0Ms);
        const auto end = std::upper_bound(begin, t.end(), t1Ms);
        for (auto it = begin; it != end; ++it)
            if (std::isfinite(s->value(std::size_t(it - t.begin()))))
                times.push_back(*it);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    return times;
}

} // namespace

std::vector<StackBand> stack(const std::vector<const Series *> &series, qint64 t0Ms, qint64 t1Ms,
                             int columns, qint64 stepMs)
{
    std::vector<StackBand> out;
    if (columns <= 0 || t1Ms < t0Ms)
        return out;
    const std::vector<qint64> times = unionOfTimes(series, t0Ms, t1Ms);
    if (times.empty())
        return out;
    if (stepMs <= 0) {
        for (std::size_t i = 1; i < times.size(); ++i)
            stepMs =
                stepMs == 0 ? times[i] - times[i - 1] : std::min(stepMs, times[i] - times[i - 1]);
    }
    const qint64 maxJoined = maxJoinedIntervalMs(stepMs);
    columns = std::min(columns, 100000);
    const qint64 span = t1Ms - t0Ms + 1;
    auto columnOf = [&](qint64 t) { return (t - t0Ms) * columns / span; };

    // One cursor per series: every series is walked once, in time order.
    std::vector<std::size_t> cursor(series.size(), 0);
    for (std::size_t k = 0; k < series.size(); ++k)
        if (series[k])
            cursor[k] = std::size_t(std::lower_bound(series[k]->timestampsMs().begin(),
                                                     series[k]->timestampsMs().end(), t0Ms)
                                    - series[k]->timestampsMs().begin());
    auto valueAt = [&](std::size_t k, qint64 t) {
        const Series *s = series[k];
        if (!s)
            return 0.0;
        std::size_t &i = cursor[k];
        while (i < s->size() && s->timestampAt(i) < t)
            ++i;
        if (i >= s->size() || s->timestampAt(i) != t)
            return 0.0;
        const double v = s->value(i);
        return std::isfinite(v) ? v : 0.0;
    };

    for (std::size_t i = 0; i < times.size(); ++i) {
        const bool newBand = i == 0 || times[i] - times[i - 1] > maxJoined;
        if (newBand)
            out.push_back({{}, std::vector<std::vector<double>>(series.size())});
        const bool lastOfColumn = i + 1 == times.size() || times[i + 1] - times[i] > maxJoined
                                  || columnOf(times[i + 1]) != columnOf(times[i]);
        // The first time of a band is kept too, so a band starts where its data starts.
        if (!lastOfColumn && !newBand)
            continue;
        StackBand &band = out.back();
        band.t.push_back(times[i]);
        double top = 0.0;
        for (std::size_t k = 0; k < series.size(); ++k) {
            top += valueAt(k, times[i]);
            band.tops[k].push_back(top);
        }
    }
    return out;
}

} // namespace vitals::series

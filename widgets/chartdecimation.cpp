#include "widgets/chartdecimation.h"

namespace vitals {

std::optional<std::size_t> nearestSample(const std::vector<qint64> &times, qint64 t)
{
    if (times.empty())
        return std::nullopt;
    const auto it = std::lower_bound(times.begin(), times.end(), t);
    std::size_t best;
    if (it == times.end())
        best = times.size() - 1;
    else if (it == times.begin())
        best = 0;
    else {
        const std::size_t after = std::size_t(it - times.begin());
        best = (t - times[after - 1] <= times[after] - t) ? after - 1 : after;
    }
    // Tolerance: the local sample interval, so hovering far beyond the data shows nothing.
    qint64 interval = 0;
    if (times.size() > 1) {
        const std::size_t j = best + 1 < times.size() ? best : best - 1;
        interval = times[j + 1] - times[j];
    }
    if (std::llabs(times[best] - t) > std::max<qint64>(interval, 1000))
        return std::nullopt;
    return best;
}

std::optional<std::size_t> exactSample(const std::vector<qint64> &times, qint64 t)
{
    const auto it = std::lower_bound(times.begin(), times.end(), t);
    if (it == times.end() || *it != t)
        return std::nullopt;
    return std::size_t(it - times.begin());
}

std::vector<qint64> sampleColumns(const std::vector<qint64> &times, qint64 from, qint64 to,
                                  int columns)
{
    std::vector<qint64> out;
    if (times.empty() || to <= from || columns <= 0)
        return out;
    const auto begin = std::lower_bound(times.begin(), times.end(), from);
    const auto end = std::upper_bound(begin, times.end(), to);
    const std::size_t count = std::size_t(end - begin);
    if (count <= std::size_t(columns) * 2)
        return std::vector<qint64>(begin, end);
    const double width = double(to - from) / double(columns);
    out.reserve(std::size_t(columns) + 1);
    for (auto it = begin; it != end; ++it) {
        const auto next = it + 1;
        if (next == end || std::floor(double(*next - from) / width) != std::floor(double(*it - from) / width))
            out.push_back(*it);
    }
    return out;
}

} // namespace vitals

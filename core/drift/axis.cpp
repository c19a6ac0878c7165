#include "core/drift/axis.h"

#include <algorithm>
#include <cmath>

namespace vitals::drift {

AxisScale driftAxis(const std::vector<std::vector<double>> &series, const Thresholds &thresholds)
{
    std::vector<double> all;
    double latest = 0;
    for (const auto &values : series) {
        for (double v : values)
            if (std::isfinite(v))
                all.push_back(v);
        const auto last =
            std::find_if(values.rbegin(), values.rend(), [](double v) { return std::isfinite(v); });
        if (last != values.rend())
            latest = std::max(latest, *last);
    }
    AxisScale scale;
    const double floor = 1.2 * thresholds.red;
    if (all.empty()) {
        scale.max = floor;
        return scale;
    }
    scale.largest = *std::max_element(all.begin(), all.end());
    const std::size_t rank =
        std::min(all.size() - 1, std::size_t(std::ceil(0.95 * double(all.size()))) - 1);
    std::nth_element(all.begin(), all.begin() + std::ptrdiff_t(rank), all.end());
    const double p95 = all[rank];
    scale.max = std::max({1.2 * p95, floor, 1.1 * latest});
    if (scale.largest > floor)
        scale.max = std::min(scale.max, scale.largest);
    for (double v : all)
        if (v > scale.max)
            ++scale.beyond;
    return scale;
}

} // namespace vitals::drift

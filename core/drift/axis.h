#pragma once

#include "core/drift/statistics.h"

#include <cstddef>
#include <vector>

// The value axis of a drift statistic's timeline. A fresh server's PSI spikes while its window
// holds only a few predictions (values of 5 or more against thresholds of 0.1 and 0.25), and an
// axis scaled to that spike flattens everything that matters into the bottom pixels. Plain C++,
// thread-safe.
namespace vitals::drift {

struct AxisScale {
    double max = 0;         // the axis's top
    std::size_t beyond = 0; // finite values above it (drawn cut off at the top)
    double largest = 0;     // the largest finite value (0 when there is none)
};

// The top of the axis for `series` (each a time-ordered list of values; NaN = no value): the
// 95th percentile of all finite values with a fifth more room, raised so that the red threshold
// and every series' latest value stay in view (the thresholds and the present always matter),
// and never above the largest value itself (no clipping when nothing spikes). Without finite
// values: 1.2 × red.
AxisScale driftAxis(const std::vector<std::vector<double>> &series, const Thresholds &thresholds);

} // namespace vitals::drift

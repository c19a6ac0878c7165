#pragma once

#include "core/units.h"

#include <QStringList>

#include <optional>
#include <vector>

// Ticks and labels of a chart's value axis, chosen from the data, the unit and how many labels
// the space holds (the caller measures that with its font). Pure functions, any thread.
namespace vitals::axisticks {

// The smallest of 1, 2, 2.5, 5 × 10^n that is >= `rough` (uPlot's and so Grafana's decimal
// increments); 1 for a rough step that is not a positive number.
double niceStep(double rough);

// The step of a value axis over a span of `span` in `unit` with room for `maxTicks` ticks:
// the smallest nice step giving at most maxTicks ticks. Bytes step by nice multiples of 1024^n
// (4 MiB, not 4.19 MB) and never by less than 1 B; durations of 30 s and more step by 30 s, 1,
// 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h or whole days, as a clock does.
double valueStep(double span, units::Unit unit, int maxTicks);

struct ValueTicks {
    double min = 0; // axis range
    double max = 1;
    double step = 1;
    std::vector<double> values; // ticks from min up to max, `step` apart
    QStringList labels;         // one per value, see valueLabels()
};

// The ticks of a value axis for data in [lo, hi] (NaN/infinite: no data, shown as 0 to 1 of the
// unit's smallest step) with at most `maxTicks` (>= 2) ticks. Unless fixed by `minBound` or
// `maxBound`, the axis starts at 0 for non-negative data and is rounded out to whole steps;
// percent data within 0–100 % ends at 100 %.
ValueTicks valueTicks(double lo, double hi, units::Unit unit, int maxTicks,
                      std::optional<double> minBound = std::nullopt,
                      std::optional<double> maxBound = std::nullopt);

// Labels for tick values in `unit` (units::format(), with its scaling: "1.5 GiB", "250 ms"):
// each with the fewest significant digits that show it exactly, at most three ("4.17 min" for
// 250 s), and one more at a time for all of them while two neighbours would read the same.
// Plain numbers (Unit::None) all below 0.01 take an SI prefix: "200µ", "400µ", as "10G" does for
// the large ones.
QStringList valueLabels(const std::vector<double> &values, units::Unit unit);

} // namespace vitals::axisticks

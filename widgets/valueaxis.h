#pragma once

#include "core/units.h"

#include <optional>

class QCategoryAxis;

// Value axes with labels in the panel's unit ("250 ms", "1.5 MiB"), shared by the charts of
// widgets/. Internal to the widgets layer.
namespace vitals::valueaxis {

// 1, 2, 2.5, 5 × 10^n: tick steps that read well.
double niceStep(double rough);

// Sets `axis` to ticks covering [lo, hi] labelled in `unit`. Unless fixed by `minBound` or
// `maxBound`, the range starts at 0 for non-negative data and is rounded out to whole ticks.
void fill(QCategoryAxis *axis, double lo, double hi, units::Unit unit,
          std::optional<double> minBound = std::nullopt,
          std::optional<double> maxBound = std::nullopt);

} // namespace vitals::valueaxis

#pragma once

#include "core/units.h"

#include <QFont>

#include <QStringList>

#include <optional>
#include <vector>

class QCategoryAxis;

// Value axes with labels in the panel's unit ("250 ms", "1.5 GiB"), shared by the charts of
// widgets/. Internal to the widgets layer. Ticks and labels come from core (axisticks::).
namespace vitals::valueaxis {

// How many tick labels of `font` a vertical Qt Charts category axis `heightPx` tall shows
// without eliding any: Qt Charts gives each of its n + 1 intervals the height
// heightPx / (n + 1) less twice its 4 px label padding, and elides a label taller than that.
// No more than one per 40 px either, and at least 2.
int maxTicks(double heightPx, const QFont &font);

// Sets `axis` to at most `maxTicks` ticks covering [lo, hi] labelled in `unit`, one label on
// each tick including the lowest (see axisticks::valueTicks()).
void fill(QCategoryAxis *axis, double lo, double hi, units::Unit unit,
          std::optional<double> minBound = std::nullopt,
          std::optional<double> maxBound = std::nullopt, int maxTicks = 6);

// Makes `axis`' categories start at `start` and end at `ends`, labelled `labels` (same size),
// keeping the categories it already has when they are the same (so a refresh with unchanged
// ticks costs Qt Charts no new labels).
void setCategories(QCategoryAxis *axis, double start, const QStringList &labels,
                   const std::vector<double> &ends);

} // namespace vitals::valueaxis

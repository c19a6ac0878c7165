#pragma once

#include <vector>

// Grafana's 100 % stacking: each series as its share of the stack at each time, so the stacked
// areas fill 0–1 (drawn in percentunit). Pure function, any thread.
namespace vitals::panel {

struct PanelSeries;

// Replaces every value by value / (sum of the series' values at that timestamp); a timestamp
// where the sum is 0 or only NaN gives NaN (a gap). Series are matched by timestamp, as range
// answers of one panel share their steps.
void toStackShares(std::vector<PanelSeries> &series);

} // namespace vitals::panel

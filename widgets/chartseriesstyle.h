#pragma once

#include "core/panel/paneldata.h"
#include "widgets/timeserieschart.h"

// From a panel's series (core/panel/paneldata.h) to what TimeSeriesChart draws: the series'
// overrides (dashboard::SeriesStyle) become ChartSeries' style members. Pure; GUI or any thread.
namespace vitals {

// A ChartSeries with a copy of `series`' samples, its name and fixed colour, and its style:
// fill opacity (0–100), line width (px), dashes, stack group, right-hand axis, unit (by its
// core/units.h name) and hiding from the legend or the tooltip.
ChartSeries chartSeriesFrom(const panel::PanelSeries &series);

} // namespace vitals

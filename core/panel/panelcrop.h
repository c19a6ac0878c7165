#pragma once

#include "core/panel/paneldata.h"

namespace vitals::panel {

// `data` cut to [fromMs, toMs] (clamped to its own span; its whole span when that leaves
// nothing): what a zoomed chart shows of saved data (a snapshot). Series keep the samples
// inside the span; everything else is copied. Pure, any thread.
PanelData cropToRange(const PanelData &data, qint64 fromMs, qint64 toMs);

} // namespace vitals::panel

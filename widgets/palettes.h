#pragma once

#include <QPalette>

namespace vitals::palettes {

// The console's dark palette, after Grafana's dark theme: near-black panels on a slightly
// lighter window, soft white text. ui/theme applies it with the Fusion style; widget tests use
// it to draw what a dark-theme user sees. A value; thread-safe.
QPalette dark();

} // namespace vitals::palettes

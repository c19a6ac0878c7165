#pragma once

#include "core/dashboard/dashboard.h"

// Repeated panels, as Grafana repeats them: a panel with `repeat` set is shown once per selected
// value of that variable (every option when "All" is selected), each copy querying with the
// variable set to its one value. Side by side copies share the panel's row: each is
// max(24 / copies, 24 / maxPerRow) columns wide (maxPerRow 4 when unset) and they wrap onto new
// rows of the panel's height; vertical copies stack below each other. Panels below a repeated
// panel move down by the height the copies add. Pure functions, thread-safe.
namespace vitals::dashboard {

// The dashboard as shown: repeated panels expanded for the current selection. The first copy
// keeps the panel's id, the others get "<id>-<value>" (made unique). Dashboards without repeats
// come back unchanged.
Dashboard expandRepeats(const Dashboard &dashboard);

// The values a repeat runs over: the variable's selection, or all its options for "All".
QStringList repeatValues(const Variable &variable);

// `expr` with $name, ${name}, ${name:format} and [[name]] replaced by `value`.
QString substituteVariable(const QString &expr, const QString &name, const QString &value);

} // namespace vitals::dashboard

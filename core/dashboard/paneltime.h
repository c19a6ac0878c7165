#pragma once

#include "core/dashboard/dashboard.h"

#include <QString>

// A panel's own time range, as Grafana's panel time overrides define it: `timeFrom` replaces the
// dashboard's range by the last `timeFrom` before its end, `timeShift` moves the range back.
// Pure functions, thread-safe.
namespace vitals::dashboard {

struct TimeSpan {
    qint64 fromMs = 0; // Unix ms
    qint64 toMs = 0;   // Unix ms
    bool operator==(const TimeSpan &) const = default;
};

// The span the panel queries when the dashboard shows [fromMs, toMs]; the dashboard's span when
// the panel has no (valid) override.
TimeSpan panelTimeSpan(const Panel &panel, qint64 fromMs, qint64 toMs);

// What Grafana writes next to the title: "Last 1 hour", "timeshift -1h", both separated by a
// space; empty without an override or with hideTimeOverride.
QString panelTimeInfo(const Panel &panel);

// The title with the time info after it ("Title · Last 1 hour"); the title alone when there is
// no info.
QString panelTitleWithTimeInfo(const Panel &panel);

} // namespace vitals::dashboard

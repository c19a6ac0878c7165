#pragma once

#include <QString>

#include <vector>

// Tick marks for time axes on round local times (08:50, not 08:50:43), shared by the charts of
// widgets/. Internal to the widgets layer; pure functions, any thread.
namespace vitals::timeaxis {

struct Tick {
    qint64 tMs = 0; // Unix ms
    QString label;
};

// The step, in ms, of ticks for a span of `spanMs` with at most `maxTicks` ticks: one of 1, 2, 5,
// 10, 15, 30 s; 1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h; 1, 2, 7 days.
qint64 tickStep(qint64 spanMs, int maxTicks);

// Ticks within [fromMs, toMs] on multiples of tickStep() in local time (`utcOffsetSeconds` east
// of UTC), labelled "HH:mm:ss" for steps under a minute, "HH:mm" up to a day's span, and with
// the date ("MM-dd HH:mm", or "MM-dd" for steps of days) beyond. Labels are unique.
std::vector<Tick> ticks(qint64 fromMs, qint64 toMs, int maxTicks, int utcOffsetSeconds);

} // namespace vitals::timeaxis

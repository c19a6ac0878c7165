#pragma once

#include <QString>

#include <functional>
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

// Ticks within [fromMs, toMs] on multiples of `stepMs` in local time (`utcOffsetSeconds` east of
// UTC), labelled by step and span as Grafana's time axis does (its default formats): "HH:mm:ss"
// for steps under a minute, "HH:mm" for spans up to a day, "MM/dd HH:mm" for steps under a day
// and "MM/dd" for steps of days. Labels are unique.
std::vector<Tick> ticksWithStep(qint64 fromMs, qint64 toMs, qint64 stepMs, int utcOffsetSeconds);

// ticksWithStep() with tickStep(toMs - fromMs, maxTicks).
std::vector<Tick> ticks(qint64 fromMs, qint64 toMs, int maxTicks, int utcOffsetSeconds);

// The ticks of the smallest step whose labels all fit an axis `widthPx` wide: with n ticks, each
// of n + 1 equal slots holds the widest label (`labelWidth` measures one, in px) plus
// `paddingPx`. That is how Qt Charts sizes a category axis' labels, eliding those that do not
// fit; these never need to be. Empty when not even one label fits.
std::vector<Tick> fittingTicks(qint64 fromMs, qint64 toMs, double widthPx,
                               const std::function<double(const QString &)> &labelWidth,
                               double paddingPx, int utcOffsetSeconds);

} // namespace vitals::timeaxis

#include "widgets/timeaxis.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>

namespace vitals::timeaxis {

namespace {

constexpr qint64 kS = 1000, kMin = 60 * kS, kH = 60 * kMin, kD = 24 * kH;
constexpr qint64 kSteps[] = {1 * kS,   2 * kS,   5 * kS,    10 * kS,   15 * kS,   30 * kS, 1 * kMin,
                             2 * kMin, 5 * kMin, 10 * kMin, 15 * kMin, 30 * kMin, 1 * kH,  2 * kH,
                             3 * kH,   6 * kH,   12 * kH,   1 * kD,    2 * kD,    7 * kD};

} // namespace

qint64 tickStep(qint64 spanMs, int maxTicks)
{
    const qint64 rough = std::max<qint64>(1, spanMs / std::max(1, maxTicks));
    for (qint64 step : kSteps)
        if (step >= rough)
            return step;
    // Beyond weeks: whole multiples of a week.
    return (rough / (7 * kD) + 1) * 7 * kD;
}

std::vector<Tick> ticksWithStep(qint64 fromMs, qint64 toMs, qint64 step, int utcOffsetSeconds)
{
    std::vector<Tick> out;
    if (toMs <= fromMs || step <= 0)
        return out;
    const qint64 offset = qint64(utcOffsetSeconds) * 1000;
    // The first multiple of the step (in local time) at or after fromMs.
    const qint64 localFrom = fromMs + offset;
    qint64 local = localFrom - (((localFrom % step) + step) % step);
    if (local < localFrom)
        local += step;
    // Grafana's rules (UPlotAxisBuilder formatTime, with its default interval formats).
    QString format;
    if (step < kMin)
        format = QStringLiteral("HH:mm:ss");
    else if (toMs - fromMs <= kD)
        format = QStringLiteral("HH:mm");
    else if (step < kD)
        format = QStringLiteral("MM/dd HH:mm");
    else
        format = QStringLiteral("MM/dd");
    const QTimeZone zone(utcOffsetSeconds);
    for (; local - offset <= toMs; local += step) {
        const qint64 t = local - offset;
        QString label = QDateTime::fromMSecsSinceEpoch(t, zone).toString(format);
        if (std::any_of(out.begin(), out.end(), [&](const Tick &k) { return k.label == label; }))
            label = QDateTime::fromMSecsSinceEpoch(t, zone).toString(QStringLiteral("MM/dd HH:mm"));
        out.push_back({t, label});
    }
    return out;
}

std::vector<Tick> ticks(qint64 fromMs, qint64 toMs, int maxTicks, int utcOffsetSeconds)
{
    return ticksWithStep(fromMs, toMs, tickStep(toMs - fromMs, maxTicks), utcOffsetSeconds);
}

std::vector<Tick> fittingTicks(qint64 fromMs, qint64 toMs, double widthPx,
                               const std::function<double(const QString &)> &labelWidth,
                               double paddingPx, int utcOffsetSeconds)
{
    if (toMs <= fromMs || widthPx <= 0)
        return {};
    // Steps from the one giving a tick every 20 px (no label is narrower) upwards.
    qint64 step = tickStep(toMs - fromMs, std::max(1, int(widthPx / 20)));
    while (true) {
        std::vector<Tick> out = ticksWithStep(fromMs, toMs, step, utcOffsetSeconds);
        double widest = 0;
        for (const Tick &tick : out)
            widest = std::max(widest, labelWidth(tick.label));
        if (out.empty() || widthPx / double(out.size() + 1) >= widest + paddingPx)
            return out;
        if (out.size() == 1)
            return {};
        const auto next = std::upper_bound(std::begin(kSteps), std::end(kSteps), step);
        step = next != std::end(kSteps) ? *next : (step / (7 * kD) + 1) * 7 * kD;
    }
}

} // namespace vitals::timeaxis

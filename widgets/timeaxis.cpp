#include "widgets/timeaxis.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>

namespace vitals::timeaxis {

qint64 tickStep(qint64 spanMs, int maxTicks)
{
    static constexpr qint64 kS = 1000, kMin = 60 * kS, kH = 60 * kMin, kD = 24 * kH;
    static constexpr qint64 kSteps[] = {1 * kS,    2 * kS,    5 * kS,   10 * kS,  15 * kS,
                                        30 * kS,   1 * kMin,  2 * kMin, 5 * kMin, 10 * kMin,
                                        15 * kMin, 30 * kMin, 1 * kH,   2 * kH,   3 * kH,
                                        6 * kH,    12 * kH,   1 * kD,   2 * kD,   7 * kD};
    const qint64 rough = std::max<qint64>(1, spanMs / std::max(1, maxTicks));
    for (qint64 step : kSteps)
        if (step >= rough)
            return step;
    // Beyond weeks: whole multiples of a week.
    return (rough / (7 * kD) + 1) * 7 * kD;
}

std::vector<Tick> ticks(qint64 fromMs, qint64 toMs, int maxTicks, int utcOffsetSeconds)
{
    std::vector<Tick> out;
    if (toMs <= fromMs)
        return out;
    const qint64 step = tickStep(toMs - fromMs, maxTicks);
    const qint64 offset = qint64(utcOffsetSeconds) * 1000;
    // The first multiple of the step (in local time) at or after fromMs.
    const qint64 localFrom = fromMs + offset;
    qint64 local = localFrom - (((localFrom % step) + step) % step);
    if (local < localFrom)
        local += step;
    static constexpr qint64 kMinute = 60'000, kDay = 24 * 3600'000LL;
    QString format;
    if (step < kMinute)
        format = QStringLiteral("HH:mm:ss");
    else if (step >= kDay)
        format = QStringLiteral("MM-dd");
    else if (toMs - fromMs <= kDay)
        format = QStringLiteral("HH:mm");
    else
        format = QStringLiteral("MM-dd HH:mm");
    const QTimeZone zone(utcOffsetSeconds);
    for (; local - offset <= toMs; local += step) {
        const qint64 t = local - offset;
        QString label = QDateTime::fromMSecsSinceEpoch(t, zone).toString(format);
        if (std::any_of(out.begin(), out.end(), [&](const Tick &k) { return k.label == label; }))
            label = QDateTime::fromMSecsSinceEpoch(t, zone).toString(QStringLiteral("MM-dd HH:mm"));
        out.push_back({t, label});
    }
    return out;
}

} // namespace vitals::timeaxis

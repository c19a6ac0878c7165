#include "core/stack/stackage.h"

#include "core/units.h"

#include <algorithm>

namespace vitals::stack {

QString dataAgeQuery(qint64 lookbackMs, qint64 stepMs)
{
    // timestamp(up) at each step of the subquery is the time of the scrape it sees; the oldest
    // of them is the first scrape inside the span.
    return QStringLiteral("time() - min(min_over_time(timestamp(up)[%1:%2]))")
        .arg(units::durationString(std::max<qint64>(lookbackMs, 1000)),
             units::durationString(std::max<qint64>(stepMs, 1000)));
}

std::optional<TimeRange> rangeForDataAge(const TimeRange &chosen, qint64 dataAgeMs)
{
    if (!chosen.isRelative())
        return std::nullopt;
    constexpr qint64 minute = 60 * 1000;
    const qint64 rounded = (std::max<qint64>(dataAgeMs, 0) + minute - 1) / minute * minute;
    const qint64 span = std::max(rounded, kMinFollowSpanMs);
    if (span >= chosen.spanMs())
        return std::nullopt;
    return TimeRange::last(span);
}

bool isStarting(std::optional<qint64> dataAgeMs)
{
    return !dataAgeMs || *dataAgeMs < kStartingMs;
}

} // namespace vitals::stack

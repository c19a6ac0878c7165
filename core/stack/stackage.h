#pragma once

#include "core/timerange.h"

#include <QString>

#include <optional>

// The first minutes of a fresh local stack: its data is only as old as the stack, so a
// dashboard's "last 15 minutes" would show it as a thin strip at the right edge, and its panels
// are empty because the first scrapes have not happened yet, not because something is wrong.
// Pure functions, thread-safe. Times in ms.
namespace vitals::stack {

// The shortest span shown while following the stack's age.
constexpr qint64 kMinFollowSpanMs = 2 * 60 * 1000;
// A stack whose data is younger than this is still starting.
constexpr qint64 kStartingMs = 60 * 1000;

// The PromQL that gives the age in seconds of the oldest sample within `lookbackMs` (the
// dashboard's span), at a resolution of `stepMs` (the scrape interval): no result while nothing
// has been scraped. Works on any Prometheus: no self-scrape, no status endpoint.
QString dataAgeQuery(qint64 lookbackMs, qint64 stepMs);

// The range to show while the data is `dataAgeMs` old and the user's range is `chosen`:
// the last max(age rounded up to a whole minute, 2 min), as long as that is shorter than
// `chosen`; nullopt once the data fills `chosen`, or when `chosen` is not relative (a zoom, an
// absolute range the user asked for).
std::optional<TimeRange> rangeForDataAge(const TimeRange &chosen, qint64 dataAgeMs);

// Whether a local stack whose data is `dataAgeMs` old (nullopt: nothing scraped yet) is still
// starting: its empty panels then say "Starting…" rather than a hint about what to check.
bool isStarting(std::optional<qint64> dataAgeMs);

} // namespace vitals::stack

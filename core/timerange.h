#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace vitals {

// The time span a dashboard shows: either relative ("the last 15 minutes", follows the clock on
// every refresh) or absolute (a fixed from/to, e.g. after a zoom). Times are Unix milliseconds.
// A value type; thread-safe.
class TimeRange
{
public:
    TimeRange() = default;

    static TimeRange last(qint64 spanMs);
    static TimeRange absolute(qint64 fromMs, qint64 toMs);

    // "15m", "1h", "now-6h" → relative; "<fromMs>..<toMs>" or two ISO dates
    // "2026-11-25T10:00:00Z..2026-11-25T11:00:00Z" → absolute. nullopt when malformed or empty.
    static std::optional<TimeRange> parse(const QString &text);
    // Inverse of parse(): what the command line and the settings file store.
    QString toString() const;

    bool isRelative() const { return m_relative; }
    qint64 spanMs() const;
    qint64 fromMs(qint64 nowMs) const { return m_relative ? nowMs - m_spanMs : m_fromMs; }
    qint64 toMs(qint64 nowMs) const { return m_relative ? nowMs : m_toMs; }

    // Shifts the range by `deltaMs` (negative = into the past). A relative range becomes
    // absolute, since it no longer ends now.
    TimeRange shifted(qint64 deltaMs, qint64 nowMs) const;

    // For people: "Last 15 minutes", "Nov 25 10:00:00 – 11:00:00".
    QString label() const;

    bool operator==(const TimeRange &other) const = default;

private:
    bool m_relative = true;
    qint64 m_spanMs = 15 * 60 * 1000;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
};

// The zoom stack behind the dashboard's Back button: zoomTo() remembers the range it replaces,
// back() returns to it. Plain value type.
class ZoomHistory
{
public:
    void push(const TimeRange &previous) { m_stack.push_back(previous); }
    bool canGoBack() const { return !m_stack.empty(); }
    // The range before the last zoom; nullopt when there is none.
    std::optional<TimeRange> back();
    void clear() { m_stack.clear(); }
    std::size_t depth() const { return m_stack.size(); }

private:
    std::vector<TimeRange> m_stack;
};

} // namespace vitals

#pragma once

#include <QtGlobal>

// A token bucket that paces requests: `rate` tokens per second accrue, up to `burst` of them.
// Time is passed in by the caller (milliseconds of a monotonic clock), so it is testable and
// independent of how often the caller's timer fires. Plain C++; not thread-safe.
namespace vitals::sim {

class TokenBucket
{
public:
    // A full bucket (one token when burst < 1) at `nowMs`. `rate` in tokens per second (> 0),
    // `burst` in tokens (values below 1 are raised to 1).
    TokenBucket(double rate, double burst, qint64 nowMs);

    // Changes the rate and burst from now on; tokens already earned are kept up to the new burst.
    void reset(double rate, double burst, qint64 nowMs);

    // Takes as many whole tokens as are available at `nowMs`, at most `max`, and returns how many.
    int take(qint64 nowMs, int max);

    double rate() const { return m_rate; }
    double burst() const { return m_burst; }
    double tokens() const { return m_tokens; }

    // The burst the simulator uses for a rate: a quarter second's worth, at least one token,
    // so a timer that fires late catches up a little but never floods.
    static double defaultBurst(double rate);

private:
    void refill(qint64 nowMs);

    double m_rate;
    double m_burst;
    double m_tokens;
    qint64 m_lastMs;
};

} // namespace vitals::sim

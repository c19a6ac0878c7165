#include "core/sim/tokenbucket.h"

#include <algorithm>
#include <cmath>

namespace vitals::sim {

TokenBucket::TokenBucket(double rate, double burst, qint64 nowMs)
    : m_rate(std::max(rate, 0.0))
    , m_burst(std::max(burst, 1.0))
    , m_tokens(1.0)
    , m_lastMs(nowMs)
{}

void TokenBucket::reset(double rate, double burst, qint64 nowMs)
{
    refill(nowMs);
    m_rate = std::max(rate, 0.0);
    m_burst = std::max(burst, 1.0);
    m_tokens = std::min(m_tokens, m_burst);
}

void TokenBucket::refill(qint64 nowMs)
{
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_burst, m_tokens + m_rate * double(nowMs - m_lastMs) / 1000.0);
        m_lastMs = nowMs;
    }
}

int TokenBucket::take(qint64 nowMs, int max)
{
    refill(nowMs);
    // The epsilon keeps sums like ten times 0.1 from falling just short of a whole token.
    const int n = std::clamp(int(std::floor(m_tokens + 1e-9)), 0, std::max(max, 0));
    m_tokens -= n;
    return n;
}

double TokenBucket::defaultBurst(double rate)
{
    return std::max(1.0, rate * 0.25);
}

} // namespace vitals::sim

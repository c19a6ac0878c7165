#pragma once

#include <atomic>
#include <cstdint>

namespace iris {

// Faults injected on purpose for demos: extra latency and a share of 503 answers on the
// inference endpoints. Settings are atomics: set from any thread (admin endpoint, command
// line), read lock-free by every worker.
class Faults
{
public:
    void setLatencyMs(double ms) noexcept { m_latencyUs.store(std::int64_t(ms * 1000.0)); }
    void setErrorRate(double rate) noexcept { m_errorRate.store(rate); }
    double latencyMs() const noexcept { return double(m_latencyUs.load()) / 1000.0; }
    std::int64_t latencyUs() const noexcept { return m_latencyUs.load(std::memory_order_relaxed); }
    double errorRate() const noexcept { return m_errorRate.load(std::memory_order_relaxed); }

    // True for about errorRate() of the calls (a per-thread generator; no shared state).
    bool shouldFail() const noexcept
    {
        const double rate = errorRate();
        if (rate <= 0.0)
            return false;
        thread_local std::uint64_t state =
            0x9e3779b97f4a7c15ULL ^ reinterpret_cast<std::uintptr_t>(&state);
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return double(state >> 11) * 0x1.0p-53 < rate;
    }

private:
    std::atomic<std::int64_t> m_latencyUs{0};
    std::atomic<double> m_errorRate{0.0};
};

} // namespace iris

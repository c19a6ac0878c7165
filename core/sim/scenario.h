#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <optional>

// The traffic simulator's scenarios and the phases of the `cycle` scenario. Pure functions.
namespace vitals::sim {

enum class Scenario {
    Normal, // inputs drawn like the training data, about 2 req/s
    Spike,  // normal inputs at hundreds of req/s, in-flight requests bounded
    Drift,  // inputs far outside the training ranges (see DriftRanges), about 2 req/s
    Errors, // malformed bodies only, about 2 req/s
    Slow,   // normal traffic while the server injects latency (POST /admin/faults)
    Cycle,  // normal → spike → drift → errors, repeated (see cyclePhases())
    Mix,    // normal traffic with a fixed share of malformed and/or drifted requests
};

// Lower-case names as used on the command line: normal, spike, drift, errors, slow, cycle, mix.
QString scenarioName(Scenario scenario);
std::optional<Scenario> scenarioFromName(const QString &name);
QStringList scenarioNames();

// Requests per second of every scenario but spike when no rate is given.
inline constexpr double kDefaultRate = 2.0;
// Requests per second of spike (and of the cycle's spike phase) when no rate is given.
inline constexpr double kDefaultSpikeRate = 300.0;

struct CyclePhase {
    Scenario scenario;
    int durationMs;
};

// The cycle, like a classic load-test script: normal 20 s, spike 10 s, drift 20 s, errors 10 s,
// then again from normal (60 s per round). Short enough that a demo shows every failure mode
// within a minute, long enough that a 1 s scrape interval sees each phase many times.
const std::array<CyclePhase, 4> &cyclePhases();
int cycleLengthMs();

// The phase of the cycle at `elapsedMs` after it started.
Scenario cyclePhaseAt(qint64 elapsedMs);

} // namespace vitals::sim

#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <optional>

// The traffic simulator's scenarios and the phases of the `cycle` scenario. Pure functions.
namespace vitals::sim {

enum class Scenario {
    Normal,  // inputs drawn like the training data, about 2 req/s
    Spike,   // normal inputs at hundreds of req/s, in-flight requests bounded
    Drift,   // inputs far outside the training ranges (see DriftRanges), about 5 req/s
    Errors,  // malformed bodies only, about 2 req/s
    Slow,    // normal traffic while the server injects latency (POST /admin/faults)
    Cycle,   // normal → errors → concept → drift → spike, repeated (see cyclePhases())
    Mix,     // normal traffic with a fixed share of malformed and/or drifted requests
    Concept, // inputs like normal, but the true class of half the versicolor and virginica
             // flowers is the other one: the inputs do not drift, the answers go wrong
};

// Lower-case names as used on the command line: normal, spike, drift, errors, slow, cycle, mix,
// concept.
QString scenarioName(Scenario scenario);
std::optional<Scenario> scenarioFromName(const QString &name);
QStringList scenarioNames();

// Requests per second of every scenario but spike when no rate is given.
inline constexpr double kDefaultRate = 2.0;
// Requests per second of spike (and of the cycle's spike phase) when no rate is given.
inline constexpr double kDefaultSpikeRate = 300.0;
// Requests per second of the drift scenario when no rate is given: iris-server's drift gauges
// look at the last 500 predictions and wait for 100, so at 5 req/s FeatureDrift (PSI > 0.25
// for 1 min) fires about 90 s after drifted traffic starts on a fresh server; at 2 req/s it
// would take over two minutes.
inline constexpr double kDefaultDriftRate = 5.0;

struct CyclePhase {
    Scenario scenario;
    int durationMs;
};

// The cycle: normal 20 s, errors 75 s, concept 100 s, drift 90 s (at kDefaultDriftRate),
// spike 10 s, then again from normal (295 s per round). Each phase lasts long enough for its alert
// of resources/prometheus/vitals-rules.yml to fire inside it (the rules wait 1 min):
//  - errors: the 1 min error ratio passes 5 % within seconds (no spike in that minute), so
//    HighErrorRate fires about 85 s after the start (83 s measured);
//  - concept: with labels sent back (--feedback), accuracy falls to about 0.67 and
//    AccuracyDrop fires about 75 s into the phase (76 s), while the drift gauges stay quiet;
//  - drift: 65 drifted predictions in the server's window of 500 pass PSI 0.25 (13 s at
//    5 req/s), so FeatureDrift fires about 75 s into the phase (67 s);
//  - spike: 3,000 training-like predictions in 10 s push the drifted ones out of the window,
//    so FeatureDrift resolves before the next round.
// Errors come right after normal traffic rather than after the spike, whose requests would
// hold the error ratio under 5 % for a minute.
const std::array<CyclePhase, 5> &cyclePhases();
int cycleLengthMs();

// The phase of the cycle at `elapsedMs` after it started.
Scenario cyclePhaseAt(qint64 elapsedMs);
// The same when every phase lasts `timeScale` times as long (0 < timeScale <= 1 in tests).
Scenario cyclePhaseAt(qint64 elapsedMs, double timeScale);

} // namespace vitals::sim

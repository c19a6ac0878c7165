#include "core/sim/scenario.h"

namespace vitals::sim {

QString scenarioName(Scenario scenario) {
    switch (scenario) {
    case Scenario::Normal:
        return QStringLiteral("normal");
    case Scenario::Spike:
        return QStringLiteral("spike");
    case Scenario::Drift:
        return QStringLiteral("drift");
    case Scenario::Errors:
        return QStringLiteral("errors");
    case Scenario::Slow:
        return QStringLiteral("slow");
    case Scenario::Cycle:
        return QStringLiteral("cycle");
    case Scenario::Mix:
        return QStringLiteral("mix");
    }
    return {};
}

QStringList scenarioNames() {
    return {QStringLiteral("normal"), QStringLiteral("spike"), QStringLiteral("drift"),
            QStringLiteral("errors"), QStringLiteral("slow"),  QStringLiteral("cycle"),
            QStringLiteral("mix")};
}

std::optional<Scenario> scenarioFromName(const QString &name) {
    const QString n = name.trimmed().toLower();
    for (Scenario s : {Scenario::Normal, Scenario::Spike, Scenario::Drift, Scenario::Errors,
                       Scenario::Slow, Scenario::Cycle, Scenario::Mix}) {
        if (scenarioName(s) == n)
            return s;
    }
    return std::nullopt;
}

const std::array<CyclePhase, 4> &cyclePhases() {
    static const std::array<CyclePhase, 4> phases{{
        {Scenario::Normal, 20000},
        {Scenario::Spike, 10000},
        {Scenario::Drift, 20000},
        {Scenario::Errors, 10000},
    }};
    return phases;
}

int cycleLengthMs() {
    int total = 0;
    for (const CyclePhase &p : cyclePhases())
        total += p.durationMs;
    return total;
}

Scenario cyclePhaseAt(qint64 elapsedMs) {
    qint64 t = elapsedMs < 0 ? 0 : elapsedMs % cycleLengthMs();
    for (const CyclePhase &p : cyclePhases()) {
        if (t < p.durationMs)
            return p.scenario;
        t -= p.durationMs;
    }
    return Scenario::Normal;
}

} // namespace vitals::sim

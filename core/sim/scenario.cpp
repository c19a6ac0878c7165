#include "core/sim/scenario.h"

namespace vitals::sim {

QString scenarioName(Scenario scenario)
{
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
    case Scenario::Concept:
        return QStringLiteral("concept");
    }
    return {};
}

QStringList scenarioNames()
{
    return {QStringLiteral("normal"), QStringLiteral("spike"),  QStringLiteral("drift"),
            QStringLiteral("errors"), QStringLiteral("slow"),   QStringLiteral("cycle"),
            QStringLiteral("mix"),    QStringLiteral("concept")};
}

std::optional<Scenario> scenarioFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    for (Scenario s : {Scenario::Normal, Scenario::Spike, Scenario::Drift, Scenario::Errors,
                       Scenario::Slow, Scenario::Cycle, Scenario::Mix, Scenario::Concept}) {
        if (scenarioName(s) == n)
            return s;
    }
    return std::nullopt;
}

const std::array<CyclePhase, 5> &cyclePhases()
{
    static const std::array<CyclePhase, 5> phases{{
        {Scenario::Normal, 20000},
        {Scenario::Errors, 75000},
        {Scenario::Concept, 100000},
        {Scenario::Drift, 90000},
        {Scenario::Spike, 10000},
    }};
    return phases;
}

int cycleLengthMs()
{
    int total = 0;
    for (const CyclePhase &p : cyclePhases())
        total += p.durationMs;
    return total;
}

Scenario cyclePhaseAt(qint64 elapsedMs)
{
    qint64 t = elapsedMs < 0 ? 0 : elapsedMs % cycleLengthMs();
    for (const CyclePhase &p : cyclePhases()) {
        if (t < p.durationMs)
            return p.scenario;
        t -= p.durationMs;
    }
    return Scenario::Normal;
}

Scenario cyclePhaseAt(qint64 elapsedMs, double timeScale)
{
    if (!(timeScale > 0) || timeScale == 1.0)
        return cyclePhaseAt(elapsedMs);
    return cyclePhaseAt(qint64(double(elapsedMs) / timeScale));
}

} // namespace vitals::sim

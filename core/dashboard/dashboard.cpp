#include "core/dashboard/dashboard.h"

#include <array>
#include <cmath>
#include <utility>

namespace vitals::dashboard {

namespace {

const std::array<std::pair<PanelType, const char *>, 8> kPanelTypes{{
    {PanelType::TimeSeries, "timeseries"},
    {PanelType::Stat, "stat"},
    {PanelType::Bar, "bar"},
    {PanelType::Distribution, "distribution"},
    {PanelType::Table, "table"},
    {PanelType::DriftTable, "drifttable"},
    {PanelType::Text, "text"},
    {PanelType::ModelQuality, "modelquality"},
}};

const std::array<std::pair<VariableKind, const char *>, 4> kVariableKinds{{
    {VariableKind::Query, "query"},
    {VariableKind::Custom, "custom"},
    {VariableKind::Interval, "interval"},
    {VariableKind::Constant, "constant"},
}};

} // namespace

QString panelTypeName(PanelType type)
{
    for (const auto &[t, name] : kPanelTypes) {
        if (t == type)
            return QLatin1String(name);
    }
    return {};
}

std::optional<PanelType> panelTypeFromName(const QString &name)
{
    for (const auto &[t, n] : kPanelTypes) {
        if (name == QLatin1String(n))
            return t;
    }
    return std::nullopt;
}

QString thresholdLevelName(ThresholdLevel level)
{
    switch (level) {
    case ThresholdLevel::Ok:
        return QStringLiteral("green");
    case ThresholdLevel::Warning:
        return QStringLiteral("amber");
    case ThresholdLevel::Critical:
        return QStringLiteral("red");
    }
    return {};
}

std::optional<ThresholdLevel> thresholdLevelFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("green") || n == QLatin1String("ok"))
        return ThresholdLevel::Ok;
    if (n == QLatin1String("amber") || n == QLatin1String("warning") || n == QLatin1String("yellow")
        || n == QLatin1String("orange"))
        return ThresholdLevel::Warning;
    if (n == QLatin1String("red") || n == QLatin1String("critical"))
        return ThresholdLevel::Critical;
    return std::nullopt;
}

std::optional<ThresholdLevel> Thresholds::levelFor(double value) const
{
    if (std::isnan(value))
        return std::nullopt;
    if (higherIsBetter) {
        for (const ThresholdStep &step : steps) {
            if (value < step.value)
                return step.level;
        }
        return ThresholdLevel::Ok;
    }
    ThresholdLevel level = ThresholdLevel::Ok;
    for (const ThresholdStep &step : steps) {
        if (value >= step.value)
            level = step.level;
    }
    return level;
}

QString variableKindName(VariableKind kind)
{
    for (const auto &[k, name] : kVariableKinds) {
        if (k == kind)
            return QLatin1String(name);
    }
    return {};
}

std::optional<VariableKind> variableKindFromName(const QString &name)
{
    for (const auto &[k, n] : kVariableKinds) {
        if (name == QLatin1String(n))
            return k;
    }
    return std::nullopt;
}

QStringList Variable::selection() const
{
    if (!currentValues.isEmpty())
        return currentValues;
    if (current.isEmpty())
        return {};
    return {current};
}

const Panel *Dashboard::panel(const QString &id) const
{
    for (const Panel &p : panels) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

const Variable *Dashboard::variable(const QString &name) const
{
    for (const Variable &v : variables) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

} // namespace vitals::dashboard

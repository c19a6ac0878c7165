#include "core/dashboard/panelextras.h"

#include "core/units.h"

#include <QJsonArray>

namespace vitals::dashboard {

std::vector<std::pair<QString, QJsonValue>> panelExtrasToJson(const Panel &p)
{
    std::vector<std::pair<QString, QJsonValue>> out;
    if (!p.overrides.empty())
        out.emplace_back(QStringLiteral("overrides"), overridesToJson(p.overrides));
    if (!p.mappings.empty())
        out.emplace_back(QStringLiteral("mappings"), mappingsToJson(p.mappings));
    if (p.heatmap)
        out.emplace_back(QStringLiteral("heatmap"), true);
    if (!p.timeFrom.isEmpty())
        out.emplace_back(QStringLiteral("timeFrom"), p.timeFrom);
    if (!p.timeShift.isEmpty())
        out.emplace_back(QStringLiteral("timeShift"), p.timeShift);
    if (p.hideTimeOverride)
        out.emplace_back(QStringLiteral("hideTimeOverride"), true);
    if (!p.repeat.isEmpty()) {
        out.emplace_back(QStringLiteral("repeat"), p.repeat);
        if (p.repeatVertical)
            out.emplace_back(QStringLiteral("repeatDirection"), QStringLiteral("v"));
        if (p.maxPerRow > 0)
            out.emplace_back(QStringLiteral("maxPerRow"), p.maxPerRow);
    }
    return out;
}

QString readPanelExtras(const QJsonObject &o, Panel &p)
{
    QString error;
    if (o.contains(QLatin1String("overrides"))) {
        const auto overrides =
            overridesFromJson(o.value(QLatin1String("overrides")).toArray(), &error);
        if (!overrides)
            return QStringLiteral("overrides") + error;
        p.overrides = *overrides;
    }
    if (o.contains(QLatin1String("mappings"))) {
        const auto mappings =
            mappingsFromJson(o.value(QLatin1String("mappings")).toArray(), &error);
        if (!mappings)
            return QStringLiteral("mappings") + error;
        p.mappings = *mappings;
    }
    p.heatmap = o.value(QLatin1String("heatmap")).toBool();
    for (const char *key : {"timeFrom", "timeShift"}) {
        const QString value = o.value(QLatin1String(key)).toString();
        if (!value.isEmpty() && units::parseDurationMs(value) <= 0)
            return QStringLiteral("%1: \"%2\" is not a duration").arg(QLatin1String(key), value);
    }
    p.timeFrom = o.value(QLatin1String("timeFrom")).toString();
    p.timeShift = o.value(QLatin1String("timeShift")).toString();
    p.hideTimeOverride = o.value(QLatin1String("hideTimeOverride")).toBool();
    p.repeat = o.value(QLatin1String("repeat")).toString();
    p.repeatVertical = o.value(QLatin1String("repeatDirection")).toString() == QLatin1String("v");
    p.maxPerRow = std::max(0, o.value(QLatin1String("maxPerRow")).toInt());
    return {};
}

} // namespace vitals::dashboard

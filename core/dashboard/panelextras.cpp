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
    if (p.contentHtml)
        out.emplace_back(QStringLiteral("contentFormat"), QStringLiteral("html"));
    if (p.heatmap)
        out.emplace_back(QStringLiteral("heatmap"), true);
    if (!p.heatmapColors.isEmpty())
        out.emplace_back(QStringLiteral("heatmapColors"), p.heatmapColors);
    if (p.heatmapCalc.enabled) {
        auto axis = [](const HeatmapAxisBuckets &a) {
            QJsonObject o;
            if (!a.mode.isEmpty())
                o.insert(QStringLiteral("mode"), a.mode);
            if (!a.value.isEmpty())
                o.insert(QStringLiteral("value"), a.value);
            if (a.logBase > 1)
                o.insert(QStringLiteral("log"), a.logBase);
            return o;
        };
        out.emplace_back(QStringLiteral("heatmapCalculate"),
                         QJsonObject{{QStringLiteral("xBuckets"), axis(p.heatmapCalc.x)},
                                     {QStringLiteral("yBuckets"), axis(p.heatmapCalc.y)}});
    }
    if (!p.timeFrom.isEmpty())
        out.emplace_back(QStringLiteral("timeFrom"), p.timeFrom);
    if (!p.timeShift.isEmpty())
        out.emplace_back(QStringLiteral("timeShift"), p.timeShift);
    if (p.hideTimeOverride)
        out.emplace_back(QStringLiteral("hideTimeOverride"), true);
    if (p.rowHeader)
        out.emplace_back(QStringLiteral("rowHeader"), true);
    if (!p.repeat.isEmpty()) {
        out.emplace_back(QStringLiteral("repeat"), p.repeat);
        if (p.repeatVertical)
            out.emplace_back(QStringLiteral("repeatDirection"), QStringLiteral("v"));
        if (p.maxPerRow > 0)
            out.emplace_back(QStringLiteral("maxPerRow"), p.maxPerRow);
    }
    if (p.stackPercent)
        out.emplace_back(QStringLiteral("stackPercent"), true);
    if (p.tableFormat)
        out.emplace_back(QStringLiteral("tableFormat"), true);
    if (!p.transformations.empty())
        out.emplace_back(QStringLiteral("transformations"),
                         transformationsToJson(p.transformations));
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
    const QString contentFormat = o.value(QLatin1String("contentFormat")).toString();
    if (!contentFormat.isEmpty() && contentFormat != QLatin1String("html")
        && contentFormat != QLatin1String("markdown"))
        return QStringLiteral("contentFormat: \"%1\" is neither \"markdown\" nor \"html\"")
            .arg(contentFormat);
    p.contentHtml = contentFormat == QLatin1String("html");
    p.heatmap = o.value(QLatin1String("heatmap")).toBool();
    p.heatmapColors = o.value(QLatin1String("heatmapColors")).toString();
    if (o.contains(QLatin1String("heatmapCalculate"))) {
        const QJsonObject calc = o.value(QLatin1String("heatmapCalculate")).toObject();
        auto axis = [](const QJsonObject &a) {
            HeatmapAxisBuckets b;
            b.mode = a.value(QLatin1String("mode")).toString();
            const QJsonValue value = a.value(QLatin1String("value"));
            b.value = value.isDouble() ? QString::number(value.toDouble()) : value.toString();
            b.logBase = std::max(0, a.value(QLatin1String("log")).toInt());
            return b;
        };
        p.heatmapCalc.enabled = true;
        p.heatmapCalc.x = axis(calc.value(QLatin1String("xBuckets")).toObject());
        p.heatmapCalc.y = axis(calc.value(QLatin1String("yBuckets")).toObject());
        for (const HeatmapAxisBuckets *a : {&p.heatmapCalc.x, &p.heatmapCalc.y})
            if (!a->mode.isEmpty() && a->mode != QLatin1String("count")
                && a->mode != QLatin1String("size"))
                return QStringLiteral("heatmapCalculate: bucket mode \"%1\" is neither \"count\" "
                                      "nor \"size\"")
                    .arg(a->mode);
    }
    for (const char *key : {"timeFrom", "timeShift"}) {
        const QString value = o.value(QLatin1String(key)).toString();
        if (!value.isEmpty() && units::parseDurationMs(value) <= 0)
            return QStringLiteral("%1: \"%2\" is not a duration").arg(QLatin1String(key), value);
    }
    p.timeFrom = o.value(QLatin1String("timeFrom")).toString();
    p.timeShift = o.value(QLatin1String("timeShift")).toString();
    p.hideTimeOverride = o.value(QLatin1String("hideTimeOverride")).toBool();
    p.rowHeader = o.value(QLatin1String("rowHeader")).toBool();
    p.repeat = o.value(QLatin1String("repeat")).toString();
    p.repeatVertical = o.value(QLatin1String("repeatDirection")).toString() == QLatin1String("v");
    p.maxPerRow = std::max(0, o.value(QLatin1String("maxPerRow")).toInt());
    p.stackPercent = o.value(QLatin1String("stackPercent")).toBool();
    p.tableFormat = o.value(QLatin1String("tableFormat")).toBool();
    p.transformations =
        transformationsFromJson(o.value(QLatin1String("transformations")).toArray());
    return {};
}

} // namespace vitals::dashboard

// Grafana heatmap panels: the old one (Grafana <= 8, `dataFormat`, `yAxis`, `color`) and the
// new one (Grafana >= 9, `options.calculate`, `options.yAxis`, `options.color`).

#include "core/dashboard/grafanaimporter.h"
#include "core/dashboard/jsonreader.h"
#include "core/units.h"

#include <array>

namespace vitals::dashboard::grafana {

using detail::joinPath;

namespace {

// The d3 schemes the heatmap view draws (widgets/heatmapcolors.cpp), by Grafana's names without
// their "interpolate" prefix.
const std::array<const char *, 15> kSchemes{"Oranges", "Reds",   "Blues",    "Greens",  "Purples",
                                            "Greys",   "YlOrRd", "YlGnBu",   "Viridis", "Magma",
                                            "Inferno", "Plasma", "Spectral", "RdYlGn",  "RdYlBu"};

QString schemeName(QString name)
{
    if (name.startsWith(QLatin1String("interpolate")))
        name = name.mid(11);
    for (const char *known : kSchemes)
        if (name.compare(QLatin1String(known), Qt::CaseInsensitive) == 0)
            return QLatin1String(known);
    return {};
}

// A colour as Qt reads it: "#rgb", "#rrggbb", "#aarrggbb" or an SVG colour name ("orange").
// Grafana's own palette names with a shade ("dark-orange") and rgba() are not.
bool isPlainColor(const QString &c)
{
    if (c.startsWith(QLatin1Char('#')))
        return c.size() == 4 || c.size() == 7 || c.size() == 9;
    for (QChar ch : c)
        if (!ch.isLetter())
            return false;
    return !c.isEmpty();
}

// A bucket setting's value as Grafana keeps it: a string, or a number written bare.
QString valueText(const QJsonValue &v)
{
    if (v.isDouble())
        return QString::number(v.toDouble());
    return v.toString();
}

// Grafana >= 9: options.calculation.{xBuckets,yBuckets}.{mode,value,scale:{type,log}}.
HeatmapCalculation modernCalculation(const QJsonObject &calculation)
{
    HeatmapCalculation calc;
    calc.enabled = true;
    auto axis = [](const QJsonObject &o) {
        HeatmapAxisBuckets a;
        a.mode = o.value(QLatin1String("mode")).toString();
        a.value = valueText(o.value(QLatin1String("value")));
        const QJsonObject scale = o.value(QLatin1String("scale")).toObject();
        if (scale.value(QLatin1String("type")).toString() == QLatin1String("log"))
            a.logBase = scale.value(QLatin1String("log")).toInt(2);
        return a;
    };
    calc.x = axis(calculation.value(QLatin1String("xBuckets")).toObject());
    calc.x.logBase = 0; // Grafana: "X axis only supports linear buckets"
    calc.y = axis(calculation.value(QLatin1String("yBuckets")).toObject());
    return calc;
}

// The old heatmap (dataFormat "timeseries") as Grafana's angularToReactHeatmap migrates it:
// xBucketSize, else xBucketNumber; yBucketSize, else yBucketNumber — the latter only when
// xBucketNumber is set too, as Grafana's migration reads it; yAxis.logBase > 1 makes log rows
// with yAxis.splitFactor rows per power.
HeatmapCalculation migratedCalculation(const QJsonObject &p)
{
    HeatmapCalculation calc;
    calc.enabled = true;
    auto set = [](const QJsonValue &v) {
        return !v.isNull() && !v.isUndefined() && valueText(v) != QLatin1String("0")
               && !valueText(v).isEmpty();
    };
    const QJsonValue xSize = p.value(QLatin1String("xBucketSize"));
    const QJsonValue xNumber = p.value(QLatin1String("xBucketNumber"));
    const QJsonValue ySize = p.value(QLatin1String("yBucketSize"));
    if (set(xSize))
        calc.x = {QStringLiteral("size"), valueText(xSize), 0};
    else if (set(xNumber))
        calc.x = {QStringLiteral("count"), valueText(xNumber), 0};
    if (set(ySize))
        calc.y = {QStringLiteral("size"), valueText(ySize), 0};
    else if (set(xNumber))
        calc.y = {QStringLiteral("count"), valueText(p.value(QLatin1String("yBucketNumber"))), 0};
    const QJsonObject yAxis = p.value(QLatin1String("yAxis")).toObject();
    const int logBase = yAxis.value(QLatin1String("logBase")).toInt(1);
    if (logBase > 1) {
        const double split = yAxis.value(QLatin1String("splitFactor")).toVariant().toDouble();
        calc.y = {QStringLiteral("count"), split > 0 ? QString::number(split) : QString(), logBase};
    }
    return calc;
}

} // namespace

void Importer::readHeatmap(const QJsonObject &p, const QString &path, const QString &what,
                           Panel &out)
{
    const QJsonObject options = obj(p, "options");
    const bool modern = options.contains(QLatin1String("calculate"))
                        || options.contains(QLatin1String("color"))
                        || options.contains(QLatin1String("yAxis"));

    // Where the buckets come from: the queries' `le` buckets (old "tsbuckets", new
    // "calculate: false", or neither said), or Grafana bucketing the values itself (old
    // "dataFormat": "timeseries", new "calculate": true), read as Grafana >= 9 does.
    if (modern && options.value(QLatin1String("calculate")).toBool())
        out.heatmapCalc = modernCalculation(obj(options, "calculation"));
    else if (!modern && str(p, "dataFormat") == QLatin1String("timeseries"))
        out.heatmapCalc = migratedCalculation(p);
    for (const HeatmapAxisBuckets *axis : {&out.heatmapCalc.x, &out.heatmapCalc.y}) {
        bool number = false;
        axis->value.toDouble(&number);
        const bool duration = axis == &out.heatmapCalc.x && axis->mode != QLatin1String("count")
                              && units::parseDurationMs(axis->value) > 0;
        if (!axis->value.isEmpty() && !number && !duration)
            approximated(path, QStringLiteral("panel %1: heatmap bucket setting \"%2\" is not a "
                                              "number; Grafana's default buckets are drawn")
                                   .arg(what, axis->value));
    }

    // The bucket bounds' unit: the y axis's.
    const QJsonObject yAxis = modern ? obj(options, "yAxis") : obj(p, "yAxis");
    const char *unitKey = modern ? "unit" : "format";
    const QString yPath =
        joinPath(path, modern ? QStringLiteral("options.yAxis") : QStringLiteral("yAxis"));
    if (yAxis.contains(QLatin1String(unitKey)))
        out.unit = unitOf(str(yAxis, unitKey), joinPath(yPath, QLatin1String(unitKey)));

    // The colours: a scheme, or one colour by opacity.
    const QJsonObject color = modern ? obj(options, "color") : obj(p, "color");
    const QString colorPath =
        joinPath(path, modern ? QStringLiteral("options.color") : QStringLiteral("color"));
    const QString mode = str(color, "mode");
    if (mode == QLatin1String("opacity")) {
        const QString c = str(color, modern ? "fill" : "cardColor");
        if (isPlainColor(c))
            out.heatmapColors = QStringLiteral("opacity:") + c;
        else
            approximated(colorPath, QStringLiteral("opacity colour \"%1\" is not a plain colour "
                                                   "(#rrggbb or a name); drawn in Oranges")
                                        .arg(c));
    } else if (!color.isEmpty()) {
        const QString scheme = str(color, modern ? "scheme" : "colorScheme");
        out.heatmapColors = schemeName(scheme);
        if (out.heatmapColors.isEmpty() && !scheme.isEmpty())
            approximated(colorPath,
                         QStringLiteral("colour scheme \"%1\" is not one Vitals draws; drawn in "
                                        "Oranges")
                             .arg(scheme));
    }
    if (color.value(QLatin1String("reverse")).toBool())
        approximated(colorPath, QStringLiteral("the reversed colour scheme is drawn the usual "
                                               "way round"));
}

} // namespace vitals::dashboard::grafana

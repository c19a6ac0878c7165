// Grafana heatmap panels: the old one (Grafana <= 8, `dataFormat`, `yAxis`, `color`) and the
// new one (Grafana >= 9, `options.calculate`, `options.yAxis`, `options.color`).

#include "core/dashboard/grafanaimporter.h"
#include "core/dashboard/jsonreader.h"

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
    // "dataFormat": "timeseries", new "calculate": true), which Vitals does not do.
    const bool calculated = options.value(QLatin1String("calculate")).toBool()
                            || str(p, "dataFormat") == QLatin1String("timeseries");
    if (calculated)
        approximated(path,
                     QStringLiteral("panel %1: Grafana buckets the series' values itself (%2); "
                                    "Vitals draws the queries' histogram buckets (`le`), and "
                                    "shows an error when they have none")
                         .arg(what, str(p, "dataFormat") == QLatin1String("timeseries")
                                        ? QStringLiteral("dataFormat \"timeseries\"")
                                        : QStringLiteral("calculate: true")));

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

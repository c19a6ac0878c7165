#include "core/dashboard/grafanaimporter.h"

#include "core/dashboard/jsonreader.h"
#include "core/unitcatalogue.h"

#include <QRegularExpression>

// Per-series overrides: Grafana 7+ fieldConfig.overrides and the graph panel's seriesOverrides.
namespace vitals::dashboard::grafana {

using detail::indexPath;
using detail::joinPath;

void Importer::reportUndrawn(const SeriesOverride &o, const Panel &out, const QString &path,
                             const QString &label)
{
    // Time-series charts draw per-series styles; tables draw a column's name and unit.
    QStringList undrawn =
        out.type == PanelType::TimeSeries ? undrawnProperties(o.style) : o.style.setProperties();
    if (out.type == PanelType::Table) {
        undrawn.removeAll(QStringLiteral("unit"));
        undrawn.removeAll(QStringLiteral("displayName"));
    }
    // Bars take a fixed colour per category (core/panel/paneldata.h PanelBars).
    if (out.type == PanelType::Bar || out.type == PanelType::Distribution)
        undrawn.removeAll(QStringLiteral("color"));
    if (!undrawn.isEmpty())
        approximated(path, QStringLiteral("override of \"%1\": %2 kept in the dashboard but not "
                                          "drawn yet")
                               .arg(label, undrawn.join(QStringLiteral(", "))));
}

void Importer::readFieldOverrides(const QJsonArray &list, const QString &path, Panel &out)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString oPath = indexPath(path, i);
        const QJsonObject entry = list.at(i).toObject();
        const QJsonObject matcher = obj(entry, "matcher");
        const QString id = str(matcher, "id");
        const QJsonValue options = matcher.value(QLatin1String("options"));
        SeriesOverride o;
        if (id == QLatin1String("byName")) {
            o.match = SeriesOverride::Match::Name;
            o.pattern = options.toString();
        } else if (id == QLatin1String("byRegexp")) {
            o.match = SeriesOverride::Match::Regex;
            o.pattern = options.toString();
            // Grafana anchors a bare pattern but searches a "/pattern/" anywhere in the name.
            static const QRegularExpression slashed(QStringLiteral("^/(.*)/([a-z]*)$"));
            if (const QRegularExpressionMatch m = slashed.match(o.pattern); m.hasMatch())
                o.pattern = QStringLiteral(".*(?:") + m.captured(1) + QStringLiteral(").*");
        } else if (id == QLatin1String("byFrameRefID")) {
            o.match = SeriesOverride::Match::RefId;
            o.pattern = options.toString();
        } else if (id == QLatin1String("byType")) {
            o.match = SeriesOverride::Match::FieldType;
            o.pattern = options.toString();
        } else {
            skipped(oPath, QStringLiteral("override matcher \"%1\" is not supported").arg(id));
            continue;
        }
        SeriesStyle &s = o.style;
        const QJsonArray properties = arr(entry, "properties");
        for (qsizetype k = 0; k < properties.size(); ++k) {
            const QJsonObject prop = properties.at(k).toObject();
            const QString pid = str(prop, "id");
            const QJsonValue v = prop.value(QLatin1String("value"));
            const QString pPath = indexPath(joinPath(oPath, QStringLiteral("properties")), k);
            auto unsupported = [&] {
                approximated(pPath,
                             QStringLiteral("override property \"%1\" is not supported").arg(pid));
            };
            if (pid == QLatin1String("displayName") || pid == QLatin1String("displayNameFromDS")) {
                s.displayName = v.toString();
            } else if (pid == QLatin1String("color")) {
                const QJsonObject c = v.toObject();
                const auto color = grafanaColor(str(c, "fixedColor"));
                if (str(c, "mode") == QLatin1String("fixed") && color)
                    s.color = *color;
                else
                    approximated(pPath, QStringLiteral("colour mode \"%1\" is shown with the "
                                                       "palette's colour")
                                            .arg(str(c, "mode")));
            } else if (pid == QLatin1String("unit")) {
                const QString unit = v.toString();
                s.unit = unit.isEmpty() || unit == QLatin1String("none") ? QString()
                         : units::isKnownUnit(unit)                      ? unit
                                                    : QStringLiteral("suffix:") + unit;
            } else if (pid == QLatin1String("decimals") && numberOf(v)) {
                s.decimals = int(*numberOf(v));
            } else if (pid == QLatin1String("min") && numberOf(v)) {
                s.min = numberOf(v);
            } else if (pid == QLatin1String("max") && numberOf(v)) {
                s.max = numberOf(v);
            } else if (pid == QLatin1String("custom.axisPlacement")) {
                s.rightAxis = v.toString() == QLatin1String("right");
            } else if (pid == QLatin1String("custom.stacking")) {
                const QJsonObject st = v.toObject();
                s.stackGroup =
                    str(st, "mode") == QLatin1String("none") ? QString() : str(st, "group");
            } else if (pid == QLatin1String("custom.hideFrom")) {
                const QJsonObject h = v.toObject();
                s.hideLegend = h.value(QLatin1String("legend")).toBool();
                s.hideTooltip = h.value(QLatin1String("tooltip")).toBool();
                s.hideGraph = h.value(QLatin1String("viz")).toBool();
            } else if (pid == QLatin1String("custom.lineWidth") && numberOf(v)) {
                s.lineWidth = int(*numberOf(v));
            } else if (pid == QLatin1String("custom.fillOpacity") && numberOf(v)) {
                s.fillOpacity = int(*numberOf(v));
            } else if (pid == QLatin1String("custom.lineStyle")) {
                s.dashed = str(v.toObject(), "fill") == QLatin1String("dash");
            } else if (pid == QLatin1String("custom.transform")) {
                s.negativeY = v.toString() == QLatin1String("negative-Y");
            } else if (pid == QLatin1String("links")) {
                // Data links open Grafana pages; panels' links are not imported either.
            } else {
                unsupported();
            }
        }
        reportUndrawn(o, out, oPath, o.pattern);
        out.overrides.push_back(std::move(o));
    }
}

void Importer::readSeriesOverrides(const QJsonArray &list, const QString &path, Panel &out)
{
    static const QRegularExpression slashed(QStringLiteral("^/(.*)/([a-z]*)$"));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString oPath = indexPath(path, i);
        const QJsonObject entry = list.at(i).toObject();
        const QString alias = str(entry, "alias");
        if (alias.isEmpty())
            continue; // matches nothing in Grafana either
        SeriesOverride o;
        if (const QRegularExpressionMatch m = slashed.match(alias); m.hasMatch()) {
            o.match = SeriesOverride::Match::Regex;
            // Grafana tests the regex anywhere in the alias; anchor it loosely to match so.
            o.pattern = QStringLiteral(".*(?:") + m.captured(1) + QStringLiteral(").*");
        } else {
            o.match = SeriesOverride::Match::Name;
            o.pattern = alias;
        }
        SeriesStyle &s = o.style;
        QStringList unsupported;
        for (auto it = entry.begin(); it != entry.end(); ++it) {
            const QString key = it.key();
            const QJsonValue v = it.value();
            if (key == QLatin1String("alias") || key == QLatin1String("$$hashKey")) {
                continue;
            } else if (key == QLatin1String("color")) {
                if (const auto color = grafanaColor(v.toString()))
                    s.color = *color;
                else
                    unsupported.append(QStringLiteral("color \"%1\"").arg(v.toString()));
            } else if (key == QLatin1String("yaxis")) {
                s.rightAxis = v.toInt() == 2;
            } else if (key == QLatin1String("stack")) {
                s.stackGroup = v.isString() ? v.toString()
                               : v.toBool() ? QStringLiteral("A")
                                            : QString();
            } else if (key == QLatin1String("fill") && numberOf(v)) {
                s.fillOpacity = int(*numberOf(v) * 10);
            } else if (key == QLatin1String("linewidth") && numberOf(v)) {
                s.lineWidth = int(*numberOf(v));
            } else if (key == QLatin1String("dashes")) {
                s.dashed = v.toBool();
            } else if (key == QLatin1String("legend")) {
                s.hideLegend = !v.toBool(true);
            } else if (key == QLatin1String("hideTooltip")) {
                s.hideTooltip = v.toBool();
            } else if (key == QLatin1String("hiddenSeries")) {
                s.hideGraph = v.toBool();
            } else if (key == QLatin1String("transform")) {
                if (v.toString() == QLatin1String("negative-Y"))
                    s.negativeY = true;
                else
                    unsupported.append(QStringLiteral("transform \"%1\"").arg(v.toString()));
            } else {
                unsupported.append(key);
            }
        }
        if (!unsupported.isEmpty())
            approximated(oPath, QStringLiteral("series override of \"%1\": %2 not supported")
                                    .arg(alias, unsupported.join(QStringLiteral(", "))));
        reportUndrawn(o, out, oPath, alias);
        out.overrides.push_back(std::move(o));
    }
}

} // namespace vitals::dashboard::grafana

#pragma once

#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// Per-series overrides of a panel: which series they apply to and what they change, from
// Grafana's fieldConfig.overrides (matchers byName, byRegexp, byFrameRefID, byType) and the graph
// panel's seriesOverrides (alias "name" or "/regex/"). Plain value types; pure functions,
// thread-safe. Read by core/dashboard/grafanaimport_overrides.cpp, saved in dashboard files by
// dashboardfile.h ("overrides"), resolved per series by styleFor().
namespace vitals::series {
class Series;
}

namespace vitals::dashboard {

// What an override changes; unset members are left as the panel has them.
struct SeriesStyle {
    std::optional<QString> displayName; // the legend name instead of legendFormat's
    std::optional<QString> color;       // "#rrggbb" (Grafana colour names are resolved)
    std::optional<QString> unit;        // core/units.h name
    std::optional<int> decimals;
    std::optional<double> min;
    std::optional<double> max;
    std::optional<bool> rightAxis;     // drawn against a right-hand axis
    std::optional<QString> stackGroup; // stacked with the series of this group; "" = not stacked
    std::optional<bool> hideLegend;
    std::optional<bool> hideTooltip;
    std::optional<bool> hideGraph;  // not drawn at all (Grafana's hideFrom.viz, hiddenSeries)
    std::optional<int> lineWidth;   // pixels
    std::optional<int> fillOpacity; // 0–100
    std::optional<bool> dashed;
    std::optional<bool> negativeY; // drawn below the axis (values negated), e.g. "transmit"

    // Members set in `later` replace this one's.
    void mergeFrom(const SeriesStyle &later);
    // Names of the members that are set ("color", "fill", ...), for reports.
    QStringList setProperties() const;
    bool isEmpty() const { return setProperties().isEmpty(); }
    bool operator==(const SeriesStyle &) const = default;
};

struct SeriesOverride {
    enum class Match {
        Name,      // the series' display name equals `pattern`
        Regex,     // the series' display name matches `pattern` (a whole-name match, as Grafana)
        RefId,     // the series comes from the query with refId `pattern`
        FieldType, // every numeric series (`pattern` "number"); other types match nothing here
    };
    Match match = Match::Name;
    QString pattern;
    SeriesStyle style;

    bool matches(const QString &seriesName, const QString &refId) const;
    bool operator==(const SeriesOverride &) const = default;
};

// The style of one series: every matching override applied in order (later ones win).
SeriesStyle styleFor(const std::vector<SeriesOverride> &overrides, const QString &seriesName,
                     const QString &refId);

// What the console draws of a style today: on time-series charts every property but decimals,
// min and max (widgets/chartseriesstyle.h; unit on the right-hand axis and in tooltips); those
// three are kept in the file and listed here as not drawn yet.
QStringList undrawnProperties(const SeriesStyle &style);

// A series' samples as drawn: negated when the style sets negativeY, else unchanged.
series::Series drawnSamples(const SeriesStyle &style, series::Series samples);

// "match"/"pattern" and the style's members, as saved in dashboard files, and back. fromJson
// returns nullopt with *error set on a malformed entry.
QJsonArray overridesToJson(const std::vector<SeriesOverride> &overrides);
std::optional<std::vector<SeriesOverride>> overridesFromJson(const QJsonArray &json,
                                                             QString *error);

// Grafana's colour for a name of its palette ("red", "dark-green", "semi-dark-blue",
// "super-light-orange", "text") or a CSS colour ("#7EB26D", "rgba(50, 172, 45, 0.97)", "blue"),
// as "#rrggbb"; nullopt when it is none of these.
std::optional<QString> grafanaColor(const QString &name);

} // namespace vitals::dashboard

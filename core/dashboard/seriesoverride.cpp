#include "core/dashboard/seriesoverride.h"

#include "core/series/series.h"

#include <QHash>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace vitals::dashboard {

namespace {

template<typename T> void take(std::optional<T> &into, const std::optional<T> &from)
{
    if (from)
        into = from;
}

const char *matchName(SeriesOverride::Match m)
{
    switch (m) {
    case SeriesOverride::Match::Name:
        return "name";
    case SeriesOverride::Match::Regex:
        return "regex";
    case SeriesOverride::Match::RefId:
        return "refId";
    case SeriesOverride::Match::FieldType:
        return "fieldType";
    }
    return "name";
}

} // namespace

void SeriesStyle::mergeFrom(const SeriesStyle &later)
{
    take(displayName, later.displayName);
    take(color, later.color);
    take(unit, later.unit);
    take(decimals, later.decimals);
    take(min, later.min);
    take(max, later.max);
    take(rightAxis, later.rightAxis);
    take(stackGroup, later.stackGroup);
    take(hideLegend, later.hideLegend);
    take(hideTooltip, later.hideTooltip);
    take(hideGraph, later.hideGraph);
    take(lineWidth, later.lineWidth);
    take(fillOpacity, later.fillOpacity);
    take(dashed, later.dashed);
    take(negativeY, later.negativeY);
}

QStringList SeriesStyle::setProperties() const
{
    QStringList out;
    auto add = [&out](bool set, const char *name) {
        if (set)
            out.append(QLatin1String(name));
    };
    add(displayName.has_value(), "displayName");
    add(color.has_value(), "color");
    add(unit.has_value(), "unit");
    add(decimals.has_value(), "decimals");
    add(min.has_value(), "min");
    add(max.has_value(), "max");
    add(rightAxis.has_value(), "rightAxis");
    add(stackGroup.has_value(), "stackGroup");
    add(hideLegend.has_value(), "hideLegend");
    add(hideTooltip.has_value(), "hideTooltip");
    add(hideGraph.has_value(), "hideGraph");
    add(lineWidth.has_value(), "lineWidth");
    add(fillOpacity.has_value(), "fillOpacity");
    add(dashed.has_value(), "dashed");
    add(negativeY.has_value(), "negativeY");
    return out;
}

bool SeriesOverride::matches(const QString &seriesName, const QString &refId) const
{
    switch (match) {
    case Match::Name:
        return seriesName == pattern;
    case Match::Regex: {
        const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
        return re.isValid() && re.match(seriesName).hasMatch();
    }
    case Match::RefId:
        return refId == pattern;
    case Match::FieldType:
        return pattern == QLatin1String("number");
    }
    return false;
}

SeriesStyle styleFor(const std::vector<SeriesOverride> &overrides, const QString &seriesName,
                     const QString &refId)
{
    SeriesStyle style;
    for (const SeriesOverride &o : overrides) {
        if (o.matches(seriesName, refId))
            style.mergeFrom(o.style);
    }
    return style;
}

QStringList undrawnProperties(const SeriesStyle &style)
{
    QStringList out = style.setProperties();
    for (const char *drawn :
         {"displayName", "color", "hideGraph", "negativeY", "fillOpacity", "lineWidth", "dashed",
          "stackGroup", "rightAxis", "unit", "hideLegend", "hideTooltip"})
        out.removeAll(QLatin1String(drawn));
    return out;
}

series::Series drawnSamples(const SeriesStyle &style, series::Series samples)
{
    if (!style.negativeY.value_or(false))
        return samples;
    series::Series out(samples.labels());
    out.reserve(samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i)
        out.append(samples.timestampsMs()[i], -samples.value(i));
    return out;
}

QJsonArray overridesToJson(const std::vector<SeriesOverride> &overrides)
{
    QJsonArray out;
    for (const SeriesOverride &o : overrides) {
        QJsonObject j{{QStringLiteral("match"), QLatin1String(matchName(o.match))},
                      {QStringLiteral("pattern"), o.pattern}};
        const SeriesStyle &s = o.style;
        auto put = [&j](const char *key, const auto &value) {
            if (value)
                j.insert(QLatin1String(key), *value);
        };
        put("displayName", s.displayName);
        put("color", s.color);
        put("unit", s.unit);
        put("decimals", s.decimals);
        put("min", s.min);
        put("max", s.max);
        put("rightAxis", s.rightAxis);
        put("stackGroup", s.stackGroup);
        put("hideLegend", s.hideLegend);
        put("hideTooltip", s.hideTooltip);
        put("hideGraph", s.hideGraph);
        put("lineWidth", s.lineWidth);
        put("fillOpacity", s.fillOpacity);
        put("dashed", s.dashed);
        put("negativeY", s.negativeY);
        out.append(j);
    }
    return out;
}

std::optional<std::vector<SeriesOverride>> overridesFromJson(const QJsonArray &json, QString *error)
{
    std::vector<SeriesOverride> out;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QJsonObject j = json.at(i).toObject();
        auto fail = [&](const QString &what) {
            *error = QStringLiteral("[%1]: %2").arg(i).arg(what);
            return std::nullopt;
        };
        if (!json.at(i).isObject())
            return fail(QStringLiteral("expected an object"));
        SeriesOverride o;
        const QString match = j.value(QLatin1String("match")).toString();
        bool known = false;
        for (auto m : {SeriesOverride::Match::Name, SeriesOverride::Match::Regex,
                       SeriesOverride::Match::RefId, SeriesOverride::Match::FieldType}) {
            if (match == QLatin1String(matchName(m))) {
                o.match = m;
                known = true;
            }
        }
        if (!known)
            return fail(
                QStringLiteral("match \"%1\" is not name, regex, refId or fieldType").arg(match));
        o.pattern = j.value(QLatin1String("pattern")).toString();
        SeriesStyle &s = o.style;
        auto text = [&j](const char *key, std::optional<QString> &into) {
            if (j.value(QLatin1String(key)).isString())
                into = j.value(QLatin1String(key)).toString();
        };
        auto flag = [&j](const char *key, std::optional<bool> &into) {
            if (j.value(QLatin1String(key)).isBool())
                into = j.value(QLatin1String(key)).toBool();
        };
        auto number = [&j](const char *key, std::optional<double> &into) {
            const QJsonValue v = j.value(QLatin1String(key));
            if (v.isDouble() && std::isfinite(v.toDouble()))
                into = v.toDouble();
        };
        auto integer = [&j](const char *key, std::optional<int> &into) {
            const QJsonValue v = j.value(QLatin1String(key));
            if (v.isDouble() && std::isfinite(v.toDouble()))
                into = int(std::clamp(v.toDouble(), -1e6, 1e6));
        };
        text("displayName", s.displayName);
        text("color", s.color);
        text("unit", s.unit);
        integer("decimals", s.decimals);
        number("min", s.min);
        number("max", s.max);
        flag("rightAxis", s.rightAxis);
        text("stackGroup", s.stackGroup);
        flag("hideLegend", s.hideLegend);
        flag("hideTooltip", s.hideTooltip);
        flag("hideGraph", s.hideGraph);
        integer("lineWidth", s.lineWidth);
        integer("fillOpacity", s.fillOpacity);
        flag("dashed", s.dashed);
        flag("negativeY", s.negativeY);
        out.push_back(std::move(o));
    }
    return out;
}

std::optional<QString> grafanaColor(const QString &name)
{
    // Grafana's named palette (super-light, light, base, semi-dark, dark of each hue).
    static const QHash<QString, QString> palette = [] {
        QHash<QString, QString> out;
        const struct {
            const char *hue;
            const char *shades[5];
        } hues[] = {
            {"red", {"#ffa6b0", "#ff7383", "#f2495c", "#e02f44", "#c4162a"}},
            {"orange", {"#ffcb7d", "#ffb357", "#ff9830", "#ff780a", "#fa6400"}},
            {"yellow", {"#fff899", "#ffee52", "#fade2a", "#f2cc0c", "#e0b400"}},
            {"green", {"#c8f2c2", "#96d98d", "#73bf69", "#56a64b", "#37872d"}},
            {"blue", {"#c0d8ff", "#8ab8ff", "#5794f2", "#3274d9", "#1f60c4"}},
            {"purple", {"#deb6f2", "#ca95e5", "#b877d9", "#a352cc", "#8f3bb8"}},
        };
        const char *prefixes[] = {"super-light-", "light-", "", "semi-dark-", "dark-"};
        for (const auto &h : hues) {
            for (int i = 0; i < 5; ++i)
                out.insert(QLatin1String(prefixes[i]) + QLatin1String(h.hue),
                           QLatin1String(h.shades[i]));
        }
        out.insert(QStringLiteral("white"), QStringLiteral("#ffffff"));
        out.insert(QStringLiteral("black"), QStringLiteral("#000000"));
        return out;
    }();
    const QString c = name.trimmed().toLower();
    if (palette.contains(c))
        return palette.value(c);
    static const QRegularExpression hex(
        QStringLiteral("^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$"));
    if (const QRegularExpressionMatch m = hex.match(c); m.hasMatch()) {
        QString digits = m.captured(1);
        if (digits.size() == 3)
            digits = QString(digits[0]) + digits[0] + digits[1] + digits[1] + digits[2] + digits[2];
        return QLatin1Char('#') + digits;
    }
    static const QRegularExpression rgb(
        QStringLiteral(R"(^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(,[^)]*)?\)$)"));
    if (const QRegularExpressionMatch m = rgb.match(c); m.hasMatch()) {
        QString out = QStringLiteral("#");
        for (int i = 1; i <= 3; ++i)
            out += QStringLiteral("%1").arg(std::min(255, m.captured(i).toInt()), 2, 16,
                                            QLatin1Char('0'));
        return out;
    }
    return std::nullopt;
}

} // namespace vitals::dashboard

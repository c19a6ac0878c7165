#include "core/dashboard/grafanaimporter.h"

#include "core/dashboard/jsonreader.h"
#include "core/dashboard/valuemapping.h"
#include "core/unitcatalogue.h"
#include "core/units.h"

#include <QRegularExpression>

#include <algorithm>

// Field config of one panel: units, bounds, thresholds, stacking, mappings and overrides.
namespace vitals::dashboard::grafana {

using detail::indexPath;
using detail::joinPath;

namespace {

// The hue (0-359) of "#rgb", "#rrggbb", "#rrggbbaa" or "rgb(a)(r, g, b...)" when the colour is
// saturated enough to mean something; nullopt for greys and anything unparsable.
std::optional<int> hueOf(const QString &color)
{
    double r = 0, g = 0, b = 0;
    static const QRegularExpression hex(QStringLiteral("^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$"));
    static const QRegularExpression rgb(
        QStringLiteral(R"(^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(,[^)]*)?\)$)"));
    if (const QRegularExpressionMatch m = hex.match(color); m.hasMatch()) {
        const QString digits = m.captured(1);
        const int step = digits.size() == 3 ? 1 : 2;
        auto channel = [&](int i) {
            const QString part = digits.mid(i * step, step);
            const int v = part.toInt(nullptr, 16);
            return step == 1 ? v * 17 : v;
        };
        r = channel(0);
        g = channel(1);
        b = channel(2);
    } else if (const QRegularExpressionMatch m = rgb.match(color); m.hasMatch()) {
        r = std::min(255, m.captured(1).toInt());
        g = std::min(255, m.captured(2).toInt());
        b = std::min(255, m.captured(3).toInt());
    } else {
        return std::nullopt;
    }
    const double maxC = std::max({r, g, b});
    const double minC = std::min({r, g, b});
    const double delta = maxC - minC;
    if (maxC <= 0 || delta / maxC < 0.25)
        return std::nullopt;
    double hue = 0;
    if (maxC == r)
        hue = 60.0 * std::fmod((g - b) / delta, 6.0);
    else if (maxC == g)
        hue = 60.0 * ((b - r) / delta + 2.0);
    else
        hue = 60.0 * ((r - g) / delta + 4.0);
    if (hue < 0)
        hue += 360.0;
    return int(hue) % 360;
}

// A Grafana colour name or hex code to a traffic-light level; *exact is false for colours with
// no traffic-light meaning (blue, purple), which are taken as green.
ThresholdLevel colorLevel(const QString &color, bool *exact)
{
    *exact = true;
    const QString c = color.trimmed().toLower();
    if (c.contains(QLatin1String("red")))
        return ThresholdLevel::Critical;
    if (c.contains(QLatin1String("orange")) || c.contains(QLatin1String("yellow"))
        || c.contains(QLatin1String("amber")))
        return ThresholdLevel::Warning;
    if (c.contains(QLatin1String("green")) || c == QLatin1String("text")
        || c == QLatin1String("transparent"))
        return ThresholdLevel::Ok;
    const std::optional<int> hue = hueOf(c);
    if (hue) {
        if (*hue < 20 || *hue >= 330)
            return ThresholdLevel::Critical;
        if (*hue >= 20 && *hue < 70)
            return ThresholdLevel::Warning;
        if (*hue >= 70 && *hue < 170)
            return ThresholdLevel::Ok;
    }
    *exact = false;
    return ThresholdLevel::Ok;
}

} // namespace

QString Importer::unitOf(const QString &grafanaUnit, const QString &path)
{
    Q_UNUSED(path);
    const QString u = grafanaUnit.trimmed();
    if (u.isEmpty() || u == QLatin1String("none"))
        return {};
    if (units::isKnownUnit(u))
        return u;
    // Grafana writes an id it does not know after the value ("5 furlongs"); so does Vitals.
    return QStringLiteral("suffix:") + u;
}

Thresholds Importer::thresholdsOf(std::vector<GrafanaStep> steps, const QString &path)
{
    Thresholds t;
    // Only the first step may be the open-ended base (value null); later ones without a value
    // mean nothing.
    for (std::size_t i = 1; i < steps.size();) {
        if (!steps[i].value)
            steps.erase(steps.begin() + std::ptrdiff_t(i));
        else
            ++i;
    }
    if (steps.empty())
        return t;
    std::stable_sort(steps.begin(), steps.end(), [](const GrafanaStep &a, const GrafanaStep &b) {
        if (!a.value || !b.value)
            return !a.value && b.value;
        return *a.value < *b.value;
    });
    std::vector<ThresholdLevel> levels;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        bool exact = true;
        ThresholdLevel level = colorLevel(steps[i].color, &exact);
        // A colour with no traffic-light meaning (blue, purple) takes the level of its place on
        // the scale: the first step green, the last red, those between amber.
        if (!exact)
            level = i == 0                  ? ThresholdLevel::Ok
                    : i + 1 == steps.size() ? ThresholdLevel::Critical
                                            : ThresholdLevel::Warning;
        levels.push_back(level);
    }
    // Grafana's first step is the base colour for everything below the second step.
    const bool hasBase = !steps.front().value;
    const ThresholdLevel base = hasBase ? levels.front() : ThresholdLevel::Ok;
    const std::size_t first = hasBase ? 1 : 0;
    if (first >= steps.size())
        return t;
    const ThresholdLevel top = levels.back();
    if (base == ThresholdLevel::Ok || top != ThresholdLevel::Ok) {
        if (base != ThresholdLevel::Ok)
            approximated(path, QStringLiteral("the base colour applies below the first step and "
                                              "neither it nor the last step is green; values "
                                              "below the first step are shown as green"));
        for (std::size_t i = first; i < steps.size(); ++i)
            t.steps.push_back({*steps[i].value, levels[i]});
        return t;
    }
    // Green at the top: a higher-is-better scale; each boundary colours what lies below it.
    t.higherIsBetter = true;
    for (std::size_t i = first; i < steps.size(); ++i)
        t.steps.push_back({*steps[i].value, i == 0 ? base : levels[i - 1]});
    return t;
}

Thresholds Importer::graphThresholds(const QJsonArray &list, const QString &path)
{
    Thresholds above;
    Thresholds below;
    below.higherIsBetter = true;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject t = list.at(i).toObject();
        const auto value = numberOf(t.value(QLatin1String("value")));
        if (!value)
            continue;
        const QString mode = str(t, "colorMode");
        const ThresholdLevel level = mode == QLatin1String("critical")  ? ThresholdLevel::Critical
                                     : mode == QLatin1String("warning") ? ThresholdLevel::Warning
                                                                        : ThresholdLevel::Ok;
        if (mode == QLatin1String("custom"))
            approximated(indexPath(path, i),
                         QStringLiteral("custom threshold colours are shown as green"));
        (str(t, "op") == QLatin1String("lt") ? below : above).steps.push_back({*value, level});
    }
    auto sorted = [](Thresholds t) {
        std::stable_sort(
            t.steps.begin(), t.steps.end(),
            [](const ThresholdStep &a, const ThresholdStep &b) { return a.value < b.value; });
        return t;
    };
    if (!above.steps.empty() && !below.steps.empty())
        approximated(path, QStringLiteral("thresholds in both directions (gt and lt); only the "
                                          "gt thresholds are kept"));
    return sorted(above.steps.empty() ? below : above);
}

std::vector<ValueMapping> Importer::mappingsOf(const QJsonArray &list, const QString &path)
{
    std::vector<ValueMapping> out;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString mPath = indexPath(path, i);
        const QJsonObject entry = list.at(i).toObject();
        const QJsonValue type = entry.value(QLatin1String("type"));
        const QJsonObject options = obj(entry, "options");
        auto make = [&](ValueMapping m, const QJsonObject &result) {
            m.text = str(result, "text");
            const QString color = str(result, "color");
            if (!color.isEmpty()) {
                m.color = grafanaColor(color).value_or(QString());
                bool exact = true;
                const ThresholdLevel level = colorLevel(color, &exact);
                if (exact)
                    m.level = level;
                else
                    approximated(mPath, QStringLiteral("colour \"%1\" of a value mapping has no "
                                                       "traffic-light meaning; not shown")
                                            .arg(color));
            }
            out.push_back(std::move(m));
        };
        if (type == QJsonValue(QStringLiteral("value"))) {
            // One entry per value, in the order Grafana lists them ("index").
            std::vector<std::pair<int, QString>> keys;
            for (auto it = options.begin(); it != options.end(); ++it)
                keys.emplace_back(it.value().toObject().value(QLatin1String("index")).toInt(),
                                  it.key());
            std::stable_sort(keys.begin(), keys.end());
            for (const auto &[index, key] : keys) {
                Q_UNUSED(index);
                ValueMapping m;
                m.kind = ValueMapping::Kind::Value;
                m.value = key;
                make(m, options.value(key).toObject());
            }
        } else if (type == QJsonValue(QStringLiteral("range"))) {
            ValueMapping m;
            m.kind = ValueMapping::Kind::Range;
            m.from = numberOf(options.value(QLatin1String("from")));
            m.to = numberOf(options.value(QLatin1String("to")));
            make(m, obj(options, "result"));
        } else if (type == QJsonValue(QStringLiteral("regex"))) {
            ValueMapping m;
            m.kind = ValueMapping::Kind::Regex;
            m.value = str(options, "pattern");
            make(m, obj(options, "result"));
        } else if (type == QJsonValue(QStringLiteral("special"))) {
            ValueMapping m;
            m.kind = ValueMapping::Kind::Special;
            const QString match = str(options, "match");
            static const std::pair<const char *, ValueMapping::Special> specials[] = {
                {"null", ValueMapping::Special::Null},
                {"nan", ValueMapping::Special::NaN},
                {"null+nan", ValueMapping::Special::NullOrNaN},
                {"true", ValueMapping::Special::True},
                {"false", ValueMapping::Special::False},
                {"empty", ValueMapping::Special::Empty}};
            bool known = false;
            for (const auto &[name, special] : specials) {
                if (match == QLatin1String(name)) {
                    m.special = special;
                    known = true;
                }
            }
            if (!known) {
                skipped(mPath,
                        QStringLiteral("special value mapping \"%1\" is not supported").arg(match));
                continue;
            }
            make(m, obj(options, "result"));
        } else if (type.toInt() == 1 || type.toInt() == 2) {
            // Grafana 7's form: {type: 1, value, text} and {type: 2, from, to, text}.
            ValueMapping m;
            m.kind = type.toInt() == 1 ? ValueMapping::Kind::Value : ValueMapping::Kind::Range;
            m.value = str(entry, "value");
            if (type.toInt() == 1 && m.value == QLatin1String("null")) {
                m.kind = ValueMapping::Kind::Special;
                m.special = ValueMapping::Special::Null;
            }
            m.from = numberOf(entry.value(QLatin1String("from")));
            m.to = numberOf(entry.value(QLatin1String("to")));
            make(m, entry);
        } else {
            skipped(mPath, QStringLiteral("value mapping of type %1 is not supported")
                               .arg(type.toVariant().toString()));
        }
    }
    return out;
}

void Importer::readFieldConfig(const QJsonObject &p, const QString &path, const QString &what,
                               Panel &out)
{
    Q_UNUSED(what);
    const QString type = str(p, "type");
    // Field config: units, bounds, thresholds (Grafana 7+ panels).
    const QJsonObject fieldConfig = obj(p, "fieldConfig");
    const QJsonObject defaults = obj(fieldConfig, "defaults");
    const QString fcPath = joinPath(path, QStringLiteral("fieldConfig.defaults"));
    if (defaults.contains(QLatin1String("unit")))
        out.unit = unitOf(str(defaults, "unit"), joinPath(fcPath, QStringLiteral("unit")));
    out.min = numberOf(defaults.value(QLatin1String("min")));
    out.max = numberOf(defaults.value(QLatin1String("max")));
    const QJsonObject thresholds = obj(defaults, "thresholds");
    if (!thresholds.isEmpty()) {
        const QString tPath = joinPath(fcPath, QStringLiteral("thresholds"));
        // Percentage steps are placed between the panel's min and max (Grafana's
        // (value - min) / (max - min)); without them, between 0 and 100.
        const bool percentage = str(thresholds, "mode") == QLatin1String("percentage");
        const double lo = out.min.value_or(0);
        const double hi = out.max.value_or(100);
        if (percentage && (!out.min || !out.max))
            approximated(tPath, QStringLiteral("percentage thresholds without the panel's min "
                                               "and max are placed between 0 and 100, not "
                                               "between the data's lowest and highest values"));
        std::vector<GrafanaStep> steps;
        for (const QJsonValue &s : arr(thresholds, "steps")) {
            const QJsonObject step = s.toObject();
            std::optional<double> value = numberOf(step.value(QLatin1String("value")));
            if (value && percentage)
                value = lo + *value / 100.0 * (hi - lo);
            steps.push_back({value, str(step, "color")});
        }
        out.thresholds = thresholdsOf(steps, joinPath(tPath, QStringLiteral("steps")));
    }
    const QString stacking = str(obj(obj(defaults, "custom"), "stacking"), "mode");
    if (stacking == QLatin1String("normal")) {
        out.stacked = true;
    } else if (stacking == QLatin1String("percent")) {
        out.stacked = true;
        out.stackPercent = true;
    }
    out.mappings =
        mappingsOf(arr(defaults, "mappings"), joinPath(fcPath, QStringLiteral("mappings")));
    readFieldOverrides(arr(fieldConfig, "overrides"),
                       joinPath(path, QStringLiteral("fieldConfig.overrides")), out);

    // The graph panel (Grafana <= 7, still loaded by 9-12) keeps units on its y axes.
    if (type == QLatin1String("graph")) {
        const QJsonObject left = p.value(QLatin1String("yaxes")).toArray().at(0).toObject();
        if (out.unit.isEmpty() && left.contains(QLatin1String("format")))
            out.unit =
                unitOf(str(left, "format"), joinPath(path, QStringLiteral("yaxes[0].format")));
        const bool fieldMin = out.min.has_value(), fieldMax = out.max.has_value();
        if (!out.min)
            out.min = numberOf(left.value(QLatin1String("min")));
        if (!out.max)
            out.max = numberOf(left.value(QLatin1String("max")));
        if (p.value(QLatin1String("stack")).toBool()) {
            out.stacked = true;
            out.stackPercent = p.value(QLatin1String("percentage")).toBool();
            // The graph panel's percentage mode stacks shares of 0–100 and its axis bounds are
            // on that scale ("max": "100" in Node Exporter Full's CPU Basic); Vitals draws the
            // shares 0–1 in percentunit, so the bounds follow.
            if (out.stackPercent) {
                if (out.min && !fieldMin)
                    out.min = *out.min / 100.0;
                if (out.max && !fieldMax)
                    out.max = *out.max / 100.0;
            }
        }
        if (out.thresholds.isEmpty())
            out.thresholds =
                graphThresholds(arr(p, "thresholds"), joinPath(path, QStringLiteral("thresholds")));
        readSeriesOverrides(arr(p, "seriesOverrides"),
                            joinPath(path, QStringLiteral("seriesOverrides")), out);
        // Series on the second y axis are labelled in its unit.
        const QJsonObject right = p.value(QLatin1String("yaxes")).toArray().at(1).toObject();
        if (right.contains(QLatin1String("format")))
            for (SeriesOverride &o : out.overrides)
                if (o.style.rightAxis.value_or(false) && !o.style.unit)
                    o.style.unit = unitOf(str(right, "format"),
                                          joinPath(path, QStringLiteral("yaxes[1].format")));
    }
    if (type == QLatin1String("singlestat")) {
        if (out.unit.isEmpty() && p.contains(QLatin1String("format")))
            out.unit = unitOf(str(p, "format"), joinPath(path, QStringLiteral("format")));
        const QStringList values = str(p, "thresholds").split(QLatin1Char(','), Qt::SkipEmptyParts);
        const QJsonArray colors = arr(p, "colors");
        if (!values.isEmpty() && out.thresholds.isEmpty()) {
            std::vector<GrafanaStep> steps{{std::nullopt, colors.at(0).toString()}};
            for (qsizetype i = 0; i < values.size(); ++i) {
                bool ok = false;
                const double d = values.at(i).trimmed().toDouble(&ok);
                if (ok && std::isfinite(d))
                    steps.push_back({d, colors.at(i + 1).toString(i == 0 ? QStringLiteral("orange")
                                                                         : QStringLiteral("red"))});
            }
            if (colors.isEmpty())
                steps.front().color = QStringLiteral("green");
            out.thresholds = thresholdsOf(steps, joinPath(path, QStringLiteral("thresholds")));
        }
    }
}

} // namespace vitals::dashboard::grafana

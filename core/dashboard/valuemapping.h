#pragma once

#include <QJsonArray>
#include <QString>

#include <optional>
#include <vector>

// Value mappings: a value shown as a text (and a colour) instead of its number, as Grafana's
// fieldConfig.defaults.mappings: by exact value, by range, by regex on the value's text, or for
// special values (null, NaN, true, false, empty text). Plain value types, pure functions,
// thread-safe. Imported by grafanaimport_fields.cpp, saved in dashboard files ("mappings"),
// applied where stat tiles and tables format a value.
namespace vitals::dashboard {

enum class ThresholdLevel; // dashboard.h

struct ValueMapping {
    enum class Kind { Value, Range, Regex, Special };
    enum class Special { Null, NaN, NullOrNaN, True, False, Empty };
    Kind kind = Kind::Value;
    QString value;              // Value: the value as text ("0", "1", "up"); Regex: the pattern
    std::optional<double> from; // Range: inclusive bounds; unset = open
    std::optional<double> to;
    Special special = Special::Null;
    QString text;                        // shown instead of the value; empty = the formatted value
    QString color;                       // "#rrggbb" as Grafana resolves it; empty = none
    std::optional<ThresholdLevel> level; // the colour as a traffic-light level, if it has one

    bool operator==(const ValueMapping &) const = default;
};

struct MappedValue {
    QString text; // empty = show the formatted value
    QString color;
    std::optional<ThresholdLevel> level;
};

// The first mapping that applies to a number (NaN is NaN, and null for Null/NullOrNaN: Prometheus
// has no other null), or nullopt. A Value mapping compares the number written as JavaScript's
// String() does ("1", "0.5"); true/false are 1 and 0.
std::optional<MappedValue> mapValue(const std::vector<ValueMapping> &mappings, double value);
// The same for a text (a table cell of labels): Value and Regex mappings and Empty.
std::optional<MappedValue> mapText(const std::vector<ValueMapping> &mappings, const QString &text);

QJsonArray mappingsToJson(const std::vector<ValueMapping> &mappings);
std::optional<std::vector<ValueMapping>> mappingsFromJson(const QJsonArray &json, QString *error);

} // namespace vitals::dashboard

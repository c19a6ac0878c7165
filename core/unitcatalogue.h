#pragma once

#include <QString>

#include <vector>

// Grafana's unit catalogue as one table: every unit id a Grafana panel may name (fieldConfig
// "unit", graph "yaxes[].format", singlestat "format") with how its values are written. The ids,
// scale steps and symbols follow Grafana's valueFormats categories (packages/grafana-data/src/
// valueFormats/categories.ts); digits follow Vitals (about three significant digits, no trailing
// zeros) where Grafana picks decimals per value. Used by core/units.h format(); pure data,
// thread-safe.
namespace vitals::units {

enum class UnitFamily {
    Number,   // Vitals plain number: 1.2k, 3.4M ("" and "short")
    Duration, // a time: factor = seconds per unit; written ns, µs, ms, s, min, h
    Clock,    // a time as a clock: factor = seconds per unit; "01h:02m:03s:000ms"
    Percent,  // factor = 100 for a 0–1 ratio, 1 for percent
    Metric,   // SI prefixes up and down from `offset` (n µ m · k M G …): watt, volt, hertz
    Decimal,  // SI prefixes up only, from `offset`: decbytes, bps, Bps, pps
    Binary,   // IEC prefixes up only, from `offset` (Ki Mi Gi …): bytes, bits, kbytes, KiBs
    Count,    // K, M, B, T, then the symbol: "1.5K ops"
    Fixed,    // the value, a space, the symbol: "25 °C"
    Prefix,   // the symbol, then the value: "$25"
    Boolean,  // symbol "Yes|No": the first for a non-zero value, the second for zero
    Requests, // Vitals requests per second: "1.23k req/s"
};

struct UnitSpec {
    const char *id; // as Grafana names it ("Bps", "µs", "bool_yes_no")
    UnitFamily family;
    double factor;        // Duration/Clock: seconds per unit; Percent: multiplier; else 1
    int offset;           // Metric/Decimal/Binary: prefix step of the unit (kbytes 1, mwatt -1)
    const char *symbol;   // UTF-8: "B", "B/s", "°C", "ops"; Boolean: "Yes|No"
    const char *category; // Grafana's category: "Data (IEC)", "Throughput", ...
};

// The whole catalogue, in Grafana's category order.
const std::vector<UnitSpec> &unitCatalogue();

// The catalogue entry of an id (exact, case-sensitive), or nullptr.
const UnitSpec *findUnitSpec(const QString &id);

// How a unit name is written: its catalogue entry, a custom unit ("suffix:X" → Fixed,
// "prefix:X" → Prefix, "si:X" → Metric with the SI prefix of X's first letter, "count:X" →
// Count), or, for any other name, Fixed with the name as symbol (Grafana's rule for unknown ids).
// `known` says whether the name was one of the first two kinds.
struct ResolvedUnit {
    UnitFamily family = UnitFamily::Number;
    double factor = 1.0;
    int offset = 0;
    QString symbol;
    bool known = true;
};
ResolvedUnit resolveUnit(const QString &name);

// True for a catalogue id or a custom unit; what the dashboard file format accepts.
bool isKnownUnit(const QString &name);

} // namespace vitals::units

#pragma once

#include <QString>

// Formatting of measured values for people: the console's axes, tiles and tooltips all go
// through these, so a value reads the same everywhere. Pure functions, thread-safe.
namespace vitals::units {

// The unit a panel's values are in. The names match the dashboard file format.
enum class Unit {
    None,        // plain number, SI-prefixed when large (1.2k, 3.4M)
    Seconds,     // durations: ns, µs, ms, s, min, h
    Percent,     // value already in percent (0–100)
    PercentUnit, // ratio 0–1, shown as percent
    Bytes,       // IEC: B, KiB, MiB, GiB, TiB
    RequestsPerSecond,
};

// Parses a unit name ("s", "seconds", "percent", "percentunit", "bytes", "reqps", "short", "")
// as used in dashboard files and Grafana's fieldConfig. Unknown names give Unit::None.
Unit unitFromName(const QString &name);

// Formats a value with the given unit, with about `precision` significant digits.
// NaN shows as "NaN", infinities as "+Inf"/"-Inf".
QString format(double value, Unit unit, int precision = 3);

// The unit a metric's values are in, from Prometheus naming conventions: "_seconds", "latency"
// or "duration" → Seconds, "_bytes" → Bytes, "ratio" → PercentUnit, anything else None. Works on
// recording-rule names too ("job:error_ratio:rate1m").
Unit unitFromMetricName(const QString &metric);

QString formatDuration(double seconds, int precision = 3);
QString formatBytes(double bytes, int precision = 3);
QString formatPercent(double percent, int precision = 3);
QString formatNumber(double value, int precision = 3);

// Parses a Prometheus-style duration ("15m", "1h30m", "500ms", "7d", "2w") into milliseconds.
// Returns -1 on malformed input.
qint64 parseDurationMs(const QString &text);

// Formats milliseconds back as the shortest Prometheus duration ("90000" -> "1m30s").
QString durationString(qint64 ms);

} // namespace vitals::units

#pragma once

#include <QString>

// Formatting of measured values for people: the console's axes, tiles and tooltips all go
// through these, so a value reads the same everywhere. Pure functions, thread-safe.
namespace vitals::units {

// The unit a panel's values are in: an id of Grafana's unit catalogue ("ms", "decbytes", "Bps",
// "reqps", "celsius", "bool_yes_no", ...; see unitcatalogue.h), a custom unit ("suffix:req",
// "prefix:$", "si:mW", "count:jobs") or any other name, which is shown after the value as Grafana
// does. A plain value type: copy it, compare it with ==.
// The Vitals unit names used before the catalogue are kept as constants: Unit::Seconds is "s",
// Unit::Bytes "bytes" (IEC), Unit::RequestsPerSecond "reqps", Unit::None a plain number.
class Unit
{
public:
    enum Kind {
        None,        // plain number, SI-prefixed when large (1.2k, 3.4M)
        Seconds,     // durations: ns, µs, ms, s, min, h
        Percent,     // value already in percent (0–100)
        PercentUnit, // ratio 0–1, shown as percent
        Bytes,       // IEC: B, KiB, MiB, GiB, TiB
        RequestsPerSecond,
    };
    Unit(Kind kind = None); // NOLINT: implicit, so Unit::Seconds reads as a Unit
    // A unit by its exact catalogue id or custom form; "" is None.
    static Unit named(const QString &id);

    const QString &name() const { return m_name; } // "" for None
    // The legacy kind the unit is, for code that switches on it (switch (unit) {...}): the
    // five named units, None for every other catalogue unit (ms, decbytes, ...).
    Kind kind() const;
    operator Kind() const { return kind(); } // NOLINT: implicit, for switch statements
    bool operator==(const Unit &) const = default;
    bool operator==(Kind other) const { return *this == Unit(other); }

private:
    QString m_name;
};

// Parses a unit name as used in dashboard files and Grafana's fieldConfig: catalogue ids as
// Grafana spells them (case matters: "Bps" is bytes/s, "bps" bits/s), custom units, and the
// Vitals aliases "seconds", "%", "req/s"; "", "none" and "short" give Unit::None. Any other name
// is kept, and format() writes it after the value.
Unit unitFromName(const QString &name);

// Formats a value with the given unit, with about `precision` significant digits, choosing the
// prefix or time unit as Grafana does (1500 ms → "1.5 s", 1500 decbytes → "1.5 kB",
// 2048 bytes → "2 KiB", 1500 ops → "1.5K ops", 1 with bool_yes_no → "Yes").
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

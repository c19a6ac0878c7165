#pragma once

#include "core/units.h"

#include <QString>

#include <optional>

// Values typed by people in a panel's unit, such as a threshold of "50 ms" on a latency panel
// (stored as 0.05, the seconds the query returns) or "20 %" on a ratio panel (stored as 0.2).
// Pure functions, thread-safe.
namespace vitals::units {

// `value` (in the unit's base: seconds, ratio 0–1 for PercentUnit, bytes, …) as a person would
// type it, exact to six significant digits: 0.05 s → "50 ms", 0.2 percentunit → "20 %",
// 1536 bytes → "1.5 KiB", 2500 (None) → "2500". NaN and infinities give an empty text.
QString formatForInput(double value, Unit unit);

struct ParsedInput {
    std::optional<double> value; // in the unit's base; empty when the text does not parse
    QString error;               // why not, in words, with an example
};

// Reads a number with an optional unit suffix, spaces allowed between them, decimal point or
// comma:
//  - Seconds: ns, µs (us), ms, s, m (min), h, d; a bare number other than 0 is refused ("50 ms
//    or 0.05 s?" is not guessed);
//  - Percent and PercentUnit: "%" optional, the number is in percent (20 → 0.2 for PercentUnit);
//  - Bytes: B, KiB, MiB, GiB, TiB (K/KB, M/MB… read as the same binary multiples);
//  - RequestsPerSecond: "req/s" optional; None: k, M, G optional.
// Empty text is an error too.
ParsedInput parseInput(const QString &text, Unit unit);

} // namespace vitals::units

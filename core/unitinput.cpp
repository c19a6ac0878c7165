#include "core/unitinput.h"

#include <QRegularExpression>

#include <cmath>
#include <vector>

namespace vitals::units {

namespace {

struct Suffix {
    const char *text; // as written after the number; the first of a unit is the one shown
    double factor;    // base units per one of these
};

const std::vector<Suffix> &suffixes(Unit unit)
{
    static const std::vector<Suffix> seconds = {{"ns", 1e-9}, {"µs", 1e-6}, {"us", 1e-6},
                                                {"ms", 1e-3}, {"s", 1},     {"min", 60},
                                                {"m", 60},    {"h", 3600},  {"d", 86400}};
    static const std::vector<Suffix> percent = {{"%", 1}};
    static const std::vector<Suffix> percentUnit = {{"%", 0.01}};
    static const std::vector<Suffix> bytes = {
        {"B", 1},         {"KiB", 1024.0}, {"KB", 1024.0},           {"K", 1024.0},
        {"MiB", 1 << 20}, {"MB", 1 << 20}, {"M", 1 << 20},           {"GiB", 1 << 30},
        {"GB", 1 << 30},  {"G", 1 << 30},  {"TiB", 1099511627776.0}, {"TB", 1099511627776.0}};
    static const std::vector<Suffix> reqps = {{"req/s", 1}};
    static const std::vector<Suffix> plain = {{"k", 1e3}, {"M", 1e6}, {"G", 1e9}};
    switch (unit) {
    case Unit::Seconds:
        return seconds;
    case Unit::Percent:
        return percent;
    case Unit::PercentUnit:
        return percentUnit;
    case Unit::Bytes:
        return bytes;
    case Unit::RequestsPerSecond:
        return reqps;
    case Unit::None:
        break;
    }
    return plain;
}

// Six significant digits without trailing zeros: 50.0000 → "50", 0.125 → "0.125".
QString number(double value)
{
    return QString::number(value, 'g', 6);
}

QString example(Unit unit)
{
    switch (unit) {
    case Unit::Seconds:
        return QStringLiteral("50 ms, 1.5 s or 2 min");
    case Unit::Percent:
    case Unit::PercentUnit:
        return QStringLiteral("20 %");
    case Unit::Bytes:
        return QStringLiteral("512 MiB");
    case Unit::RequestsPerSecond:
        return QStringLiteral("25 req/s");
    case Unit::None:
        break;
    }
    return QStringLiteral("0.5 or 2k");
}

} // namespace

QString formatForInput(double value, Unit unit)
{
    if (!std::isfinite(value))
        return {};
    switch (unit) {
    case Unit::Percent:
        return number(value) + QStringLiteral(" %");
    case Unit::PercentUnit:
        // Through a decimal text, so 0.07 reads "7 %", not "7.000000000000001 %".
        return number(QString::number(value * 100.0, 'g', 12).toDouble()) + QStringLiteral(" %");
    case Unit::RequestsPerSecond:
        return number(value) + QStringLiteral(" req/s");
    case Unit::None:
        return number(value);
    case Unit::Seconds:
    case Unit::Bytes:
        break;
    }
    if (value == 0.0)
        return unit == Unit::Seconds ? QStringLiteral("0 s") : QStringLiteral("0 B");
    // The largest multiple that keeps the number at 1 or more (0.05 s → 50 ms, 90 s → 1.5 min).
    const std::vector<std::pair<const char *, double>> scales =
        unit == Unit::Seconds
            ? std::vector<std::pair<const char *, double>>{{"d", 86400}, {"h", 3600},  {"min", 60},
                                                           {"s", 1},     {"ms", 1e-3}, {"µs", 1e-6},
                                                           {"ns", 1e-9}}
            : std::vector<std::pair<const char *, double>>{{"TiB", 1099511627776.0},
                                                           {"GiB", 1 << 30},
                                                           {"MiB", 1 << 20},
                                                           {"KiB", 1024.0},
                                                           {"B", 1}};
    for (const auto &[suffix, factor] : scales) {
        const double scaled = std::abs(value) / factor;
        // Whole minutes, hours and days only: 90 s stays "90 s", which reads better than 1.5 min.
        const bool coarse = factor >= 60 && unit == Unit::Seconds;
        if (scaled >= 1.0 && (!coarse || std::abs(scaled - std::round(scaled)) < 1e-9))
            return number(QString::number(value / factor, 'g', 12).toDouble()) + u' '
                   + QString::fromUtf8(suffix);
    }
    const auto &[suffix, factor] = scales.back();
    return number(value / factor) + u' ' + QString::fromUtf8(suffix);
}

ParsedInput parseInput(const QString &text, Unit unit)
{
    static const QRegularExpression re(
        QStringLiteral("^\\s*([+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?)\\s*"
                       "(\\S*)\\s*$"));
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {std::nullopt, QStringLiteral("Enter a value, e.g. %1.").arg(example(unit))};
    const auto m = re.match(trimmed);
    if (!m.hasMatch())
        return {std::nullopt, QStringLiteral("“%1” is not a number with a unit, e.g. %2.")
                                  .arg(trimmed, example(unit))};
    QString digits = m.captured(1);
    digits.replace(QLatin1Char(','), QLatin1Char('.'));
    bool ok = false;
    const double value = digits.toDouble(&ok);
    if (!ok)
        return {std::nullopt, QStringLiteral("“%1” is not a number.").arg(m.captured(1))};
    const QString suffix = m.captured(2);
    if (suffix.isEmpty()) {
        switch (unit) {
        case Unit::Seconds:
            if (value != 0.0)
                return {std::nullopt,
                        QStringLiteral("Say which unit “%1” is in, e.g. %1 ms or %1 s.")
                            .arg(m.captured(1))};
            return {0.0, {}};
        case Unit::PercentUnit:
            return {value / 100.0, {}};
        case Unit::Percent:
        case Unit::Bytes:
        case Unit::RequestsPerSecond:
        case Unit::None:
            return {value, {}};
        }
    }
    for (const Suffix &s : suffixes(unit)) {
        // Byte suffixes are read without regard to case (kib, MB); the others are exact, as "m"
        // (minutes) and "M" (mega) differ.
        const Qt::CaseSensitivity cs =
            unit == Unit::Bytes ? Qt::CaseInsensitive : Qt::CaseSensitive;
        if (suffix.compare(QString::fromUtf8(s.text), cs) == 0)
            return {value * s.factor, {}};
    }
    QStringList known;
    for (const Suffix &s : suffixes(unit))
        known << QString::fromUtf8(s.text);
    return {std::nullopt, QStringLiteral("“%1” is not a unit of this panel; use %2 (e.g. %3).")
                              .arg(suffix, known.join(QStringLiteral(", ")), example(unit))};
}

} // namespace vitals::units

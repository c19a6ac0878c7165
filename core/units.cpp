#include "core/units.h"

#include "core/unitcatalogue.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace vitals::units {

namespace {

QString nonFinite(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
}

// Significant digits, without trailing zeros: 1.50 -> "1.5", 120.0 -> "120".
QString significant(double value, int precision)
{
    if (value == 0.0)
        return QStringLiteral("0");
    // Tiny values (a p-value of 1e-131) in scientific notation, not as a row of zeros.
    if (std::abs(value) < 1e-4)
        return QString::number(value, 'g', precision);
    const int magnitude = int(std::floor(std::log10(std::abs(value))));
    const int decimals = std::max(0, precision - 1 - magnitude);
    QString text = QString::number(value, 'f', decimals);
    if (text.contains(QLatin1Char('.'))) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    if (text == QLatin1String("-0"))
        text = QStringLiteral("0");
    return text;
}

struct Scale {
    double factor;
    const char *suffix;
};

QString scaled(double value, const Scale *scales, std::size_t count, int precision)
{
    const double magnitude = std::abs(value);
    for (std::size_t i = 0; i < count; ++i) {
        // Round first, so 999.96 ms becomes "1 s", not "1000 ms".
        const double v = magnitude / scales[i].factor;
        const double rounded = significant(v, precision).toDouble();
        if (rounded >= 1.0 || i + 1 == count) {
            const QString number = significant(value / scales[i].factor, precision);
            return number + QString::fromUtf8(scales[i].suffix);
        }
    }
    return significant(value, precision);
}

} // namespace

Unit::Unit(Kind kind)
{
    switch (kind) {
    case Seconds:
        m_name = QStringLiteral("s");
        break;
    case Percent:
        m_name = QStringLiteral("percent");
        break;
    case PercentUnit:
        m_name = QStringLiteral("percentunit");
        break;
    case Bytes:
        m_name = QStringLiteral("bytes");
        break;
    case RequestsPerSecond:
        m_name = QStringLiteral("reqps");
        break;
    case None:
        break;
    }
}

Unit::Kind Unit::kind() const
{
    for (Kind k : {Seconds, Percent, PercentUnit, Bytes, RequestsPerSecond}) {
        if (*this == Unit(k))
            return k;
    }
    return None;
}

Unit Unit::named(const QString &id)
{
    Unit unit;
    unit.m_name = id;
    return unit;
}

Unit unitFromName(const QString &name)
{
    const QString n = name.trimmed();
    const QString lower = n.toLower();
    if (n.isEmpty() || n == QLatin1String("none") || n == QLatin1String("short"))
        return Unit::None;
    if (lower == QLatin1String("seconds") || lower == QLatin1String("s"))
        return Unit::Seconds;
    if (n == QLatin1String("%"))
        return Unit::Percent;
    if (lower == QLatin1String("req/s"))
        return Unit::RequestsPerSecond;
    return Unit::named(n);
}

QString formatDuration(double seconds, int precision)
{
    if (!std::isfinite(seconds))
        return nonFinite(seconds);
    if (seconds == 0.0)
        return QStringLiteral("0 s");
    const double magnitude = std::abs(seconds);
    if (magnitude >= 3600.0)
        return significant(seconds / 3600.0, precision) + QStringLiteral(" h");
    if (magnitude >= 60.0)
        return significant(seconds / 60.0, precision) + QStringLiteral(" min");
    static const std::array<Scale, 4> scales{
        {{1.0, " s"}, {1e-3, " ms"}, {1e-6, " µs"}, {1e-9, " ns"}}};
    return scaled(seconds, scales.data(), scales.size(), precision);
}

QString formatBytes(double bytes, int precision)
{
    if (!std::isfinite(bytes))
        return nonFinite(bytes);
    static const std::array<Scale, 6> scales{{{1024.0 * 1024 * 1024 * 1024 * 1024, " PiB"},
                                              {1024.0 * 1024 * 1024 * 1024, " TiB"},
                                              {1024.0 * 1024 * 1024, " GiB"},
                                              {1024.0 * 1024, " MiB"},
                                              {1024.0, " KiB"},
                                              {1.0, " B"}}};
    return scaled(bytes, scales.data(), scales.size(), precision);
}

QString formatPercent(double percent, int precision)
{
    if (!std::isfinite(percent))
        return nonFinite(percent);
    return significant(percent, precision) + QStringLiteral("%");
}

QString formatNumber(double value, int precision)
{
    if (!std::isfinite(value))
        return nonFinite(value);
    static const std::array<Scale, 5> scales{
        {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1.0, ""}}};
    if (std::abs(value) < 1.0)
        return significant(value, precision);
    return scaled(value, scales.data(), scales.size(), precision);
}

Unit unitFromMetricName(const QString &metric)
{
    const QString m = metric.toLower();
    if (m.contains(QLatin1String("_seconds")) || m.contains(QLatin1String("latency"))
        || m.contains(QLatin1String("duration")))
        return Unit::Seconds;
    if (m.contains(QLatin1String("_bytes")))
        return Unit::Bytes;
    if (m.contains(QLatin1String("ratio")))
        return Unit::PercentUnit;
    return Unit::None;
}

namespace {

// "01h:02m:03s:004ms", "02m:03s:004ms", "03s:004ms" or "004ms", as Grafana's clock units write
// a duration.
QString formatClock(double seconds)
{
    const bool negative = seconds < 0;
    const qint64 ms = qint64(std::llround(std::abs(seconds) * 1000.0));
    const qint64 h = ms / 3600000;
    const qint64 m = ms / 60000 % 60;
    const qint64 s = ms / 1000 % 60;
    auto two = [](qint64 v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); };
    const QString millis = QStringLiteral("%1ms").arg(ms % 1000, 3, 10, QLatin1Char('0'));
    QString text;
    if (ms >= 3600000)
        text = two(h) + QStringLiteral("h:") + two(m) + QStringLiteral("m:") + two(s)
               + QStringLiteral("s:") + millis;
    else if (ms >= 60000)
        text = two(m) + QStringLiteral("m:") + two(s) + QStringLiteral("s:") + millis;
    else if (ms >= 1000)
        text = two(s) + QStringLiteral("s:") + millis;
    else
        text = millis;
    return negative ? QStringLiteral("-") + text : text;
}

// Prefixed scales from the largest down to the smallest allowed one: SI (base 1000, prefixes
// f…Y, the unit at `offset`) or IEC (base 1024, Ki…Yi).
QString prefixed(double value, const ResolvedUnit &u, bool binary, bool down, int precision)
{
    static const char *const si[] = {"f", "p", "n", "µ", "m", "",  "k",
                                     "M", "G", "T", "P", "E", "Z", "Y"};
    static const char *const iec[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
    const int base = binary ? 0 : 5; // index of the bare unit
    const int count = binary ? 9 : 14;
    const int start = std::clamp(base + u.offset, 0, count - 1);
    const int lowest = down ? std::min(start, 2) : start; // SI down to nano
    const double step = binary ? 1024.0 : 1000.0;
    std::vector<QByteArray> suffixes;
    std::vector<Scale> scales;
    for (int i = count - 1; i >= lowest; --i)
        suffixes.push_back(" " + QByteArray(binary ? iec[i] : si[i]) + u.symbol.toUtf8());
    for (int i = count - 1, k = 0; i >= lowest; --i, ++k)
        scales.push_back({std::pow(step, i - start), suffixes[std::size_t(k)].constData()});
    if (value == 0.0)
        return QStringLiteral("0") + QString::fromUtf8(suffixes[std::size_t(count - 1 - start)]);
    return scaled(value, scales.data(), scales.size(), precision);
}

} // namespace

QString format(double value, Unit unit, int precision)
{
    if (!std::isfinite(value))
        return nonFinite(value);
    const ResolvedUnit u = resolveUnit(unit.name());
    switch (u.family) {
    case UnitFamily::Number:
        return formatNumber(value, precision);
    case UnitFamily::Duration:
        return formatDuration(value * u.factor, precision);
    case UnitFamily::Clock:
        return formatClock(value * u.factor);
    case UnitFamily::Percent:
        return formatPercent(value * u.factor, precision);
    case UnitFamily::Metric:
        return prefixed(value, u, false, true, precision);
    case UnitFamily::Decimal:
        return prefixed(value, u, false, false, precision);
    case UnitFamily::Binary:
        return prefixed(value, u, true, false, precision);
    case UnitFamily::Count: {
        static const std::array<Scale, 5> scales{
            {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}, {1.0, ""}}};
        const QString number = std::abs(value) < 1.0
                                   ? significant(value, precision)
                                   : scaled(value, scales.data(), scales.size(), precision);
        return number + QLatin1Char(' ') + u.symbol;
    }
    case UnitFamily::Fixed:
        return significant(value, precision) + QLatin1Char(' ') + u.symbol;
    case UnitFamily::Prefix:
        return u.symbol + significant(value, precision);
    case UnitFamily::Boolean:
        return u.symbol.section(QLatin1Char('|'), value != 0.0 ? 0 : 1, value != 0.0 ? 0 : 1);
    case UnitFamily::Requests:
        return formatNumber(value, precision) + QStringLiteral(" req/s");
    }
    return formatNumber(value, precision);
}

qint64 parseDurationMs(const QString &text)
{
    // Prometheus's duration grammar: one or more <number><unit>, units in descending order.
    static const QRegularExpression whole(
        QStringLiteral("^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?"
                       "(?:(\\d+)s)?(?:(\\d+)ms)?$"));
    const QString t = text.trimmed();
    if (t.isEmpty())
        return -1;
    const auto match = whole.match(t);
    if (!match.hasMatch())
        return -1;
    static const std::array<qint64, 7> factors{
        365LL * 86400000, 7LL * 86400000, 86400000, 3600000, 60000, 1000, 1};
    qint64 total = 0;
    for (int i = 0; i < 7; ++i) {
        const QString part = match.captured(i + 1);
        if (part.isEmpty())
            continue;
        bool ok = false;
        const qint64 n = part.toLongLong(&ok);
        if (!ok || n > 1'000'000'000LL)
            return -1;
        total += n * factors[std::size_t(i)];
    }
    return total;
}

QString durationString(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0s");
    static const std::array<std::pair<qint64, const char *>, 6> units{{{7LL * 86400000, "w"},
                                                                       {86400000, "d"},
                                                                       {3600000, "h"},
                                                                       {60000, "m"},
                                                                       {1000, "s"},
                                                                       {1, "ms"}}};
    QString out;
    for (const auto &[factor, suffix] : units) {
        if (ms >= factor) {
            out += QString::number(ms / factor) + QLatin1String(suffix);
            ms %= factor;
        }
    }
    return out;
}

} // namespace vitals::units

#include "core/units.h"

#include <QRegularExpression>

#include <array>
#include <cmath>

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

Unit unitFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("s") || n == QLatin1String("seconds")
        || n == QLatin1String("dtdurations"))
        return Unit::Seconds;
    if (n == QLatin1String("percent") || n == QLatin1String("%"))
        return Unit::Percent;
    if (n == QLatin1String("percentunit"))
        return Unit::PercentUnit;
    if (n == QLatin1String("bytes") || n == QLatin1String("decbytes") || n == QLatin1String("b"))
        return Unit::Bytes;
    if (n == QLatin1String("reqps") || n == QLatin1String("req/s") || n == QLatin1String("rps"))
        return Unit::RequestsPerSecond;
    return Unit::None;
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

QString format(double value, Unit unit, int precision)
{
    switch (unit) {
    case Unit::Seconds:
        return formatDuration(value, precision);
    case Unit::Percent:
        return formatPercent(value, precision);
    case Unit::PercentUnit:
        return std::isfinite(value) ? formatPercent(value * 100.0, precision) : nonFinite(value);
    case Unit::Bytes:
        return formatBytes(value, precision);
    case Unit::RequestsPerSecond:
        return std::isfinite(value) ? formatNumber(value, precision) + QStringLiteral(" req/s")
                                    : nonFinite(value);
    case Unit::None:
        break;
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

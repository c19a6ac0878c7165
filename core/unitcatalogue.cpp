#include "core/unitcatalogue.h"

#include <QHash>

#include <optional>

namespace vitals::units {

namespace {

using F = UnitFamily;

// Grafana's catalogue (valueFormats/categories.ts), the categories and units a Prometheus
// dashboard can use. Currency, date-time and hex formats are not here: their ids fall back to
// "value id", as for any unknown unit.
const std::vector<UnitSpec> kCatalogue{
    // Misc
    {"", F::Number, 1, 0, "", "Misc"},
    {"none", F::Number, 1, 0, "", "Misc"},
    {"short", F::Number, 1, 0, "", "Misc"},
    {"sishort", F::Metric, 1, 0, "", "Misc"},
    {"percent", F::Percent, 1, 0, "%", "Misc"},
    {"percentunit", F::Percent, 100, 0, "%", "Misc"},
    {"humidity", F::Fixed, 1, 0, "%H", "Misc"},
    {"dB", F::Fixed, 1, 0, "dB", "Misc"},
    {"pixel", F::Fixed, 1, 0, "px", "Misc"},
    {"ppm", F::Fixed, 1, 0, "ppm", "Concentration"},
    {"degree", F::Fixed, 1, 0, "°", "Angle"},
    // Data (IEC)
    {"bits", F::Binary, 1, 0, "b", "Data (IEC)"},
    {"bytes", F::Binary, 1, 0, "B", "Data (IEC)"},
    {"kbytes", F::Binary, 1, 1, "B", "Data (IEC)"},
    {"mbytes", F::Binary, 1, 2, "B", "Data (IEC)"},
    {"gbytes", F::Binary, 1, 3, "B", "Data (IEC)"},
    {"tbytes", F::Binary, 1, 4, "B", "Data (IEC)"},
    {"pbytes", F::Binary, 1, 5, "B", "Data (IEC)"},
    // Data (metric)
    {"decbits", F::Decimal, 1, 0, "b", "Data (metric)"},
    {"decbytes", F::Decimal, 1, 0, "B", "Data (metric)"},
    {"deckbytes", F::Decimal, 1, 1, "B", "Data (metric)"},
    {"decmbytes", F::Decimal, 1, 2, "B", "Data (metric)"},
    {"decgbytes", F::Decimal, 1, 3, "B", "Data (metric)"},
    {"dectbytes", F::Decimal, 1, 4, "B", "Data (metric)"},
    {"decpbytes", F::Decimal, 1, 5, "B", "Data (metric)"},
    // Data rate
    {"pps", F::Decimal, 1, 0, "pps", "Data rate"},
    {"bps", F::Decimal, 1, 0, "bps", "Data rate"},
    {"Bps", F::Decimal, 1, 0, "B/s", "Data rate"},
    {"KBs", F::Decimal, 1, 1, "B/s", "Data rate"},
    {"Kbits", F::Decimal, 1, 1, "bps", "Data rate"},
    {"MBs", F::Decimal, 1, 2, "B/s", "Data rate"},
    {"Mbits", F::Decimal, 1, 2, "bps", "Data rate"},
    {"GBs", F::Decimal, 1, 3, "B/s", "Data rate"},
    {"Gbits", F::Decimal, 1, 3, "bps", "Data rate"},
    {"TBs", F::Decimal, 1, 4, "B/s", "Data rate"},
    {"Tbits", F::Decimal, 1, 4, "bps", "Data rate"},
    {"PBs", F::Decimal, 1, 5, "B/s", "Data rate"},
    {"Pbits", F::Decimal, 1, 5, "bps", "Data rate"},
    {"binBps", F::Binary, 1, 0, "B/s", "Data rate"},
    {"binbps", F::Binary, 1, 0, "b/s", "Data rate"},
    {"KiBs", F::Binary, 1, 1, "B/s", "Data rate"},
    {"Kibits", F::Binary, 1, 1, "b/s", "Data rate"},
    {"MiBs", F::Binary, 1, 2, "B/s", "Data rate"},
    {"Mibits", F::Binary, 1, 2, "b/s", "Data rate"},
    {"GiBs", F::Binary, 1, 3, "B/s", "Data rate"},
    {"Gibits", F::Binary, 1, 3, "b/s", "Data rate"},
    {"TiBs", F::Binary, 1, 4, "B/s", "Data rate"},
    {"Tibits", F::Binary, 1, 4, "b/s", "Data rate"},
    {"PiBs", F::Binary, 1, 5, "B/s", "Data rate"},
    {"Pibits", F::Binary, 1, 5, "b/s", "Data rate"},
    // Energy
    {"watt", F::Metric, 1, 0, "W", "Energy"},
    {"kwatt", F::Metric, 1, 1, "W", "Energy"},
    {"megwatt", F::Metric, 1, 2, "W", "Energy"},
    {"gwatt", F::Metric, 1, 3, "W", "Energy"},
    {"mwatt", F::Metric, 1, -1, "W", "Energy"},
    {"Wm2", F::Fixed, 1, 0, "W/m²", "Energy"},
    {"voltamp", F::Metric, 1, 0, "VA", "Energy"},
    {"kvoltamp", F::Metric, 1, 1, "VA", "Energy"},
    {"watth", F::Metric, 1, 0, "Wh", "Energy"},
    {"kwatth", F::Metric, 1, 1, "Wh", "Energy"},
    {"joule", F::Metric, 1, 0, "J", "Energy"},
    {"ev", F::Metric, 1, 0, "eV", "Energy"},
    {"amp", F::Metric, 1, 0, "A", "Energy"},
    {"kamp", F::Metric, 1, 1, "A", "Energy"},
    {"mamp", F::Metric, 1, -1, "A", "Energy"},
    {"volt", F::Metric, 1, 0, "V", "Energy"},
    {"kvolt", F::Metric, 1, 1, "V", "Energy"},
    {"mvolt", F::Metric, 1, -1, "V", "Energy"},
    {"dBm", F::Metric, 1, 0, "dBm", "Energy"},
    {"ohm", F::Metric, 1, 0, "Ω", "Energy"},
    // Rotational speed
    {"rotrpm", F::Fixed, 1, 0, "rpm", "Rotational Speed"},
    {"rothz", F::Metric, 1, 0, "Hz", "Rotational Speed"},
    {"rotrads", F::Fixed, 1, 0, "rad/s", "Rotational Speed"},
    {"rotdegs", F::Fixed, 1, 0, "°/s", "Rotational Speed"},
    // Temperature
    {"celsius", F::Fixed, 1, 0, "°C", "Temperature"},
    {"fahrenheit", F::Fixed, 1, 0, "°F", "Temperature"},
    {"kelvin", F::Fixed, 1, 0, "K", "Temperature"},
    // Time
    {"hertz", F::Metric, 1, 0, "Hz", "Time"},
    {"ns", F::Duration, 1e-9, 0, "", "Time"},
    {"µs", F::Duration, 1e-6, 0, "", "Time"},
    {"us", F::Duration, 1e-6, 0, "", "Time"},
    {"ms", F::Duration, 1e-3, 0, "", "Time"},
    {"s", F::Duration, 1, 0, "", "Time"},
    {"m", F::Duration, 60, 0, "", "Time"},
    {"h", F::Duration, 3600, 0, "", "Time"},
    {"d", F::Duration, 86400, 0, "", "Time"},
    {"dtdurationms", F::Duration, 1e-3, 0, "", "Time"},
    {"dtdurations", F::Duration, 1, 0, "", "Time"},
    {"dthms", F::Clock, 1, 0, "", "Time"},
    {"dtdhms", F::Clock, 1, 0, "", "Time"},
    {"timeticks", F::Duration, 0.01, 0, "", "Time"},
    {"clockms", F::Clock, 1e-3, 0, "", "Time"},
    {"clocks", F::Clock, 1, 0, "", "Time"},
    // Throughput
    {"cps", F::Count, 1, 0, "cps", "Throughput"},
    {"ops", F::Count, 1, 0, "ops", "Throughput"},
    {"reqps", F::Requests, 1, 0, "req/s", "Throughput"},
    {"rps", F::Count, 1, 0, "rps", "Throughput"},
    {"wps", F::Count, 1, 0, "wps", "Throughput"},
    {"iops", F::Count, 1, 0, "iops", "Throughput"},
    {"cpm", F::Count, 1, 0, "cpm", "Throughput"},
    {"opm", F::Count, 1, 0, "opm", "Throughput"},
    {"rpm", F::Count, 1, 0, "rpm", "Throughput"},
    {"wpm", F::Count, 1, 0, "wpm", "Throughput"},
    // Boolean
    {"bool", F::Boolean, 1, 0, "True|False", "Boolean"},
    {"bool_yes_no", F::Boolean, 1, 0, "Yes|No", "Boolean"},
    {"bool_on_off", F::Boolean, 1, 0, "On|Off", "Boolean"},
};

// The SI prefix a letter names, as a step from the unit (k → 1, m → -1); nullopt for none.
std::optional<int> siStep(QChar c)
{
    static const QString letters = QStringLiteral("fpnµm kMGTPEZY");
    if (c == QLatin1Char(' '))
        return std::nullopt;
    if (c == QLatin1Char('u'))
        c = QChar(0x00B5);
    const qsizetype i = letters.indexOf(c);
    return i < 0 ? std::nullopt : std::optional<int>(int(i) - 5);
}

} // namespace

const std::vector<UnitSpec> &unitCatalogue()
{
    return kCatalogue;
}

const UnitSpec *findUnitSpec(const QString &id)
{
    static const QHash<QString, const UnitSpec *> index = [] {
        QHash<QString, const UnitSpec *> out;
        for (const UnitSpec &spec : kCatalogue)
            out.insert(QString::fromUtf8(spec.id), &spec);
        return out;
    }();
    return index.value(id, nullptr);
}

ResolvedUnit resolveUnit(const QString &name)
{
    if (const UnitSpec *spec = findUnitSpec(name))
        return {spec->family, spec->factor, spec->offset, QString::fromUtf8(spec->symbol), true};
    const qsizetype colon = name.indexOf(QLatin1Char(':'));
    if (colon > 0) {
        const QString key = name.left(colon);
        const QString sub = name.mid(colon + 1);
        if (key == QLatin1String("suffix"))
            return {F::Fixed, 1, 0, sub, true};
        if (key == QLatin1String("prefix"))
            return {F::Prefix, 1, 0, sub, true};
        if (key == QLatin1String("count"))
            return {F::Count, 1, 0, sub, true};
        if (key == QLatin1String("si")) {
            // "si:mW" is milliwatts; a lone letter ("si:m") is the symbol itself.
            const std::optional<int> step = sub.size() > 1 ? siStep(sub.at(0)) : std::nullopt;
            if (step)
                return {F::Metric, 1, *step, sub.mid(1), true};
            return {F::Metric, 1, 0, sub, true};
        }
    }
    return {F::Fixed, 1, 0, name, false};
}

bool isKnownUnit(const QString &name)
{
    return resolveUnit(name).known;
}

} // namespace vitals::units

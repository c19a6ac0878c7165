#include "core/unitcatalogue.h"
#include "core/units.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace vitals::units;

namespace {

struct FormatCase {
    double value;
    Unit unit;
    const char *expected;
};

// Expected strings are what an operator should read on an axis or tile: three significant
// digits, the largest unit that keeps the number at or above 1.
const FormatCase kFormatCases[] = {
    {0.000042, Unit::Seconds, "42 µs"},
    {0.00125, Unit::Seconds, "1.25 ms"},
    {0.9999999, Unit::Seconds, "1 s"},
    {0.250, Unit::Seconds, "250 ms"},
    {2.5, Unit::Seconds, "2.5 s"},
    {90, Unit::Seconds, "1.5 min"},
    {7200, Unit::Seconds, "2 h"},
    {3e-9, Unit::Seconds, "3 ns"},
    {0, Unit::Seconds, "0 s"},
    {12.345, Unit::Percent, "12.3%"},
    {0.05, Unit::PercentUnit, "5%"},
    {512, Unit::Bytes, "512 B"},
    {1536, Unit::Bytes, "1.5 KiB"},
    {27.5 * 1024 * 1024, Unit::Bytes, "27.5 MiB"},
    {3.0 * 1024 * 1024 * 1024, Unit::Bytes, "3 GiB"},
    {1234.0, Unit::RequestsPerSecond, "1.23k req/s"},
    {2.0, Unit::RequestsPerSecond, "2 req/s"},
    {0.5, Unit::None, "0.5"},
    {1500000, Unit::None, "1.5M"},
    {-0.004, Unit::Seconds, "-4 ms"},
    {5.148e-131, Unit::None, "5.15e-131"},
    {0.00012, Unit::None, "0.00012"},
};

} // namespace

TEST(Units, FormatsValuesForPeople)
{
    for (const auto &c : kFormatCases)
        EXPECT_EQ(format(c.value, c.unit).toStdString(), c.expected)
            << "value " << c.value << " unit " << c.unit.name().toStdString();
}

TEST(Units, NonFiniteValuesAreNamed)
{
    EXPECT_EQ(format(std::nan(""), Unit::Seconds), QStringLiteral("NaN"));
    EXPECT_EQ(format(std::numeric_limits<double>::infinity(), Unit::Bytes), QStringLiteral("+Inf"));
    EXPECT_EQ(format(-std::numeric_limits<double>::infinity(), Unit::None), QStringLiteral("-Inf"));
}

TEST(Units, UnitNamesFromDashboardsAndGrafana)
{
    EXPECT_EQ(unitFromName(QStringLiteral("s")), Unit::Seconds);
    EXPECT_EQ(unitFromName(QStringLiteral("percentunit")), Unit::PercentUnit);
    EXPECT_EQ(unitFromName(QStringLiteral("bytes")), Unit::Bytes);
    EXPECT_EQ(unitFromName(QStringLiteral("reqps")), Unit::RequestsPerSecond);
    EXPECT_EQ(unitFromName(QStringLiteral("short")), Unit::None);
    EXPECT_EQ(unitFromName(QStringLiteral("none")), Unit::None);
    EXPECT_EQ(unitFromName(QStringLiteral("seconds")), Unit::Seconds);
    EXPECT_EQ(unitFromName(QStringLiteral("req/s")), Unit::RequestsPerSecond);
    // Grafana ids are kept as written, case included: "Bps" is bytes/s, "bps" bits/s.
    EXPECT_EQ(unitFromName(QStringLiteral("Bps")).name(), QStringLiteral("Bps"));
    EXPECT_EQ(unitFromName(QStringLiteral("bps")).name(), QStringLiteral("bps"));
    EXPECT_EQ(unitFromName(QStringLiteral("nonsense")).name(), QStringLiteral("nonsense"));
}

// Grafana's unit catalogue. Each expectation is what Grafana's value formatters
// (packages/grafana-data/src/valueFormats: categories.ts, symbolFormatters.ts,
// dateTimeFormatters.ts, valueFormats.ts) write for the value: the same scale step, prefix and
// symbol, with the separator Grafana puts ("1.5 kB", "1.5K ops", "25 °C", "$5"). Digits differ
// on purpose: Grafana picks decimals per value ("1.50 kB"), Vitals keeps three significant
// digits without trailing zeros ("1.5 kB"), as on every Vitals axis.
const FormatCase kGrafanaCases[] = {
    // Time: toNanoSeconds, toMicroSeconds, toMilliSeconds, toSeconds, toMinutes, toHours
    {1500, Unit::named(QStringLiteral("ns")), "1.5 µs"},
    {250, Unit::named(QStringLiteral("µs")), "250 µs"},
    {1500, Unit::named(QStringLiteral("µs")), "1.5 ms"},
    {12, Unit::named(QStringLiteral("ms")), "12 ms"},
    {1500, Unit::named(QStringLiteral("ms")), "1.5 s"},
    {90000, Unit::named(QStringLiteral("ms")), "1.5 min"},
    {1.5, Unit::named(QStringLiteral("m")), "1.5 min"},
    {2, Unit::named(QStringLiteral("h")), "2 h"},
    {0.5, Unit::named(QStringLiteral("d")), "12 h"},
    {1500, Unit::named(QStringLiteral("dtdurationms")), "1.5 s"},
    // toClockMilliseconds / toClockSeconds: SSSms, ss s:SSS ms, mm m:..., hh h:...
    {5, Unit::named(QStringLiteral("clockms")), "005ms"},
    {4005, Unit::named(QStringLiteral("clockms")), "04s:005ms"},
    {3723.004, Unit::named(QStringLiteral("clocks")), "01h:02m:03s:004ms"},
    // Data (IEC): binaryPrefix, base 1024
    {2048, Unit::named(QStringLiteral("bits")), "2 Kib"},
    {1536, Unit::Bytes, "1.5 KiB"},
    {1536, Unit::named(QStringLiteral("kbytes")), "1.5 MiB"},
    {2, Unit::named(QStringLiteral("gbytes")), "2 GiB"},
    // Data (metric): decimalSIPrefix, base 1000
    {1500, Unit::named(QStringLiteral("decbytes")), "1.5 kB"},
    {2.5e9, Unit::named(QStringLiteral("decbytes")), "2.5 GB"},
    {800, Unit::named(QStringLiteral("decbits")), "800 b"},
    {1500, Unit::named(QStringLiteral("decmbytes")), "1.5 GB"},
    // Data rate
    {1500, Unit::named(QStringLiteral("bps")), "1.5 kbps"},
    {1500, Unit::named(QStringLiteral("Bps")), "1.5 kB/s"},
    {12, Unit::named(QStringLiteral("pps")), "12 pps"},
    {3e6, Unit::named(QStringLiteral("pps")), "3 Mpps"},
    {100, Unit::named(QStringLiteral("Mbits")), "100 Mbps"},
    {2048, Unit::named(QStringLiteral("KiBs")), "2 MiB/s"},
    // Throughput: simpleCountUnit, K M B T then the symbol
    {1500, Unit::named(QStringLiteral("ops")), "1.5K ops"},
    {12, Unit::named(QStringLiteral("ops")), "12 ops"},
    {0.25, Unit::named(QStringLiteral("iops")), "0.25 iops"},
    {2e9, Unit::named(QStringLiteral("wps")), "2B wps"},
    {30, Unit::named(QStringLiteral("opm")), "30 opm"},
    {7, Unit::named(QStringLiteral("cps")), "7 cps"},
    {7, Unit::named(QStringLiteral("rps")), "7 rps"},
    {7, Unit::named(QStringLiteral("rpm")), "7 rpm"},
    // Energy, frequency, temperature
    {1500, Unit::named(QStringLiteral("watt")), "1.5 kW"},
    {0.25, Unit::named(QStringLiteral("watt")), "250 mW"},
    {2e9, Unit::named(QStringLiteral("hertz")), "2 GHz"},
    {23.5, Unit::named(QStringLiteral("celsius")), "23.5 °C"},
    {3000, Unit::named(QStringLiteral("rotrpm")), "3000 rpm"},
    // Percent: toPercent, toPercentUnit
    {12.345, Unit::Percent, "12.3%"},
    {0.5, Unit::PercentUnit, "50%"},
    // Booleans: booleanValueFormatter
    {1, Unit::named(QStringLiteral("bool_yes_no")), "Yes"},
    {0, Unit::named(QStringLiteral("bool_yes_no")), "No"},
    {3, Unit::named(QStringLiteral("bool_on_off")), "On"},
    {0, Unit::named(QStringLiteral("bool")), "False"},
    // Custom units: getValueFormat's suffix:, prefix:, si:, count:
    {5, Unit::named(QStringLiteral("suffix:req")), "5 req"},
    {5, Unit::named(QStringLiteral("prefix:$")), "$5"},
    {1500, Unit::named(QStringLiteral("si:mW")), "1.5 W"},
    {1500, Unit::named(QStringLiteral("count:jobs")), "1.5K jobs"},
    // An unknown id: toFixedUnit(id), the value then the id
    {5, Unit::named(QStringLiteral("furlongs")), "5 furlongs"},
};

TEST(Units, FormatsGrafanaCatalogueAsGrafanaDoes)
{
    for (const auto &c : kGrafanaCases)
        EXPECT_EQ(format(c.value, c.unit).toStdString(), c.expected)
            << "value " << c.value << " unit " << c.unit.name().toStdString();
}

TEST(Units, CatalogueCoversEveryUnitOfTheCorpus)
{
    // Every unit id the Grafana corpus (tests/fixtures/grafana/corpus/) names.
    for (const char *id :
         {"short", "s", "bytes", "percentunit", "pps", "reqps", "none", "ms", "decbytes", "percent",
          "bps", "iops", "Bps", "ops", "celsius", "wps", "opm", "cps"}) {
        EXPECT_TRUE(isKnownUnit(QString::fromUtf8(id))) << id;
    }
    EXPECT_FALSE(isKnownUnit(QStringLiteral("furlongs")));
    EXPECT_TRUE(isKnownUnit(QStringLiteral("suffix:furlongs")));
}

TEST(Units, ParsesPrometheusDurations)
{
    EXPECT_EQ(parseDurationMs(QStringLiteral("15m")), 15 * 60 * 1000);
    EXPECT_EQ(parseDurationMs(QStringLiteral("1h30m")), 90 * 60 * 1000);
    EXPECT_EQ(parseDurationMs(QStringLiteral("500ms")), 500);
    EXPECT_EQ(parseDurationMs(QStringLiteral("7d")), 7LL * 86400 * 1000);
    EXPECT_EQ(parseDurationMs(QStringLiteral("2w")), 14LL * 86400 * 1000);
    EXPECT_EQ(parseDurationMs(QStringLiteral("1m5s")), 65000);
}

TEST(Units, RejectsMalformedDurations)
{
    for (const char *bad : {"", "m", "15", "15x", "-5m", "5m15h", "1.5h", "99999999999h"})
        EXPECT_EQ(parseDurationMs(QString::fromLatin1(bad)), -1) << bad;
}

TEST(Units, DurationStringRoundTrips)
{
    for (qint64 ms : {1000LL, 65000LL, 5400000LL, 86400000LL, 604800000LL, 1500LL})
        EXPECT_EQ(parseDurationMs(durationString(ms)), ms) << ms;
    EXPECT_EQ(durationString(90000), QStringLiteral("1m30s"));
}

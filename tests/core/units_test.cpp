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
            << "value " << c.value << " unit " << int(c.unit);
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
    EXPECT_EQ(unitFromName(QStringLiteral("nonsense")), Unit::None);
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

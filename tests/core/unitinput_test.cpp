#include "core/unitinput.h"

#include <gtest/gtest.h>

using namespace vitals::units;

namespace {

double parsed(const QString &text, Unit unit)
{
    const ParsedInput in = parseInput(text, unit);
    EXPECT_TRUE(in.value.has_value()) << text.toStdString() << ": " << in.error.toStdString();
    return in.value.value_or(-12345);
}

} // namespace

TEST(UnitInput, ShowsSecondsInTheLargestUnitAboveOne)
{
    // The latency panel's amber threshold of the built-in dashboard is 0.05 (seconds).
    EXPECT_EQ(formatForInput(0.05, Unit::Seconds), QStringLiteral("50 ms"));
    EXPECT_EQ(formatForInput(0.25, Unit::Seconds), QStringLiteral("250 ms"));
    EXPECT_EQ(formatForInput(1.5, Unit::Seconds), QStringLiteral("1.5 s"));
    EXPECT_EQ(formatForInput(90, Unit::Seconds), QStringLiteral("90 s"));
    EXPECT_EQ(formatForInput(120, Unit::Seconds), QStringLiteral("2 min"));
    EXPECT_EQ(formatForInput(0.0000025, Unit::Seconds), QStringLiteral("2.5 µs"));
    EXPECT_EQ(formatForInput(0, Unit::Seconds), QStringLiteral("0 s"));
}

TEST(UnitInput, ShowsRatiosAndPercentsInPercent)
{
    EXPECT_EQ(formatForInput(0.2, Unit::PercentUnit), QStringLiteral("20 %"));
    EXPECT_EQ(formatForInput(0.07, Unit::PercentUnit), QStringLiteral("7 %"));
    EXPECT_EQ(formatForInput(0.005, Unit::PercentUnit), QStringLiteral("0.5 %"));
    EXPECT_EQ(formatForInput(85, Unit::Percent), QStringLiteral("85 %"));
}

TEST(UnitInput, ShowsBytesAndPlainNumbers)
{
    EXPECT_EQ(formatForInput(1536, Unit::Bytes), QStringLiteral("1.5 KiB"));
    EXPECT_EQ(formatForInput(512.0 * 1024 * 1024, Unit::Bytes), QStringLiteral("512 MiB"));
    EXPECT_EQ(formatForInput(25, Unit::RequestsPerSecond), QStringLiteral("25 req/s"));
    EXPECT_EQ(formatForInput(0.25, Unit::None), QStringLiteral("0.25"));
    EXPECT_TRUE(formatForInput(qQNaN(), Unit::None).isEmpty());
}

TEST(UnitInput, ReadsSecondsWithTheirUnit)
{
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("50 ms"), Unit::Seconds), 0.05);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("50ms"), Unit::Seconds), 0.05);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral(" 0,25 s "), Unit::Seconds), 0.25);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("2 min"), Unit::Seconds), 120);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("2m"), Unit::Seconds), 120);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("1 h"), Unit::Seconds), 3600);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("300 µs"), Unit::Seconds), 0.0003);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("300 us"), Unit::Seconds), 0.0003);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("0"), Unit::Seconds), 0);
}

TEST(UnitInput, ReadsPercentIntoTheStoredBase)
{
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("20 %"), Unit::PercentUnit), 0.2);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("20%"), Unit::PercentUnit), 0.2);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("20"), Unit::PercentUnit), 0.2);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("85 %"), Unit::Percent), 85);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("1.5 KiB"), Unit::Bytes), 1536);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("2 mb"), Unit::Bytes), 2.0 * 1024 * 1024);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("25 req/s"), Unit::RequestsPerSecond), 25);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("2k"), Unit::None), 2000);
    EXPECT_DOUBLE_EQ(parsed(QStringLiteral("-3"), Unit::None), -3);
}

TEST(UnitInput, EveryShownValueReadsBackTheSame)
{
    const std::pair<double, Unit> cases[] = {
        {0.05, Unit::Seconds}, {0.5, Unit::Seconds},     {90, Unit::Seconds},
        {7200, Unit::Seconds}, {0.2, Unit::PercentUnit}, {0.07, Unit::PercentUnit},
        {99.5, Unit::Percent}, {1536, Unit::Bytes},      {25, Unit::RequestsPerSecond},
        {0.125, Unit::None}};
    for (const auto &[value, unit] : cases) {
        const QString shown = formatForInput(value, unit);
        EXPECT_NEAR(parsed(shown, unit), value, std::abs(value) * 1e-9) << shown.toStdString();
    }
}

TEST(UnitInput, RefusesWhatItCannotReadWithAnExample)
{
    const ParsedInput bare = parseInput(QStringLiteral("50"), Unit::Seconds);
    EXPECT_FALSE(bare.value);
    EXPECT_TRUE(bare.error.contains(QStringLiteral("50 ms"))) << bare.error.toStdString();

    const ParsedInput wrongUnit = parseInput(QStringLiteral("50 kg"), Unit::Seconds);
    EXPECT_FALSE(wrongUnit.value);
    EXPECT_TRUE(wrongUnit.error.contains(QStringLiteral("kg"))) << wrongUnit.error.toStdString();

    EXPECT_FALSE(parseInput(QStringLiteral("fast"), Unit::Seconds).value);
    EXPECT_FALSE(parseInput(QString(), Unit::PercentUnit).value);
    EXPECT_FALSE(parseInput(QStringLiteral("20 ms"), Unit::PercentUnit).value);
}

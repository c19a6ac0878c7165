#include "widgets/timeaxis.h"

#include <QDateTime>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

// 2026-11-30 08:50:43 UTC, an instant off every round minute.
const qint64 kOdd =
    QDateTime(QDate(2026, 11, 30), QTime(8, 50, 43), QTimeZone::utc()).toMSecsSinceEpoch();

} // namespace

TEST(TimeAxis, StepsAreRoundTimes)
{
    // 15 minutes over at most 6 ticks: 2.5 min rough, so every 5 minutes.
    EXPECT_EQ(timeaxis::tickStep(15 * 60'000, 6), 5 * 60'000);
    EXPECT_EQ(timeaxis::tickStep(60'000, 6), 10'000);
    EXPECT_EQ(timeaxis::tickStep(24 * 3600'000LL, 6), 6 * 3600'000LL);
    EXPECT_EQ(timeaxis::tickStep(30 * 24 * 3600'000LL, 6), 7 * 24 * 3600'000LL);
}

TEST(TimeAxis, TicksFallOnRoundMinutesNotOnTheRangeStart)
{
    // The last 15 minutes up to 08:50:43 start at 08:35:43; with a 5-minute step the ticks
    // inside are 08:40, 08:45 and 08:50.
    const auto ticks = timeaxis::ticks(kOdd - 15 * 60'000, kOdd, 6, 0);
    ASSERT_EQ(ticks.size(), 3u);
    EXPECT_EQ(ticks[0].label, QStringLiteral("08:40"));
    EXPECT_EQ(ticks[1].label, QStringLiteral("08:45"));
    EXPECT_EQ(ticks[2].label, QStringLiteral("08:50"));
    for (const auto &t : ticks)
        EXPECT_EQ(t.tMs % 60'000, 0);
}

TEST(TimeAxis, LocalTimeDecidesWhatIsRound)
{
    // At UTC+05:30, a 12-hour step lands on local midnight and noon, not UTC's.
    const auto ticks = timeaxis::ticks(kOdd, kOdd + 2 * 24 * 3600'000LL, 4, 5 * 3600 + 1800);
    ASSERT_FALSE(ticks.empty());
    for (const auto &t : ticks)
        EXPECT_EQ((t.tMs + (5 * 3600 + 1800) * 1000LL) % (12 * 3600'000LL), 0)
            << t.label.toStdString();
    // Over more than a day the date is part of the label ("MM/dd HH:mm", Grafana's format for
    // hours), so no two labels are equal.
    EXPECT_TRUE(ticks[0].label.contains(QLatin1Char('/')));
}

TEST(TimeAxis, ShortSpansShowSeconds)
{
    const auto ticks = timeaxis::ticks(kOdd, kOdd + 30'000, 6, 0);
    ASSERT_FALSE(ticks.empty());
    EXPECT_EQ(ticks[0].label, QStringLiteral("08:50:45"));
}

TEST(TimeAxis, FormatBySpanAsGrafanaDoes)
{
    // Grafana's defaults (UPlotAxisBuilder formatTime): seconds under a minute's step, HH:mm
    // up to a day's span, MM/DD HH:mm for steps under a day beyond, MM/DD for whole days.
    EXPECT_EQ(timeaxis::ticksWithStep(kOdd, kOdd + 60'000, 10'000, 0).front().label,
              QStringLiteral("08:50:50"));
    EXPECT_EQ(timeaxis::ticksWithStep(kOdd, kOdd + 3600'000, 5 * 60'000, 0).front().label,
              QStringLiteral("08:55"));
    EXPECT_EQ(
        timeaxis::ticksWithStep(kOdd, kOdd + 3 * 86400'000LL, 6 * 3600'000LL, 0).front().label,
        QStringLiteral("11/30 12:00"));
    EXPECT_EQ(
        timeaxis::ticksWithStep(kOdd, kOdd + 30 * 86400'000LL, 7 * 86400'000LL, 0).front().label,
        QStringLiteral("12/03"));
}

TEST(TimeAxis, FittingTicksLeaveRoomForEveryLabel)
{
    // Labels measured as 6 px per character plus 8 px padding: "08:40" takes 38 px.
    auto width = [](const QString &label) { return 6.0 * label.size(); };
    // 15 minutes on 240 px: five-minute ticks (3 of them, 60 px slots) fit; two-minute ones
    // (7 ticks, 30 px slots) do not.
    const auto narrow = timeaxis::fittingTicks(kOdd - 15 * 60'000, kOdd, 240, width, 8, 0);
    ASSERT_EQ(narrow.size(), 3u);
    EXPECT_EQ(narrow[0].label, QStringLiteral("08:40"));
    for (std::size_t n : {narrow.size()})
        EXPECT_GE(240.0 / double(n + 1), 38.0);
    // On 1200 px, one-minute ticks.
    const auto wide = timeaxis::fittingTicks(kOdd - 15 * 60'000, kOdd, 1200, width, 8, 0);
    EXPECT_EQ(wide.size(), 15u);
    // No room at all: no ticks rather than cut ones.
    EXPECT_TRUE(timeaxis::fittingTicks(kOdd - 15 * 60'000, kOdd, 30, width, 8, 0).empty());
}

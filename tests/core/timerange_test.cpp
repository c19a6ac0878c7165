#include "core/timerange.h"

#include <gtest/gtest.h>

using vitals::TimeRange;
using vitals::ZoomHistory;

TEST(TimeRange, RelativeRangesFollowTheClock)
{
    const auto r = TimeRange::parse(QStringLiteral("15m"));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->isRelative());
    EXPECT_EQ(r->fromMs(1'000'000'000), 1'000'000'000 - 15 * 60'000);
    EXPECT_EQ(r->toMs(1'000'000'000), 1'000'000'000);
    EXPECT_EQ(r->label(), QStringLiteral("Last 15 minutes"));
    EXPECT_EQ(TimeRange::parse(QStringLiteral("now-6h"))->spanMs(), 6 * 3'600'000);
    EXPECT_EQ(TimeRange::parse(QStringLiteral("-1h"))->spanMs(), 3'600'000);
}

TEST(TimeRange, AbsoluteRangesParseAndRoundTrip)
{
    const auto r = TimeRange::parse(QStringLiteral("2026-11-25T10:00:00Z..2026-11-25T11:00:00Z"));
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->isRelative());
    EXPECT_EQ(r->spanMs(), 3'600'000);
    // 2026-11-25T10:00:00Z = 1795600800 s since the epoch (date -d ... +%s).
    EXPECT_EQ(r->fromMs(0), 1'795'600'800'000);
    EXPECT_EQ(TimeRange::parse(r->toString()), r);
    EXPECT_EQ(TimeRange::parse(TimeRange::last(7LL * 86'400'000).toString())->spanMs(),
              7LL * 86'400'000);
}

TEST(TimeRange, RejectsMalformedText)
{
    for (const char *bad : {"", "soon", "5", "10..10", "a..b", "500ms"})
        EXPECT_FALSE(TimeRange::parse(QString::fromLatin1(bad))) << bad;
}

TEST(TimeRange, ShiftMakesARelativeRangeAbsolute)
{
    const TimeRange r = TimeRange::last(60'000).shifted(-30'000, 1'000'000);
    EXPECT_FALSE(r.isRelative());
    EXPECT_EQ(r.fromMs(0), 1'000'000 - 60'000 - 30'000);
    EXPECT_EQ(r.toMs(0), 1'000'000 - 30'000);
}

TEST(ZoomHistory, BackUndoesZoomsInOrder)
{
    ZoomHistory history;
    EXPECT_FALSE(history.back());
    history.push(TimeRange::last(3'600'000));
    history.push(TimeRange::absolute(1000, 5000));
    EXPECT_EQ(history.back(), TimeRange::absolute(1000, 5000));
    EXPECT_EQ(history.back(), TimeRange::last(3'600'000));
    EXPECT_FALSE(history.canGoBack());
}

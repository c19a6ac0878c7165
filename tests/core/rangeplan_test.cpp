#include "core/prom/rangeplan.h"

#include <gtest/gtest.h>

using namespace vitals::prom;

TEST(RangePlan, StepFromPlotWidthAndScrapeInterval)
{
    // 1 h over 600 px: 6 s per pixel; scrape interval 15 s wins.
    const qint64 end = 1700000000000;
    RangeQuery q = planRange("up", end - 3600000, end, 600, 15000);
    EXPECT_EQ(q.stepMs, 15000);
    // Scrape 1 s: 3600 s / 600 px = 6 s.
    q = planRange("up", end - 3600000, end, 600, 1000);
    EXPECT_EQ(q.stepMs, 6000);
    EXPECT_EQ(q.expr, "up");
}

TEST(RangePlan, AlignedToStep)
{
    const qint64 start = 1700000001234, end = 1700000901999;
    const RangeQuery q = planRange("up", start, end, 100, 1000);
    EXPECT_EQ(q.startMs % q.stepMs, 0);
    EXPECT_EQ(q.endMs % q.stepMs, 0);
    EXPECT_LE(q.startMs, start);
    EXPECT_LE(q.endMs, end);
    EXPECT_GT(q.endMs + q.stepMs, end);
    // A refresh 300 ms later asks for the same grid.
    const RangeQuery later = planRange("up", start + 300, end + 300, 100, 1000);
    EXPECT_EQ(later.stepMs, q.stepMs);
    EXPECT_EQ(later.startMs % later.stepMs, 0);
}

TEST(RangePlan, NeverMoreThan11000Points)
{
    const qint64 end = 1700000000000;
    // 30 days at 1 s scrape on a 4K-wide plot would be 2.6M points.
    for (int width : {100, 3840, 100000}) {
        for (qint64 range : {qint64(60000), qint64(86400000), qint64(30) * 86400000}) {
            const RangeQuery q = planRange("up", end - range, end, width, 1000);
            EXPECT_LE(pointCount(q), kMaxPointsPerSeries) << width << " " << range;
            EXPECT_GE(q.stepMs, 1000);
        }
    }
    const RangeQuery tiny = planRange("up", end - 10, end, 0, 0);
    EXPECT_GE(tiny.stepMs, 1);
    EXPECT_GE(pointCount(tiny), 1);
}

TEST(RangePlan, SwappedBounds)
{
    const RangeQuery q = planRange("up", 2000000, 1000000, 10, 1000);
    EXPECT_LE(q.startMs, q.endMs);
}

TEST(RangePlan, OnePlanGivesTheStepAndTheQueries)
{
    // 2 h over 800 px: 9 s per pixel, above the 5 s scrape interval → step 9 s; start and end
    // rounded down to multiples of 9 s.
    const qint64 from = 1700000000500, to = from + 7'200'000;
    const RangePlan plan(from, to, 800, 5000);
    EXPECT_EQ(plan.stepMs(), 9000);
    EXPECT_EQ(plan.startMs(), from - from % 9000);
    EXPECT_EQ(plan.endMs(), to - to % 9000);
    const RangeQuery a = plan.query(QStringLiteral("up"));
    const RangeQuery b = plan.query(QStringLiteral("sum(up)"));
    EXPECT_EQ(a.expr, QStringLiteral("up"));
    EXPECT_EQ(b.expr, QStringLiteral("sum(up)"));
    for (const RangeQuery &q : {a, b}) {
        EXPECT_EQ(q.stepMs, plan.stepMs());
        EXPECT_EQ(q.startMs, plan.startMs());
        EXPECT_EQ(q.endMs, plan.endMs());
    }
    // planRange() is the same plan.
    const RangeQuery same = planRange(QStringLiteral("up"), from, to, 800, 5000);
    EXPECT_EQ(same.stepMs, a.stepMs);
    EXPECT_EQ(same.startMs, a.startMs);
    EXPECT_EQ(same.endMs, a.endMs);
}

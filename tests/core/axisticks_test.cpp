// Value-axis ticks and labels. Steps follow uPlot's decimal increments (1, 2, 2.5, 5 × 10^n), the
// ones Grafana's time-series panel uses; labels are the console's unit formatting
// (units::format(): "1 GiB" as Grafana's IEC `bytes` unit writes it, "250 ms" as its `s` unit,
// "25%" as `percent`), with the fewest digits that show each tick exactly.

#include "core/series/axisticks.h"

#include <gtest/gtest.h>

using namespace vitals;
using units::Unit;

namespace {

struct Case {
    const char *what;
    double lo, hi;
    Unit unit;
    int maxTicks;
    QStringList labels;
};

} // namespace

TEST(AxisTicks, TableOfRangesAndTheirLabels)
{
    const Case cases[] = {
        // Go's memory gauges: 2.2e9 bytes over five ticks is a rough step of 524 MiB; the
        // next IEC step is 1 GiB, and the axis ends at 3 GiB.
        {"bytes in the billions", 0, 2.2e9, Unit::Bytes, 5, {"0 B", "1 GiB", "2 GiB", "3 GiB"}},
        // 300 MiB of data: steps of 100 MiB (rough 75 MiB).
        {"bytes in MiB",
         0,
         300.0 * 1024 * 1024,
         Unit::Bytes,
         5,
         {"0 B", "100 MiB", "200 MiB", "300 MiB"}},
        // An empty Memory panel: no fractional bytes ("0.75 B" was shown before).
        {"empty bytes", qQNaN(), qQNaN(), Unit::Bytes, 5, {"0 B", "1 B"}},
        // Latency up to 0.9 s: rough 0.225 s, so steps of 0.25 s.
        {"seconds", 0, 0.9, Unit::Seconds, 5, {"0 s", "250 ms", "500 ms", "750 ms", "1 s"}},
        // Five minutes: clock steps (rough 75 s gives 2 min), not 100 s.
        {"minutes", 0, 300, Unit::Seconds, 5, {"0 s", "2 min", "4 min", "6 min"}},
        // Percent within 0–100 ends at 100 %.
        {"percent", 0, 95, Unit::Percent, 5, {"0%", "25%", "50%", "75%", "100%"}},
        {"percent unit", 0, 0.42, Unit::PercentUnit, 6, {"0%", "10%", "20%", "30%", "40%", "50%"}},
        // Plain numbers in the billions are SI-scaled, never cut to "20…".
        {"numbers in the billions", 0, 2.3e10, Unit::None, 5, {"0", "10G", "20G", "30G"}},
        // Steps of 0.1 read 0.1, 0.2, 0.3 (0.30000000000000004 is rounding noise).
        {"tenths", 0, 0.3, Unit::None, 4, {"0", "0.1", "0.2", "0.3"}},
        // Steps of 2.5 need one decimal only where the value has one.
        {"two and a half", 0, 10, Unit::None, 5, {"0", "2.5", "5", "7.5", "10"}},
        // Negative data keeps its sign and its own start.
        {"negative", -3, 4, Unit::None, 5, {"-4", "-2", "0", "2", "4"}},
        // Rare events per second (Prometheus 2.0 Stats' compactions: 0.000417/s at most): rough
        // step 0.000104, so steps of 0.0002, written with an SI prefix like the large numbers.
        {"ten-thousandths", 0, 0.000417, Unit::None, 4, {"0", "200µ", "400µ", "600µ"}},
        // Thousandths take "m" (rough step 0.00116 → 0.002).
        {"thousandths", 0, 0.00347, Unit::None, 4, {"0", "2m", "4m"}},
        // Little room: two ticks.
        {"two ticks", 0, 870, Unit::RequestsPerSecond, 2, {"0 req/s", "1k req/s"}},
    };
    for (const Case &c : cases) {
        const auto ticks = axisticks::valueTicks(c.lo, c.hi, c.unit, c.maxTicks);
        EXPECT_EQ(ticks.labels, c.labels)
            << c.what << ": " << ticks.labels.join(u'|').toStdString();
        EXPECT_LE(ticks.values.size(), std::size_t(c.maxTicks)) << c.what;
        EXPECT_EQ(ticks.values.size(), std::size_t(ticks.labels.size())) << c.what;
        if (std::isfinite(c.lo)) {
            EXPECT_LE(ticks.min, c.lo) << c.what;
            EXPECT_GE(ticks.max, c.hi) << c.what;
        }
    }
}

TEST(AxisTicks, BoundsAreKept)
{
    // A panel with min 0 and max 1 (a ratio) keeps both whatever the data.
    const auto ticks = axisticks::valueTicks(0.2, 0.4, Unit::PercentUnit, 5, 0.0, 1.0);
    EXPECT_DOUBLE_EQ(ticks.min, 0.0);
    EXPECT_DOUBLE_EQ(ticks.max, 1.0);
    EXPECT_EQ(ticks.labels, (QStringList{"0%", "25%", "50%", "75%", "100%"}));
    // CPU above 100 % (several cores) keeps its rounded range.
    EXPECT_DOUBLE_EQ(axisticks::valueTicks(0, 180, Unit::Percent, 5).max, 200.0);
}

TEST(AxisTicks, NeighboursNeverReadTheSame)
{
    // Tick values no nice step would give: the labels get digits until they differ.
    const QStringList labels = axisticks::valueLabels({1.0001, 1.0002, 1.0003}, Unit::None);
    EXPECT_EQ(labels, (QStringList{"1.0001", "1.0002", "1.0003"}));
    EXPECT_EQ(axisticks::valueLabels({1536.0 * 1024 * 1024}, Unit::Bytes), QStringList{"1.5 GiB"});
    // Grafana shows ticks every 250 s as "4.17 min", not to six digits; three digits that keep
    // neighbours apart are enough.
    EXPECT_EQ(axisticks::valueLabels({0.0, 250.0, 500.0, 750.0}, Unit::Seconds),
              (QStringList{"0 s", "4.17 min", "8.33 min", "12.5 min"}));
}

TEST(AxisTicks, NiceStepsTolerateRounding)
{
    EXPECT_DOUBLE_EQ(axisticks::niceStep(25.000000000000004), 25.0);
    EXPECT_DOUBLE_EQ(axisticks::niceStep(26.0), 50.0);
    EXPECT_DOUBLE_EQ(axisticks::niceStep(0.0), 1.0);
    EXPECT_DOUBLE_EQ(axisticks::valueStep(3000.0 * 1024, Unit::Bytes, 4), 1024.0 * 1024);
}

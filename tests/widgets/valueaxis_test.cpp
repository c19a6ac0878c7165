#include "widgets/valueaxis.h"

#include <QCategoryAxis>
#include <QFontMetricsF>

#include <gtest/gtest.h>

using namespace vitals;

TEST(ValueAxis, PercentDataUpToAHundredStopsAtAHundred)
{
    QCategoryAxis axis;
    // 100 * errors / requests when every request failed: a hair over 100 from rounding. The
    // axis used to run to 150 % (a step of 50 chosen for 25.000000000000004).
    valueaxis::fill(&axis, 0.0, 100.00000000000001, units::Unit::Percent, 0.0);
    EXPECT_DOUBLE_EQ(axis.max(), 100.0);
    EXPECT_EQ(axis.categoriesLabels().back(), QStringLiteral("100%"));
    // 0.95 of a whole as a ratio: the axis ends at 100 %, not 125 %.
    valueaxis::fill(&axis, 0.0, 0.95, units::Unit::PercentUnit, 0.0);
    EXPECT_DOUBLE_EQ(axis.max(), 1.0);
    // CPU above 100 % (several cores) keeps its rounded range.
    valueaxis::fill(&axis, 0.0, 180.0, units::Unit::Percent, 0.0);
    EXPECT_DOUBLE_EQ(axis.max(), 200.0);
}

TEST(ValueAxis, TicksFitTheHeightAndTheFont)
{
    QFont font;
    font.setPixelSize(12);
    // A 12 px font is about 14 px tall, 16 with Qt Charts' margins and a pixel of slack; with
    // 8 px of padding each of n + 1 intervals needs about 24 px.
    const int fit = int(120.0 / (QFontMetricsF(font).height() + 2 + 8)) - 1;
    EXPECT_EQ(valueaxis::maxTicks(120.0, font), std::min(fit, 120 / 40 + 1));
    EXPECT_GE(valueaxis::maxTicks(120.0, font), 3);
    // Never fewer than two, never more than one per 40 px.
    EXPECT_EQ(valueaxis::maxTicks(10.0, font), 2);
    EXPECT_EQ(valueaxis::maxTicks(400.0, font), 11);
}

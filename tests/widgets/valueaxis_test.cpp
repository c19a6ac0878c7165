#include "widgets/valueaxis.h"

#include <QCategoryAxis>

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

TEST(ValueAxis, NiceStepsToleratesRounding)
{
    EXPECT_DOUBLE_EQ(valueaxis::niceStep(25.000000000000004), 25.0);
    EXPECT_DOUBLE_EQ(valueaxis::niceStep(26.0), 50.0);
}

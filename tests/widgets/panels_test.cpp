#include "widgets/distributionchart.h"
#include "widgets/panelframe.h"
#include "widgets/timerangepicker.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>

#include <gtest/gtest.h>

using vitals::PanelFrame;
using vitals::TimeRange;
using vitals::TimeRangePicker;

TEST(PanelFrame, ShowsTheServersErrorTextWithItsQuery)
{
    PanelFrame frame(QStringLiteral("Latency"), new QLabel);
    frame.resize(400, 300);
    frame.setLoading();
    EXPECT_EQ(frame.state(), PanelFrame::State::Loading);
    // The text Prometheus 2.42 returns for `rate(foo[5m]` (missing parenthesis).
    frame.setError(QStringLiteral("1:14: parse error: unclosed left parenthesis"),
                   QStringLiteral("rate(foo[5m]"));
    EXPECT_EQ(frame.state(), PanelFrame::State::Error);
    EXPECT_TRUE(frame.message().contains(QStringLiteral("unclosed left parenthesis")));
    EXPECT_TRUE(frame.message().contains(QStringLiteral("rate(foo[5m]")));
    frame.setReady();
    EXPECT_TRUE(frame.message().isEmpty());
}

TEST(PanelFrame, EmptyStateGivesAHint)
{
    PanelFrame frame(QStringLiteral("Throughput"), new QLabel);
    frame.setEmpty(QStringLiteral("Start the local stack from the Stack page."));
    EXPECT_EQ(frame.state(), PanelFrame::State::Empty);
    EXPECT_TRUE(frame.message().contains(QStringLiteral("Stack page")));
}

TEST(TimeRangePicker, PresetsProduceRelativeRanges)
{
    TimeRangePicker picker;
    QSignalSpy spy(&picker, &TimeRangePicker::rangeChanged);
    auto *combo = picker.findChildren<QComboBox *>().at(0);
    const auto spans = TimeRangePicker::presetSpansMs();
    ASSERT_EQ(spans.size(), 6);
    // The presets of the issue: 5m, 15m, 1h, 6h, 24h, 7d.
    EXPECT_EQ(spans[0], 5 * 60'000);
    EXPECT_EQ(spans[5], 7LL * 86'400'000);
    Q_EMIT combo->activated(2);
    ASSERT_EQ(spy.count(), 1);
    const auto range = spy[0][0].value<TimeRange>();
    EXPECT_TRUE(range.isRelative());
    EXPECT_EQ(range.spanMs(), 3'600'000);
    EXPECT_EQ(combo->currentText(), QStringLiteral("Last 1 hour"));
}

TEST(TimeRangePicker, AnAbsoluteRangeIsShownAsAnExtraEntry)
{
    TimeRangePicker picker;
    picker.setRange(TimeRange::absolute(1'000'000, 2'000'000));
    auto *combo = picker.findChildren<QComboBox *>().at(0);
    EXPECT_EQ(combo->count(), 6 + 2); // presets, the zoomed range, Custom…
    EXPECT_EQ(combo->currentText(), TimeRange::absolute(1'000'000, 2'000'000).label());
    picker.setRefreshIntervalMs(5000);
    EXPECT_EQ(picker.refreshIntervalMs(), 5000);
    picker.setRefreshIntervalMs(1234); // not offered: off
    EXPECT_EQ(picker.refreshIntervalMs(), 0);
}

TEST(DistributionChart, KeepsGroupsPerCategory)
{
    vitals::DistributionChart chart;
    chart.setUnit(vitals::units::Unit::PercentUnit);
    chart.setData(
        {QStringLiteral("setosa"), QStringLiteral("versicolor"), QStringLiteral("virginica")},
        {{QStringLiteral("now"), {0.5, 0.3, 0.2}},
         {QStringLiteral("training prior"), {1 / 3.0, 1 / 3.0, 1 / 3.0}}});
    EXPECT_EQ(chart.groupCount(), 2);
    EXPECT_DOUBLE_EQ(chart.value(0, 0), 0.5);
    EXPECT_TRUE(std::isnan(chart.value(2, 0)));
    EXPECT_TRUE(std::isnan(chart.value(0, 3)));
}

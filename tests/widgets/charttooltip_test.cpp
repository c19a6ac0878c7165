// The values tooltip of a chart, driven by real mouse events: it must stay while the mouse rests
// over the plot (issue: it vanished 0.5-0.8 s after the mouse stopped) and go when it leaves.
#include "widgets/timeserieschart.h"

#include <QChartView>
#include <QTest>
#include <QToolTip>

#include <gtest/gtest.h>

using vitals::ChartSeries;
using vitals::TimeSeriesChart;

namespace {

// A list of chart series moved in (a braced list would copy them, and series are move-only).
template<typename... S> std::vector<vitals::ChartSeries> lines(S &&...series)
{
    std::vector<vitals::ChartSeries> list;
    (list.push_back(std::forward<S>(series)), ...);
    return list;
}

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms

// 11 samples, one every 10 s, value 0.01 s × index.
ChartSeries latencyRamp()
{
    ChartSeries s;
    s.name = QStringLiteral("p95");
    for (int i = 0; i <= 10; ++i)
        s.samples.append(kT0 + i * 10'000, 0.01 * i);
    return s;
}

} // namespace

TEST(ChartTooltip, StaysWhileTheMouseRestsOverThePlot)
{
    TimeSeriesChart chart;
    chart.setUnit(vitals::units::Unit::Seconds);
    chart.resize(600, 300);
    chart.setTimeSpan(kT0, kT0 + 100'000);
    chart.setSeries(lines(latencyRamp()));
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.flush();
    auto *view = chart.findChild<QChartView *>();
    ASSERT_NE(view, nullptr);

    // The middle of the plot is 50 s in: the sample there is 0.05 s.
    const QPoint middle = chart.plotArea().center().toPoint();
    QTest::mouseMove(view->viewport(), view->viewport()->mapFrom(&chart, middle));
    ASSERT_TRUE(QToolTip::isVisible());
    EXPECT_TRUE(QToolTip::text().contains(QStringLiteral("50 ms")))
        << QToolTip::text().toStdString();

    // Qt's tooltip wake-up fires about 0.7 s after the mouse stops; 2 s covers it with room.
    QTest::qWait(2000);
    EXPECT_TRUE(QToolTip::isVisible()) << "the tooltip vanished while the mouse rested";
    EXPECT_TRUE(QToolTip::text().contains(QStringLiteral("50 ms")));

    // Leaving the plot hides it (Qt fades a tooltip out over 300 ms).
    QTest::mouseMove(view->viewport(), QPoint(2, 2));
    QTest::qWait(600);
    EXPECT_FALSE(QToolTip::isVisible());
}

TEST(ChartTooltip, SaysWhenAnAlertWasFiring)
{
    TimeSeriesChart chart;
    chart.setTimeSpan(kT0, kT0 + 100'000);
    chart.setSeries(lines(latencyRamp()));
    chart.setShadedSpans({{kT0 + 40'000, kT0 + 60'000}});
    EXPECT_TRUE(chart.tooltipText(kT0 + 50'000).contains(QStringLiteral("alert was firing")));
    EXPECT_FALSE(chart.tooltipText(kT0 + 20'000).contains(QStringLiteral("alert was firing")));
}

// Legend clicks as in Grafana: a plain click isolates a series, Ctrl+click toggles one, and the
// value axis fits what is left visible.
#include "widgets/timeserieschart.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>

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

ChartSeries flat(const QString &name, double value)
{
    ChartSeries s;
    s.name = name;
    for (int i = 0; i <= 10; ++i)
        s.samples.append(kT0 + i * 10'000, value);
    return s;
}

double axisMax(TimeSeriesChart &chart)
{
    chart.flush();
    auto *view = chart.findChild<QChartView *>();
    const auto axes = view->chart()->axes(Qt::Vertical);
    return axes.isEmpty() ? -1 : qobject_cast<QCategoryAxis *>(axes.front())->max();
}

} // namespace

TEST(ChartLegend, CtrlClickTogglesAndTheAxisFitsTheVisibleSeries)
{
    TimeSeriesChart chart;
    chart.resize(600, 300);
    chart.setTimeSpan(kT0, kT0 + 100'000);
    // A small series (3) beside a large one (400): with both shown the axis reaches 400.
    chart.setSeries(lines(flat(QStringLiteral("small"), 3), flat(QStringLiteral("large"), 400)));
    EXPECT_DOUBLE_EQ(axisMax(chart), 400);

    // Ctrl+click hides the large one only; the axis shrinks to the small one (ticks of 1: 3).
    chart.clickLegend(1, Qt::ControlModifier);
    EXPECT_TRUE(chart.isSeriesVisible(0));
    EXPECT_FALSE(chart.isSeriesVisible(1));
    EXPECT_DOUBLE_EQ(axisMax(chart), 3);

    // Ctrl+click again brings it back, and the axis with it.
    chart.clickLegend(1, Qt::ControlModifier);
    EXPECT_TRUE(chart.isSeriesVisible(1));
    EXPECT_DOUBLE_EQ(axisMax(chart), 400);

    // A plain click on the small one isolates it; a second plain click shows all.
    chart.clickLegend(0, Qt::NoModifier);
    EXPECT_FALSE(chart.isSeriesVisible(1));
    EXPECT_DOUBLE_EQ(axisMax(chart), 3);
    chart.clickLegend(0, Qt::NoModifier);
    EXPECT_TRUE(chart.isSeriesVisible(0));
    EXPECT_TRUE(chart.isSeriesVisible(1));
}

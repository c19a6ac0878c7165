#include "widgets/chartdecimation.h"
#include "widgets/timeserieschart.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLegendMarker>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <cmath>

using vitals::ChartSeries;
using vitals::TimeSeriesChart;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;  // an arbitrary fixed instant, Unix ms

ChartSeries ramp(const QString &name, int count, qint64 stepMs, double slope)
{
    ChartSeries s;
    s.name = name;
    for (int i = 0; i < count; ++i) {
        s.t.push_back(kT0 + i * stepMs);
        s.v.push_back(slope * i);
    }
    return s;
}

} // namespace

TEST(ChartDecimation, ExtremesSurviveAndPointsAreBoundedByColumns)
{
    // 1M samples of a flat line with one spike up and one dip down hidden in the middle.
    std::vector<qint64> t(1'000'000);
    std::vector<double> v(1'000'000, 1.0);
    for (std::size_t i = 0; i < t.size(); ++i)
        t[i] = kT0 + qint64(i) * 10;
    v[123'457] = 50.0;
    v[876'543] = -20.0;
    std::vector<std::pair<qint64, double>> kept;
    vitals::decimateMinMax(t, v, t.front(), t.back(), 500,
                           [&](qint64 tt, double vv) { kept.emplace_back(tt, vv); });
    // At most first/min/max/last per column, plus one column of slack at the edges.
    EXPECT_LE(kept.size(), 4u * 501u);
    double hi = -1e9, lo = 1e9;
    for (const auto &[tt, vv] : kept) {
        hi = std::max(hi, vv);
        lo = std::min(lo, vv);
    }
    EXPECT_EQ(hi, 50.0);
    EXPECT_EQ(lo, -20.0);
    EXPECT_EQ(kept.front().first, t.front());
    EXPECT_EQ(kept.back().first, t.back());
    EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
}

TEST(ChartDecimation, SmallSeriesAreKeptWholeWithoutNaN)
{
    std::vector<qint64> t{1, 2, 3, 4};
    std::vector<double> v{1, std::nan(""), 3, 4};
    int count = 0;
    vitals::decimateMinMax(t, v, 1, 4, 100, [&](qint64, double) { ++count; });
    EXPECT_EQ(count, 3);
}

TEST(ChartDecimation, NearestSampleWithinOneInterval)
{
    const std::vector<qint64> t{0, 10'000, 20'000, 30'000};
    EXPECT_EQ(vitals::nearestSample(t, 4'000), 0u);
    EXPECT_EQ(vitals::nearestSample(t, 6'000), 1u);
    EXPECT_EQ(vitals::nearestSample(t, 30'000), 3u);
    EXPECT_EQ(vitals::nearestSample(t, 39'000), 3u);
    EXPECT_FALSE(vitals::nearestSample(t, 90'000));
    EXPECT_FALSE(vitals::nearestSample({}, 0));
}

TEST(TimeSeriesChart, CrosshairLooksUpValuesBetweenSamples)
{
    TimeSeriesChart chart;
    chart.setUnit(vitals::units::Unit::Seconds);
    chart.setTimeSpan(kT0, kT0 + 100'000);
    // Samples every 10 s; values 0, 0.01, 0.02 … seconds.
    chart.setSeries({ramp(QStringLiteral("p95"), 11, 10'000, 0.01),
                     ramp(QStringLiteral("p99"), 11, 10'000, 0.02)});
    chart.flush();
    // 34 s is nearer the sample at 30 s (index 3) than the one at 40 s.
    const auto values = chart.valuesAt(kT0 + 34'000);
    ASSERT_EQ(values.size(), 2u);
    EXPECT_EQ(values[0].t, kT0 + 30'000);
    EXPECT_DOUBLE_EQ(values[0].value, 0.03);
    EXPECT_DOUBLE_EQ(values[1].value, 0.06);
    EXPECT_TRUE(chart.tooltipText(kT0 + 34'000).contains(QStringLiteral("30 ms")));
    chart.setCrosshair(kT0 + 34'000);
    EXPECT_TRUE(chart.hasCrosshair());
}

TEST(TimeSeriesChart, LegendClickHidesAndShowsASeries)
{
    TimeSeriesChart chart;
    chart.resize(600, 300);
    chart.setTimeSpan(kT0, kT0 + 100'000);
    chart.setSeries({ramp(QStringLiteral("2xx"), 11, 10'000, 1), ramp(QStringLiteral("4xx"), 11, 10'000, 2)});
    chart.flush();
    auto *view = chart.findChild<QChartView *>();
    ASSERT_NE(view, nullptr);
    const auto markers = view->chart()->legend()->markers();
    ASSERT_EQ(markers.size(), 2);
    QSignalSpy spy(&chart, &TimeSeriesChart::seriesVisibilityChanged);
    Q_EMIT markers[1]->clicked();
    EXPECT_FALSE(chart.isSeriesVisible(1));
    EXPECT_TRUE(chart.isSeriesVisible(0));
    EXPECT_EQ(spy.count(), 1);
    EXPECT_EQ(chart.valuesAt(kT0 + 50'000).size(), 1u);
    // A refresh with the same names keeps the user's choice.
    chart.setSeries({ramp(QStringLiteral("2xx"), 11, 10'000, 1), ramp(QStringLiteral("4xx"), 11, 10'000, 2)});
    EXPECT_FALSE(chart.isSeriesVisible(1));
    Q_EMIT view->chart()->legend()->markers()[1]->clicked();
    EXPECT_TRUE(chart.isSeriesVisible(1));
}

TEST(TimeSeriesChart, DragSelectsATimeRange)
{
    TimeSeriesChart chart;
    chart.resize(800, 400);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeSpan(kT0, kT0 + 600'000);
    chart.setSeries({ramp(QStringLiteral("rps"), 61, 10'000, 1)});
    chart.flush();
    QSignalSpy spy(&chart, &TimeSeriesChart::rangeSelected);
    auto *view = chart.findChild<QChartView *>();
    const QRectF plot = chart.plotArea();
    ASSERT_GT(plot.width(), 100);
    const QPoint a(int(plot.left() + plot.width() * 0.25), int(plot.center().y()));
    const QPoint b(int(plot.left() + plot.width() * 0.75), int(plot.center().y()));
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, a);
    QTest::mouseMove(view->viewport(), b);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, b);
    ASSERT_EQ(spy.count(), 1);
    const qint64 from = spy[0][0].toLongLong();
    const qint64 to = spy[0][1].toLongLong();
    // A quarter to three quarters of 10 minutes, within a pixel (600 s / plot width).
    const double tolerance = 600'000.0 / plot.width() * 2;
    EXPECT_NEAR(double(from - kT0), 150'000.0, tolerance);
    EXPECT_NEAR(double(to - kT0), 450'000.0, tolerance);
}

TEST(TimeSeriesChart, ShiftDragAndArrowKeysPan)
{
    TimeSeriesChart chart;
    chart.resize(800, 400);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeSpan(kT0, kT0 + 400'000);
    chart.flush();
    QSignalSpy pan(&chart, &TimeSeriesChart::panRequested);
    auto *view = chart.findChild<QChartView *>();
    const QRectF plot = chart.plotArea();
    const QPoint a(int(plot.center().x()), int(plot.center().y()));
    const QPoint b(a.x() + int(plot.width() / 4), a.y());
    QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, a);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, b);
    ASSERT_EQ(pan.count(), 1);
    // Dragging right by a quarter of the plot moves a quarter of the span into the past.
    EXPECT_NEAR(double(pan[0][0].toLongLong()), -100'000.0, 400'000.0 / plot.width() * 2);
    QTest::keyClick(view, Qt::Key_Right);
    ASSERT_EQ(pan.count(), 2);
    EXPECT_EQ(pan[1][0].toLongLong(), 100'000);
}

TEST(TimeSeriesChart, PaintedPointsGrowWithPixelsNotSamples)
{
    TimeSeriesChart chart;
    chart.resize(800, 300);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeSpan(kT0, kT0 + 1'000'000);
    chart.setSeries({ramp(QStringLiteral("few"), 1'000, 1'000, 1)});
    chart.flush();
    const int few = chart.renderedPointCount();
    chart.setSeries({ramp(QStringLiteral("many"), 1'000'000, 1, 1)});
    chart.flush();
    EXPECT_EQ(few, 1'000);
    EXPECT_LE(chart.renderedPointCount(), 4 * 1'000);
}

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

// A list of chart series moved in (a braced list would copy them, and series are move-only).
template<typename... S> std::vector<vitals::ChartSeries> lines(S &&...series)
{
    std::vector<vitals::ChartSeries> list;
    (list.push_back(std::forward<S>(series)), ...);
    return list;
}

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms

ChartSeries ramp(const QString &name, int count, qint64 stepMs, double slope)
{
    ChartSeries s;
    s.name = name;
    s.samples.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i)
        s.samples.append(kT0 + i * stepMs, slope * i);
    return s;
}

} // namespace

TEST(TimeSeriesChart, CrosshairLooksUpValuesBetweenSamples)
{
    TimeSeriesChart chart;
    chart.setUnit(vitals::units::Unit::Seconds);
    chart.setTimeSpan(kT0, kT0 + 100'000);
    // Samples every 10 s; values 0, 0.01, 0.02 … seconds.
    chart.setSeries(lines(ramp(QStringLiteral("p95"), 11, 10'000, 0.01),
                          ramp(QStringLiteral("p99"), 11, 10'000, 0.02)));
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
    // Far beyond the last sample (100 s) nothing is shown.
    EXPECT_TRUE(chart.valuesAt(kT0 + 300'000).empty());
}

TEST(TimeSeriesChart, LegendClickIsolatesASeriesAndClickingAgainShowsAll)
{
    TimeSeriesChart chart;
    chart.resize(600, 300);
    chart.setTimeSpan(kT0, kT0 + 100'000);
    chart.setSeries(lines(ramp(QStringLiteral("2xx"), 11, 10'000, 1),
                          ramp(QStringLiteral("4xx"), 11, 10'000, 2)));
    chart.flush();
    auto *view = chart.findChild<QChartView *>();
    ASSERT_NE(view, nullptr);
    const auto markers = view->chart()->legend()->markers();
    ASSERT_EQ(markers.size(), 2);
    QSignalSpy spy(&chart, &TimeSeriesChart::seriesVisibilityChanged);
    // A plain click shows only the clicked series, as in Grafana. (A key event without
    // modifiers first: an earlier test's Ctrl+Enter leaves Qt believing Ctrl is still held.)
    QTest::keyRelease(&chart, Qt::Key_A);
    Q_EMIT markers[1]->clicked();
    EXPECT_TRUE(chart.isSeriesVisible(1));
    EXPECT_FALSE(chart.isSeriesVisible(0));
    EXPECT_EQ(spy.count(), 1);
    EXPECT_EQ(chart.valuesAt(kT0 + 50'000).size(), 1u);
    // A refresh with the same names keeps the user's choice.
    chart.setSeries(lines(ramp(QStringLiteral("2xx"), 11, 10'000, 1),
                          ramp(QStringLiteral("4xx"), 11, 10'000, 2)));
    EXPECT_FALSE(chart.isSeriesVisible(0));
    // Clicking the only series shown shows them all again.
    Q_EMIT view->chart()->legend()->markers()[1]->clicked();
    EXPECT_TRUE(chart.isSeriesVisible(0));
    EXPECT_TRUE(chart.isSeriesVisible(1));
}

TEST(TimeSeriesChart, DragSelectsATimeRange)
{
    TimeSeriesChart chart;
    chart.resize(800, 400);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeSpan(kT0, kT0 + 600'000);
    chart.setSeries(lines(ramp(QStringLiteral("rps"), 61, 10'000, 1)));
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

TEST(TimeSeriesChart, StackedAreasAddUp)
{
    TimeSeriesChart chart;
    chart.resize(800, 300);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setStyle(TimeSeriesChart::Style::StackedArea);
    chart.setTimeSpan(kT0, kT0 + 100'000);
    chart.setSeries(lines(ramp(QStringLiteral("setosa"), 11, 10'000, 0),
                          ramp(QStringLiteral("versicolor"), 11, 10'000, 0)));
    chart.flush();
    // Two series of 11 samples: an upper and a lower line each.
    EXPECT_EQ(chart.renderedPointCount(), 44);
}

TEST(TimeSeriesChart, PaintedPointsGrowWithPixelsNotSamples)
{
    TimeSeriesChart chart;
    chart.resize(800, 300);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeSpan(kT0, kT0 + 1'000'000);
    chart.setSeries(lines(ramp(QStringLiteral("few"), 1'000, 1'000, 1)));
    chart.flush();
    const int few = chart.renderedPointCount();
    chart.setSeries(lines(ramp(QStringLiteral("many"), 1'000'000, 1, 1)));
    chart.flush();
    EXPECT_EQ(few, 1'000);
    // A million samples still become at most four points per pixel column (+2 edge columns).
    EXPECT_LE(chart.renderedPointCount(), 4 * (int(chart.plotArea().width()) + 2));
}

namespace {

// Reddish: the alert shading (a translucent red) over the plot's background, light or dark.
int reddishPixelsInColumn(const QImage &image, int x, const QRectF &plot)
{
    int n = 0;
    for (int y = int(plot.top()) + 5; y < int(plot.bottom()) - 5; y += 7) {
        const QColor c = image.pixelColor(x, y);
        n += c.red() - c.green() > 12 && c.red() - c.blue() > 12;
    }
    return n;
}

} // namespace

TEST(TimeSeriesChart, ShadesAlertSpansInsideTheRangeOnly)
{
    TimeSeriesChart chart;
    chart.resize(800, 300);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeSpan(kT0, kT0 + 100'000);
    chart.setSeries(lines(ramp(QStringLiteral("flat"), 11, 10'000, 0)));
    // One span inside [10 s, 20 s], one that starts before the range and ends at 5 s, one
    // entirely after the range.
    chart.setShadedSpans({{kT0 + 10'000, kT0 + 20'000},
                          {kT0 - 50'000, kT0 + 5'000},
                          {kT0 + 200'000, kT0 + 300'000}});
    chart.flush();
    QTest::qWait(50);
    const QRectF plot = chart.plotArea();
    const std::vector<QRectF> drawn = chart.drawnShading();
    ASSERT_EQ(drawn.size(), 2u); // the span after the range is not drawn
    // Each rectangle covers its span's time columns, the full plot height, clipped to the range.
    EXPECT_NEAR(drawn[0].left(), chart.xAtTime(kT0 + 10'000), 1.5);
    EXPECT_NEAR(drawn[0].right(), chart.xAtTime(kT0 + 20'000), 1.5);
    EXPECT_NEAR(drawn[0].top(), plot.top(), 1.5);
    EXPECT_NEAR(drawn[0].bottom(), plot.bottom(), 1.5);
    EXPECT_NEAR(drawn[1].left(), plot.left(), 1.5);
    EXPECT_NEAR(drawn[1].right(), chart.xAtTime(kT0 + 5'000), 1.5);

    // And the pixels say the same: red inside the spans, not between or after them.
    const QImage image = chart.grab().toImage();
    const int column = int(chart.xAtTime(kT0 + 15'000));
    EXPECT_GE(reddishPixelsInColumn(image, column, plot), 5) << "no shading at 15 s";
    EXPECT_GE(reddishPixelsInColumn(image, int(chart.xAtTime(kT0 + 2'000)), plot), 5);
    EXPECT_EQ(reddishPixelsInColumn(image, int(chart.xAtTime(kT0 + 50'000)), plot), 0);
    EXPECT_EQ(reddishPixelsInColumn(image, int(chart.xAtTime(kT0 + 95'000)), plot), 0);

    // Moving the range past every span hides them all.
    chart.setTimeSpan(kT0 + 400'000, kT0 + 500'000);
    chart.flush();
    EXPECT_TRUE(chart.drawnShading().empty());
    chart.setTimeSpan(kT0, kT0 + 100'000);
    chart.setShadedSpans({});
    chart.flush();
    EXPECT_TRUE(chart.drawnShading().empty());
}

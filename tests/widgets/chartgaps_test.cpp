// A hole in the data is drawn as a hole: NaN samples (Prometheus' staleness after a restart)
// and missing steps cut the line, in lines and in stacked areas, with one legend entry per
// series whatever the number of pieces.

#include "widgets/timeserieschart.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLegendMarker>
#include <QTest>

#include <gtest/gtest.h>

#include <cmath>

using vitals::ChartSeries;
using vitals::TimeSeriesChart;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms
constexpr qint64 kStep = 15'000;

// 41 samples every 15 s at `value` (a zigzag from 1 to 4 when 0, so the line crosses the plot),
// with samples 16–23 either NaN or left out.
ChartSeries withHole(const QString &name, bool nanSamples, double value = 0.0)
{
    ChartSeries s;
    s.name = name;
    for (int i = 0; i <= 40; ++i) {
        const bool inHole = i >= 16 && i <= 23;
        if (inHole && !nanSamples)
            continue;
        s.samples.append(kT0 + i * kStep, inHole ? qQNaN() : value > 0 ? value : 1.0 + i % 4);
    }
    return s;
}

int visibleLegendEntries(TimeSeriesChart &chart)
{
    QTest::qWait(20); // the legend lays its markers out on the next scene update
    int n = 0;
    for (QLegendMarker *marker : chart.findChild<QChartView *>()->chart()->legend()->markers())
        n += marker->isVisible();
    return n;
}

// Pixels in column `x` of the plot close to `color`.
int pixelsLike(const QImage &image, int x, const QRectF &plot, const QColor &color)
{
    int n = 0;
    for (int y = int(plot.top()) + 1; y < int(plot.bottom()) - 1; ++y) {
        const QColor c = image.pixelColor(x, y);
        n += std::abs(c.red() - color.red()) + std::abs(c.green() - color.green())
                 + std::abs(c.blue() - color.blue())
             < 90;
    }
    return n;
}

// An area's fill: its colour at alpha 170 over the chart's background.
QColor areaFill(const TimeSeriesChart &chart, int index)
{
    const QColor c = chart.seriesColor(index);
    const QColor base = chart.palette().color(QPalette::Base);
    auto mix = [](int a, int b) { return (a * 170 + b * 85) / 255; };
    return QColor(mix(c.red(), base.red()), mix(c.green(), base.green()),
                  mix(c.blue(), base.blue()));
}

// With VITALS_SCREENSHOT_DIR set, keeps `image` there as `name`.png to look at.
void keep(const QImage &image, const QString &name)
{
    const QString dir = qEnvironmentVariable("VITALS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        image.save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

class ChartGaps : public ::testing::TestWithParam<bool>
{};

} // namespace

TEST_P(ChartGaps, AHoleIsDrawnAsAGap)
{
    const bool nanSamples = GetParam();
    TimeSeriesChart chart;
    chart.resize(600, 300);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeSpan(kT0, kT0 + 40 * kStep);
    std::vector<ChartSeries> series;
    series.push_back(withHole(QStringLiteral("up"), nanSamples));
    chart.setSeries(std::move(series));
    chart.flush();

    // Two segments: up to the last sample before the hole, and from the first one after it.
    const auto segments = chart.drawnSegments(0);
    ASSERT_EQ(segments.size(), 2u);
    EXPECT_EQ(qint64(segments[0].back().x()), kT0 + 15 * kStep);
    EXPECT_EQ(qint64(segments[1].front().x()), kT0 + 24 * kStep);
    EXPECT_EQ(visibleLegendEntries(chart), 1);

    // And on screen: the line's colour left of the hole, none in its middle.
    QTest::qWait(50);
    const QImage image = chart.grab().toImage();
    keep(image, nanSamples ? QStringLiteral("gap-lines-nan") : QStringLiteral("gap-lines-missing"));
    const QRectF plot = chart.plotArea();
    const QColor line = chart.seriesColor(0);
    EXPECT_GT(pixelsLike(image, int(chart.xAtTime(kT0 + 8 * kStep)), plot, line), 0);
    EXPECT_EQ(pixelsLike(image, int(chart.xAtTime(kT0 + 20 * kStep)), plot, line), 0)
        << "a line is drawn across the hole";
    EXPECT_GT(pixelsLike(image, int(chart.xAtTime(kT0 + 32 * kStep)), plot, line), 0);
}

TEST_P(ChartGaps, StackedAreasLeaveTheHoleEmpty)
{
    const bool nanSamples = GetParam();
    TimeSeriesChart chart;
    chart.resize(600, 300);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setStyle(TimeSeriesChart::Style::StackedArea);
    chart.setTimeSpan(kT0, kT0 + 40 * kStep);
    std::vector<ChartSeries> series;
    series.push_back(withHole(QStringLiteral("setosa"), nanSamples, 1.0));
    series.push_back(withHole(QStringLiteral("versicolor"), nanSamples, 2.0));
    chart.setSeries(std::move(series));
    chart.flush();
    for (int i = 0; i < 2; ++i) {
        const auto bands = chart.drawnSegments(i);
        ASSERT_EQ(bands.size(), 2u) << "series " << i;
        EXPECT_EQ(qint64(bands[0].back().x()), kT0 + 15 * kStep);
        EXPECT_EQ(qint64(bands[1].front().x()), kT0 + 24 * kStep);
        EXPECT_DOUBLE_EQ(bands[1].front().y(), i == 0 ? 1.0 : 3.0);
    }
    EXPECT_EQ(visibleLegendEntries(chart), 2);
    QTest::qWait(50);
    const QImage image = chart.grab().toImage();
    keep(image,
         nanSamples ? QStringLiteral("gap-stacked-nan") : QStringLiteral("gap-stacked-missing"));
    const QRectF plot = chart.plotArea();
    EXPECT_GT(pixelsLike(image, int(chart.xAtTime(kT0 + 8 * kStep)), plot, areaFill(chart, 0)), 10);
    EXPECT_GT(pixelsLike(image, int(chart.xAtTime(kT0 + 8 * kStep)), plot, areaFill(chart, 1)), 10);
    EXPECT_EQ(pixelsLike(image, int(chart.xAtTime(kT0 + 20 * kStep)), plot, areaFill(chart, 0)), 0);
    EXPECT_EQ(pixelsLike(image, int(chart.xAtTime(kT0 + 20 * kStep)), plot, areaFill(chart, 1)), 0);
}

INSTANTIATE_TEST_SUITE_P(NaNOrMissing, ChartGaps, ::testing::Bool(), [](const auto &info) {
    return info.param ? "NaNSamples" : "MissingSteps";
});

TEST(ChartGapsLegend, HidingAndShowingASeriesKeepsOneEntryEach)
{
    TimeSeriesChart chart;
    chart.resize(600, 300);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeSpan(kT0, kT0 + 40 * kStep);
    std::vector<ChartSeries> series;
    series.push_back(withHole(QStringLiteral("a"), true));
    series.push_back(withHole(QStringLiteral("b"), false));
    chart.setSeries(std::move(series));
    chart.flush();
    EXPECT_EQ(visibleLegendEntries(chart), 2);
    chart.setSeriesVisible(0, false);
    chart.flush();
    EXPECT_TRUE(chart.drawnSegments(0).empty());
    EXPECT_EQ(visibleLegendEntries(chart), 2); // a hidden series keeps its entry
    chart.setSeriesVisible(0, true);
    chart.flush();
    EXPECT_EQ(chart.drawnSegments(0).size(), 2u);
    EXPECT_EQ(visibleLegendEntries(chart), 2);
}

// The heatmap widget draws de-cumulated histogram buckets: the busiest cell darkest, empty cells
// not at all, and a tooltip naming the bucket's bounds and count.

#include "widgets/heatmapchart.h"

#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms

series::Series bucket(const char *le, std::initializer_list<double> values)
{
    series::Series s(
        series::LabelSet::fromPairs({{QStringLiteral("le"), QString::fromLatin1(le)}}));
    qint64 t = kT0;
    for (double v : values) {
        t += 60'000;
        s.append(t, v);
    }
    return s;
}

int lightness(const QImage &image, QPointF at)
{
    return image.pixelColor(at.toPoint()).lightness();
}

} // namespace

TEST(HeatmapChart, BusiestCellDarkestEmptyCellsBlankTooltipNamesTheBucket)
{
    // Cumulative latency buckets at three minutes; de-cumulated (by hand):
    //   (0, 0.1]: 1, 0, 2   (0.1, 0.5]: 8, 0, 1   (0.5, +Inf]: 0, 0, 1
    series::SeriesList list;
    list.push_back(bucket("0.1", {1, 0, 2}));
    list.push_back(bucket("0.5", {9, 0, 3}));
    list.push_back(bucket("+Inf", {9, 0, 4}));
    series::HeatmapBuckets buckets;
    QString error;
    ASSERT_TRUE(series::heatmapBuckets(list, buckets, error)) << error.toStdString();

    HeatmapChart chart;
    chart.resize(400, 240);
    chart.setUnit(units::Unit::Seconds);
    chart.setTimeSpan(kT0, kT0 + 3 * 60'000);
    chart.setBuckets(std::move(buckets));
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    const QImage image = chart.grab().toImage();
    const QString dir = qEnvironmentVariable("VITALS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        image.save(dir + QStringLiteral("/heatmap.png"));

    // (0.1, 0.5] at the first minute holds 8, the most: darkest. (0, 0.1] there holds 1.
    const QRectF busiest = chart.cellRect(1, 0);
    const QRectF quiet = chart.cellRect(0, 0);
    ASSERT_FALSE(busiest.isEmpty());
    EXPECT_EQ(image.pixelColor(busiest.center().toPoint()), HeatmapChart::colorFor(8, 8));
    EXPECT_LT(lightness(image, busiest.center()), lightness(image, quiet.center()));
    // The second minute is all zeros: the plot's background shows.
    const QColor base = chart.palette().color(QPalette::Base);
    EXPECT_EQ(image.pixelColor(chart.cellRect(1, 1).center().toPoint()), base);

    const QString tip = chart.tooltipAt(busiest.center());
    EXPECT_TRUE(tip.startsWith(QStringLiteral("(100 ms, 500 ms]: 8"))) << tip.toStdString();
    EXPECT_TRUE(chart.tooltipAt(chart.cellRect(2, 2).center())
                    .startsWith(QStringLiteral("(500 ms, +Inf]: 1")));
    EXPECT_TRUE(chart.tooltipAt(QPointF(1, 1)).isEmpty());
}

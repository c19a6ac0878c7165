// Heatmap colours as Grafana picks them (a d3 scheme, Oranges by default, on a square-root scale,
// turned round on a dark palette for the light-to-dark schemes, or one colour by opacity), and
// the heatmap chart's drag-to-zoom and crosshair.
#include "widgets/heatmapchart.h"
#include "widgets/heatmapcolors.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

TEST(HeatmapColors, SchemesByNameWithTheirEndsAndDefault)
{
    // d3-scale-chromatic's interpolateViridis ends: #440154 (0) and #fde725 (1).
    const HeatmapColors viridis = HeatmapColors::fromSpec(QStringLiteral("interpolateViridis"));
    EXPECT_EQ(viridis.name(), QStringLiteral("Viridis"));
    EXPECT_EQ(viridis.colorFor(0, 10), QColor(0x44, 0x01, 0x54));
    EXPECT_EQ(viridis.colorFor(10, 10), QColor(0xfd, 0xe7, 0x25));
    // Oranges' dark end is #7f2704; an unknown name and "" fall back to Oranges.
    EXPECT_EQ(HeatmapColors::fromSpec(QStringLiteral("Cividis")).name(), QStringLiteral("Oranges"));
    EXPECT_EQ(HeatmapColors::fromSpec({}).colorFor(3, 3), QColor(0x7f, 0x27, 0x04));
    EXPECT_EQ(HeatmapChart::colorFor(3, 3), QColor(0x7f, 0x27, 0x04));
    EXPECT_TRUE(HeatmapColors::knows(QStringLiteral("spectral")));
    EXPECT_FALSE(HeatmapColors::knows(QStringLiteral("Cividis")));
    // Square-root scale: a quarter of the largest count is half way along the ramp, so it is
    // nearer the busiest colour than a linear scale would put it.
    const HeatmapColors greys = HeatmapColors::fromSpec(QStringLiteral("Greys"));
    EXPECT_LT(greys.colorFor(25, 100).lightness(), greys.colorFor(0, 100).lightness());
    EXPECT_GT(greys.colorFor(25, 100).lightness(), greys.colorFor(100, 100).lightness());
}

TEST(HeatmapColors, DarkPaletteTurnsLightToDarkSchemesRound)
{
    const HeatmapColors light = HeatmapColors::fromSpec(QStringLiteral("Oranges"), false);
    const HeatmapColors dark = HeatmapColors::fromSpec(QStringLiteral("Oranges"), true);
    EXPECT_EQ(dark.colorFor(1, 1), light.colorFor(0, 1));
    EXPECT_EQ(dark.colorFor(0, 1), light.colorFor(1, 1));
    // Viridis reads the same on both.
    EXPECT_EQ(HeatmapColors::fromSpec(QStringLiteral("Viridis"), true).colorFor(1, 1),
              HeatmapColors::fromSpec(QStringLiteral("Viridis"), false).colorFor(1, 1));
}

TEST(HeatmapColors, OpacityModeKeepsTheColourAndScalesItsAlpha)
{
    const HeatmapColors c = HeatmapColors::fromSpec(QStringLiteral("opacity:#b4ff00"));
    EXPECT_EQ(c.name(), QStringLiteral("opacity"));
    EXPECT_EQ(c.colorFor(4, 4).rgb(), QColor(0xb4, 0xff, 0x00).rgb());
    EXPECT_FLOAT_EQ(c.colorFor(4, 4).alphaF(), 1.0f);
    EXPECT_NEAR(c.colorFor(1, 4).alphaF(), 0.1 + 0.9 * 0.5, 0.01); // sqrt(1/4) = 0.5
}

TEST(HeatmapChart, DragZoomsAndTheCrosshairFollowsOtherCharts)
{
    HeatmapChart chart;
    chart.resize(500, 240);
    chart.setTimeSpan(0, 600'000); // ten minutes
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    const QRectF plot = chart.plotArea();
    QSignalSpy zoom(&chart, &HeatmapChart::rangeSelected);
    const QPoint from(int(plot.left() + plot.width() * 0.25), int(plot.center().y()));
    const QPoint to(int(plot.left() + plot.width() * 0.75), int(plot.center().y()));
    QTest::mousePress(&chart, Qt::LeftButton, {}, from);
    QTest::mouseMove(&chart, to);
    QTest::mouseRelease(&chart, Qt::LeftButton, {}, to);
    ASSERT_EQ(zoom.size(), 1);
    // A quarter and three quarters of ten minutes, within a pixel's worth of time.
    const double msPerPixel = 600'000.0 / plot.width();
    EXPECT_NEAR(zoom.at(0).at(0).toLongLong(), 150'000, 2 * msPerPixel);
    EXPECT_NEAR(zoom.at(0).at(1).toLongLong(), 450'000, 2 * msPerPixel);

    EXPECT_FALSE(chart.drawnCrosshairX().has_value());
    chart.setCrosshair(300'000);
    ASSERT_TRUE(chart.drawnCrosshairX().has_value());
    EXPECT_NEAR(*chart.drawnCrosshairX(), plot.center().x(), 1.0);
    chart.clearCrosshair();
    EXPECT_FALSE(chart.drawnCrosshairX().has_value());
}

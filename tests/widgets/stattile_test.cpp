#include "widgets/stattile.h"

#include <gtest/gtest.h>

using vitals::StatTile;

TEST(StatTile, ThresholdsColourTheValue)
{
    StatTile tile(QStringLiteral("Error %"));
    tile.setUnit(vitals::units::Unit::Percent);
    tile.setThresholds(1.0, 5.0);
    tile.setValue(0.5);
    EXPECT_EQ(tile.level(), StatTile::Level::Ok);
    tile.setValue(1.0);
    EXPECT_EQ(tile.level(), StatTile::Level::Warning);
    tile.setValue(12.0);
    EXPECT_EQ(tile.level(), StatTile::Level::Critical);
    EXPECT_EQ(tile.valueText(), QStringLiteral("12%"));
}

TEST(StatTile, HigherIsBetterInvertsThresholds)
{
    StatTile tile(QStringLiteral("Instances up"));
    tile.setThresholds(1.0, 0.0, /*higherIsBetter=*/true);
    tile.setValue(3);
    EXPECT_EQ(tile.level(), StatTile::Level::Ok);
    tile.setValue(1);
    EXPECT_EQ(tile.level(), StatTile::Level::Warning);
    tile.setValue(0);
    EXPECT_EQ(tile.level(), StatTile::Level::Critical);
}

TEST(StatTile, NaNAndTextAreUnknown)
{
    StatTile tile(QStringLiteral("p95"));
    tile.setThresholds(0.05, 0.1);
    tile.setValue(0.2);
    ASSERT_EQ(tile.level(), StatTile::Level::Critical);
    tile.setValue(qQNaN());
    EXPECT_EQ(tile.level(), StatTile::Level::Unknown);
    EXPECT_EQ(tile.valueText(), QStringLiteral("—"));
    tile.setText(QStringLiteral("no data"));
    EXPECT_EQ(tile.valueText(), QStringLiteral("no data"));
}

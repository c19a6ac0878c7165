#include "widgets/stattile.h"

#include <QLabel>

#include <gtest/gtest.h>

using vitals::StatTile;

TEST(StatTile, ShowsTheValueInItsUnitWithItsLevel)
{
    StatTile tile(QStringLiteral("p95 latency"));
    tile.setUnit(vitals::units::Unit::Seconds);
    tile.setValue(0.0425, StatTile::Level::Ok);
    EXPECT_EQ(tile.valueText(), QStringLiteral("42.5 ms"));
    EXPECT_EQ(tile.level(), StatTile::Level::Ok);
    tile.setValue(0.3, StatTile::Level::Critical);
    EXPECT_EQ(tile.level(), StatTile::Level::Critical);
    // The level colours the number: red for Critical.
    const auto labels = tile.findChildren<QLabel *>();
    bool red = false;
    for (const QLabel *label : labels)
        red = red
              || (label->text() == QStringLiteral("300 ms")
                  && label->palette().color(QPalette::WindowText) == QColor(0xd6, 0x3b, 0x3b));
    EXPECT_TRUE(red);
}

TEST(StatTile, UnitChangeReformats)
{
    StatTile tile(QStringLiteral("Memory"));
    tile.setValue(1536, StatTile::Level::Ok);
    EXPECT_EQ(tile.valueText(), QStringLiteral("1.54k"));
    tile.setUnit(vitals::units::Unit::Bytes);
    EXPECT_EQ(tile.valueText(), QStringLiteral("1.5 KiB"));
}

TEST(StatTile, NaNAndTextAreUnknown)
{
    StatTile tile(QStringLiteral("p95"));
    tile.setValue(0.2, StatTile::Level::Critical);
    ASSERT_EQ(tile.level(), StatTile::Level::Critical);
    tile.setValue(qQNaN(), StatTile::Level::Critical);
    EXPECT_EQ(tile.level(), StatTile::Level::Unknown);
    EXPECT_EQ(tile.valueText(), QStringLiteral("—"));
    tile.setText(QStringLiteral("no data"));
    EXPECT_EQ(tile.valueText(), QStringLiteral("no data"));
}

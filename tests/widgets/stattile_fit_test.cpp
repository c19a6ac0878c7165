#include "widgets/stattile.h"

#include <QFontMetricsF>
#include <QLabel>

#include <gtest/gtest.h>

using namespace vitals;

TEST(StatTileFit, ANarrowTileShrinksTheNumberToShowItWhole)
{
    StatTile tile(QStringLiteral("Requests/s"));
    tile.setUnit(units::Unit::RequestsPerSecond);
    tile.resize(400, 100);
    tile.setValue(52.7, StatTile::Level::Ok);
    tile.show();
    QLabel *value = nullptr;
    for (QLabel *label : tile.findChildren<QLabel *>())
        if (label->text() == QStringLiteral("52.7 req/s"))
            value = label;
    ASSERT_NE(value, nullptr);
    const qreal wide = value->font().pointSizeF();
    // The narrow window of the issue: a tile of 140 px, "52.7 req/" was all that showed.
    tile.resize(140, 100);
    EXPECT_LT(value->font().pointSizeF(), wide);
    EXPECT_LE(QFontMetricsF(value->font()).horizontalAdvance(value->text()), 140 - 20);
    // Wide again: full size again.
    tile.resize(400, 100);
    EXPECT_EQ(value->font().pointSizeF(), wide);
}

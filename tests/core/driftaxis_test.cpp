#include "core/drift/axis.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals::drift;

TEST(DriftAxis, AStartUpSpikeDoesNotScaleTheAxis)
{
    // 1 s steps over 15 minutes; the first 20 s of a fresh server read PSI 3–6 (a window of a
    // few predictions), then the feature settles around 0.03 with one real rise to 0.18.
    std::vector<double> psi;
    for (int i = 0; i < 20; ++i)
        psi.push_back(3.0 + 0.15 * i);
    for (int i = 20; i < 900; ++i)
        psi.push_back(i > 600 && i < 660 ? 0.18 : 0.03);
    const AxisScale scale = driftAxis({psi}, kPsiThresholds);
    // The red threshold (0.25) stays in view with room above it; the spike does not decide.
    EXPECT_GE(scale.max, 0.25 * 1.2 - 1e-12);
    EXPECT_LT(scale.max, 1.0);
    EXPECT_EQ(scale.beyond, 20u);
    EXPECT_DOUBLE_EQ(scale.largest, 3.0 + 0.15 * 19);
}

TEST(DriftAxis, TheLatestValueIsAlwaysInView)
{
    // Drift that began in the last minute of 15: few points, but the present.
    std::vector<double> psi(900, 0.02);
    for (int i = 850; i < 900; ++i)
        psi[std::size_t(i)] = 0.4 + 0.01 * (i - 850);
    const AxisScale scale = driftAxis({psi}, kPsiThresholds);
    EXPECT_GE(scale.max, psi.back());
    EXPECT_EQ(scale.beyond, 0u);
}

TEST(DriftAxis, NoClippingWithoutASpikeAndAFloorWithoutValues)
{
    const AxisScale calm =
        driftAxis({{0.01, 0.02, 0.05}, {0.03, std::nan(""), 0.04}}, kPsiThresholds);
    EXPECT_DOUBLE_EQ(calm.max, 1.2 * 0.25);
    EXPECT_EQ(calm.beyond, 0u);
    const AxisScale high = driftAxis({{0.5, 0.6, 0.7}}, kPsiThresholds);
    EXPECT_DOUBLE_EQ(high.max, 0.7); // every value in view, none cut
    EXPECT_EQ(high.beyond, 0u);
    const AxisScale none = driftAxis({{std::nan("")}}, kPsiThresholds);
    EXPECT_DOUBLE_EQ(none.max, 1.2 * 0.25);
}

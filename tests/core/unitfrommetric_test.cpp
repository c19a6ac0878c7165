#include "core/units.h"

#include <gtest/gtest.h>

using namespace vitals::units;

TEST(UnitFromMetricName, FollowsPrometheusNamingConventions)
{
    EXPECT_EQ(unitFromMetricName(QStringLiteral("inference_duration_seconds")), Unit::Seconds);
    EXPECT_EQ(unitFromMetricName(QStringLiteral("iris:latency_p95:rate1m")), Unit::Seconds);
    EXPECT_EQ(unitFromMetricName(QStringLiteral("process_resident_memory_bytes")), Unit::Bytes);
    EXPECT_EQ(unitFromMetricName(QStringLiteral("iris:error_ratio:rate1m")), Unit::PercentUnit);
    EXPECT_EQ(unitFromMetricName(QStringLiteral("iris_feature_drift_psi")), Unit::None);
    // The alert value the Alerts page used to print as 2.440944881889764e-01.
    EXPECT_EQ(
        format(2.440944881889764e-01, unitFromMetricName(QStringLiteral("iris_feature_drift_psi"))),
        QStringLiteral("0.244"));
    EXPECT_EQ(format(2.440944881889764e-01, Unit::PercentUnit), QStringLiteral("24.4%"));
}

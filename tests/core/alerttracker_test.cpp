#include "core/alerttracker.h"

#include <gtest/gtest.h>

using namespace vitals;

namespace {
prom::Alert alert(const QString &name, const QString &state,
                  const QString &instance = QStringLiteral("a:1"))
{
    prom::Alert a;
    a.labels = series::LabelSet::fromPairs(
        {{QStringLiteral("alertname"), name}, {QStringLiteral("instance"), instance}});
    a.annotations = series::LabelSet::fromPairs(
        {{QStringLiteral("summary"), name + QStringLiteral(" summary")}});
    a.state = state;
    return a;
}
} // namespace

TEST(AlertTracker, ReportsStartsAndResolutionsButNotTheFirstAnswer)
{
    AlertTracker tracker;
    EXPECT_TRUE(
        tracker.update({alert(QStringLiteral("HighErrorRate"), QStringLiteral("firing"))}).empty());
    EXPECT_EQ(tracker.firingCount(), 1);

    // FeatureDrift starts firing; pending alerts are not news.
    auto changes =
        tracker.update({alert(QStringLiteral("HighErrorRate"), QStringLiteral("firing")),
                        alert(QStringLiteral("FeatureDrift"), QStringLiteral("firing")),
                        alert(QStringLiteral("HighLatencyP95"), QStringLiteral("pending"))});
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_TRUE(changes[0].firing);
    EXPECT_EQ(changes[0].name, QStringLiteral("FeatureDrift"));
    EXPECT_EQ(changes[0].summary, QStringLiteral("FeatureDrift summary"));

    // HighErrorRate resolves.
    changes = tracker.update({alert(QStringLiteral("FeatureDrift"), QStringLiteral("firing"))});
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_FALSE(changes[0].firing);
    EXPECT_EQ(changes[0].name, QStringLiteral("HighErrorRate"));
    // Gone from /alerts, it is still announced with its summary.
    EXPECT_EQ(changes[0].summary, QStringLiteral("HighErrorRate summary"));
    EXPECT_EQ(tracker.firingCount(), 1);
}

TEST(AlertTracker, InstancesAreSeparateAlerts)
{
    AlertTracker tracker;
    tracker.update({});
    const auto changes = tracker.update(
        {alert(QStringLiteral("IrisServerDown"), QStringLiteral("firing"), QStringLiteral("a:1")),
         alert(QStringLiteral("IrisServerDown"), QStringLiteral("firing"), QStringLiteral("b:2"))});
    EXPECT_EQ(changes.size(), 2u);
}

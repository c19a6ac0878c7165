// The Alerts page's grouping of Prometheus alerts by alertname, and the check that tells it
// which alerts Alertmanager mutes (so they raise no desktop notification). Pure functions.
#include "core/alertgrouping.h"
#include "core/services/alertmanagerservice.h"

#include <gtest/gtest.h>

using namespace vitals;
using series::LabelSet;

namespace {

prom::Alert alert(const QString &name, const QString &state,
                  std::initializer_list<std::pair<QString, QString>> extra = {})
{
    std::vector<series::Label> labels{{QStringLiteral("alertname"), name}};
    for (const auto &[k, v] : extra)
        labels.push_back({k, v});
    prom::Alert a;
    a.labels = LabelSet::fromLabels(std::move(labels));
    a.state = state;
    return a;
}

} // namespace

TEST(AlertGrouping, OneGroupPerNameFiringFirstThenByNameKeepingServerOrder)
{
    const std::vector<prom::Alert> alerts = {
        alert(QStringLiteral("Zeta"), QStringLiteral("pending")),
        alert(QStringLiteral("Drift"), QStringLiteral("pending"), {{"feature", "a"}}),
        alert(QStringLiteral("Latency"), QStringLiteral("firing")),
        alert(QStringLiteral("Drift"), QStringLiteral("firing"), {{"feature", "b"}}),
        alert(QStringLiteral("Alpha"), QStringLiteral("pending")),
    };
    const auto groups = alertgrouping::groupByName(alerts);
    ASSERT_EQ(groups.size(), 4u);
    // Drift and Latency fire (Drift through its second alert); then the pending ones by name.
    EXPECT_EQ(groups[0].name, QStringLiteral("Drift"));
    EXPECT_EQ(groups[1].name, QStringLiteral("Latency"));
    EXPECT_EQ(groups[2].name, QStringLiteral("Alpha"));
    EXPECT_EQ(groups[3].name, QStringLiteral("Zeta"));
    ASSERT_EQ(groups[0].alerts.size(), 2u);
    EXPECT_EQ(groups[0].alerts[0].labels.value(u"feature"), QStringLiteral("a"));
    EXPECT_EQ(groups[0].alerts[1].labels.value(u"feature"), QStringLiteral("b"));
    EXPECT_TRUE(groups[0].isFiring());
    EXPECT_FALSE(groups[2].isFiring());
    EXPECT_TRUE(alertgrouping::groupByName({}).empty());
}

TEST(AlertGrouping, DifferingLabelsListSharedOnesThenEachDifferingValueOnce)
{
    const std::vector<prom::Alert> alerts = {
        alert(QStringLiteral("FeatureDrift"), QStringLiteral("firing"),
              {{"feature", "sepal_length"}, {"severity", "warning"}}),
        alert(QStringLiteral("FeatureDrift"), QStringLiteral("firing"),
              {{"feature", "petal_width"}, {"severity", "warning"}}),
        alert(QStringLiteral("FeatureDrift"), QStringLiteral("firing"),
              {{"feature", "sepal_length"}, {"severity", "warning"}}),
    };
    EXPECT_EQ(alertgrouping::differingLabels(alerts),
              QStringLiteral("severity=warning; feature: sepal_length, petal_width"));
    EXPECT_EQ(alertgrouping::differingLabels({}), QString());
}

TEST(AlertmanagerMute, AnActiveMatchingSilenceOrASilencedOrInhibitedAlertWithTheLabelsMutes)
{
    const alertmanager::Labels labels{{QStringLiteral("alertname"), QStringLiteral("Flapping")},
                                      {QStringLiteral("severity"), QStringLiteral("info")}};
    alertmanager::Silence silence;
    silence.matchers = {{QStringLiteral("alertname"), QStringLiteral("Flapping"), false, true}};
    silence.state = alertmanager::SilenceState::Active;
    EXPECT_TRUE(isMutedByAlertmanager({}, {silence}, labels));
    silence.state = alertmanager::SilenceState::Expired;
    EXPECT_FALSE(isMutedByAlertmanager({}, {silence}, labels));

    // Alertmanager's copy carries an external label Prometheus added; still the same alert.
    alertmanager::AlertGroup group;
    alertmanager::Alert held;
    held.labels = labels;
    held.labels.insert(QStringLiteral("replica"), QStringLiteral("a"));
    group.alerts.push_back(held);
    EXPECT_FALSE(isMutedByAlertmanager({group}, {}, labels)); // not silenced there
    group.alerts[0].silencedBy = {QStringLiteral("0b5e")};
    EXPECT_TRUE(isMutedByAlertmanager({group}, {}, labels));
    // Inhibited by another alert (an inhibit rule): Alertmanager does not notify it either.
    group.alerts[0].silencedBy.clear();
    group.alerts[0].inhibitedBy = {QStringLiteral("7c1d")};
    EXPECT_TRUE(isMutedByAlertmanager({group}, {}, labels));
    // Another alert's labels are not muted by it, nor is an empty label set.
    alertmanager::Labels other = labels;
    other.insert(QStringLiteral("severity"), QStringLiteral("critical"));
    EXPECT_FALSE(isMutedByAlertmanager({group}, {}, other));
    EXPECT_FALSE(isMutedByAlertmanager({group}, {silence}, {}));
}

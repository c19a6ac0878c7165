// The scrape interval as real servers report it: the Debian `prometheus` at Prometheus's
// default 15 s and at 60 s, and `victoria-metrics` with a scrape configuration.
#include "core/prom/promclient.h"

#include "support/testsupport_prometheus.h"

#include <gtest/gtest.h>

#include <optional>

using namespace vitals::prom;
using vitals::testsupport::PrometheusProcess;
using vitals::testsupport::waitUntil;

namespace {

ScrapeInterval discover(const ConnectionProfile &profile)
{
    PromClient client(profile);
    std::optional<ScrapeInterval> found;
    RequestHandle h = client.scrapeInterval(nullptr, [&](const ScrapeInterval &s) { found = s; });
    EXPECT_TRUE(waitUntil([&] { return found.has_value(); }, 30000)) << "no answer";
    return found.value_or(ScrapeInterval{-1, ScrapeInterval::Source::Default});
}

ConnectionProfile profileOf(const PrometheusProcess &server)
{
    ConnectionProfile p;
    p.name = QStringLiteral("test");
    p.baseUrl = server.baseUrl();
    return p;
}

} // namespace

TEST(ScrapeIntervalIntegration, PrometheusAtFifteenAndSixtySeconds)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus))
        << "/usr/bin/prometheus is missing (packaging/debian-packages.txt lists it)";
    for (const int seconds : {15, 60}) {
        PrometheusProcess prometheus;
        ASSERT_TRUE(prometheus.start({}, seconds)) << prometheus.log().toStdString();
        // Right after start Prometheus may not list its targets yet (it applies them up to 5 s
        // later): the configuration says the same.
        const ScrapeInterval early = discover(profileOf(prometheus));
        EXPECT_EQ(early.ms, seconds * 1000) << early.describe().toStdString();
        ASSERT_TRUE(waitUntil(
            [&] {
                QByteArray body;
                vitals::testsupport::httpGet(
                    QUrl(prometheus.baseUrl().toString() + QStringLiteral("/api/v1/targets")),
                    &body);
                return body.contains("\"scrapeInterval\"");
            },
            30000));
        const ScrapeInterval s = discover(profileOf(prometheus));
        EXPECT_EQ(s.ms, seconds * 1000);
        EXPECT_EQ(s.source, ScrapeInterval::Source::Targets) << s.describe().toStdString();
    }
}

TEST(ScrapeIntervalIntegration, TheConnectionsOwnSettingWinsWithoutAsking)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus));
    PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({}, 15)) << prometheus.log().toStdString();
    ConnectionProfile profile = profileOf(prometheus);
    profile.scrapeIntervalMs = 30000;
    const ScrapeInterval s = discover(profile);
    EXPECT_EQ(s.ms, 30000);
    EXPECT_EQ(s.source, ScrapeInterval::Source::Override);
}

TEST(ScrapeIntervalIntegration, VictoriaMetricsWithAScrapeConfiguration)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::VictoriaMetrics))
        << "/usr/bin/victoria-metrics is missing (packaging/debian-packages.txt lists it)";
    PrometheusProcess vm(PrometheusProcess::Kind::VictoriaMetrics);
    ASSERT_TRUE(vm.start({}, 30)) << vm.log().toStdString();
    const ScrapeInterval s = discover(profileOf(vm));
    // VictoriaMetrics 1.79 lists its scrape targets with their interval, as Prometheus does.
    EXPECT_EQ(s.ms, 30000) << s.describe().toStdString();
}

TEST(ScrapeIntervalIntegration, NothingListeningGivesTheDefault)
{
    ConnectionProfile p;
    p.baseUrl =
        QUrl(QStringLiteral("http://127.0.0.1:%1").arg(vitals::testsupport::freeLoopbackPort()));
    const ScrapeInterval s = discover(p);
    EXPECT_EQ(s.ms, kDefaultScrapeIntervalMs);
    EXPECT_EQ(s.source, ScrapeInterval::Source::Default);
}

// The small data services that keep the Prometheus client out of the UI: the report's
// (alerts firing, scrape interval), the connection dialog's tester and the stack-age probe of
// the window's first minutes,
// against a real Prometheus on a loopback port.
#include "core/prom/promclient.h"
#include "core/services/connectiontester.h"
#include "core/services/reportdataservice.h"
#include "core/stack/stackageprobe.h"
#include "support/testsupport_prometheus.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>
#include <optional>

using namespace vitals;
using testsupport::waitUntil;

namespace {

class DataServicesLive : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QFile rules(m_dir.filePath(QStringLiteral("rules.yml")));
        ASSERT_TRUE(rules.open(QIODevice::WriteOnly));
        rules.write("groups:\n"
                    "  - name: test\n"
                    "    interval: 1s\n"
                    "    rules:\n"
                    "      - alert: AlwaysFiring\n"
                    "        expr: vector(1)\n"
                    "      - alert: NeverFires\n"
                    "        expr: vector(1) > 2\n");
        rules.close();
        m_prometheus.setRuleFiles({rules.fileName()});
        m_started.start();
        // Scraping itself every second: the scrape interval the services must read back.
        ASSERT_TRUE(m_prometheus.start({}, 1)) << m_prometheus.log().toStdString();
        ASSERT_TRUE(m_prometheus.waitForTargets(1)) << m_prometheus.log().toStdString();
        prom::ConnectionProfile profile;
        profile.baseUrl = m_prometheus.baseUrl();
        m_client = std::make_unique<prom::PromClient>(profile);
    }

    QTemporaryDir m_dir;
    QElapsedTimer m_started;
    testsupport::PrometheusProcess m_prometheus;
    std::unique_ptr<prom::PromClient> m_client;
};

} // namespace

TEST_F(DataServicesLive, ReportDataServiceReadsFiringAlertsAndTheScrapeInterval)
{
    ReportDataService service(m_client.get());
    // The rule is evaluated every second: it fires within a few tries.
    std::vector<prom::Alert> firing;
    QString error;
    bool answered = false;
    ASSERT_TRUE(waitUntil(
        [&] {
            if (answered && !firing.empty())
                return true;
            answered = false;
            service.fetchFiringAlerts([&](const std::vector<prom::Alert> &f, const QString &e) {
                firing = f;
                error = e;
                answered = true;
            });
            return waitUntil([&] { return answered; }, 5000) && !firing.empty();
        },
        20000));
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    // Only the firing alert; NeverFires is not among them.
    ASSERT_EQ(firing.size(), 1u);
    EXPECT_EQ(firing.front().labels.value(u"alertname"), QStringLiteral("AlwaysFiring"));

    // The server's scrape interval: 1 s, the one Prometheus was started with, from its targets.
    std::optional<prom::ScrapeInterval> interval;
    service.fetchScrapeInterval(0, [&](const prom::ScrapeInterval &i) { interval = i; });
    ASSERT_TRUE(waitUntil([&] { return interval.has_value(); }, 10000));
    EXPECT_EQ(interval->ms, 1000);
    EXPECT_EQ(interval->source, prom::ScrapeInterval::Source::Targets);

    // The user's override wins, at once, without asking.
    interval.reset();
    service.fetchScrapeInterval(5000, [&](const prom::ScrapeInterval &i) { interval = i; });
    ASSERT_TRUE(interval.has_value());
    EXPECT_EQ(interval->ms, 5000);
    EXPECT_EQ(interval->source, prom::ScrapeInterval::Source::Override);

    // Canceled requests never call back.
    int calls = 0;
    service.fetchFiringAlerts([&](const std::vector<prom::Alert> &, const QString &) { ++calls; });
    service.fetchScrapeInterval(0, [&](const prom::ScrapeInterval &) { ++calls; });
    service.cancel();
    testsupport::spin(500);
    EXPECT_EQ(calls, 0);
}

TEST_F(DataServicesLive, ReportDataServiceWithoutAServerSaysSo)
{
    ReportDataService service(nullptr);
    QString error;
    bool answered = false;
    service.fetchFiringAlerts([&](const std::vector<prom::Alert> &, const QString &e) {
        error = e;
        answered = true;
    });
    EXPECT_TRUE(answered);
    EXPECT_FALSE(error.isEmpty());
    std::optional<prom::ScrapeInterval> interval;
    service.fetchScrapeInterval(0, [&](const prom::ScrapeInterval &i) { interval = i; });
    ASSERT_TRUE(interval.has_value());
    EXPECT_EQ(interval->ms, prom::kDefaultScrapeIntervalMs);
}

TEST_F(DataServicesLive, StackAgeProbeReportsHowOldTheDataIs)
{
    stack::StackAgeProbe probe(nullptr);
    EXPECT_FALSE(probe.ask(15 * 60 * 1000, 1000)); // no client: nothing asked
    probe.setClient(m_client.get());
    std::optional<std::optional<qint64>> answer;
    QObject::connect(&probe, &stack::StackAgeProbe::ageReceived, &probe,
                     [&](std::optional<qint64> age) { answer = age; });
    // The self-scrape has data once a target is up; its oldest sample is at most as old as the
    // server (plus one 1 s step of the subquery's grid). The first scrape happened before
    // SetUp() saw the target up: asked 3 s later, it is at least 2 s old, in ms.
    testsupport::spin(3000);
    ASSERT_TRUE(waitUntil(
        [&] {
            if (answer && answer->has_value())
                return true;
            answer.reset();
            probe.ask(15 * 60 * 1000, 1000);
            return waitUntil([&] { return answer.has_value(); }, 5000) && answer->has_value();
        },
        20000));
    const qint64 ageMs = **answer;
    EXPECT_GE(ageMs, 1000);
    EXPECT_LE(ageMs, m_started.elapsed() + 1000);

    // The server gone: silence, not a wrong age.
    m_prometheus.stop();
    answer.reset();
    ASSERT_TRUE(probe.ask(15 * 60 * 1000, 1000));
    testsupport::spin(3000);
    EXPECT_FALSE(answer.has_value());
}

TEST_F(DataServicesLive, ConnectionTesterTriesAProfileThenReadsItsScrapeInterval)
{
    ConnectionTester tester;
    std::optional<prom::ConnectionTestResult> result;
    std::optional<prom::ScrapeInterval> interval;
    QObject::connect(&tester, &ConnectionTester::tested, &tester,
                     [&](const prom::ConnectionTestResult &r) { result = r; });
    QObject::connect(&tester, &ConnectionTester::scrapeIntervalFound, &tester,
                     [&](const prom::ScrapeInterval &i) { interval = i; });
    prom::ConnectionProfile profile;
    profile.baseUrl = m_prometheus.baseUrl();
    tester.test(profile);
    ASSERT_TRUE(waitUntil([&] { return interval.has_value(); }, 15000));
    ASSERT_TRUE(result.has_value());
    EXPECT_TRUE(result->ok()) << result->error.message.toStdString();
    EXPECT_TRUE(result->buildInfoAvailable);
    EXPECT_EQ(interval->ms, 1000); // Prometheus scrapes itself every second (SetUp)

    // The server gone: the test fails with a reason, and no scrape interval follows.
    m_prometheus.stop();
    result.reset();
    interval.reset();
    tester.test(profile);
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 15000));
    EXPECT_FALSE(result->ok());
    EXPECT_FALSE(result->error.message.isEmpty());
    testsupport::spin(300);
    EXPECT_FALSE(interval.has_value());
}

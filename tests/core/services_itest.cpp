// The pages' data services (core/services) against a real Prometheus on a loopback port that
// scrapes itself every second: each hands over plain results, owns its requests, and says
// nothing more once a request is superseded or the service is gone.
#include "core/prom/promclient.h"
#include "core/services/alertsservice.h"
#include "core/services/exploreservice.h"
#include "core/services/querybatch.h"
#include "core/services/targetsservice.h"
#include "support/testsupport_prometheus.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>
#include <optional>

using namespace vitals;
using testsupport::waitUntil;

namespace {

class ServicesLive : public ::testing::Test
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
                    "        expr: vector(1)\n");
        rules.close();
        m_prometheus.setRuleFiles({rules.fileName()});
        ASSERT_TRUE(m_prometheus.start({}, 1)) << m_prometheus.log().toStdString();
        ASSERT_TRUE(m_prometheus.waitForTargets(1)) << m_prometheus.log().toStdString();
        prom::ConnectionProfile profile;
        profile.baseUrl = m_prometheus.baseUrl();
        m_client = std::make_unique<prom::PromClient>(profile);
    }

    QTemporaryDir m_dir;
    testsupport::PrometheusProcess m_prometheus;
    std::unique_ptr<prom::PromClient> m_client;
};

} // namespace

TEST_F(ServicesLive, QueryBatchAnswersInTheOrderAskedWithTheFirstError)
{
    QueryBatch batch;
    batch.setClient(m_client.get());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::optional<BatchResult> result;
    batch.run({BatchQuery::instant(QStringLiteral("vector(7)"), now),
               BatchQuery::instant(QStringLiteral("sum(("), now), // a parse error
               BatchQuery::range(QStringLiteral("vector(3)"), now - 60000, now, 15000),
               BatchQuery::instant(QStringLiteral("vector(2)"), now)},
              [&](const BatchResult &r) { result = r.clone(); });
    EXPECT_TRUE(batch.isBusy());
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 15000));
    EXPECT_FALSE(batch.isBusy());
    ASSERT_EQ(result->answers.size(), 4u);
    ASSERT_EQ(result->answers[0].vector.size(), 1u);
    EXPECT_EQ(result->answers[0].vector[0].value, 7.0);
    EXPECT_TRUE(result->answers[1].error.isError());
    EXPECT_TRUE(result->answers[1].vector.empty());
    // 60 s at a 15 s step: one series of 5 points.
    ASSERT_EQ(result->answers[2].series.size(), 1u);
    EXPECT_EQ(result->answers[2].series[0].size(), 5u);
    ASSERT_EQ(result->answers[3].vector.size(), 1u);
    EXPECT_EQ(result->answers[3].vector[0].value, 2.0);
    EXPECT_EQ(result->firstError.type, prom::ErrorType::BadData);
}

TEST_F(ServicesLive, QueryBatchSupersededOrWithoutClientCallsBackRightly)
{
    QueryBatch batch;
    // Without a client the callback runs at once, with one empty answer per query.
    std::optional<BatchResult> offline;
    batch.run({BatchQuery::instant(QStringLiteral("vector(1)"), 0)},
              [&](const BatchResult &r) { offline = r.clone(); });
    ASSERT_TRUE(offline.has_value());
    EXPECT_EQ(offline->answers.size(), 1u);

    batch.setClient(m_client.get());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    int first = 0, second = 0;
    batch.run({BatchQuery::instant(QStringLiteral("vector(1)"), now)},
              [&](const BatchResult &) { ++first; });
    batch.run({BatchQuery::instant(QStringLiteral("vector(2)"), now)},
              [&](const BatchResult &) { ++second; });
    ASSERT_TRUE(waitUntil([&] { return second == 1; }, 15000));
    testsupport::spin(200);
    EXPECT_EQ(first, 0); // the superseded batch never answers
    EXPECT_EQ(second, 1);

    batch.run({BatchQuery::instant(QStringLiteral("vector(3)"), now)},
              [&](const BatchResult &) { ++first; });
    batch.cancel();
    testsupport::spin(500);
    EXPECT_EQ(first, 0);
}

TEST_F(ServicesLive, AlertsServiceHandsOverAlertsAndRules)
{
    AlertsService service(m_client.get());
    int alerts = 0, rules = 0, finished = 0;
    std::vector<prom::Alert> firing;
    std::vector<prom::RuleGroup> groups;
    QObject::connect(&service, &AlertsService::alertsReceived, &service,
                     [&](const prom::AlertsResult &r) {
                         ++alerts;
                         firing = r.alerts;
                     });
    QObject::connect(&service, &AlertsService::rulesReceived, &service,
                     [&](const prom::RulesResult &r) {
                         ++rules;
                         groups = r.groups;
                     });
    QObject::connect(&service, &AlertsService::refreshFinished, &service, [&] { ++finished; });
    // Rules are evaluated every second: the alert fires within a few refreshes.
    ASSERT_TRUE(waitUntil(
        [&] {
            if (!service.isBusy())
                service.refresh();
            return !firing.empty();
        },
        20000));
    ASSERT_TRUE(waitUntil([&] { return !service.isBusy(); }, 10000));
    EXPECT_EQ(alerts, finished);
    EXPECT_EQ(rules, finished);
    EXPECT_EQ(firing.front().labels.value(u"alertname"), QStringLiteral("AlwaysFiring"));
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups.front().rules.front().name, QStringLiteral("AlwaysFiring"));

    // A new server aborts the request in flight: no answer from the old one arrives.
    ASSERT_TRUE(service.refresh());
    EXPECT_FALSE(service.refresh()); // a refresh while one runs is refused
    const int before = finished;
    service.setClient(nullptr);
    EXPECT_FALSE(service.refresh());
    testsupport::spin(500);
    EXPECT_EQ(finished, before);
}

TEST_F(ServicesLive, TargetsServiceListsTheSelfScrape)
{
    TargetsService service;
    EXPECT_FALSE(service.refresh()); // no Prometheus yet
    service.setPrometheus(m_prometheus.baseUrl());
    std::optional<prom::TargetsResult> result;
    QObject::connect(&service, &TargetsService::targetsReceived, &service,
                     [&](const prom::TargetsResult &r) { result = r; });
    ASSERT_TRUE(service.refresh());
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 10000));
    ASSERT_TRUE(result->ok()) << result->error.message.toStdString();
    ASSERT_EQ(result->active.size(), 1u);
    EXPECT_EQ(result->active.front().labels.value(u"job"), QStringLiteral("self"));

    // Prometheus gone: the failure is handed over too, for the page to mark its rows unknown.
    m_prometheus.stop();
    result.reset();
    ASSERT_TRUE(service.refresh());
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 15000));
    EXPECT_FALSE(result->ok());
}

TEST_F(ServicesLive, ExploreServiceRunsLoadsNamesAndCompletesLabels)
{
    ExploreService service(m_client.get());
    // Wait for the first self-scrape, so there are metric names and label values.
    ASSERT_TRUE(waitUntil(
        [&] {
            QByteArray body;
            testsupport::httpGet(
                QUrl(m_prometheus.baseUrl().toString() + QStringLiteral("/api/v1/query?query=up")),
                &body);
            return body.contains("\"result\":[{");
        },
        15000));

    std::optional<prom::RangeResult> range;
    std::optional<prom::QueryResult> instant;
    QObject::connect(&service, &ExploreService::rangeFinished, &service,
                     [&](const prom::RangeResult &r) { range = r.clone(); });
    QObject::connect(&service, &ExploreService::instantFinished, &service,
                     [&](const prom::QueryResult &r) { instant = r.clone(); });
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    prom::RangeQuery rq;
    rq.expr = QStringLiteral("up");
    rq.startMs = now - 60000;
    rq.endMs = now;
    rq.stepMs = 1000;
    prom::InstantQuery iq;
    iq.expr = QStringLiteral("up");
    iq.timeMs = now;
    ASSERT_TRUE(service.run(rq, iq));
    EXPECT_TRUE(service.isRunning());
    ASSERT_TRUE(waitUntil([&] { return range && instant; }, 15000));
    EXPECT_FALSE(service.isRunning());
    EXPECT_TRUE(range->ok());
    ASSERT_EQ(instant->vector.size(), 1u);
    EXPECT_EQ(instant->vector.front().value, 1.0);

    std::optional<QStringList> names;
    QHash<QString, QString> help;
    QObject::connect(&service, &ExploreService::metricNamesLoaded, &service,
                     [&](const QStringList &n, const QHash<QString, QString> &h, bool ok) {
                         EXPECT_TRUE(ok);
                         names = n;
                         help = h;
                     });
    ASSERT_TRUE(service.loadMetricNames());
    ASSERT_TRUE(waitUntil([&] { return names.has_value(); }, 15000));
    EXPECT_TRUE(names->contains(QStringLiteral("up")));
    EXPECT_TRUE(
        help.value(QStringLiteral("prometheus_build_info")).startsWith(QStringLiteral("gauge")));

    std::optional<QStringList> labels, values;
    QObject context;
    service.labelNames(QStringLiteral("up"), &context, [&](const QStringList &l) { labels = l; });
    service.labelValues(QStringLiteral("up"), QStringLiteral("job"), &context,
                        [&](const QStringList &v) { values = v; });
    ASSERT_TRUE(waitUntil([&] { return labels && values; }, 15000));
    EXPECT_TRUE(labels->contains(QStringLiteral("instance")));
    EXPECT_EQ(*values, QStringList{QStringLiteral("self")});

    // Without a client a completion request answers at once, empty.
    service.setClient(nullptr);
    std::optional<QStringList> none;
    service.labelNames({}, &context, [&](const QStringList &l) { none = l; });
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->isEmpty());
    EXPECT_FALSE(service.run(rq, iq));
}

// `vitals --local-stack --target URL --no-iris`: the local stack's Prometheus watches the user's
// own model server — here the blog setup's FastAPI Iris service (tests/support/blog_service.py)
// — instead of iris-server, and the traffic simulator's requests reach it.
#include "core/sim/trafficsimulator.h"
#include "core/stack/localstack.h"
#include "support/testsupport_blogservice.h"
#include "support/testsupport_prometheus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrlQuery>

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;

namespace {

// The value of a one-series instant query, or NaN.
double scalar(const QUrl &prometheus, const QString &expr)
{
    QUrl url = prometheus;
    url.setPath(QStringLiteral("/api/v1/query"));
    url.setQuery(QUrlQuery{{QStringLiteral("query"), expr}});
    QByteArray body;
    testsupport::httpGet(url, &body, 10000);
    const QJsonArray result = QJsonDocument::fromJson(body)
                                  .object()
                                  .value(QStringLiteral("data"))
                                  .toObject()
                                  .value(QStringLiteral("result"))
                                  .toArray();
    if (result.size() != 1)
        return std::nan("");
    return result[0].toObject().value(QStringLiteral("value")).toArray()[1].toString().toDouble();
}

} // namespace

TEST(LocalStackTarget, WatchesTheUsersOwnModelServerWithoutIris)
{
    testsupport::BlogServiceProcess service;
    ASSERT_TRUE(service.start()) << service.errorString().toStdString();

    QTemporaryDir dir;
    stack::LocalStackOptions options;
    options.withIris = false;
    options.modelTargets = {QUrl(service.baseUrl())};
    options.prometheusPath =
        testsupport::PrometheusProcess::binary(testsupport::PrometheusProcess::Kind::Prometheus);
    options.dataDir = dir.path();
    stack::LocalStack localStack(options);
    bool ready = false;
    QObject::connect(&localStack, &stack::LocalStack::stackReady, [&ready] { ready = true; });
    ASSERT_TRUE(localStack.start()) << localStack.lastError().toStdString();
    ASSERT_TRUE(testsupport::waitUntil([&] { return ready; }, 60000)) << "stack not ready";
    // No iris-server: Prometheus is the only process, and the traffic goes to the service.
    EXPECT_TRUE(localStack.serverUrls().isEmpty());
    EXPECT_EQ(localStack.trafficTargets(), QList<QUrl>{QUrl(service.baseUrl())});
    const QUrl prometheus = localStack.prometheusUrl();
    ASSERT_TRUE(prometheus.isValid());
    ASSERT_TRUE(testsupport::waitUntil(
        [&] { return scalar(prometheus, QStringLiteral("up{job=\"model\"}")) == 1; }, 30000))
        << "the stack's Prometheus does not scrape the service";

    // Three seconds of the simulator's mix scenario at 20/s: normal inputs and every tenth
    // request malformed.
    sim::TrafficSimulator simulator;
    sim::SimulatorOptions traffic;
    traffic.scenario = sim::Scenario::Mix;
    traffic.errorFraction = 0.1;
    traffic.targets = localStack.trafficTargets();
    traffic.rate = 20;
    traffic.durationMs = 3000;
    traffic.seed = 20;
    ASSERT_TRUE(simulator.start(traffic));
    ASSERT_TRUE(testsupport::waitUntil([&] { return !simulator.isRunning(); }, 30000));
    const sim::TrafficCounters sent = simulator.counters();
    EXPECT_GT(sent.sent, 40u);
    EXPECT_EQ(sent.networkErrors, 0u);
    EXPECT_GT(sent.failed, 0u); // the malformed share answered 422 or 500

    // Every request the simulator sent is counted by the service and read by Prometheus under
    // the job "model" (scrapes every second): answered and refused alike, on /predict.
    EXPECT_TRUE(testsupport::waitUntil(
        [&] {
            return scalar(prometheus, QStringLiteral("sum(inference_requests_total{job=\"model\", "
                                                     "endpoint=\"/predict\"})"))
                   == double(sent.sent);
        },
        30000))
        << scalar(prometheus,
                  QStringLiteral(
                      "sum(inference_requests_total{job=\"model\", endpoint=\"/predict\"})"))
        << " counted, " << sent.sent << " sent";
    EXPECT_EQ(scalar(prometheus, QStringLiteral("sum(inference_requests_total{job=\"model\", "
                                                "endpoint=\"/predict\", status=\"200\"})")),
              double(sent.ok));
}

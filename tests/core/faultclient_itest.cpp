// The fault-injection client against the real iris-server on a loopback port: what it sets is
// what the server then reports (and what a plain GET reads back), a refusal carries the server's
// reason, a dead server gives a network error, and a destroyed client calls no callback.
#include "core/sim/faultclient.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <gtest/gtest.h>

#include <memory>
#include <optional>

using namespace vitals;
using vitals::sim::FaultClient;
using vitals::sim::FaultReply;
using vitals::sim::FaultSettings;

namespace {

std::optional<FaultReply> waitFor(const std::optional<FaultReply> &reply)
{
    testsupport::waitUntil([&] { return reply.has_value(); }, 10000);
    return reply;
}

} // namespace

TEST(FaultClient, SetsFaultsTheServerThenReports)
{
    testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    const QUrl base(server.baseUrl());
    FaultClient client;
    QObject context;

    std::optional<FaultReply> set;
    client.set(base, FaultSettings{80, 0.2}, &context, [&](const FaultReply &r) { set = r; });
    EXPECT_EQ(client.inFlight(), 1);
    ASSERT_TRUE(waitFor(set));
    EXPECT_TRUE(set->accepted()) << set->error.toStdString();
    EXPECT_EQ(set->httpStatus, 200);
    ASSERT_TRUE(set->reported.has_value());
    EXPECT_EQ(*set->reported, (FaultSettings{80, 0.2}));
    EXPECT_EQ(client.inFlight(), 0);

    // The server keeps them: read() and a plain GET both see them.
    std::optional<FaultReply> read;
    client.read(base, &context, [&](const FaultReply &r) { read = r; });
    ASSERT_TRUE(waitFor(read));
    ASSERT_TRUE(read->reported.has_value()) << read->error.toStdString();
    EXPECT_EQ(*read->reported, (FaultSettings{80, 0.2}));
    QByteArray body;
    ASSERT_EQ(testsupport::httpGet(FaultClient::faultsUrl(base), &body), 200);
    EXPECT_EQ(QJsonDocument::fromJson(body).object().value(QStringLiteral("latency_ms")).toInt(),
              80);

    // A target given as its /predict URL reaches the same server.
    std::optional<FaultReply> cleared;
    client.set(QUrl(server.baseUrl() + QStringLiteral("/predict")), FaultSettings{}, &context,
               [&](const FaultReply &r) { cleared = r; });
    ASSERT_TRUE(waitFor(cleared));
    ASSERT_TRUE(cleared->reported.has_value()) << cleared->error.toStdString();
    EXPECT_TRUE(cleared->reported->isNone());
}

TEST(FaultClient, RefusalCarriesTheServersReason)
{
    testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    FaultClient client;
    QObject context;
    // iris-server takes error_rate in 0..1 only (server/requestparser.cpp): 400 with a reason.
    std::optional<FaultReply> reply;
    client.set(QUrl(server.baseUrl()), FaultSettings{0, 2.0}, &context,
               [&](const FaultReply &r) { reply = r; });
    ASSERT_TRUE(waitFor(reply));
    EXPECT_FALSE(reply->accepted());
    EXPECT_EQ(reply->httpStatus, 400);
    EXPECT_FALSE(reply->reported.has_value());
    EXPECT_TRUE(reply->error.startsWith(QStringLiteral("HTTP 400: ")))
        << reply->error.toStdString();
    EXPECT_TRUE(reply->error.contains(QStringLiteral("error_rate"))) << reply->error.toStdString();
}

TEST(FaultClient, StoppedServerIsANetworkError)
{
    testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    const QUrl base(server.baseUrl());
    server.stop();
    FaultClient client;
    QObject context;
    std::optional<FaultReply> reply;
    client.read(base, &context, [&](const FaultReply &r) { reply = r; });
    ASSERT_TRUE(waitFor(reply));
    EXPECT_EQ(reply->httpStatus, 0);
    EXPECT_FALSE(reply->accepted());
    EXPECT_FALSE(reply->error.isEmpty());
}

TEST(FaultClient, NoCallbackAfterTheClientOrTheContextIsGone)
{
    testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    const QUrl base(server.baseUrl());
    int calls = 0;
    {
        FaultClient client;
        QObject context;
        client.set(base, FaultSettings{10, 0}, &context, [&](const FaultReply &) { ++calls; });
    }
    FaultClient client;
    auto context = std::make_unique<QObject>();
    client.read(base, context.get(), [&](const FaultReply &) { ++calls; });
    context.reset();
    ASSERT_TRUE(testsupport::waitUntil([&] { return client.inFlight() == 0; }, 10000));
    testsupport::spin(100);
    EXPECT_EQ(calls, 0);
}

TEST(FaultClient, AbortAllAnswersEveryCallbackOnce)
{
    testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    FaultClient client;
    QObject context;
    int calls = 0;
    bool anyAccepted = false;
    for (int i = 0; i < 3; ++i)
        client.read(QUrl(server.baseUrl()), &context, [&](const FaultReply &r) {
            ++calls;
            anyAccepted = anyAccepted || r.accepted();
        });
    client.abortAll();
    EXPECT_EQ(calls, 3);
    EXPECT_FALSE(anyAccepted);
    EXPECT_EQ(client.inFlight(), 0);
}

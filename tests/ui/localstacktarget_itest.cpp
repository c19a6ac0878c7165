// `vitals --local-stack --target URL --no-iris`: the local Prometheus scrapes the user's own model
// server (here the blog-like FastAPI service), the Stack page lists it with its health, and the
// simulator's traffic reaches it. Real Prometheus, real Python service.
#include "core/sim/scenario.h"
#include "core/sim/trafficsimulator.h"
#include "core/stack/localstack.h"
#include "support/testsupport_blogservice.h"
#include "support/testsupport_prometheus.h"
#include "ui/stackpage.h"
#include "ui/tables.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace vitals;
using testsupport::waitUntil;

namespace {

// inference_requests_total{endpoint="/predict",method="POST",status="200"} of the blog service.
double predictionsServed(const testsupport::BlogServiceProcess &service)
{
    QByteArray body;
    testsupport::httpGet(QUrl(service.baseUrl() + QStringLiteral("/metrics/")), &body);
    static const QRegularExpression line(
        QStringLiteral("^inference_requests_total\\{endpoint=\"/"
                       "predict\",method=\"POST\",status=\"200\"\\} (\\S+)$"),
        QRegularExpression::MultilineOption);
    const auto m = line.match(QString::fromUtf8(body));
    return m.hasMatch() ? m.captured(1).toDouble() : 0.0;
}

int columnOf(const TableModel *table, const QString &header)
{
    return int(table->columns().indexOf(header));
}

} // namespace

TEST(StackPageTarget, ListsTheUsersOwnServerAndSendsItTraffic)
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
    options.ruleFiles = {};
    stack::LocalStack stack(options);
    sim::TrafficSimulator simulator;
    StackPage page(&stack, &simulator);
    page.resize(1200, 800);
    page.show();

    bool ready = false;
    QObject::connect(&stack, &stack::LocalStack::stackReady, [&] { ready = true; });
    ASSERT_TRUE(stack.start()) << stack.lastError().toStdString();
    ASSERT_TRUE(waitUntil([&] { return ready; }, 60000)) << stack.lastError().toStdString();
    // No iris-server: Prometheus and Alertmanager are the only processes.
    ASSERT_EQ(stack.processes().size(), 2);
    EXPECT_EQ(stack.trafficTargets(), QList<QUrl>{QUrl(service.baseUrl())});

    // The Stack page lists the service among Prometheus's targets, healthy.
    TableModel *targets = page.targetsModel();
    QAbstractItemModelTester tester(targets, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const int health = columnOf(targets, QStringLiteral("Health"));
    ASSERT_GE(health, 0);
    ASSERT_TRUE(waitUntil(
        [&] {
            for (int row = 0; row < targets->rowCount(); ++row) {
                QString text;
                for (int c = 0; c < targets->columnCount(); ++c)
                    text += targets->text(row, c) + u' ';
                if (text.contains(service.address()) && targets->text(row, health) == u"up")
                    return true;
            }
            return false;
        },
        60000))
        << "the service never showed as an up target";

    // The simulator's normal traffic goes to the service.
    const double before = predictionsServed(service);
    page.startSimulation(sim::Scenario::Normal);
    ASSERT_TRUE(waitUntil([&] { return predictionsServed(service) >= before + 5; }, 30000))
        << "predictions served: " << predictionsServed(service);
    simulator.stop();
}

// The Stack page's fault controls against a real local stack: two iris-server replicas (build/bin)
// and the real Prometheus, on loopback ports.
#include "core/sim/trafficsimulator.h"
#include "core/stack/localstack.h"
#include "support/testsupport_prometheus.h"
#include "ui/stackpage.h"
#include "ui/tables.h"

#include <QAbstractItemModelTester>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

const QString kIrisServer = QStringLiteral(VITALS_BIN_DIR "/iris-server");
const QString kPrometheus = QStringLiteral("/usr/bin/prometheus");

// What GET /admin/faults of one replica reports.
QJsonObject faultsOf(const QUrl &server)
{
    QByteArray body;
    const int status = testsupport::httpGet(sim::TrafficSimulator::faultsUrl(server), &body);
    EXPECT_EQ(status, 200) << body.toStdString();
    return QJsonDocument::fromJson(body).object();
}

} // namespace

TEST(StackPageLive, ApplySetsTheFaultsOfEveryReplica)
{
    ASSERT_TRUE(QFile::exists(kIrisServer) && QFile::exists(kPrometheus))
        << "needs build/bin/iris-server and /usr/bin/prometheus";
    QTemporaryDir dir;
    stack::LocalStackOptions options;
    options.replicas = 2;
    options.irisServerPath = kIrisServer;
    options.prometheusPath = kPrometheus;
    options.dataDir = dir.path();
    options.ruleFiles = {};
    stack::LocalStack stack(options);
    sim::TrafficSimulator simulator;
    StackPage page(&stack, &simulator);
    QAbstractItemModelTester processTester(page.processModel(),
                                           QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester targetsTester(page.targetsModel(),
                                           QAbstractItemModelTester::FailureReportingMode::Fatal);

    auto *latency = page.findChild<QSpinBox *>(QStringLiteral("faultLatency"));
    auto *errorRate = page.findChild<QDoubleSpinBox *>(QStringLiteral("faultErrorRate"));
    auto *apply = page.findChild<QPushButton *>(QStringLiteral("applyFaults"));
    auto *status = page.findChild<QLabel *>(QStringLiteral("faultStatus"));
    ASSERT_TRUE(latency && errorRate && apply && status);

    // Before the stack runs there is nobody to tell, and the page says so.
    apply->click();
    EXPECT_EQ(status->text(), QStringLiteral("No iris-server is running."));

    bool ready = false;
    QObject::connect(&stack, &stack::LocalStack::stackReady, [&ready] { ready = true; });
    ASSERT_TRUE(stack.start());
    // Generous: three processes starting on a loaded 2-core machine.
    ASSERT_TRUE(testsupport::waitUntil([&] { return ready; }, 60000)) << "stack not ready";
    const QList<QUrl> servers = stack.serverUrls();
    ASSERT_EQ(servers.size(), 2);
    // The process table lists the two replicas, Prometheus and Alertmanager, each ready; the
    // targets table (every 2 s, from Prometheus) the two replicas once it has scraped them.
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            const TableModel *processes = page.processModel();
            // The two replicas, Prometheus and Alertmanager.
            if (processes->rowCount() != 4)
                return false;
            for (int row = 0; row < 4; ++row)
                if (processes->text(row, 1) != stack::processStateName(stack::ProcessState::Ready))
                    return false;
            return true;
        },
        15000));
    EXPECT_GE(page.processModel()->rowOf(QStringLiteral("prometheus")), 0);
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            int up = 0;
            for (int row = 0; row < page.targetsModel()->rowCount(); ++row)
                up += page.targetsModel()->text(row, 1) == QStringLiteral("up");
            return up >= 2;
        },
        60000))
        << "the replicas never showed as up targets";
    for (const QUrl &server : servers) {
        EXPECT_EQ(faultsOf(server).value(QStringLiteral("latency_ms")).toDouble(), 0.0);
        EXPECT_EQ(faultsOf(server).value(QStringLiteral("error_rate")).toDouble(), 0.0);
    }

    // The values the user typed reach every replica (the page posts JSON, as the endpoint
    // requires since it refuses what a web page could send).
    latency->setValue(120);
    errorRate->setValue(25); // percent: iris-server gets 0.25
    apply->click();
    ASSERT_TRUE(
        testsupport::waitUntil([&] { return status->text() == QStringLiteral("Applied."); }, 15000))
        << status->text().toStdString();
    for (const QUrl &server : servers) {
        SCOPED_TRACE(server.toString().toStdString());
        const QJsonObject faults = faultsOf(server);
        EXPECT_EQ(faults.value(QStringLiteral("latency_ms")).toDouble(), 120.0);
        EXPECT_EQ(faults.value(QStringLiteral("error_rate")).toDouble(), 0.25);
    }

    // And back to none.
    latency->setValue(0);
    errorRate->setValue(0);
    status->clear();
    apply->click();
    ASSERT_TRUE(testsupport::waitUntil([&] { return status->text() == QStringLiteral("Applied."); },
                                       15000));
    for (const QUrl &server : servers)
        EXPECT_EQ(faultsOf(server).value(QStringLiteral("latency_ms")).toDouble(), 0.0);
}

// The Stack page across restarts, against real iris-server replicas (build/bin) and the real
// Prometheus on loopback ports: Restart stack runs the number of replicas the box shows, and
// faults the user applied are on every replica again after a restart of the stack or of one
// replica, as the page says.
#include "core/sim/trafficsimulator.h"
#include "core/stack/localstack.h"
#include "support/testsupport_prometheus.h"
#include "ui/stackpage.h"

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

// GET /admin/faults of one replica; empty object when it does not answer.
QJsonObject faultsOf(const QUrl &server)
{
    QByteArray body;
    if (testsupport::httpGet(sim::TrafficSimulator::faultsUrl(server), &body) != 200)
        return {};
    return QJsonDocument::fromJson(body).object();
}

// True when every ready replica reports 80 ms and a 0.2 error rate.
bool allHaveFaults(const stack::LocalStack &stack, int replicas)
{
    const QList<QUrl> servers = stack.serverUrls();
    if (servers.size() != replicas)
        return false;
    for (const QUrl &server : servers) {
        const QJsonObject f = faultsOf(server);
        if (f.value(QStringLiteral("latency_ms")).toDouble() != 80.0
            || f.value(QStringLiteral("error_rate")).toDouble() != 0.2)
            return false;
    }
    return true;
}

} // namespace

TEST(StackPageLive, RestartRunsTheReplicaCountShownAndKeepsTheFaults)
{
    // A missing component is a failure, never a skip (./vitals.sh test fails on skips).
    ASSERT_TRUE(QFile::exists(kIrisServer) && QFile::exists(kPrometheus))
        << "needs build/bin/iris-server and /usr/bin/prometheus";
    QTemporaryDir dir;
    stack::LocalStackOptions options;
    options.replicas = 1;
    options.irisServerPath = kIrisServer;
    options.prometheusPath = kPrometheus;
    options.dataDir = dir.path();
    options.ruleFiles = {};
    stack::LocalStack stack(options);
    sim::TrafficSimulator simulator;
    StackPage page(&stack, &simulator);

    auto *replicas = page.findChild<QSpinBox *>(QStringLiteral("replicas"));
    auto *start = page.findChild<QPushButton *>(QStringLiteral("startStack"));
    auto *restart = page.findChild<QPushButton *>(QStringLiteral("restartStack"));
    auto *latency = page.findChild<QSpinBox *>(QStringLiteral("faultLatency"));
    auto *errorRate = page.findChild<QDoubleSpinBox *>(QStringLiteral("faultErrorRate"));
    auto *apply = page.findChild<QPushButton *>(QStringLiteral("applyFaults"));
    auto *status = page.findChild<QLabel *>(QStringLiteral("faultStatus"));
    auto *state = page.findChild<QLabel *>(QStringLiteral("faultState"));
    ASSERT_TRUE(replicas && start && restart && latency && errorRate && apply && status && state);
    // The error rate is a share entered in percent.
    EXPECT_EQ(errorRate->suffix(), QStringLiteral(" %"));
    EXPECT_EQ(errorRate->maximum(), 100.0);

    int readyCount = 0;
    QObject::connect(&stack, &stack::LocalStack::stackReady, [&readyCount] { ++readyCount; });
    start->click();
    ASSERT_TRUE(testsupport::waitUntil([&] { return readyCount == 1; }, 60000))
        << "stack not ready";
    ASSERT_EQ(stack.serverUrls().size(), 1);

    latency->setValue(80);
    errorRate->setValue(20);
    apply->click();
    ASSERT_TRUE(
        testsupport::waitUntil([&] { return status->text() == QStringLiteral("Applied."); }, 15000))
        << status->text().toStdString();
    ASSERT_TRUE(allHaveFaults(stack, 1));

    // Two replicas in the box, then Restart stack (not Stop, Start): two replicas run, and the
    // new processes, which start without faults, have been given them again.
    replicas->setValue(2);
    restart->click();
    ASSERT_TRUE(testsupport::waitUntil([&] { return readyCount == 2; }, 60000)) << "no restart";
    EXPECT_EQ(stack.serverUrls().size(), 2);
    EXPECT_TRUE(testsupport::waitUntil([&] { return allHaveFaults(stack, 2); }, 15000));
    // The page shows what the replicas report (read back from each, not what was typed).
    EXPECT_TRUE(testsupport::waitUntil(
        [&] { return state->text() == QStringLiteral("+80 ms, 20 % errors on all 2 replicas"); },
        10000))
        << state->text().toStdString();

    // Restarting one replica: it comes back with the faults too.
    const QString second = stack::LocalStack::replicaName(1);
    const qint64 oldPid = stack.process(second).pid;
    stack.restartProcess(second);
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            const auto p = stack.process(second);
            return p.state == stack::ProcessState::Ready && p.pid != oldPid;
        },
        30000));
    EXPECT_TRUE(testsupport::waitUntil([&] { return allHaveFaults(stack, 2); }, 15000));

    // Faults cleared: every replica reports none, and so does the page.
    latency->setValue(0);
    errorRate->setValue(0);
    apply->click();
    EXPECT_TRUE(testsupport::waitUntil(
        [&] { return state->text() == QStringLiteral("none on all 2 replicas"); }, 15000))
        << state->text().toStdString();
}

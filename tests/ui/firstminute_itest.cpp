// The first minute of a fresh local stack in the window (issue 17, item 8): the range follows
// the age of the stack's data instead of showing it as a thin strip at the right edge of 15
// minutes, and empty panels say "Starting…" rather than asking whether iris-server is scraped.
// Real iris-server and Debian's Prometheus, started by LocalStack as `vitals --local-stack` does.
#include "core/stack/localstack.h"
#include "core/stack/stackage.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"
#include "ui/panelcontroller.h"
#include "widgets/panelframe.h"
#include "widgets/timerangepicker.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

const QString kIrisServer = QStringLiteral(VITALS_BIN_DIR "/iris-server");
const QString kPrometheus = QStringLiteral("/usr/bin/prometheus");

QStringList emptyMessages(MainWindow &window)
{
    QStringList out;
    for (PanelController *panel : window.dashboardPage()->panels())
        if (panel->frame()->state() == PanelFrame::State::Empty)
            out << panel->frame()->message();
    return out;
}

} // namespace

TEST(FirstMinute, AFreshLocalStackIsShownWholeAndItsEmptyPanelsSayStarting)
{
    ASSERT_TRUE(QFile::exists(kIrisServer) && QFile::exists(kPrometheus))
        << "needs build/bin/iris-server and /usr/bin/prometheus";
    QTemporaryDir dir; // a fresh data directory: no data from an earlier run
    stack::LocalStackOptions options;
    options.replicas = 1;
    options.irisServerPath = kIrisServer;
    options.prometheusPath = kPrometheus;
    options.dataDir = dir.path();
    stack::LocalStack stack(options);

    MainWindow::Options windowOptions;
    windowOptions.restoreSettings = false;
    windowOptions.connectOnStart = false;
    windowOptions.range = QStringLiteral("15m");
    MainWindow window(windowOptions);
    // As vitals_main.cpp connects them.
    QObject::connect(&stack, &stack::LocalStack::prometheusReady, &window, [&](const QUrl &url) {
        prom::ConnectionProfile profile;
        profile.name = QStringLiteral("Local stack");
        profile.baseUrl = url;
        profile.scrapeIntervalMs = qint64(stack.options().scrapeIntervalSeconds) * 1000;
        profile.localStack = true;
        window.setConnection(profile);
    });
    window.resize(1400, 900);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    ASSERT_TRUE(stack.start());
    ASSERT_TRUE(testsupport::waitUntil([&] { return window.connection().localStack; }, 60000))
        << "the stack's Prometheus did not become ready";

    // Seconds old: the dashboard shows the last 2 minutes, not 15, and the picker says so.
    ASSERT_TRUE(testsupport::waitUntil(
        [&] { return window.dashboardPage()->range() == TimeRange::last(stack::kMinFollowSpanMs); },
        10000))
        << window.dashboardPage()->range().label().toStdString();
    EXPECT_EQ(window.rangePicker()->range(), TimeRange::last(stack::kMinFollowSpanMs));
    EXPECT_TRUE(window.dashboardPage()->stackStarting());

    // No traffic yet: the request panels are empty, and say the stack is starting.
    QSignalSpy refreshed(window.dashboardPage(), &DashboardPage::refreshFinished);
    window.refresh();
    ASSERT_TRUE(refreshed.wait(20000));
    const QStringList messages = emptyMessages(window);
    ASSERT_FALSE(messages.isEmpty()) << "expected empty panels on a stack without traffic";
    for (const QString &m : messages) {
        EXPECT_TRUE(m.contains(QStringLiteral("Starting…"))) << m.toStdString();
        EXPECT_FALSE(m.contains(QStringLiteral("being scraped"))) << m.toStdString();
    }

    // A zoom is the user's choice: the range no longer follows the stack.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    window.dashboardPage()->zoomTo(now - 60'000, now);
    const TimeRange zoomed = window.dashboardPage()->range();
    QTest::qWait(4500); // two checks of the data's age
    EXPECT_EQ(window.dashboardPage()->range(), zoomed);
    stack.stop();
}

TEST(FirstMinute, AConnectionThatIsNotTheLocalStackKeepsItsRangeAndHints)
{
    MainWindow::Options windowOptions;
    windowOptions.restoreSettings = false;
    windowOptions.connectOnStart = false;
    windowOptions.range = QStringLiteral("15m");
    MainWindow window(windowOptions);
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();
    prom::ConnectionProfile profile;
    profile.name = QStringLiteral("Fresh but not ours");
    profile.baseUrl = prometheus.baseUrl();
    window.setConnection(profile);
    QTest::qWait(3000);
    EXPECT_EQ(window.dashboardPage()->range(), TimeRange::last(15 * 60'000));
    EXPECT_FALSE(window.dashboardPage()->stackStarting());
}

// The walk a new user takes through the console, automated (issue: "what a Grafana user trips
// over in the first hour"): the window with the local stack (iris-server from build/bin, Debian's
// Prometheus, the traffic simulator), driven with Qt's input events, a screenshot after every
// step, and what can be asserted asserted:
//   - the chart tooltip is still there 2 s after the mouse stopped;
//   - Restart stack runs the replica count the box shows, and the faults are on every new process;
//   - no alert shading while the Alerts page's source says nothing fires;
//   - every page in a light and a dark theme, and at a narrow width.
// Screenshots go to $VITALS_WALK_DIR (kept) or a temporary folder. Under a real X server
// (xvfb-run -a env QT_QPA_PLATFORM=xcb …) the screenshots include the tooltip, taken from the
// screen; offscreen they are the window only.
#include "core/prom/promclient.h"
#include "core/sim/trafficsimulator.h"
#include "core/stack/localstack.h"
#include "support/testsupport_prometheus.h"
#include "ui/alertspage.h"
#include "ui/dashboardpage.h"
#include "ui/explorepage.h"
#include "ui/mainwindow.h"
#include "ui/panelcontroller.h"
#include "ui/stackpage.h"
#include "ui/theme.h"
#include "widgets/promqleditor.h"
#include "widgets/timeserieschart.h"

#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QCursor>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

const QString kIrisServer = QStringLiteral(VITALS_BIN_DIR "/iris-server");
const QString kPrometheus = QStringLiteral("/usr/bin/prometheus");

class Walk
{
public:
    explicit Walk(MainWindow *window)
        : m_window(window)
    {
        m_dir = qEnvironmentVariable("VITALS_WALK_DIR");
        if (m_dir.isEmpty()) {
            m_temp = std::make_unique<QTemporaryDir>();
            m_dir = m_temp->path();
        }
        QDir().mkpath(m_dir);
    }

    // Saves the screen (a real X server: tooltips included) or the window.
    void shot(const QString &name)
    {
        QTest::qWait(300); // let charts repaint
        QPixmap pixmap;
        const bool onScreen = QGuiApplication::platformName() == QLatin1String("xcb");
        if (onScreen)
            pixmap = m_window->screen()->grabWindow(0);
        if (pixmap.isNull())
            pixmap = m_window->grab();
        const QString path = QDir(m_dir).filePath(
            QStringLiteral("%1-%2.png").arg(++m_step, 2, 10, QLatin1Char('0')).arg(name));
        EXPECT_TRUE(pixmap.save(path)) << path.toStdString();
        std::printf("walk: %s\n", qPrintable(path));
    }

private:
    MainWindow *m_window;
    QString m_dir;
    std::unique_ptr<QTemporaryDir> m_temp;
    int m_step = 0;
};

QJsonObject faultsOf(const QUrl &server)
{
    QByteArray body;
    if (testsupport::httpGet(sim::TrafficSimulator::faultsUrl(server), &body) != 200)
        return {};
    return QJsonDocument::fromJson(body).object();
}

// Alert names firing now per /api/v1/alerts (what the Alerts page lists).
int firingNow(const QUrl &prometheus)
{
    QByteArray body;
    if (testsupport::httpGet(QUrl(prometheus.toString() + QStringLiteral("/api/v1/alerts")), &body)
        != 200)
        return -1;
    int n = 0;
    for (const auto &a : QJsonDocument::fromJson(body)["data"]["alerts"].toArray())
        n += a.toObject().value(QStringLiteral("state")).toString() == QStringLiteral("firing");
    return n;
}

TimeSeriesChart *chartTitled(MainWindow &window, const QString &title)
{
    for (PanelController *panel : window.dashboardPage()->panels())
        if (panel->panel().title == title)
            return panel->chart();
    return nullptr;
}

bool refreshed(MainWindow &window)
{
    bool done = false;
    auto c = QObject::connect(window.dashboardPage(), &DashboardPage::refreshFinished,
                              [&done] { done = true; });
    window.refresh();
    const bool ok = testsupport::waitUntil([&] { return done; }, 20000);
    QObject::disconnect(c);
    return ok;
}

} // namespace

TEST(UxWalk, ANewUsersFirstHourWithTheLocalStack)
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
    stack::LocalStack stack(options);
    sim::TrafficSimulator simulator;

    MainWindow::Options windowOptions;
    windowOptions.restoreSettings = false;
    windowOptions.connectOnStart = false;
    windowOptions.range = QStringLiteral("5m");
    MainWindow window(windowOptions);
    auto *stackPage = new StackPage(&stack, &simulator);
    window.addPage(stackPage, QStringLiteral("Stack"));
    QObject::connect(&stack, &stack::LocalStack::prometheusReady, &window,
                     [&window](const QUrl &url) {
                         prom::ConnectionProfile profile;
                         profile.name = QStringLiteral("Local stack");
                         profile.baseUrl = url;
                         window.setConnection(profile);
                     });
    int readyCount = 0;
    QObject::connect(&stack, &stack::LocalStack::stackReady, [&readyCount] { ++readyCount; });
    window.resize(1400, 900);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    // As a user's click would (Xvfb has no window manager to do it): Qt shows tooltips only in
    // the active window.
    window.activateWindow();
    EXPECT_TRUE(QTest::qWaitForWindowActive(&window));
    Walk walk(&window);

    // 1. The stack starts; traffic follows the cycle scenario.
    ASSERT_TRUE(stack.start());
    ASSERT_TRUE(testsupport::waitUntil([&] { return readyCount == 1; }, 60000))
        << "stack not ready";
    stackPage->startSimulation(sim::Scenario::Cycle);
    QTest::qWait(8000); // a few scrapes of traffic
    ASSERT_TRUE(refreshed(window));
    walk.shot(QStringLiteral("dashboard"));

    // 2. Hovering the latency chart: the values tooltip stays while the mouse rests.
    TimeSeriesChart *latency = chartTitled(window, QStringLiteral("Latency"));
    ASSERT_NE(latency, nullptr);
    auto *view = latency->findChild<QChartView *>();
    // Where the data is: a fresh stack has only the last seconds of the range.
    qint64 at = latency->toMs();
    while (at > latency->fromMs() && latency->valuesAt(at).empty())
        at -= 1000;
    ASSERT_FALSE(latency->valuesAt(at).empty()) << "no latency data to hover";
    const QPoint target(int(latency->xAtTime(at)), int(latency->plotArea().center().y()));
    const QPoint local = view->viewport()->mapFrom(latency, target);
    if (QGuiApplication::platformName() == QLatin1String("xcb")) {
        // A real X server: move the real pointer, as a user's mouse would.
        QCursor::setPos(view->viewport()->mapToGlobal(local - QPoint(4, 0)));
        QTest::qWait(50);
        QCursor::setPos(view->viewport()->mapToGlobal(local));
    } else {
        QTest::mouseMove(view->viewport(), local);
    }
    QTest::qWait(2000);
    EXPECT_TRUE(QToolTip::isVisible()) << "the tooltip vanished while the mouse rested";
    walk.shot(QStringLiteral("tooltip-after-2s"));
    QTest::mouseMove(view->viewport(), QPoint(1, 1));

    // 3. The shading agrees with what the Alerts page reads.
    const bool anyFiring = firingNow(stack.prometheusUrl()) > 0;
    ASSERT_TRUE(refreshed(window));
    QTest::qWait(1000); // the alert spans answer separately
    if (!anyFiring) {
        EXPECT_TRUE(latency->shadedSpans().empty()) << "shading while no alert fires";
    }
    window.pages()->setCurrentWidget(window.alertsPage());
    window.alertsPage()->refresh();
    QTest::qWait(1500);
    walk.shot(QStringLiteral("alerts"));

    // 4. Stack page: two replicas and faults, then Restart stack.
    window.pages()->setCurrentWidget(stackPage);
    auto *replicas = stackPage->findChild<QSpinBox *>(QStringLiteral("replicas"));
    auto *latencyFault = stackPage->findChild<QSpinBox *>(QStringLiteral("faultLatency"));
    auto *errorRate = stackPage->findChild<QDoubleSpinBox *>(QStringLiteral("faultErrorRate"));
    auto *apply = stackPage->findChild<QPushButton *>(QStringLiteral("applyFaults"));
    auto *restart = stackPage->findChild<QPushButton *>(QStringLiteral("restartStack"));
    auto *state = stackPage->findChild<QLabel *>(QStringLiteral("faultState"));
    ASSERT_TRUE(replicas && latencyFault && errorRate && apply && restart && state);
    latencyFault->setValue(80);
    errorRate->setValue(20);
    QTest::mouseClick(apply, Qt::LeftButton);
    replicas->setValue(2);
    walk.shot(QStringLiteral("stack-before-restart"));
    QTest::mouseClick(restart, Qt::LeftButton);
    ASSERT_TRUE(testsupport::waitUntil([&] { return readyCount == 2; }, 60000)) << "no restart";
    EXPECT_EQ(stack.serverUrls().size(), 2);
    EXPECT_TRUE(testsupport::waitUntil(
        [&] {
            const auto urls = stack.serverUrls();
            return urls.size() == 2 && std::all_of(urls.begin(), urls.end(), [](const QUrl &u) {
                       return faultsOf(u).value(QStringLiteral("latency_ms")).toDouble() == 80.0;
                   });
        },
        15000))
        << "faults lost on restart";
    EXPECT_TRUE(testsupport::waitUntil(
        [&] { return state->text() == QStringLiteral("+80 ms, 20 % errors on all 2 replicas"); },
        10000))
        << state->text().toStdString();
    stackPage->startSimulation(sim::Scenario::Cycle);
    QTest::qWait(3000);
    walk.shot(QStringLiteral("stack-after-restart"));

    // 5. Explore with a query whose series differ by one label.
    window.pages()->setCurrentWidget(window.explorePage());
    window.explorePage()->editor()->setQuery(
        QStringLiteral("sum by (instance, status) (rate(inference_requests_total[1m]))"));
    window.explorePage()->run();
    QTest::qWait(3000);
    walk.shot(QStringLiteral("explore"));

    // 6. Every page in the dark theme, then light, then narrow.
    for (const auto &[t, label] : {std::pair{theme::Theme::Dark, QStringLiteral("dark")},
                                   std::pair{theme::Theme::Light, QStringLiteral("light")}}) {
        theme::apply(t);
        for (int i = 0; i < window.pages()->count(); ++i) {
            window.pages()->setCurrentIndex(i);
            if (i == 0) {
                ASSERT_TRUE(refreshed(window));
            }
            walk.shot(label + QStringLiteral("-")
                      + window.pages()->tabText(i).section(QLatin1Char(' '), 0, 0).toLower());
        }
    }
    window.resize(820, 900);
    window.pages()->setCurrentIndex(0);
    ASSERT_TRUE(refreshed(window));
    walk.shot(QStringLiteral("narrow-dashboard"));
    window.pages()->setCurrentWidget(stackPage);
    walk.shot(QStringLiteral("narrow-stack"));
    theme::apply(theme::Theme::System);

    simulator.stop();
    testsupport::waitUntil([&] { return !simulator.isRunning(); }, 10000);
}

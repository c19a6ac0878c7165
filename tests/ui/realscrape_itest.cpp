// The window on someone else's Prometheus: one left at its default 15 s scrape interval that
// scrapes only itself. The console must learn the interval from the server (not assume the
// local stack's 1 s), plan every rate window over at least two scrapes, and explain empty panels
// truthfully: Model health's $job matches nothing here, and that is what each panel says.
#include "core/promql/promqllanguage.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"
#include "ui/panelcontroller.h"
#include "ui/variablebar.h"
#include "widgets/panelframe.h"

#include <QFile>
#include <QLabel>
#include <QStatusBar>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace vitals;
using testsupport::PrometheusProcess;
using testsupport::waitUntil;

namespace {

MainWindow::Options optionsFor(const PrometheusProcess &prometheus)
{
    MainWindow::Options options;
    options.server = prometheus.baseUrl();
    options.restoreSettings = false;
    return options;
}

QString statusText(const MainWindow &window)
{
    auto *label = window.statusBar()->findChild<QLabel *>(QStringLiteral("scrapeIntervalLabel"));
    return label ? label->text() : QString();
}

bool refreshedWith(MainWindow &window, qint64 scrapeMs)
{
    return waitUntil(
        [&] {
            return window.dashboardPage()->scrapeIntervalMs() == scrapeMs
                   && !window.dashboardPage()->isRefreshing() && !window.variableBar()->isLoading();
        },
        60000);
}

} // namespace

TEST(RealScrapeInterval, TheWindowPlansRateWindowsOverTwoScrapes)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus));
    for (const int seconds : {15, 60}) {
        PrometheusProcess prometheus;
        ASSERT_TRUE(prometheus.start({}, seconds)) << prometheus.log().toStdString();
        MainWindow window(optionsFor(prometheus));
        window.resize(1400, 900);
        window.show();
        ASSERT_TRUE(refreshedWith(window, seconds * 1000)) << statusText(window).toStdString();
        // From the targets, or from the configuration while a fresh Prometheus has not listed
        // them yet: both say the same.
        const QString shown = statusText(window);
        EXPECT_TRUE(shown
                        == QStringLiteral("scrape %1 (from the targets)")
                               .arg(seconds == 15 ? "15 s" : "1 min")
                    || shown
                           == QStringLiteral("scrape %1 (from the configuration)")
                                  .arg(seconds == 15 ? "15 s" : "1 min"))
            << shown.toStdString();
        window.refresh();
        ASSERT_TRUE(waitUntil([&] { return !window.dashboardPage()->isRefreshing(); }, 60000));
        int rateWindows = 0;
        for (PanelController *panel : window.dashboardPage()->panels())
            for (const QString &expr : panel->lastExpressions())
                for (const qint64 range : promql::rangeDurationsMs(expr)) {
                    ++rateWindows;
                    // $__rate_interval = max(4 × scrape, step + scrape) (Grafana's rule).
                    EXPECT_GE(range, 4 * seconds * 1000) << expr.toStdString();
                }
        // Model health's throughput, latency, errors, mix and CPU panels all use rate windows.
        EXPECT_GE(rateWindows, 10);
    }
}

TEST(RealScrapeInterval, EmptyPanelsSayTheVariableMatchedNothing)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus));
    PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({}, 15)) << prometheus.log().toStdString();
    MainWindow window(optionsFor(prometheus));
    window.resize(1400, 900);
    window.show();
    ASSERT_TRUE(refreshedWith(window, 15000));
    // The variable bar has resolved $job against the server (no inference metrics here):
    window.refresh();
    ASSERT_TRUE(waitUntil([&] { return !window.dashboardPage()->isRefreshing(); }, 60000));
    int explained = 0;
    for (PanelController *panel : window.dashboardPage()->panels()) {
        if (panel->panel().type == dashboard::PanelType::Text || panel->panel().queries.empty())
            continue;
        const QString text = panel->emptyExplanation().text;
        EXPECT_TRUE(text.contains(u"The variable $job matched nothing on this server"))
            << panel->panel().title.toStdString() << ": " << text.toStdString();
        // Never the local stack's hint on a server that is not the local stack.
        EXPECT_FALSE(text.contains(u"iris-server")) << panel->panel().title.toStdString();
        if (panel->frame()->state() == PanelFrame::State::Empty) {
            EXPECT_TRUE(panel->frame()->message().contains(u"matched nothing"));
            ++explained;
        }
    }
    EXPECT_GE(explained, 8);
}

TEST(RealScrapeInterval, AMetricTheServerLacksIsNamed)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus));
    PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({}, 15)) << prometheus.log().toStdString();
    // The first self-scrape (within one interval of the start) brings the metric names.
    ASSERT_TRUE(waitUntil(
        [&] {
            QByteArray body;
            testsupport::httpGet(QUrl(prometheus.baseUrl().toString()
                                      + QStringLiteral("/api/v1/label/__name__/values")),
                                 &body);
            return body.contains("prometheus_http_requests_total");
        },
        40000));
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("board.json"));
    QFile out(file);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    // A Vitals dashboard: one panel on a metric that exists, one on a metric that does not,
    // one whose rate window is shorter than two 15 s scrapes.
    out.write(R"json({"vitalsDashboard": 1, "title": "Probe", "panels": [
      {"id": "ok", "type": "timeseries", "title": "Scrapes", "gridPos": {"x": 0, "y": 0, "w": 8, "h": 6},
       "queries": [{"refId": "A", "expr": "rate(prometheus_http_requests_total[$__rate_interval])"}]},
      {"id": "missing", "type": "timeseries", "title": "Missing", "gridPos": {"x": 8, "y": 0, "w": 8, "h": 6},
       "queries": [{"refId": "A", "expr": "rate(inference_request_errors_total[5m])"}]},
      {"id": "short", "type": "timeseries", "title": "Short", "gridPos": {"x": 16, "y": 0, "w": 8, "h": 6},
       "queries": [{"refId": "A", "expr": "rate(prometheus_http_requests_total[10s])"}]}]})json");
    out.close();
    MainWindow::Options options = optionsFor(prometheus);
    options.dashboardFiles = {file};
    MainWindow window(options);
    window.show();
    ASSERT_EQ(window.dashboardPage()->dashboard().title, "Probe");
    ASSERT_TRUE(refreshedWith(window, 15000));
    auto explanation = [&](const QString &id) {
        for (PanelController *p : window.dashboardPage()->panels())
            if (p->panel().id == id)
                return p->emptyExplanation().text;
        return QStringLiteral("(no panel)");
    };
    EXPECT_EQ(explanation(QStringLiteral("missing")),
              "This server has no metric inference_request_errors_total — the panel needs it.");
    EXPECT_TRUE(explanation(QStringLiteral("short")).contains(u"[10s] is shorter than two scrapes"))
        << explanation(QStringLiteral("short")).toStdString();
}

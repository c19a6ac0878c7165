// A published Grafana dashboard with query variables, reported against a real Prometheus that
// holds its metrics: the Go runtime mixin (tests/fixtures/grafana/go-runtime-mixin.json, see
// SOURCES.md there) reads the Go runtime metrics Prometheus exports about itself. Its variables
// carry an empty `current`, as published dashboards do: `$job` must resolve against the server
// (to "prometheus", the job Prometheus scrapes itself as) for any panel to have data.
#include "core/dashboard/dashboardfile.h"
#include "support/testsupport_pdf.h"
#include "support/testsupport_prometheus.h"
#include "support/testsupport_vitals.h"
#include "ui/realworld.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>

using namespace vitals;

namespace {
const QString kGoRuntime =
    QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/go-runtime-mixin.json");

// Scraping itself every 5 s: three scrapes within 20 s of the start, so the rate panels
// ($__rate_interval ≥ 4 scrapes) have two samples at least without a long wait.
constexpr int kScrapeSeconds = 5;

// Starts `prometheus` scraping itself as job "prometheus" and waits for three scrapes.
::testing::AssertionResult startAndScrapeThrice(testsupport::PrometheusProcess &prometheus)
{
    prometheus.setSelfJob(QStringLiteral("prometheus"));
    if (!prometheus.start({}, kScrapeSeconds))
        return ::testing::AssertionFailure() << prometheus.log().toStdString();
    const QUrl samples(
        prometheus.baseUrl().toString()
        + QStringLiteral("/api/v1/query?query=count_over_time(go_goroutines%5B1m%5D)"));
    const bool scraped = testsupport::waitUntil(
        [&] {
            QByteArray body;
            testsupport::httpGet(samples, &body);
            return body.contains("\"3\"") || body.contains("\"4\"") || body.contains("\"5\"");
        },
        (6 * kScrapeSeconds + 10) * 1000);
    if (!scraped)
        return ::testing::AssertionFailure() << "Prometheus did not scrape itself three times";
    return ::testing::AssertionSuccess();
}
} // namespace

TEST(GrafanaDashboardLive, GoRuntimeMixinReportHasDataInEveryPanel)
{
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(startAndScrapeThrice(prometheus));

    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("go-runtime.pdf"));
    const auto run = testsupport::runVitals(
        {QStringLiteral("report"), QStringLiteral("--server"), prometheus.baseUrl().toString(),
         QStringLiteral("--dashboard"), kGoRuntime, QStringLiteral("--from"), QStringLiteral("-5m"),
         QStringLiteral("--to"), QStringLiteral("now"), QStringLiteral("--out"), pdf});
    ASSERT_TRUE(run.finished);
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.err.contains(QStringLiteral("imported Grafana dashboard")))
        << run.err.toStdString();

    const auto opened = dashboard::openDashboardFile(kGoRuntime);
    ASSERT_TRUE(opened.ok()) << opened.error.toStdString();
    ASSERT_GE(opened.dashboard->panels.size(), 10u);
    const QStringList pages = testsupport::pdfPageTexts(pdf);
    ASSERT_FALSE(pages.isEmpty());
    // The title page lists the variable values the report used: the file's `current` is empty,
    // so $job is what the server has — All, as the variable allows it (its allValue ".+"
    // matches the one job there, "prometheus").
    EXPECT_TRUE(QRegularExpression(QStringLiteral("Variables\\s+job = (All|prometheus)"))
                    .match(pages.front())
                    .hasMatch())
        << pages.front().toStdString();
    const QStringList empty = realworld::reportPanelsWithoutData(pages, *opened.dashboard);
    EXPECT_TRUE(empty.isEmpty()) << "panels without data: "
                                 << empty.join(QStringLiteral(", ")).toStdString() << "\n"
                                 << run.err.toStdString() << "\n"
                                 << pages.join(u'\f').toStdString();
}

TEST(GrafanaDashboardLive, GoRuntimeMixinHasDataInEveryPanelOfTheWindow)
{
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(startAndScrapeThrice(prometheus));

    // `vitals --server URL go-runtime-mixin.json`: the file opens in the window.
    MainWindow::Options options;
    options.server = prometheus.baseUrl();
    options.restoreSettings = false;
    options.dashboardFiles = {kGoRuntime};
    const auto window = std::make_unique<MainWindow>(options);
    window->resize(1600, 1000);
    window->show();
    DashboardPage *page = window->dashboardPage();
    ASSERT_EQ(page->dashboard().title, QStringLiteral("Go runtime metrics"))
        << page->dashboard().title.toStdString();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ASSERT_TRUE(realworld::showSpan(*window, kScrapeSeconds * 1000, now - 5 * 60'000, now))
        << realworld::describePanels(*page).toStdString();
    ASSERT_GE(page->panels().size(), 10u);
    for (const PanelController *panel : page->panels())
        EXPECT_EQ(panel->frame()->state(), PanelFrame::State::Ready)
            << panel->panel().title.toStdString() << ": " << panel->frame()->message().toStdString()
            << "\n"
            << panel->lastExpressions().join(u'\n').toStdString();
}

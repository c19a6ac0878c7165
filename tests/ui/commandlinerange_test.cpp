// `vitals --range 5m dashboard.json`: the range asked for on the command line wins over the
// dashboard file's own default, as --var wins over its variables; files opened later keep
// theirs.
#include "ui/dashboardfiles.h"
#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"

#include <QString>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

// Grafana's old Node Exporter Full: "time": {"from": "now-24h"}. Prometheus 2.0 Stats: now-1h.
const QString kCorpus = QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/corpus/");

MainWindow::Options optionsWith(const QString &range)
{
    MainWindow::Options options;
    options.server = QUrl(QStringLiteral("http://127.0.0.1:1"));
    options.restoreSettings = false;
    options.range = range;
    options.dashboardFiles = {kCorpus + QStringLiteral("node-exporter-full-old-schema14.json")};
    return options;
}

} // namespace

TEST(CommandLineRange, WinsOverTheFirstDashboardsOwnRange)
{
    MainWindow window(optionsWith(QStringLiteral("5m")));
    EXPECT_EQ(window.dashboardPage()->range().spanMs(), 5 * 60'000);
    EXPECT_TRUE(window.dashboardPage()->range().isRelative());

    // A file opened afterwards shows its own default again.
    ASSERT_TRUE(window.dashboardFiles()->openFile(
        kCorpus + QStringLiteral("grafana-prometheus2-stats-v30-timeseries.json")));
    EXPECT_EQ(window.dashboardPage()->range().spanMs(), 3'600'000);
}

TEST(CommandLineRange, WithoutItTheDashboardsOwnRangeIsShown)
{
    MainWindow window(optionsWith(QString()));
    EXPECT_EQ(window.dashboardPage()->range().spanMs(), 24 * 3'600'000);
}

// A Grafana dashboard's per-series overrides, value mappings and repeated panels, shown by the
// dashboard page (what the main window shows) against a real Prometheus scraping itself (job
// "self"). The dashboard is opened as the app opens files (dashboard::openDashboard).
#include "core/dashboard/dashboardfile.h"
#include "core/prom/promclient.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "widgets/stattile.h"
#include "widgets/timeserieschart.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

// Three series on one chart: "rx" plain, "tx" red and drawn below the axis (Grafana's
// negative-Y), "hidden" not drawn; a stat tile whose value 1 reads "ON"; a panel repeated per
// selected value of $k.
const QByteArray kDashboard = R"json({"title": "Fidelity", "schemaVersion": 37,
  "templating": {"list": [{"name": "k", "type": "custom", "query": "a,b,c", "multi": true,
                           "current": {"value": ["a", "b"]}}]},
  "panels": [
    {"id": 1, "type": "graph", "title": "Traffic", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "targets": [{"expr": "up{job=\"self\"}", "legendFormat": "rx", "refId": "A"},
                 {"expr": "2 * up{job=\"self\"}", "legendFormat": "tx", "refId": "B"},
                 {"expr": "3 * up{job=\"self\"}", "legendFormat": "hidden", "refId": "C"}],
     "seriesOverrides": [{"alias": "/^t/", "transform": "negative-Y", "color": "#FF0000"},
                         {"alias": "hidden", "hiddenSeries": true}]},
    {"id": 2, "type": "stat", "title": "Up", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
     "targets": [{"expr": "up{job=\"self\"}", "refId": "A", "instant": true}],
     "fieldConfig": {"defaults": {"mappings": [{"type": "value",
       "options": {"1": {"text": "ON", "color": "green"}, "0": {"text": "OFF", "color": "red"}}}]},
       "overrides": []}},
    {"id": 3, "type": "timeseries", "title": "Per $k", "repeat": "k", "repeatDirection": "h",
     "gridPos": {"x": 0, "y": 8, "w": 8, "h": 6},
     "targets": [{"expr": "up{job=\"self\", k=\"$k\"} or up{job=\"self\"}", "refId": "A"}]}]})json";

bool waitForRefresh(DashboardPage &page)
{
    QSignalSpy spy(&page, &DashboardPage::refreshFinished);
    return spy.wait(20000);
}

} // namespace

TEST(GrafanaFidelity, OverridesMappingsAndRepeatsReachTheScreen)
{
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();
    prom::PromClient client;
    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    client.setProfile(profile);
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            QByteArray body;
            testsupport::httpGet(
                QUrl(prometheus.baseUrl().toString() + QStringLiteral("/api/v1/query?query=up")),
                &body);
            return body.contains("\"self\"");
        },
        30000));

    const dashboard::OpenResult opened = dashboard::openDashboard(kDashboard);
    ASSERT_TRUE(opened.ok()) << opened.error.toStdString();
    EXPECT_TRUE(opened.report.isEmpty()) << opened.report.toText().toStdString();

    DashboardPage page(&client);
    page.resize(1200, 800);
    page.setDashboard(*opened.dashboard);
    page.setRange(TimeRange::last(300'000));
    page.refresh();
    ASSERT_TRUE(waitForRefresh(page));

    // Two copies of the repeated panel (a, b), side by side, titled by their value.
    ASSERT_EQ(page.panels().size(), 4u);
    EXPECT_EQ(page.panels()[2]->panel().title, QStringLiteral("Per a"));
    EXPECT_EQ(page.panels()[3]->panel().title, QStringLiteral("Per b"));
    EXPECT_EQ(page.panels()[3]->panel().gridPos.x, 12); // max(24 / 2 copies, 24 / 4 per row)

    TimeSeriesChart *chart = page.panels()[0]->chart();
    ASSERT_NE(chart, nullptr);
    // A Prometheus started seconds ago may answer the first range query with no point yet.
    for (int i = 0; i < 15 && chart->seriesCount() == 0; ++i) {
        QTest::qWait(1000);
        page.refresh();
        ASSERT_TRUE(waitForRefresh(page));
        chart = page.panels()[0]->chart();
    }
    ASSERT_EQ(chart->seriesCount(), 2); // "hidden" is not drawn
    EXPECT_EQ(chart->seriesName(0), QStringLiteral("rx"));
    EXPECT_EQ(chart->seriesName(1), QStringLiteral("tx"));
    EXPECT_EQ(chart->seriesColor(1), QColor(QStringLiteral("#ff0000")));
    EXPECT_NE(chart->seriesColor(0), QColor(QStringLiteral("#ff0000")));

    StatTile *tile = page.panels()[1]->tile();
    ASSERT_NE(tile, nullptr);
    EXPECT_EQ(tile->valueText(), QStringLiteral("ON"));
    EXPECT_EQ(tile->level(), StatTile::Level::Ok);

    // Selecting a third value re-expands the repeat.
    std::vector<dashboard::Variable> variables = page.dashboard().variables;
    variables[0].currentValues = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    page.setVariables(variables, {});
    EXPECT_EQ(page.panels().size(), 5u);
    EXPECT_EQ(page.panels()[4]->panel().title, QStringLiteral("Per c"));
}

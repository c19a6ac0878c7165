// Grafana panel options drawn as Grafana draws them: 100 % stacking, percentage thresholds,
// threshold colours without a traffic-light meaning.
#include "core/dashboard/grafanaimport.h"
#include "core/panel/paneldata.h"
#include "core/panel/percentstack.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;
using namespace vitals::dashboard;

namespace {

panel::PanelSeries line(std::vector<std::pair<qint64, double>> samples)
{
    panel::PanelSeries s;
    for (const auto &[t, v] : samples)
        s.samples.append(t, v);
    return s;
}

const Panel &onlyPanel(const GrafanaImport &g)
{
    EXPECT_TRUE(g.ok()) << g.error.toStdString();
    return g.dashboard->panels.at(0);
}

} // namespace

TEST(PanelFidelity, PercentStackingDrawsSharesOfTheStack)
{
    // At t=1: 1 of 4 and 3 of 4; at t=2: 3 of 4 and 1 of 4; at t=3 the sum is 0 (a gap).
    std::vector<panel::PanelSeries> list;
    list.push_back(line({{1, 1}, {2, 3}, {3, 0}}));
    list.push_back(line({{1, 3}, {2, 1}, {3, 0}}));
    panel::toStackShares(list);
    EXPECT_DOUBLE_EQ(list[0].samples.value(0), 0.25);
    EXPECT_DOUBLE_EQ(list[0].samples.value(1), 0.75);
    EXPECT_DOUBLE_EQ(list[1].samples.value(0), 0.75);
    EXPECT_TRUE(std::isnan(list[1].samples.value(2)));

    const GrafanaImport g = importGrafanaDashboard(R"json({"title": "S", "panels": [
        {"id": 1, "type": "timeseries", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "fieldConfig": {"defaults": {"custom": {"stacking": {"mode": "percent"}}}},
         "targets": [{"expr": "rate(x[5m])", "refId": "A"}]}]})json");
    const Panel &p = onlyPanel(g);
    EXPECT_TRUE(p.stacked);
    EXPECT_TRUE(p.stackPercent);
    EXPECT_TRUE(g.report.isEmpty()) << g.report.toText().toStdString();
}

TEST(PanelFidelity, TheGraphPanelsPercentageBoundsAreOnItsZeroToHundredScale)
{
    // Node Exporter Full (schema 14), CPU Basic: stacked percentage with yaxes max "100". The
    // shares are drawn 0–1 in percentunit, so the axis ends at 1 (100 %), not at 100 (10000 %).
    const GrafanaImport g = importGrafanaDashboard(R"json({"title": "G", "panels": [
        {"id": 1, "type": "graph", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "stack": true, "percentage": true,
         "yaxes": [{"format": "short", "min": "0", "max": "100"}, {"format": "short"}],
         "targets": [{"expr": "rate(x[5m])", "refId": "A"}]}]})json");
    const Panel &p = onlyPanel(g);
    EXPECT_TRUE(p.stackPercent);
    ASSERT_TRUE(p.min && p.max);
    EXPECT_DOUBLE_EQ(*p.min, 0.0);
    EXPECT_DOUBLE_EQ(*p.max, 1.0);

    // Without percentage, the same bounds stay as written.
    const GrafanaImport plain = importGrafanaDashboard(R"json({"title": "G", "panels": [
        {"id": 1, "type": "graph", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "stack": true, "yaxes": [{"format": "short", "max": "100"}, {"format": "short"}],
         "targets": [{"expr": "rate(x[5m])", "refId": "A"}]}]})json");
    ASSERT_TRUE(onlyPanel(plain).max.has_value());
    EXPECT_DOUBLE_EQ(*onlyPanel(plain).max, 100.0);
}

TEST(PanelFidelity, PercentageThresholdsSitBetweenMinAndMax)
{
    // min 0, max 200: 50 % is 100 and 80 % is 160.
    const GrafanaImport g = importGrafanaDashboard(R"json({"title": "T", "panels": [
        {"id": 1, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
         "fieldConfig": {"defaults": {"min": 0, "max": 200, "thresholds": {"mode": "percentage",
           "steps": [{"color": "green", "value": null}, {"color": "orange", "value": 50},
                     {"color": "red", "value": 80}]}}},
         "targets": [{"expr": "x", "refId": "A"}]}]})json");
    const Panel &p = onlyPanel(g);
    EXPECT_EQ(
        p.thresholds,
        (Thresholds{{{100, ThresholdLevel::Warning}, {160, ThresholdLevel::Critical}}, false}));
    EXPECT_TRUE(g.report.isEmpty()) << g.report.toText().toStdString();
}

TEST(PanelFidelity, ColoursWithoutMeaningTakeTheirPlaceOnTheScale)
{
    // Blue, purple, a blue hex: first green, middle amber, last red; nothing reported.
    const GrafanaImport g = importGrafanaDashboard(R"json({"title": "C", "panels": [
        {"id": 1, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
         "fieldConfig": {"defaults": {"thresholds": {"mode": "absolute",
           "steps": [{"color": "blue", "value": null}, {"color": "purple", "value": 10},
                     {"color": "#5794F2", "value": 20}]}}},
         "targets": [{"expr": "x", "refId": "A"}]}]})json");
    const Panel &p = onlyPanel(g);
    EXPECT_EQ(p.thresholds,
              (Thresholds{{{10, ThresholdLevel::Warning}, {20, ThresholdLevel::Critical}}, false}));
    EXPECT_TRUE(g.report.isEmpty()) << g.report.toText().toStdString();
}

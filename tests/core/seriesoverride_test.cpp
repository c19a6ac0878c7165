// Per-series overrides: matching, merging, Grafana colours, the file format, and the import of
// Grafana's fieldConfig.overrides and graph seriesOverrides.
#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/grafanaimport.h"
#include "core/dashboard/seriesoverride.h"
#include "core/series/series.h"

#include <gtest/gtest.h>

using namespace vitals::dashboard;

namespace {

SeriesOverride byName(const char *name, SeriesStyle style)
{
    return {SeriesOverride::Match::Name, QString::fromUtf8(name), std::move(style)};
}

} // namespace

TEST(SeriesOverride, MatchesByNameRegexRefIdAndType)
{
    const SeriesOverride name{SeriesOverride::Match::Name, QStringLiteral("p99"), {}};
    EXPECT_TRUE(name.matches(QStringLiteral("p99"), QStringLiteral("A")));
    EXPECT_FALSE(name.matches(QStringLiteral("p999"), QStringLiteral("A")));
    // A regex must match the whole name, as Grafana's byRegexp matcher.
    const SeriesOverride regex{SeriesOverride::Match::Regex, QStringLiteral("p9+"), {}};
    EXPECT_TRUE(regex.matches(QStringLiteral("p999"), {}));
    EXPECT_FALSE(regex.matches(QStringLiteral("p99 latency"), {}));
    const SeriesOverride ref{SeriesOverride::Match::RefId, QStringLiteral("B"), {}};
    EXPECT_TRUE(ref.matches(QStringLiteral("anything"), QStringLiteral("B")));
    EXPECT_FALSE(ref.matches(QStringLiteral("anything"), QStringLiteral("A")));
    const SeriesOverride numbers{SeriesOverride::Match::FieldType, QStringLiteral("number"), {}};
    EXPECT_TRUE(numbers.matches(QStringLiteral("x"), {}));
    const SeriesOverride times{SeriesOverride::Match::FieldType, QStringLiteral("time"), {}};
    EXPECT_FALSE(times.matches(QStringLiteral("x"), {}));
}

TEST(SeriesOverride, LaterOverridesWinPerProperty)
{
    SeriesStyle red;
    red.color = QStringLiteral("#f2495c");
    red.lineWidth = 2;
    SeriesStyle blue;
    blue.color = QStringLiteral("#5794f2");
    const std::vector<SeriesOverride> overrides{byName("rx", red), byName("rx", blue),
                                                byName("tx", red)};
    const SeriesStyle rx = styleFor(overrides, QStringLiteral("rx"), QStringLiteral("A"));
    EXPECT_EQ(rx.color, QStringLiteral("#5794f2"));
    EXPECT_EQ(rx.lineWidth, 2);
    EXPECT_TRUE(styleFor(overrides, QStringLiteral("other"), {}).isEmpty());
    // Line width is drawn on time-series charts; decimals are not yet.
    EXPECT_TRUE(undrawnProperties(rx).isEmpty());
    SeriesStyle rounded = rx;
    rounded.decimals = 1;
    EXPECT_EQ(undrawnProperties(rounded), QStringList{QStringLiteral("decimals")});
}

TEST(SeriesOverride, NegativeYNegatesTheDrawnSamples)
{
    vitals::series::Series s;
    s.append(1000, 2.5);
    s.append(2000, -1.0);
    SeriesStyle style;
    EXPECT_EQ(drawnSamples(style, s.clone()).values(), s.values());
    style.negativeY = true;
    EXPECT_EQ(drawnSamples(style, s.clone()).values(), (std::vector<double>{-2.5, 1.0}));
}

TEST(SeriesOverride, GrafanaColoursByNameHexAndRgb)
{
    // Grafana's palette (packages/grafana-data/src/themes/colors + getColorDefinitions).
    EXPECT_EQ(grafanaColor(QStringLiteral("red")), QStringLiteral("#f2495c"));
    EXPECT_EQ(grafanaColor(QStringLiteral("dark-green")), QStringLiteral("#37872d"));
    EXPECT_EQ(grafanaColor(QStringLiteral("semi-dark-blue")), QStringLiteral("#3274d9"));
    EXPECT_EQ(grafanaColor(QStringLiteral("#7EB26D")), QStringLiteral("#7eb26d"));
    EXPECT_EQ(grafanaColor(QStringLiteral("#abc")), QStringLiteral("#aabbcc"));
    EXPECT_EQ(grafanaColor(QStringLiteral("rgba(50, 172, 45, 0.97)")), QStringLiteral("#32ac2d"));
    EXPECT_EQ(grafanaColor(QStringLiteral("text")), std::nullopt);
}

TEST(SeriesOverride, GrafanaOverridesImportAndSurviveSaving)
{
    const QByteArray json = R"json({"title": "O", "panels": [
      {"id": 1, "type": "graph", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
       "targets": [{"expr": "rate(rx[5m])", "refId": "A"}],
       "seriesOverrides": [{"alias": "/transmit/", "transform": "negative-Y", "color": "#FF0000"},
                           {"alias": "errors", "yaxis": 2, "bars": true}]},
      {"id": 2, "type": "timeseries", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
       "targets": [{"expr": "up", "refId": "A"}],
       "fieldConfig": {"defaults": {}, "overrides": [
         {"matcher": {"id": "byName", "options": "down"},
          "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}},
                         {"id": "displayName", "value": "Down"}]},
         {"matcher": {"id": "byRegexp", "options": "tmp.*"},
          "properties": [{"id": "custom.hideFrom",
                          "value": {"legend": true, "tooltip": true, "viz": true}}]}]}}]})json";
    const GrafanaImport g = importGrafanaDashboard(json);
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    const Panel *graph = g.dashboard->panel(QStringLiteral("1"));
    ASSERT_EQ(graph->overrides.size(), 2u);
    const SeriesStyle transmit = styleFor(graph->overrides, QStringLiteral("eth0 transmit"), {});
    EXPECT_EQ(transmit.negativeY, true); // "/transmit/" matches anywhere, as in Grafana
    EXPECT_EQ(transmit.color, QStringLiteral("#ff0000"));
    const Panel *ts = g.dashboard->panel(QStringLiteral("2"));
    const SeriesStyle down = styleFor(ts->overrides, QStringLiteral("down"), QStringLiteral("A"));
    EXPECT_EQ(down.color, QStringLiteral("#f2495c"));
    EXPECT_EQ(down.displayName, QStringLiteral("Down"));
    EXPECT_EQ(styleFor(ts->overrides, QStringLiteral("tmp1"), {}).hideGraph, true);

    // Drawn properties leave no report entry (the right-hand axis and hiding from the legend
    // and tooltip included); what is not understood is listed.
    EXPECT_TRUE(g.report.issuesAt(QStringLiteral("panels[0].seriesOverrides[0]")).empty())
        << g.report.toText().toStdString();
    const auto errors = g.report.issuesAt(QStringLiteral("panels[0].seriesOverrides[1]"));
    ASSERT_EQ(errors.size(), 1u) << g.report.toText().toStdString();
    EXPECT_TRUE(errors[0].message.contains(QStringLiteral("bars"))); // not understood
    EXPECT_TRUE(g.report.issuesAt(QStringLiteral("panels[1].fieldConfig.overrides[1]")).empty());
    EXPECT_TRUE(g.report.issuesAt(QStringLiteral("panels[1].fieldConfig.overrides[0]")).empty());

    const LoadResult reloaded = parseDashboard(serializeDashboard(*g.dashboard));
    ASSERT_TRUE(reloaded.ok()) << reloaded.error.toStdString();
    EXPECT_EQ(*reloaded.dashboard, *g.dashboard);
}

TEST(SeriesOverride, LegacyRightAxisTakesTheSecondYAxisUnit)
{
    // A graph panel's series on yaxis 2 are labelled with yaxes[1].format, as in Grafana's
    // "Prometheus 2.0 Stats" (Compaction Activity: counts on the left, seconds on the right).
    const QByteArray json = R"json({"title": "R", "panels": [
      {"id": 1, "type": "graph", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
       "targets": [{"expr": "rate(x[5m])", "refId": "A", "legendFormat": "duration-p99"}],
       "yaxes": [{"format": "short"}, {"format": "s"}],
       "seriesOverrides": [{"alias": "duration-p99", "yaxis": 2},
                           {"alias": "own", "yaxis": 2}]}]})json";
    const GrafanaImport g = importGrafanaDashboard(json);
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    const Panel *graph = g.dashboard->panel(QStringLiteral("1"));
    const SeriesStyle p99 = styleFor(graph->overrides, QStringLiteral("duration-p99"), {});
    EXPECT_EQ(p99.rightAxis, true);
    EXPECT_EQ(p99.unit, QStringLiteral("s"));
    EXPECT_EQ(graph->unit, QStringLiteral("short"));
    EXPECT_TRUE(g.report.toText().isEmpty()) << g.report.toText().toStdString();
}

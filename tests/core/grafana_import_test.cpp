// Import of Grafana dashboards written in Grafana's schema (tests/fixtures/grafana/).
#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/grafanaimport.h"
#include "core/dashboard/variablequery.h"

#include <QFile>

#include <gtest/gtest.h>

using namespace vitals::dashboard;

namespace {

QByteArray fixture(const char *name)
{
    QFile file(QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        ADD_FAILURE() << "cannot open fixture " << name;
    return file.readAll();
}

GrafanaImport importFixture(const char *name)
{
    GrafanaImport imported = importGrafanaDashboard(fixture(name));
    EXPECT_TRUE(imported.ok()) << imported.error.toStdString();
    return imported;
}

QStringList panelIds(const Dashboard &d)
{
    QStringList ids;
    for (const Panel &p : d.panels)
        ids << p.id;
    return ids;
}

// The one report entry at exactly `path`, or a failure.
ImportIssue issueAt(const ImportReport &report, const QString &path)
{
    std::vector<ImportIssue> found;
    for (const ImportIssue &i : report.issues) {
        if (i.path == path)
            found.push_back(i);
    }
    if (found.size() != 1) {
        ADD_FAILURE() << found.size() << " report entries at " << path.toStdString()
                      << "; report:\n"
                      << report.toText().toStdString();
        return {};
    }
    return found.front();
}

} // namespace

TEST(GrafanaImport, Grafana10DashboardKeepsEverySupportedPanel)
{
    const GrafanaImport g = importFixture("iris-serving-g10.json");
    ASSERT_TRUE(g.ok());
    const Dashboard &d = *g.dashboard;
    EXPECT_EQ(d.title, QStringLiteral("Iris serving"));
    EXPECT_EQ(d.uid, QStringLiteral("iris-serving"));
    EXPECT_EQ(d.description, QStringLiteral("Traffic, latency and resources of iris-server."));
    EXPECT_EQ(d.defaultRange, QStringLiteral("1h")); // time.from "now-1h"
    EXPECT_EQ(d.refresh, QStringLiteral("30s"));
    // Rows become section headers; logs (13) is skipped; the heatmap (11) is kept.
    EXPECT_EQ(panelIds(d),
              (QStringList{QStringLiteral("row-100"), QStringLiteral("1"), QStringLiteral("2"),
                           QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5"),
                           QStringLiteral("row-101"), QStringLiteral("6"), QStringLiteral("7"),
                           QStringLiteral("8"), QStringLiteral("row-102"), QStringLiteral("9"),
                           QStringLiteral("10"), QStringLiteral("11"), QStringLiteral("12")}));
    EXPECT_EQ(validateDashboard(d), QString());
}

TEST(GrafanaImport, PanelTypesUnitsAndThresholds)
{
    const Dashboard d = *importFixture("iris-serving-g10.json").dashboard;

    const Panel *throughput = d.panel(QStringLiteral("1"));
    EXPECT_EQ(throughput->type, PanelType::TimeSeries);
    EXPECT_EQ(throughput->title, QStringLiteral("Throughput"));
    EXPECT_EQ(throughput->description, QStringLiteral("Requests per second by HTTP status."));
    EXPECT_EQ(throughput->unit, QStringLiteral("reqps"));
    EXPECT_EQ(throughput->min, 0.0);
    EXPECT_FALSE(throughput->max.has_value());
    EXPECT_TRUE(throughput->stacked); // custom.stacking.mode "normal"
    EXPECT_EQ(throughput->gridPos, (GridPos{0, 1, 12, 8}));
    ASSERT_EQ(throughput->queries.size(), 1u);
    EXPECT_EQ(throughput->queries[0].expr,
              QStringLiteral("sum by (status) (rate(inference_requests_total{job=\"$job\", "
                             "instance=~\"$instance\"}[$__rate_interval]))"));
    EXPECT_EQ(throughput->queries[0].legendFormat, QStringLiteral("{{status}}"));
    EXPECT_EQ(throughput->queries[0].refId, QStringLiteral("A"));
    EXPECT_FALSE(throughput->queries[0].instant);
    // green base, red from 100
    EXPECT_EQ(throughput->thresholds, (Thresholds{{{100.0, ThresholdLevel::Critical}}, false}));

    const Panel *p95 = d.panel(QStringLiteral("2"));
    EXPECT_EQ(p95->type, PanelType::Stat);
    EXPECT_EQ(p95->unit, QStringLiteral("s"));
    EXPECT_TRUE(p95->queries[0].instant);
    // "#EAB839" is Grafana's yellow: amber.
    EXPECT_EQ(
        p95->thresholds,
        (Thresholds{{{0.1, ThresholdLevel::Warning}, {0.5, ThresholdLevel::Critical}}, false}));

    const Panel *gauge = d.panel(QStringLiteral("3"));
    EXPECT_EQ(gauge->type, PanelType::Stat);
    EXPECT_EQ(gauge->unit, QStringLiteral("percentunit"));
    EXPECT_EQ(gauge->min, 0.0);
    EXPECT_EQ(gauge->max, 1.0);
    EXPECT_EQ(gauge->thresholds.levelFor(0.02), ThresholdLevel::Warning); // orange from 0.01

    // red base, green from 1: higher is better, below 1 is red.
    const Panel *up = d.panel(QStringLiteral("4"));
    EXPECT_EQ(up->unit, QString()); // "none"
    EXPECT_EQ(up->thresholds, (Thresholds{{{1.0, ThresholdLevel::Critical}}, true}));
    EXPECT_EQ(up->thresholds.levelFor(0), ThresholdLevel::Critical);
    EXPECT_EQ(up->thresholds.levelFor(1), ThresholdLevel::Ok);

    const Panel *bars = d.panel(QStringLiteral("5"));
    EXPECT_EQ(bars->type, PanelType::Bar);                         // bargauge
    EXPECT_EQ(bars->unit, QStringLiteral("ops"));                  // Grafana's catalogue id, kept
    EXPECT_EQ(d.panel(QStringLiteral("6"))->type, PanelType::Bar); // barchart
    EXPECT_EQ(d.panel(QStringLiteral("7"))->type, PanelType::Distribution);      // piechart
    EXPECT_EQ(d.panel(QStringLiteral("7"))->queries[0].legendFormat, QString()); // "__auto"
    EXPECT_EQ(d.panel(QStringLiteral("8"))->type, PanelType::Table);

    const Panel *cpu = d.panel(QStringLiteral("9"));
    EXPECT_EQ(cpu->type, PanelType::TimeSeries);     // graph
    EXPECT_EQ(cpu->unit, QStringLiteral("percent")); // yaxes[0].format
    EXPECT_EQ(cpu->min, 0.0);                        // yaxes[0].min "0" (a string)
    EXPECT_FALSE(cpu->stacked);
    EXPECT_EQ(
        cpu->thresholds,
        (Thresholds{{{80.0, ThresholdLevel::Warning}, {95.0, ThresholdLevel::Critical}}, false}));
    ASSERT_EQ(cpu->queries.size(), 1u); // the hidden target B is not run
    EXPECT_EQ(cpu->queries[0].interval, QStringLiteral("30s"));

    const Panel *memory = d.panel(QStringLiteral("10"));
    EXPECT_EQ(memory->unit, QStringLiteral("bytes"));
    ASSERT_EQ(memory->queries.size(), 1u); // the Loki target of the mixed panel is skipped
    EXPECT_EQ(memory->queries[0].expr,
              QStringLiteral("process_resident_memory_bytes{job=\"$job\"}"));

    const Panel *about = d.panel(QStringLiteral("12"));
    EXPECT_EQ(about->type, PanelType::Text);
    EXPECT_EQ(about->content,
              QStringLiteral("# Iris\nServed by **iris-server**; SLO p95 below $slo s."));
}

TEST(GrafanaImport, RowsAndCollapsedRowsAreLaidOutInOrder)
{
    const Dashboard d = *importFixture("iris-serving-g10.json").dashboard;
    const Panel *traffic = d.panel(QStringLiteral("row-100"));
    EXPECT_EQ(traffic->type, PanelType::Text);
    EXPECT_EQ(traffic->title, QStringLiteral("Traffic"));
    EXPECT_EQ(traffic->gridPos, (GridPos{0, 0, 24, 1}));
    // The collapsed row "Predictions" at y 9 holds three panels at y 10, h 8: opened, they sit
    // under it and push everything below down by 8 rows.
    EXPECT_EQ(d.panel(QStringLiteral("row-101"))->gridPos.y, 9);
    EXPECT_EQ(d.panel(QStringLiteral("6"))->gridPos, (GridPos{0, 10, 8, 8}));
    EXPECT_EQ(d.panel(QStringLiteral("7"))->gridPos, (GridPos{8, 10, 8, 8}));
    EXPECT_EQ(d.panel(QStringLiteral("8"))->gridPos, (GridPos{16, 10, 8, 8}));
    EXPECT_EQ(d.panel(QStringLiteral("row-102"))->gridPos.y, 18);                // was 10
    EXPECT_EQ(d.panel(QStringLiteral("9"))->gridPos, (GridPos{0, 19, 12, 8}));   // was y 11
    EXPECT_EQ(d.panel(QStringLiteral("12"))->gridPos, (GridPos{12, 27, 12, 4})); // was y 19
}

TEST(GrafanaImport, VariablesOfEverySupportedKind)
{
    const Dashboard d = *importFixture("iris-serving-g10.json").dashboard;
    QStringList names;
    for (const Variable &v : d.variables)
        names << v.name;
    // "datasource" is understood but not a variable in Vitals; "filter" (adhoc) and "stream"
    // (a Loki query) are skipped.
    EXPECT_EQ(names, (QStringList{QStringLiteral("job"), QStringLiteral("instance"),
                                  QStringLiteral("endpoint"), QStringLiteral("window"),
                                  QStringLiteral("slo")}));

    const Variable *job = d.variable(QStringLiteral("job"));
    EXPECT_EQ(job->kind, VariableKind::Query);
    EXPECT_EQ(job->label, QStringLiteral("Job"));
    EXPECT_EQ(job->query,
              QStringLiteral("label_values(inference_requests_total, job)")); // object form
    EXPECT_EQ(job->current, QStringLiteral("iris"));
    EXPECT_FALSE(job->multi);

    const Variable *instance = d.variable(QStringLiteral("instance"));
    EXPECT_TRUE(instance->multi);
    EXPECT_TRUE(instance->includeAll);
    EXPECT_EQ(instance->allValue, QStringLiteral(".*"));
    EXPECT_EQ(instance->current, QString::fromLatin1(kAllValue));
    EXPECT_EQ(instance->regex, QStringLiteral("/127\\.0\\.0\\.1:.*/"));
    const VariableQueryParse parsed = parseVariableQuery(instance->query);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed.query->match, QStringLiteral("inference_requests_total{job=\"$job\"}"));

    const Variable *endpoint = d.variable(QStringLiteral("endpoint"));
    EXPECT_EQ(endpoint->kind, VariableKind::Custom);
    EXPECT_EQ(endpoint->options,
              (QStringList{QStringLiteral("/predict"), QStringLiteral("/v2/models/iris/infer")}));
    EXPECT_EQ(endpoint->current, QStringLiteral("/predict"));

    const Variable *window = d.variable(QStringLiteral("window"));
    EXPECT_EQ(window->kind, VariableKind::Interval);
    EXPECT_EQ(window->query, QStringLiteral("1m,5m,10m,30m,1h"));
    EXPECT_EQ(window->options.first(), QStringLiteral("auto"));
    EXPECT_EQ(window->current, QStringLiteral("5m"));

    const Variable *slo = d.variable(QStringLiteral("slo"));
    EXPECT_EQ(slo->kind, VariableKind::Constant);
    EXPECT_EQ(slo->query, QStringLiteral("0.25")); // ${VAR_SLO} from __inputs
}

TEST(GrafanaImport, ReportListsEverythingNotUnderstoodWithItsPath)
{
    const GrafanaImport g = importFixture("iris-serving-g10.json");
    const ImportReport &r = g.report;
    using K = ImportIssue::Kind;
    EXPECT_EQ(issueAt(r, QStringLiteral("annotations.list[1]")).kind, K::Skipped);
    // The interval variable's auto (auto_count 30, auto_min 10s) is computed as Grafana does.
    EXPECT_TRUE(r.issuesAt(QStringLiteral("templating.list[4]")).empty());
    EXPECT_EQ(issueAt(r, QStringLiteral("templating.list[6]")).kind, K::Skipped); // adhoc
    EXPECT_TRUE(
        issueAt(r, QStringLiteral("templating.list[7]")).message.contains(QStringLiteral("loki")));
    EXPECT_TRUE(r.issuesAt(QStringLiteral("panels[3].fieldConfig.defaults.mappings")).empty());
    EXPECT_EQ(g.dashboard->panel(QStringLiteral("3"))->mappings.size(), 1u); // 0 → "none"
    EXPECT_TRUE(r.issuesAt(QStringLiteral("panels[5].fieldConfig.defaults.unit")).empty());
    // The table's transformations are run (transformations.h), not reported.
    EXPECT_TRUE(r.issuesAt(QStringLiteral("panels[6].panels[2].transformations")).empty());
    EXPECT_FALSE(g.dashboard->panel(QStringLiteral("8"))->transformations.empty());
    EXPECT_TRUE(issueAt(r, QStringLiteral("panels[8].alert"))
                    .message.contains(QStringLiteral("alert rule")));
    EXPECT_TRUE(issueAt(r, QStringLiteral("panels[8].seriesOverrides[0]"))
                    .message.contains(QStringLiteral("lines"))); // "lines": false is not understood
    EXPECT_TRUE(issueAt(r, QStringLiteral("panels[9].targets[1]"))
                    .message.contains(QStringLiteral("loki")));
    // The heatmap of `format: heatmap` buckets is imported as it is, with nothing to report.
    EXPECT_TRUE(r.issuesAt(QStringLiteral("panels[10]")).empty());
    EXPECT_EQ(g.dashboard->panel(QStringLiteral("11"))->type, PanelType::Heatmap);
    EXPECT_TRUE(
        issueAt(r, QStringLiteral("panels[12]")).message.contains(QStringLiteral("\"logs\"")));
    // Nothing else: every other field of the fixture is understood (the heatmap of panels[11]
    // is drawn since heatmap panels exist, and the interval variable's auto is Grafana's, so
    // neither is reported).
    EXPECT_EQ(r.issues.size(), 7u) << r.toText().toStdString();
    EXPECT_EQ(r.issuesAt(QStringLiteral("panels[8]")).size(), 2u);
}

TEST(GrafanaImport, LegacyApiResponseWithGraphAndSinglestat)
{
    const GrafanaImport g = importFixture("legacy-api-g9.json");
    ASSERT_TRUE(g.ok());
    const Dashboard &d = *g.dashboard;
    EXPECT_EQ(d.title, QStringLiteral("Iris legacy"));
    EXPECT_EQ(d.defaultRange, QStringLiteral("15m")); // now-24h to now-1h is not "last ..."
    EXPECT_TRUE(d.refresh.isEmpty());                 // refresh: false
    // libraryPanel (4) and "-- Dashboard --" (5) are skipped.
    EXPECT_EQ(panelIds(d), (QStringList{QStringLiteral("1"), QStringLiteral("2"),
                                        QStringLiteral("3"), QStringLiteral("6")}));

    const Panel *single = d.panel(QStringLiteral("1"));
    EXPECT_EQ(single->type, PanelType::Stat);
    EXPECT_EQ(single->unit, QStringLiteral("percentunit"));
    // colors green / orange (rgba 237,129,40) / red at "0.01,0.05".
    EXPECT_EQ(
        single->thresholds,
        (Thresholds{{{0.01, ThresholdLevel::Warning}, {0.05, ThresholdLevel::Critical}}, false}));

    const Panel *latency = d.panel(QStringLiteral("2"));
    EXPECT_EQ(latency->gridPos, (GridPos{20, 0, 4, 4})); // x 20 w 12 clamped to the grid
    EXPECT_EQ(latency->unit, QStringLiteral("ms"));      // Grafana's catalogue id, kept
    // 80 % of 0–100 (no min or max set): reported as placed between 0 and 100.
    EXPECT_EQ(latency->thresholds, (Thresholds{{{80, ThresholdLevel::Critical}}, false}));
    ASSERT_EQ(latency->queries.size(), 2u); // the math expression is skipped
    EXPECT_EQ(latency->queries[0].refId, QStringLiteral("A"));
    EXPECT_EQ(latency->queries[1].refId, QStringLiteral("B"));      // duplicate "A" renamed
    EXPECT_EQ(latency->queries[0].interval, QStringLiteral("30s")); // panel interval ">30s"

    const Panel *memory = d.panel(QStringLiteral("3"));
    EXPECT_EQ(memory->unit, QStringLiteral("decbytes")); // SI bytes, as Grafana shows them
    EXPECT_TRUE(memory->stacked);
    EXPECT_EQ(memory->thresholds, (Thresholds{{{0.9, ThresholdLevel::Critical}}, false}));
    EXPECT_EQ(memory->queries[0].interval, QString()); // "fast" is not a duration

    const Variable *instance = d.variable(QStringLiteral("instance"));
    ASSERT_NE(instance, nullptr);
    EXPECT_EQ(instance->currentValues,
              (QStringList{QStringLiteral("127.0.0.1:8000"), QStringLiteral("127.0.0.1:8001")}));
    EXPECT_EQ(parseVariableQuery(instance->query).query->call, VariableQueryCall::InstantQuery);
    EXPECT_EQ(d.variable(QStringLiteral("team"))->kind, VariableKind::Constant); // textbox
    EXPECT_NE(d.variable(QStringLiteral("broken")), nullptr); // kept as written, reported

    const ImportReport &r = g.report;
    using K = ImportIssue::Kind;
    EXPECT_EQ(issueAt(r, QStringLiteral("dashboard.time")).kind, K::Approximated);
    EXPECT_EQ(issueAt(r, QStringLiteral("dashboard.templating.list[2]")).kind, K::Approximated);
    EXPECT_TRUE(issueAt(r, QStringLiteral("dashboard.templating.list[3].query"))
                    .message.contains(QStringLiteral("never closed")));
    EXPECT_EQ(issueAt(r, QStringLiteral("dashboard.panels[1].gridPos")).kind, K::Approximated);
    EXPECT_TRUE(r.issuesAt(QStringLiteral("dashboard.panels[1].repeat")).empty()); // expanded
    EXPECT_FALSE(latency->repeat.isEmpty());
    for (const ImportIssue &issue : r.issuesAt(QStringLiteral("dashboard.panels[1]"))) {
        // The panel's time range is applied (paneltime.h), not reported.
        EXPECT_FALSE(issue.message.contains(QStringLiteral("timeFrom")));
    }
    EXPECT_TRUE(
        r.issuesAt(QStringLiteral("dashboard.panels[1].fieldConfig.defaults.unit")).empty());
    EXPECT_EQ(
        issueAt(r, QStringLiteral("dashboard.panels[1].fieldConfig.defaults.thresholds")).kind,
        K::Approximated);
    // An override with no properties changes nothing and is not reported.
    EXPECT_TRUE(r.issuesAt(QStringLiteral("dashboard.panels[1].fieldConfig.overrides")).empty());
    EXPECT_TRUE(issueAt(r, QStringLiteral("dashboard.panels[1].targets[2]"))
                    .message.contains(QStringLiteral("__expr__")));
    // 100 % stacking is drawn as shares (percentstack.h); blue takes its place on the scale.
    EXPECT_TRUE(
        r.issuesAt(QStringLiteral("dashboard.panels[2].fieldConfig.defaults.custom.stacking"))
            .empty());
    EXPECT_TRUE(
        r.issuesAt(QStringLiteral("dashboard.panels[2].fieldConfig.defaults.thresholds")).empty());
    EXPECT_EQ(issueAt(r, QStringLiteral("dashboard.panels[2].targets[0].interval")).kind,
              K::Approximated);
    EXPECT_TRUE(issueAt(r, QStringLiteral("dashboard.panels[3]"))
                    .message.contains(QStringLiteral("library panel")));
    EXPECT_TRUE(issueAt(r, QStringLiteral("dashboard.panels[4]"))
                    .message.contains(QStringLiteral("-- Dashboard --")));
    EXPECT_EQ(r.issues.size(), 9u) << r.toText().toStdString();
}

TEST(GrafanaImport, ImportedDashboardSavesAndLoadsAsVitals)
{
    for (const char *name : {"iris-serving-g10.json", "legacy-api-g9.json"}) {
        const Dashboard imported = *importFixture(name).dashboard;
        const LoadResult reloaded = parseDashboard(serializeDashboard(imported));
        ASSERT_TRUE(reloaded.ok()) << name << ": " << reloaded.error.toStdString();
        EXPECT_EQ(*reloaded.dashboard, imported) << name;
    }
}

TEST(GrafanaImport, OldRowsLayoutIsPlacedAsGrafanaMigratesIt)
{
    // One row of 250px, one panel of span 12: Grafana 5's migration gives it the full 24 columns
    // and ceil(250 / (30 + 8)) = 7 grid units; no row panel since no row shows its title.
    const GrafanaImport g = importGrafanaDashboard(fixture("grafana4-rows.json"));
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    ASSERT_EQ(g.dashboard->panels.size(), 1u);
    EXPECT_EQ(g.dashboard->panels[0].gridPos, (GridPos{0, 0, 24, 7}));
    EXPECT_EQ(g.dashboard->panels[0].queries.at(0).expr, QStringLiteral("up"));
    EXPECT_TRUE(g.report.isEmpty()) << g.report.toText().toStdString();
}

TEST(GrafanaImport, OldRowsLayoutWrapsSpansAndTitlesRowsLikeGrafana)
{
    // Expected positions follow Grafana's DashboardMigrator (schema 16) by hand: row heights in
    // px over 38 px per grid unit, rounded up, at least 90 px; span × 2 columns; a panel that no
    // longer fits the free columns starts a new line of the row; a titled row takes one unit.
    const QByteArray json = R"({"schemaVersion": 14, "title": "Old", "rows": [
      {"title": "First", "showTitle": true, "height": "300px", "panels": [
        {"id": 1, "type": "graph", "span": 6, "targets": [{"expr": "a", "refId": "A"}]},
        {"id": 2, "type": "graph", "span": 4, "targets": [{"expr": "b", "refId": "A"}]},
        {"id": 3, "type": "graph", "span": 4, "targets": [{"expr": "c", "refId": "A"}]},
        {"id": 4, "type": "singlestat", "targets": [{"expr": "d", "refId": "A"}]}]},
      {"title": "Second", "height": 40, "collapse": true, "panels": [
        {"id": 5, "type": "graph", "span": 12, "height": "500", "targets": [{"expr": "e"}]}]},
      {"title": "Repeated copy", "repeatIteration": 1617, "panels": [
        {"id": 6, "type": "graph", "targets": [{"expr": "f"}]}]}]})";
    const GrafanaImport g = importGrafanaDashboard(json);
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    std::vector<std::pair<QString, GridPos>> placed;
    for (const Panel &p : g.dashboard->panels)
        placed.emplace_back(p.id, p.gridPos);
    const std::vector<std::pair<QString, GridPos>> expected{
        {QStringLiteral("row-panel-1"), {0, 0, 24, 1}}, // row header at y 0
        {QStringLiteral("1"), {0, 1, 12, 8}},           // ceil(300 / 38) = 8
        {QStringLiteral("2"), {12, 1, 8, 8}},
        {QStringLiteral("3"), {0, 9, 8, 8}}, // 4 columns left: a new line of the row
        {QStringLiteral("4"), {8, 9, 8, 8}}, // span 4 when missing
        {QStringLiteral("row-panel-6"), {0, 17, 24, 1}},
        {QStringLiteral("5"), {0, 18, 24, 14}}, // own height 500 px → 14; row 40 px → 90 px
    };
    EXPECT_EQ(placed, expected);
    EXPECT_EQ(validateDashboard(*g.dashboard), QString());
    // Report paths name the panel where it was written.
    EXPECT_TRUE(g.report.issuesAt(QStringLiteral("rows[2]")).empty()) << "repeat copies left out";
}

TEST(GrafanaImport, NotADashboardIsAnError)
{
    const std::pair<QByteArray, const char *> cases[] = {
        {"", "the file is empty"},
        {"{\"panels\": [", "not valid JSON"},
        {"[]", "expected a JSON object"},
        {R"({"status": "success", "data": []})", "not a Grafana dashboard"},
        {R"({"title": "x", "panels": {"a": 1}})", "panels: expected an array, found an object"},
        {R"({"vitalsDashboard": 1, "title": "x", "panels": []})", "this is a Vitals dashboard"},
    };
    for (const auto &[json, expected] : cases) {
        const GrafanaImport g = importGrafanaDashboard(json);
        EXPECT_FALSE(g.ok()) << json.toStdString();
        EXPECT_TRUE(g.error.contains(QString::fromUtf8(expected)))
            << json.toStdString() << " -> " << g.error.toStdString();
    }
}

TEST(GrafanaImport, HostileShapesAreSkippedNotFatal)
{
    // Wrong types everywhere a Grafana dashboard has structure: still a dashboard, every odd
    // part skipped or defaulted, no crash.
    const QByteArray json = R"({
        "title": 42,
        "time": "yesterday",
        "refresh": 5,
        "templating": {"list": [1, {"type": "query"}, {"name": "x", "type": "query", "query": 7},
                                {"name": "x", "type": "custom", "query": "a"}]},
        "panels": [
            7,
            {"type": "timeseries", "gridPos": {"x": "a", "y": -5, "w": 1e300, "h": -1},
             "targets": "none"},
            {"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}, "id": "dup",
             "targets": [{"expr": "up"}, {"expr": 5}, null, {"expr": ""}],
             "fieldConfig": {"defaults": {"thresholds": {"steps": [{"color": 1, "value": "x"}, 3]},
                                          "unit": ["s"], "min": "low"}}},
            {"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}, "id": "dup",
             "targets": [{"expr": "up"}]},
            {"type": "row", "collapsed": true, "panels": [{"type": "row"}, 3], "gridPos": {}}
        ]})";
    const GrafanaImport g = importGrafanaDashboard(json);
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    const Dashboard &d = *g.dashboard;
    EXPECT_EQ(d.title, QStringLiteral("Imported dashboard"));
    ASSERT_EQ(d.panels.size(), 2u);
    EXPECT_EQ(d.panels[0].id, QStringLiteral("dup"));
    EXPECT_NE(d.panels[1].id, QStringLiteral("dup")); // renamed, ids stay unique
    EXPECT_EQ(d.panels[0].queries.size(), 1u);
    EXPECT_EQ(validateDashboard(d), QString());
    EXPECT_FALSE(g.report.isEmpty());
}

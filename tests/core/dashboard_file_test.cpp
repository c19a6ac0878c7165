#include "core/dashboard/dashboard.h"
#include "core/dashboard/dashboardfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace vitals::dashboard;

namespace {

// A dashboard that sets every field of the model to a non-default value, so a round trip that
// drops or garbles any field fails.
Dashboard everyField()
{
    Dashboard d;
    d.title = QStringLiteral("Every field — ünïcode");
    d.uid = QStringLiteral("every-field");
    d.description = QStringLiteral("All the fields\nwith a newline and \"quotes\"");
    d.defaultRange = QStringLiteral("6h");
    d.refresh = QStringLiteral("30s");

    Variable job;
    job.name = QStringLiteral("job");
    job.label = QStringLiteral("Job");
    job.kind = VariableKind::Query;
    job.query = QStringLiteral("label_values(up, job)");
    job.regex = QStringLiteral("/iris.*/");
    job.options = {QStringLiteral("iris"), QStringLiteral("prometheus")};
    job.current = QStringLiteral("iris");
    d.variables.push_back(job);

    Variable instance;
    instance.name = QStringLiteral("instance");
    instance.kind = VariableKind::Custom;
    instance.query = QStringLiteral("a:1,b:2");
    instance.multi = true;
    instance.includeAll = true;
    instance.allValue = QStringLiteral(".+");
    instance.options = {QStringLiteral("a:1"), QStringLiteral("b:2")};
    instance.current = QStringLiteral("a:1");
    instance.currentValues = {QStringLiteral("a:1"), QStringLiteral("b:2")};
    d.variables.push_back(instance);

    Variable window;
    window.name = QStringLiteral("window");
    window.kind = VariableKind::Interval;
    window.query = QStringLiteral("1m,5m,1h");
    window.current = QStringLiteral("5m");
    d.variables.push_back(window);

    Variable slo;
    slo.name = QStringLiteral("slo");
    slo.kind = VariableKind::Constant;
    slo.query = QStringLiteral("0.25");
    d.variables.push_back(slo);

    Panel ts;
    ts.id = QStringLiteral("latency");
    ts.title = QStringLiteral("Latency");
    ts.type = PanelType::TimeSeries;
    Query p50;
    p50.expr =
        QStringLiteral("histogram_quantile(0.5, sum by (le) (rate(x_bucket[$__rate_interval])))");
    p50.legendFormat = QStringLiteral("p50 {{instance}}");
    p50.refId = QStringLiteral("A");
    p50.interval = QStringLiteral("30s");
    Query mean;
    mean.expr = QStringLiteral("avg(x)");
    mean.refId = QStringLiteral("B");
    mean.instant = true;
    mean.interval = QStringLiteral("$window");
    ts.queries = {p50, mean};
    ts.unit = QStringLiteral("s");
    ts.thresholds.steps = {{0.05, ThresholdLevel::Warning}, {0.25, ThresholdLevel::Critical}};
    ts.gridPos = {3, 7, 21, 9};
    ts.stacked = true;
    ts.description = QStringLiteral("Quantiles");
    ts.min = 0.0;
    ts.max = 1.5e-7; // a value that needs every digit to survive
    ts.emptyHint = QStringLiteral("No data yet");
    d.panels.push_back(ts);

    Panel stat;
    stat.id = QStringLiteral("up");
    stat.title = QStringLiteral("Instances up");
    stat.type = PanelType::Stat;
    stat.queries = {Query{QStringLiteral("sum(up)"), {}, {}, false, {}}};
    stat.unit = QStringLiteral("short");
    stat.thresholds.higherIsBetter = true;
    stat.thresholds.steps = {{1.0, ThresholdLevel::Critical}, {2.0, ThresholdLevel::Warning}};
    stat.gridPos = {0, 0, 4, 4};
    d.panels.push_back(stat);

    Panel text;
    text.id = QStringLiteral("about");
    text.title = QStringLiteral("About");
    text.type = PanelType::Text;
    text.content = QStringLiteral("# Heading\nBody");
    text.gridPos = {0, 16, 24, 2};
    d.panels.push_back(text);

    for (PanelType type : {PanelType::Bar, PanelType::Distribution, PanelType::Table,
                           PanelType::DriftTable, PanelType::ModelQuality}) {
        Panel p;
        p.id = panelTypeName(type);
        p.type = type;
        p.queries = {Query{QStringLiteral("up"), QStringLiteral("{{job}}"), {}, true, {}}};
        p.unit = QStringLiteral("percentunit");
        p.gridPos = {0, 20, 6, 6};
        d.panels.push_back(p);
    }
    return d;
}

QByteArray minimal(const QByteArray &panelsJson)
{
    return QByteArray(R"({"vitalsDashboard": 1, "title": "t", "panels": )") + panelsJson + "}";
}

} // namespace

TEST(Thresholds, LowerIsBetterTakesTheLastStepReached)
{
    Thresholds t;
    t.steps = {{1.0, ThresholdLevel::Warning}, {5.0, ThresholdLevel::Critical}};
    EXPECT_EQ(t.levelFor(0.5), ThresholdLevel::Ok);
    EXPECT_EQ(t.levelFor(1.0), ThresholdLevel::Warning); // reaching a step counts, as in Grafana
    EXPECT_EQ(t.levelFor(4.99), ThresholdLevel::Warning);
    EXPECT_EQ(t.levelFor(5.0), ThresholdLevel::Critical);
    EXPECT_EQ(t.levelFor(std::numeric_limits<double>::infinity()), ThresholdLevel::Critical);
    EXPECT_FALSE(t.levelFor(std::nan("")).has_value());
}

TEST(Thresholds, HigherIsBetterColoursWhatStaysBelow)
{
    Thresholds t;
    t.higherIsBetter = true;
    t.steps = {{0.9, ThresholdLevel::Critical}, {0.99, ThresholdLevel::Warning}};
    EXPECT_EQ(t.levelFor(0.5), ThresholdLevel::Critical);
    EXPECT_EQ(t.levelFor(0.9), ThresholdLevel::Warning);
    EXPECT_EQ(t.levelFor(0.995), ThresholdLevel::Ok);
    EXPECT_EQ(Thresholds{}.levelFor(1e9), ThresholdLevel::Ok);
}

TEST(DashboardModel, NamesRoundTrip)
{
    for (PanelType t :
         {PanelType::TimeSeries, PanelType::Stat, PanelType::Bar, PanelType::Distribution,
          PanelType::Table, PanelType::DriftTable, PanelType::Text, PanelType::ModelQuality})
        EXPECT_EQ(panelTypeFromName(panelTypeName(t)), t);
    for (VariableKind k : {VariableKind::Query, VariableKind::Custom, VariableKind::Interval,
                           VariableKind::Constant})
        EXPECT_EQ(variableKindFromName(variableKindName(k)), k);
    EXPECT_EQ(thresholdLevelFromName(QStringLiteral("amber")), ThresholdLevel::Warning);
    EXPECT_EQ(thresholdLevelFromName(QStringLiteral("RED")), ThresholdLevel::Critical);
    EXPECT_FALSE(thresholdLevelFromName(QStringLiteral("blue")).has_value());
    EXPECT_FALSE(panelTypeFromName(QStringLiteral("heatmap")).has_value());
}

TEST(DashboardFile, RoundTripKeepsEveryField)
{
    const Dashboard d = everyField();
    ASSERT_EQ(validateDashboard(d), QString());
    const QByteArray bytes = serializeDashboard(d);
    const LoadResult loaded = parseDashboard(bytes);
    ASSERT_TRUE(loaded.ok()) << loaded.error.toStdString();
    EXPECT_EQ(*loaded.dashboard, d);
    // Serialising again gives the same bytes: the order of keys is stable.
    EXPECT_EQ(serializeDashboard(*loaded.dashboard), bytes);
}

TEST(DashboardFile, RoundTripThroughAFile)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("d.json"));
    QString error;
    ASSERT_TRUE(saveDashboardFile(everyField(), path, &error)) << error.toStdString();
    const LoadResult loaded = loadDashboardFile(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error.toStdString();
    EXPECT_EQ(*loaded.dashboard, everyField());
}

TEST(DashboardFile, SaveRefusesAnInvalidDashboardAndKeepsTheOldFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("d.json"));
    ASSERT_TRUE(saveDashboardFile(everyField(), path));
    Dashboard bad = everyField();
    bad.panels[1].id = bad.panels[0].id;
    QString error;
    EXPECT_FALSE(saveDashboardFile(bad, path, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("panels[1].id"))) << error.toStdString();
    EXPECT_TRUE(loadDashboardFile(path).ok());
}

TEST(DashboardFile, SaveReportsAnUnwritablePath)
{
    QString error;
    EXPECT_FALSE(
        saveDashboardFile(everyField(), QStringLiteral("/nonexistent-dir/x.json"), &error));
    EXPECT_TRUE(error.startsWith(QStringLiteral("/nonexistent-dir/x.json: ")))
        << error.toStdString();
}

TEST(DashboardFile, OptionalFieldsTakeTheirDefaults)
{
    const LoadResult r = parseDashboard(minimal(
        R"([{"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
            "queries": [{"expr": "up"}]}])"));
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    const Dashboard &d = *r.dashboard;
    EXPECT_EQ(d.defaultRange, QStringLiteral("15m"));
    EXPECT_TRUE(d.refresh.isEmpty());
    ASSERT_EQ(d.panels.size(), 1u);
    EXPECT_EQ(d.panels[0].id, QStringLiteral("panel-1")); // generated from the position
    EXPECT_FALSE(d.panels[0].queries[0].instant);
    EXPECT_FALSE(d.panels[0].min.has_value());
}

TEST(DashboardFile, MultiValueSelectionIsAnArray)
{
    const LoadResult r = parseDashboard(R"({"vitalsDashboard": 1, "title": "t",
        "variables": [{"name": "i", "kind": "custom", "query": "a,b,c", "multi": true,
                       "current": ["b", "c"]}], "panels": []})");
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    const Variable &v = r.dashboard->variables[0];
    EXPECT_EQ(v.current, QStringLiteral("b"));
    EXPECT_EQ(v.selection(), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
}

struct BadFile {
    const char *name;
    QByteArray json;
    const char *expectedError; // a substring of the error: the field path and the problem
};

class DashboardFileErrors : public ::testing::TestWithParam<BadFile>
{};

TEST_P(DashboardFileErrors, NameTheFieldAndTheProblem)
{
    const BadFile &c = GetParam();
    const LoadResult r = parseDashboard(c.json);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.error.contains(QString::fromUtf8(c.expectedError)))
        << "error was: " << r.error.toStdString();
}

const QByteArray kGrid = R"("gridPos": {"x": 0, "y": 0, "w": 6, "h": 4})";

INSTANTIATE_TEST_SUITE_P(
    Table, DashboardFileErrors,
    ::testing::Values(
        BadFile{"Empty", "", "the file is empty"},
        BadFile{"NotJson", "{\"vitalsDashboard\": 1, ", "not valid JSON at byte"},
        BadFile{"TopLevelArray", "[1, 2]", "expected a JSON object at the top level"},
        BadFile{"NoVersion", R"({"title": "x"})", "vitalsDashboard: missing"},
        BadFile{"GrafanaFile", R"({"title": "x", "panels": []})", "looks like a Grafana dashboard"},
        BadFile{"FutureVersion", R"({"vitalsDashboard": 2, "title": "x"})",
                "format version 2, written by a newer Vitals"},
        BadFile{"VersionString", R"({"vitalsDashboard": "1", "title": "x"})",
                "vitalsDashboard: expected a format version number"},
        BadFile{"FractionalVersion", R"({"vitalsDashboard": 1.5, "title": "x"})",
                "vitalsDashboard: expected a format version number"},
        BadFile{"NoTitle", R"({"vitalsDashboard": 1})", "title: missing; expected a string"},
        BadFile{"TitleNumber", R"({"vitalsDashboard": 1, "title": 3})",
                "title: expected a string, found a number"},
        BadFile{"PanelsObject", R"({"vitalsDashboard": 1, "title": "t", "panels": {}})",
                "panels: expected an array, found an object"},
        BadFile{"PanelNotObject", minimal("[1]"), "panels[0]: expected an object, found a number"},
        BadFile{"ExprNumber",
                minimal("[{\"type\": \"stat\", " + kGrid
                        + ", \"queries\": [{\"expr\": \"up\"}]}, {\"type\": \"stat\", " + kGrid
                        + R"(, "queries": [{"expr": 42}]}])"),
                "panels[1].queries[0].expr: expected a string, found a number"},
        BadFile{"ExprMissing", minimal("[{\"type\": \"stat\", " + kGrid + R"(, "queries": [{}]}])"),
                "panels[0].queries[0].expr: missing"},
        BadFile{"ExprEmpty",
                minimal("[{\"type\": \"stat\", " + kGrid + R"(, "queries": [{"expr": " "}]}])"),
                "panels[0].queries[0].expr: must not be empty"},
        BadFile{"UnknownType", minimal("[{\"type\": \"heatmap\", " + kGrid + "}]"),
                "panels[0].type: unknown panel type \"heatmap\""},
        BadFile{"UnknownUnit",
                minimal("[{\"type\": \"stat\", \"unit\": \"furlongs\", " + kGrid + "}]"),
                "panels[0].unit: unknown unit \"furlongs\""},
        BadFile{"NoGrid", minimal(R"([{"type": "stat"}])"), "panels[0].gridPos: missing"},
        BadFile{"GridTooWide",
                minimal(R"([{"type": "stat", "gridPos": {"x": 20, "y": 0, "w": 6, "h": 4}}])"),
                "panels[0].gridPos: x 20 and w 6 do not fit the 24-column grid"},
        BadFile{"GridFraction",
                minimal(R"([{"type": "stat", "gridPos": {"x": 0.5, "y": 0, "w": 6, "h": 4}}])"),
                "panels[0].gridPos.x: expected an integer from 0 to 23, found 0.5"},
        BadFile{"GridNegative",
                minimal(R"([{"type": "stat", "gridPos": {"x": 0, "y": -1, "w": 6, "h": 4}}])"),
                "panels[0].gridPos.y: expected an integer from 0"},
        BadFile{"StepsUnsorted",
                minimal("[{\"type\": \"stat\", " + kGrid +
                        R"(, "thresholds": {"steps": [{"value": 5, "level": "red"},
                            {"value": 1, "level": "amber"}]}}])"),
                "panels[0].thresholds.steps[1].value: steps must be in ascending order"},
        BadFile{"StepLevelUnknown",
                minimal("[{\"type\": \"stat\", " + kGrid
                        + R"(, "thresholds": {"steps": [{"value": 5, "level": "purple"}]}}])"),
                "panels[0].thresholds.steps[0].level: unknown level \"purple\""},
        BadFile{"StepValueString",
                minimal("[{\"type\": \"stat\", " + kGrid
                        + R"(, "thresholds": {"steps": [{"value": "5", "level": "red"}]}}])"),
                "panels[0].thresholds.steps[0].value: expected a number, found a string"},
        BadFile{"StackedString",
                minimal("[{\"type\": \"stat\", \"stacked\": \"yes\", " + kGrid + "}]"),
                "panels[0].stacked: expected true or false, found a string"},
        BadFile{"MinAboveMax",
                minimal("[{\"type\": \"stat\", \"min\": 2, \"max\": 1, " + kGrid + "}]"),
                "panels[0].min: 2 is larger than max 1"},
        BadFile{"DuplicateIds",
                minimal("[{\"id\": \"a\", \"type\": \"stat\", " + kGrid
                        + "}, {\"id\": \"a\", \"type\": \"stat\", " + kGrid + "}]"),
                "panels[1].id: \"a\" is used by another panel"},
        BadFile{
            "DuplicateRefIds",
            minimal(
                "[{\"type\": \"stat\", " + kGrid
                + R"(, "queries": [{"expr": "a", "refId": "A"}, {"expr": "b", "refId": "A"}]}])"),
            "panels[0].queries[1].refId: \"A\" is used twice"},
        BadFile{"BadQueryInterval",
                minimal("[{\"type\": \"stat\", " + kGrid
                        + R"(, "queries": [{"expr": "a", "interval": "soon"}]}])"),
                "panels[0].queries[0].interval: \"soon\" is not a duration"},
        BadFile{"BadRange", R"({"vitalsDashboard": 1, "title": "t", "defaultRange": "forever"})",
                "defaultRange: \"forever\" is not a duration"},
        BadFile{
            "BadVariableName",
            R"({"vitalsDashboard": 1, "title": "t", "variables": [{"name": "1x", "kind": "custom"}]})",
            "variables[0].name: \"1x\" is not a valid name"},
        BadFile{
            "ReservedVariableName",
            R"({"vitalsDashboard": 1, "title": "t", "variables": [{"name": "__range", "kind": "constant"}]})",
            "variables[0].name: names starting with __ are reserved"},
        BadFile{
            "UnknownVariableKind",
            R"({"vitalsDashboard": 1, "title": "t", "variables": [{"name": "x", "kind": "adhoc"}]})",
            "variables[0].kind: unknown variable kind \"adhoc\""},
        BadFile{
            "DuplicateVariable",
            R"({"vitalsDashboard": 1, "title": "t", "variables": [{"name": "x", "kind": "constant"},
                    {"name": "x", "kind": "constant"}]})",
            "variables[1].name: \"x\" is defined twice"},
        BadFile{
            "BadIntervalOption",
            R"({"vitalsDashboard": 1, "title": "t", "variables": [{"name": "w", "kind": "interval",
                    "query": "1m, often"}]})",
            "variables[0].query: \"often\" is not a duration"},
        BadFile{
            "OptionsNotStrings",
            R"({"vitalsDashboard": 1, "title": "t", "variables": [{"name": "w", "kind": "custom",
                    "options": ["a", 2]}]})",
            "variables[0].options[1]: expected a string, found a number"},
        BadFile{
            "SeveralValuesNotMulti",
            R"({"vitalsDashboard": 1, "title": "t", "variables": [{"name": "w", "kind": "custom",
                    "current": ["a", "b"]}]})",
            "variables[0].current: several values selected but the variable is not multi"}),
    [](const ::testing::TestParamInfo<BadFile> &info) { return std::string(info.param.name); });

TEST(DashboardFile, RefusesAHugeFileWithoutParsingIt)
{
    // 16 MiB + 1 byte of otherwise valid JSON whitespace: the cap, not the parser, refuses it.
    QByteArray huge = minimal("[]");
    huge.append(QByteArray(16 * 1024 * 1024 + 1 - huge.size(), ' '));
    const LoadResult r = parseDashboard(huge);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.error.contains(QStringLiteral("larger than 16 MiB are refused")))
        << r.error.toStdString();

    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("huge.json")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(huge);
    file.close();
    const LoadResult fromFile = loadDashboardFile(file.fileName());
    EXPECT_FALSE(fromFile.ok());
    EXPECT_TRUE(fromFile.error.contains(QStringLiteral("refused"))) << fromFile.error.toStdString();
}

TEST(DashboardFile, DeepNestingIsAnErrorNotACrash)
{
    // 100,000 nested arrays would overflow a naive recursive parser's stack.
    QByteArray deep = R"({"vitalsDashboard": 1, "title": "t", "panels": )";
    deep += QByteArray(100000, '[') + QByteArray(100000, ']') + "}";
    const LoadResult r = parseDashboard(deep);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.error.contains(QStringLiteral("not valid JSON"))) << r.error.toStdString();
}

TEST(DashboardFile, TruncatedAndGarbageInputAreErrors)
{
    const QByteArray good = serializeDashboard(everyField());
    // Every prefix of a valid file is either invalid with an error, or (the whole file) valid.
    for (qsizetype cut = 0; cut < good.size(); cut += 7) {
        const LoadResult r = parseDashboard(good.left(cut));
        EXPECT_FALSE(r.ok());
        EXPECT_FALSE(r.error.isEmpty());
    }
    EXPECT_FALSE(parseDashboard(QByteArray("\x00\xff\xfe garbage", 12)).ok());
    EXPECT_FALSE(parseDashboard(QByteArray(R"({"vitalsDashboard": 1e400, "title": "t"})")).ok());
}

TEST(DashboardFile, MissingFileNamesThePath)
{
    const LoadResult r = loadDashboardFile(QStringLiteral("/nonexistent/dash.json"));
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.error.startsWith(QStringLiteral("/nonexistent/dash.json: ")))
        << r.error.toStdString();
}

TEST(DashboardFile, OpenDetectsTheFormat)
{
    const OpenResult vitals = openDashboard(serializeDashboard(everyField()));
    ASSERT_TRUE(vitals.ok()) << vitals.error.toStdString();
    EXPECT_FALSE(vitals.importedFromGrafana);

    const OpenResult grafana = openDashboard(R"({"title": "G", "panels": [{"id": 1, "type": "stat",
        "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}, "targets": [{"expr": "up", "refId": "A"}]}]})");
    ASSERT_TRUE(grafana.ok()) << grafana.error.toStdString();
    EXPECT_TRUE(grafana.importedFromGrafana);
    EXPECT_EQ(grafana.dashboard->title, QStringLiteral("G"));

    EXPECT_FALSE(openDashboard(R"({"hello": "world"})").ok());
}

TEST(DashboardFile, TheDocumentedExampleLoads)
{
    QFile doc(QStringLiteral(VITALS_SOURCE_DIR "/docs/dashboard-format.md"));
    ASSERT_TRUE(doc.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(doc.readAll());
    const qsizetype section = text.indexOf(QStringLiteral("## Example"));
    ASSERT_GE(section, 0);
    const qsizetype start = text.indexOf(QStringLiteral("```json\n"), section);
    const qsizetype end = text.indexOf(QStringLiteral("\n```"), start + 8);
    ASSERT_GT(start, 0);
    ASSERT_GT(end, start);
    const LoadResult r = parseDashboard(text.mid(start + 8, end - start - 8).toUtf8());
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    EXPECT_EQ(r.dashboard->panels.size(), 2u);
    EXPECT_EQ(r.dashboard->variables.size(), 1u);
}

// Repeated panels: one copy per selected value, laid out as Grafana lays them out.
#include "core/dashboard/grafanaimport.h"
#include "core/dashboard/repeats.h"

#include <gtest/gtest.h>

using namespace vitals::dashboard;

namespace {

Dashboard withRepeat(bool vertical, int maxPerRow, QStringList selection)
{
    Dashboard d;
    Variable v;
    v.name = QStringLiteral("instance");
    v.kind = VariableKind::Custom;
    v.options = {QStringLiteral("a:1"), QStringLiteral("b:2"), QStringLiteral("c:3"),
                 QStringLiteral("d:4"), QStringLiteral("e:5")};
    v.multi = true;
    v.includeAll = true;
    v.current = selection.value(0);
    if (selection.size() > 1)
        v.currentValues = selection;
    d.variables.push_back(v);
    Panel repeated;
    repeated.id = QStringLiteral("cpu");
    repeated.title = QStringLiteral("CPU of $instance");
    repeated.gridPos = {0, 0, 8, 5};
    repeated.queries.push_back({QStringLiteral("rate(cpu{instance=~\"$instance\"}[5m])"),
                                QStringLiteral("{{mode}}"),
                                QStringLiteral("A"),
                                false,
                                {}});
    repeated.repeat = QStringLiteral("instance");
    repeated.repeatVertical = vertical;
    repeated.maxPerRow = maxPerRow;
    Panel below;
    below.id = QStringLiteral("below");
    below.gridPos = {0, 5, 24, 4};
    d.panels = {repeated, below};
    return d;
}

std::vector<GridPos> positions(const Dashboard &d)
{
    std::vector<GridPos> out;
    for (const Panel &p : d.panels)
        out.push_back(p.gridPos);
    return out;
}

} // namespace

TEST(Repeats, SideBySideCopiesShareTheRowAndWrap)
{
    // Three values: width max(24 / 3, 24 / 4) = 8, all on one row; the panel below stays.
    const Dashboard three = expandRepeats(withRepeat(
        false, 0, {QStringLiteral("a:1"), QStringLiteral("b:2"), QStringLiteral("c:3")}));
    EXPECT_EQ(positions(three),
              (std::vector<GridPos>{{0, 0, 8, 5}, {8, 0, 8, 5}, {16, 0, 8, 5}, {0, 5, 24, 4}}));
    EXPECT_EQ(three.panels[1].id, QStringLiteral("cpu-b:2"));
    EXPECT_EQ(three.panels[1].title, QStringLiteral("CPU of b:2"));
    EXPECT_EQ(three.panels[1].queries[0].expr, QStringLiteral("rate(cpu{instance=~\"b:2\"}[5m])"));

    // All five (the "All" option), at most 4 per row: width 6, the fifth wraps to a second row
    // and the panel below moves down by one panel height.
    const Dashboard all = expandRepeats(withRepeat(false, 0, {QString::fromLatin1(kAllValue)}));
    EXPECT_EQ(positions(all), (std::vector<GridPos>{{0, 0, 6, 5},
                                                    {6, 0, 6, 5},
                                                    {12, 0, 6, 5},
                                                    {18, 0, 6, 5},
                                                    {0, 5, 6, 5},
                                                    {0, 10, 24, 4}}));
}

TEST(Repeats, VerticalCopiesStackAndPushPanelsBelow)
{
    const Dashboard d =
        expandRepeats(withRepeat(true, 0, {QStringLiteral("a:1"), QStringLiteral("b:2")}));
    EXPECT_EQ(positions(d), (std::vector<GridPos>{{0, 0, 8, 5}, {0, 5, 8, 5}, {0, 10, 24, 4}}));
}

TEST(Repeats, SelectionChangeChangesTheCopies)
{
    Dashboard d = withRepeat(false, 2, {QStringLiteral("a:1")});
    EXPECT_EQ(expandRepeats(d).panels.size(), 2u); // one copy + the panel below
    d.variables[0].current = QStringLiteral("a:1");
    d.variables[0].currentValues = {QStringLiteral("a:1"), QStringLiteral("c:3"),
                                    QStringLiteral("e:5")};
    const Dashboard more = expandRepeats(d);
    ASSERT_EQ(more.panels.size(), 4u);
    // maxPerRow 2: width 12, two per row.
    EXPECT_EQ(more.panels[2].gridPos, (GridPos{0, 5, 12, 5}));
    EXPECT_EQ(more.panels[3].gridPos, (GridPos{0, 10, 24, 4}));
}

TEST(Repeats, SubstitutesEveryVariableSyntax)
{
    EXPECT_EQ(substituteVariable(QStringLiteral("$job ${job} ${job:regex} [[job]] $jobs"),
                                 QStringLiteral("job"), QStringLiteral("x")),
              QStringLiteral("x x x x $jobs"));
}

TEST(Repeats, ImportedFromGrafana)
{
    const QByteArray json = R"json({"title": "R", "templating": {"list": [
        {"name": "instance", "type": "custom", "query": "a,b", "multi": true,
         "current": {"value": ["a", "b"]}}]},
      "panels": [{"id": 1, "type": "timeseries", "repeat": "instance", "repeatDirection": "h",
                  "maxPerRow": 3, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 6},
                  "targets": [{"expr": "up{instance=\"$instance\"}", "refId": "A"}]},
                 {"id": 2, "type": "timeseries", "repeat": "nosuch",
                  "gridPos": {"x": 0, "y": 6, "w": 24, "h": 6},
                  "targets": [{"expr": "up", "refId": "A"}]}]})json";
    const GrafanaImport g = importGrafanaDashboard(json);
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    const Panel &p = g.dashboard->panels.at(0);
    EXPECT_EQ(p.repeat, QStringLiteral("instance"));
    EXPECT_EQ(p.maxPerRow, 3);
    EXPECT_FALSE(p.repeatVertical);
    // Only the repeat over an undefined variable is reported.
    ASSERT_EQ(g.report.issues.size(), 1u) << g.report.toText().toStdString();
    EXPECT_EQ(g.report.issues[0].path, QStringLiteral("panels[1].repeat"));
    EXPECT_EQ(expandRepeats(*g.dashboard).panels.size(), 3u);
}

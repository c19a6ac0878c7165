// Repeated rows: a row header with `repeat` copies itself and the panels of its row per value.
#include "core/dashboard/grafanaimport.h"
#include "core/dashboard/repeats.h"

#include <gtest/gtest.h>

using namespace vitals::dashboard;

namespace {

Panel panelAt(const QString &id, GridPos g, bool header = false)
{
    Panel p;
    p.id = id;
    p.gridPos = g;
    p.rowHeader = header;
    if (header)
        p.type = PanelType::Text;
    return p;
}

// A header at y 0 repeated by "ds" with two panels below it (rows 1–6), then a second row.
Dashboard rowDashboard(QStringList selection)
{
    Dashboard d;
    Variable v;
    v.name = QStringLiteral("ds");
    v.kind = VariableKind::Custom;
    v.options = {QStringLiteral("metric"), QStringLiteral("trace"), QStringLiteral("log")};
    v.multi = true;
    v.current = selection.value(0);
    if (selection.size() > 1)
        v.currentValues = selection;
    d.variables.push_back(v);
    Panel header = panelAt(QStringLiteral("row-1"), {0, 0, 24, 1}, true);
    header.title = QStringLiteral("Cache - $ds");
    header.repeat = QStringLiteral("ds");
    Panel left = panelAt(QStringLiteral("hits"), {0, 1, 12, 6});
    left.queries.push_back({QStringLiteral("rate(hits{type=\"$ds\"}[5m])"), QString(),
                            QStringLiteral("A"), false, QString()});
    d.panels = {header, left, panelAt(QStringLiteral("size"), {12, 1, 12, 5}),
                panelAt(QStringLiteral("row-2"), {0, 7, 24, 1}, true),
                panelAt(QStringLiteral("last"), {0, 8, 24, 4})};
    return d;
}

QStringList ids(const Dashboard &d)
{
    QStringList out;
    for (const Panel &p : d.panels)
        out << p.id + QLatin1Char('@') + QString::number(p.gridPos.y);
    return out;
}

} // namespace

TEST(RepeatRows, HeaderAndItsPanelsRepeatPerValueAndPushTheRestDown)
{
    // The row spans y 0–7 (header 1 + the taller panel 6): the copy for "trace" starts at 7,
    // and the next row moves from 7 to 14.
    const Dashboard d =
        expandRepeats(rowDashboard({QStringLiteral("metric"), QStringLiteral("trace")}));
    EXPECT_EQ(ids(d), (QStringList{"row-1@0", "hits@1", "size@1", "row-1-trace@7", "hits-trace@8",
                                   "size-trace@8", "row-2@14", "last@15"}));
    ASSERT_EQ(d.panels.size(), 8u);
    EXPECT_EQ(d.panels[3].title, QStringLiteral("Cache - trace"));
    EXPECT_EQ(d.panels[4].queries[0].expr, QStringLiteral("rate(hits{type=\"trace\"}[5m])"));
    EXPECT_EQ(d.panels[1].queries[0].expr, QStringLiteral("rate(hits{type=\"metric\"}[5m])"));
}

TEST(RepeatRows, SelectionChangeChangesTheCopies)
{
    EXPECT_EQ(expandRepeats(rowDashboard({QStringLiteral("log")})).panels.size(), 5u);
    const Dashboard three = expandRepeats(
        rowDashboard({QStringLiteral("metric"), QStringLiteral("trace"), QStringLiteral("log")}));
    EXPECT_EQ(three.panels.size(), 11u);
    EXPECT_EQ(three.panels.back().gridPos.y, 8 + 2 * 7);
}

TEST(RepeatRows, ImportedFromGrafanaWithoutApproximation)
{
    const QByteArray json = R"json({"title": "R", "templating": {"list": [
        {"name": "ds", "type": "custom", "query": "a,b", "multi": true,
         "current": {"value": ["a", "b"]}}]},
      "panels": [{"id": 9, "type": "row", "title": "Cache - $ds", "repeat": "ds",
                  "collapsed": true, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
                  "panels": [{"id": 1, "type": "timeseries",
                              "gridPos": {"x": 0, "y": 1, "w": 24, "h": 6},
                              "targets": [{"expr": "up{ds=\"$ds\"}", "refId": "A"}]}]}]})json";
    const GrafanaImport g = importGrafanaDashboard(json);
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    for (const ImportIssue &entry : g.report.issues)
        EXPECT_EQ(entry.message.indexOf(QStringLiteral("shown once")), -1)
            << entry.message.toStdString();
    const Dashboard shown = expandRepeats(*g.dashboard);
    ASSERT_EQ(shown.panels.size(), 4u);
    EXPECT_EQ(shown.panels[2].title, QStringLiteral("Cache - b"));
    EXPECT_EQ(shown.panels[3].queries[0].expr, QStringLiteral("up{ds=\"b\"}"));
}

// Heatmap panels in core: PanelData de-cumulates a histogram's buckets as Grafana's Prometheus
// `format: heatmap` does, and the Grafana importer reads both heatmap panels (Grafana <= 8 and
// >= 9) with their y-axis unit and colours.
#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/grafanaimport.h"
#include "core/panel/paneldata.h"

#include <QFile>

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;
using dashboard::PanelType;

namespace {

constexpr qint64 kStep = 15'000; // one step of the range query, ms

// A bucket series at t = 0, 15 s, 30 s…; NaN leaves the sample out (a gap).
series::Series bucket(const char *le, std::initializer_list<double> values)
{
    series::Series s(
        series::LabelSet::fromPairs({{QStringLiteral("le"), QString::fromLatin1(le)}}));
    qint64 t = 0;
    for (double v : values) {
        if (!std::isnan(v))
            s.append(t, v);
        t += kStep;
    }
    return s;
}

dashboard::Panel heatmapPanel()
{
    dashboard::Panel p;
    p.id = QStringLiteral("h");
    p.type = PanelType::Heatmap;
    p.unit = QStringLiteral("s");
    p.heatmapColors = QStringLiteral("Viridis");
    dashboard::Query q;
    q.refId = QStringLiteral("A");
    q.expr = QStringLiteral("sum by (le) (rate(x_bucket[1m]))");
    p.queries.push_back(q);
    return p;
}

panel::PanelData build(series::SeriesList list)
{
    panel::QueryAnswer answer;
    answer.range = true;
    answer.expr = QStringLiteral("sum by (le) (rate(x_bucket[1m]))");
    answer.series = std::move(list);
    std::vector<panel::QueryAnswer> answers;
    answers.push_back(std::move(answer));
    return panel::buildPanelData(heatmapPanel(), std::move(answers), 0, 3 * kStep, kStep);
}

dashboard::GrafanaImport importCorpus(const char *name)
{
    QFile file(QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/") + QLatin1String(name));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    return dashboard::importGrafanaDashboard(file.readAll());
}

const dashboard::Panel *panelTitled(const dashboard::Dashboard &d, const QString &title)
{
    for (const dashboard::Panel &p : d.panels)
        if (p.title == title)
            return &p;
    ADD_FAILURE() << "no panel " << title.toStdString();
    return nullptr;
}

QString issuesText(const dashboard::GrafanaImport &g)
{
    return g.report.toText();
}

} // namespace

TEST(HeatmapPanelData, BucketsDecumulatedPerStepWithInfGapsAndResets)
{
    // Cumulative request rates per `le` at four steps, as `sum by (le) (rate(..._bucket[1m]))`
    // answers them; the 0.25 bucket has no sample at the second step, and at the fourth the
    // 0.5 bucket reads below the 0.25 one (a counter reset seen by one bucket's rate first).
    // Worked by hand, per step, count(le) = cumulative(le) - cumulative(previous le), a missing
    // lower sample counting as 0 (Grafana's transformToHistogramOverTime: `bottom[j] || 0`):
    //   (0, 0.1]      2    1    0    1
    //   (0.1, 0.25]   3    —    4    2      (5-2, gap, 4-0, 3-1)
    //   (0.25, 0.5]   1    3    0    0      (6-5, 3-0, 4-4, 2-3 = -1 shown as 0)
    //   (0.5, +Inf]   0.5  0    1    4      (6.5-6, 3-3, 5-4, 6-2)
    series::SeriesList list;
    list.push_back(bucket("+Inf", {6.5, 3, 5, 6}));
    list.push_back(bucket("0.5", {6, 3, 4, 2}));
    list.push_back(bucket("0.1", {2, 1, 0, 1}));
    list.push_back(bucket("0.25", {5, qQNaN(), 4, 3}));
    const panel::PanelData data = build(std::move(list));

    ASSERT_FALSE(data.failed()) << data.errorText().toStdString();
    EXPECT_TRUE(data.hasData());
    EXPECT_TRUE(data.series.empty()); // the buckets are not drawn as lines
    EXPECT_EQ(data.heatmapColors, QStringLiteral("Viridis"));
    const series::HeatmapBuckets &h = data.heatmap;
    EXPECT_EQ(h.upperBounds, (std::vector<double>{0.1, 0.25, 0.5, qInf()}));
    EXPECT_EQ(h.t, (std::vector<qint64>{0, kStep, 2 * kStep, 3 * kStep}));
    EXPECT_EQ(h.counts[0], (std::vector<double>{2, 1, 0, 1}));
    EXPECT_EQ(h.counts[1][0], 3);
    EXPECT_TRUE(std::isnan(h.counts[1][1]));
    EXPECT_EQ(h.counts[1][2], 4);
    EXPECT_EQ(h.counts[1][3], 2);
    EXPECT_EQ(h.counts[2], (std::vector<double>{1, 3, 0, 0}));
    EXPECT_EQ(h.counts[3], (std::vector<double>{0.5, 0, 1, 4}));
    EXPECT_EQ(panel::heatmapBucketName(h, 1, data.unit), QStringLiteral("(100 ms, 250 ms]"));
    EXPECT_EQ(panel::heatmapBucketName(h, 3, data.unit), QStringLiteral("(500 ms, +Inf]"));
    EXPECT_EQ(panel::heatmapBucketName(h, 0, data.unit), QStringLiteral("(0 s, 100 ms]"));
}

TEST(HeatmapPanelData, SeriesWithoutBucketsAreThePanelsError)
{
    // A query that forgot `sum by (le)`: two series share le="1".
    series::SeriesList list;
    list.push_back(bucket("1", {1}));
    list.push_back(bucket("1", {2}));
    list.back().setLabels(
        series::LabelSet::fromPairs({{QStringLiteral("le"), QStringLiteral("1")},
                                     {QStringLiteral("pod"), QStringLiteral("b")}}));
    const panel::PanelData data = build(std::move(list));
    EXPECT_TRUE(data.failed());
    EXPECT_TRUE(data.errorText().contains(QStringLiteral("sum by (le)")))
        << data.errorText().toStdString();
    EXPECT_EQ(data.errorExpr, QStringLiteral("sum by (le) (rate(x_bucket[1m]))"));

    // No answer at all: empty, not failed.
    const panel::PanelData none = build({});
    EXPECT_FALSE(none.failed());
    EXPECT_TRUE(none.isEmpty());
}

TEST(HeatmapDashboardFile, TypeAndColoursRoundTrip)
{
    dashboard::Dashboard d;
    d.title = QStringLiteral("t");
    d.panels.push_back(heatmapPanel());
    const QByteArray json = dashboard::serializeDashboard(d);
    EXPECT_TRUE(json.contains("\"type\": \"heatmap\"")) << json.toStdString();
    const dashboard::LoadResult back = dashboard::parseDashboard(json);
    ASSERT_TRUE(back.ok()) << back.error.toStdString();
    EXPECT_EQ(back.dashboard->panels.at(0), d.panels.at(0));
}

TEST(GrafanaHeatmapImport, NewPanelWithBucketsKeepsSchemeAndUnit)
{
    // Grafana 10: "calculate": false, scheme Oranges, y axis unit "none" (promscale mixin).
    const auto g = importCorpus("corpus/promscale-mixin.json");
    ASSERT_TRUE(g.dashboard.has_value()) << g.error.toStdString();
    const dashboard::Panel *p = panelTitled(*g.dashboard, QStringLiteral("Samples per request"));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->type, PanelType::Heatmap);
    EXPECT_EQ(p->heatmapColors, QStringLiteral("Oranges"));
    EXPECT_EQ(p->unit, QString()); // "none"
    ASSERT_EQ(p->queries.size(), 1u);
    EXPECT_TRUE(p->queries[0].expr.contains(QStringLiteral("_bucket")));
    EXPECT_FALSE(issuesText(g).contains(QStringLiteral("\"Samples per request\"")))
        << issuesText(g).toStdString();
}

TEST(GrafanaHeatmapImport, CalculatedPanelsAreImportedAsCalculated)
{
    // Grafana 10 "calculate": true with the y axis in seconds (Argo CD mixin): Vitals buckets
    // the values itself (heatmapcalc_test.cpp), so nothing is reported.
    const auto argo = importCorpus("corpus/argocd-operational-overview-mixin.json");
    ASSERT_TRUE(argo.dashboard.has_value());
    const dashboard::Panel *git =
        panelTitled(*argo.dashboard, QStringLiteral("Git Fetch Performance"));
    ASSERT_NE(git, nullptr);
    EXPECT_EQ(git->type, PanelType::Heatmap);
    EXPECT_EQ(git->unit, QStringLiteral("s"));
    EXPECT_TRUE(git->heatmapCalc.enabled);
    EXPECT_EQ(git->heatmapCalc.y, dashboard::HeatmapAxisBuckets{});
    EXPECT_FALSE(issuesText(argo).contains(QStringLiteral("heatmap")))
        << issuesText(argo).toStdString();
    const dashboard::Panel *size =
        panelTitled(*argo.dashboard, QStringLiteral("Kubectl Request Size"));
    ASSERT_NE(size, nullptr);
    EXPECT_EQ(size->unit, QStringLiteral("bytes"));

    // Grafana <= 8, dataFormat "timeseries", spectrum "interpolateReds" (Triton dashboard).
    const auto triton = importCorpus("corpus/triton-inference-server-gcp-schema19.json");
    ASSERT_TRUE(triton.dashboard.has_value());
    const dashboard::Panel *load =
        panelTitled(*triton.dashboard, QStringLiteral("Load Ratio  (Total Time / Compute Time)"));
    ASSERT_NE(load, nullptr);
    EXPECT_EQ(load->type, PanelType::Heatmap);
    EXPECT_EQ(load->heatmapColors, QStringLiteral("Reds"));
    EXPECT_TRUE(load->heatmapCalc.enabled);
    EXPECT_FALSE(issuesText(triton).contains(QStringLiteral("Load Ratio")))
        << issuesText(triton).toStdString();
}

TEST(GrafanaHeatmapImport, OldTsbucketsPanelWithOpacity)
{
    // The old panel as grafonnet writes it for Prometheus buckets (dataFormat "tsbuckets",
    // format "heatmap", opacity mode with a card colour), and a new one with an unknown scheme.
    const QByteArray json = R"json({
      "title": "Old heatmaps", "schemaVersion": 27,
      "panels": [
        {"id": 1, "type": "heatmap", "title": "Query time", "dataFormat": "tsbuckets",
         "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "yAxis": {"format": "ms", "logBase": 1},
         "color": {"mode": "opacity", "cardColor": "#FF9830", "exponent": 0.3},
         "targets": [{"expr": "sum by (le) (rate(q_bucket[1m]))", "format": "heatmap",
                      "legendFormat": "{{le}}", "refId": "A"}]},
        {"id": 2, "type": "heatmap", "title": "New", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "options": {"calculate": false, "yAxis": {"unit": "bytes"},
                     "color": {"mode": "scheme", "scheme": "Cividis", "reverse": true}},
         "targets": [{"expr": "sum by (le) (rate(r_bucket[1m]))", "format": "heatmap",
                      "refId": "A"}]}
      ]})json";
    const auto g = dashboard::importGrafanaDashboard(json);
    ASSERT_TRUE(g.dashboard.has_value()) << g.error.toStdString();
    const dashboard::Panel &old = g.dashboard->panels.at(0);
    EXPECT_EQ(old.type, PanelType::Heatmap);
    EXPECT_EQ(old.unit, QStringLiteral("ms"));
    EXPECT_EQ(old.heatmapColors, QStringLiteral("opacity:#FF9830"));
    const dashboard::Panel &fresh = g.dashboard->panels.at(1);
    EXPECT_EQ(fresh.unit, QStringLiteral("bytes"));
    EXPECT_EQ(fresh.heatmapColors, QString()); // Cividis is not drawn: the default
    const QString text = issuesText(g);
    EXPECT_FALSE(text.contains(QStringLiteral("panels[0]"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("\"Cividis\""))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("reversed"))) << text.toStdString();
}

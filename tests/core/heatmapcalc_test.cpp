// Heatmaps that bucket values themselves (Grafana's "calculate from data"): panel::calculateHeatmap
// against bucket tables worked by hand from Grafana's algorithm
// (public/app/features/transformers/calculateHeatmap/heatmap.ts and utils.ts): a count picks the
// largest "nice" size not above (max - min) / (count - 1); values and times round down to a
// multiple of the size; log rows round log_base(v) × split down. Then the importer's reading of
// both Grafana heatmaps, the dashboard file round trip, and PanelData.
#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/grafanaimport.h"
#include "core/panel/heatmapcalc.h"
#include "core/panel/paneldata.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;
using dashboard::HeatmapAxisBuckets;
using dashboard::HeatmapCalculation;

namespace {

// A series with one sample per (t ms, value).
series::Series values(std::initializer_list<std::pair<qint64, double>> samples)
{
    series::Series s;
    for (const auto &[t, v] : samples)
        s.append(t, v);
    return s;
}

// Series are move-only: a list of them built by moving.
template<typename... S> series::SeriesList listOf(S... s)
{
    series::SeriesList list;
    (list.push_back(std::move(s)), ...);
    return list;
}

HeatmapCalculation calc(HeatmapAxisBuckets x = {}, HeatmapAxisBuckets y = {})
{
    return HeatmapCalculation{true, std::move(x), std::move(y)};
}

// The counts of column `j`, bottom row first.
std::vector<double> column(const series::HeatmapBuckets &h, std::size_t j)
{
    std::vector<double> out;
    for (const auto &row : h.counts)
        out.push_back(row.at(j));
    return out;
}

} // namespace

TEST(HeatmapCalcSizes, NiceSizesAreGrafanas)
{
    const auto &linear = panel::niceLinearSizes();
    // 18 multipliers × 16 powers below 1, then 9 whole ones in [1, 10) and 18 per power above.
    EXPECT_EQ(linear.size(), 18u * 16u + 9u + 18u * 15u);
    EXPECT_DOUBLE_EQ(linear.front(), 1e-16);
    EXPECT_DOUBLE_EQ(linear.back(), 9.5e15);
    auto has = [&linear](double v) {
        return std::find(linear.begin(), linear.end(), v) != linear.end();
    };
    EXPECT_TRUE(has(0.15));
    EXPECT_TRUE(has(0.25));
    EXPECT_TRUE(has(15));
    EXPECT_FALSE(has(1.5)); // wholeIncrs: from 1 up only whole sizes
    EXPECT_FALSE(has(2.5));
    // (10 - 1) / 9 = 1 → the largest size not above 1 is 1; (2 - 0.12) / 9 = 0.2089 → 0.2.
    EXPECT_DOUBLE_EQ(panel::niceBucketSize(1, 10, 10, linear), 1.0);
    EXPECT_DOUBLE_EQ(panel::niceBucketSize(0.12, 2, 10, linear), 0.2);
    // Time: 60 s / 19 = 3158 ms → 2 s; 1 h / 19 = 189 s → 2 min; 60 s / 3 = 20 s → 20 s.
    const auto &time = panel::niceTimeSizes();
    EXPECT_DOUBLE_EQ(panel::niceBucketSize(0, 60'000, 20, time), 2'000);
    EXPECT_DOUBLE_EQ(panel::niceBucketSize(0, 3'600'000, 20, time), 120'000);
    EXPECT_DOUBLE_EQ(panel::niceBucketSize(0, 60'000, 4, time), 20'000);
}

TEST(HeatmapCalc, DefaultCountsCutTwentyColumnsAndTenRows)
{
    // Two series pooled, values 1…10 over [0, 60 s]. Columns: 20 → 2 s (above), from 0 to the
    // one holding 60 s → 31 columns ending at 2 s, 4 s, … Rows: 10 → size 1 (above), from
    // floor(1) = 1 to floor(10) = 10 → 10 rows [1, 2) … [10, 11).
    const series::SeriesList list = listOf(values({{0, 1}, {15'000, 3}, {30'000, 7}}),
                                           values({{0, 2}, {15'000, 3.5}, {30'000, 10}}));
    series::HeatmapBuckets h;
    QString error;
    ASSERT_TRUE(panel::calculateHeatmap(list, calc(), 0, 60'000, h, error)) << error.toStdString();
    ASSERT_EQ(h.t.size(), 31u);
    EXPECT_EQ(h.t.front(), 2'000);
    EXPECT_EQ(h.t.back(), 62'000);
    ASSERT_EQ(h.upperBounds.size(), 10u);
    EXPECT_TRUE(h.lowerInclusive);
    EXPECT_DOUBLE_EQ(h.firstLowerBound, 1);
    EXPECT_DOUBLE_EQ(h.upperBounds.front(), 2);
    EXPECT_DOUBLE_EQ(h.upperBounds.back(), 11);
    // t = 0 → column 0: 1 in [1, 2), 2 in [2, 3). t = 15 s → column 7 (15 / 2 = 7.5): 3 and 3.5
    // both in [3, 4). t = 30 s → column 15: 7 in [7, 8), 10 in [10, 11). Every other cell 0.
    EXPECT_EQ(column(h, 0), (std::vector<double>{1, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(column(h, 7), (std::vector<double>{0, 0, 2, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(column(h, 15), (std::vector<double>{0, 0, 0, 0, 0, 0, 1, 0, 0, 1}));
    EXPECT_EQ(column(h, 1), std::vector<double>(10, 0.0));
    EXPECT_DOUBLE_EQ(h.maxCount(), 2);
    EXPECT_EQ(panel::heatmapBucketName(h, 2, units::Unit::None), QStringLiteral("[3, 4)"));
}

TEST(HeatmapCalc, SizesAndCounts)
{
    // x size "15s" over [0, 30 s] → columns 0, 1, 2 ending at 15, 30, 45 s. y size 0.25: rows
    // floor(0.1 / 0.25) = 0 to floor(0.6 / 0.25) = 2 → [0, 0.25), [0.25, 0.5), [0.5, 0.75).
    const series::SeriesList list =
        listOf(values({{0, 0.1}, {15'000, 0.3}}), values({{0, 0.3}}), values({{0, 0.6}}));
    series::HeatmapBuckets h;
    QString error;
    ASSERT_TRUE(panel::calculateHeatmap(list,
                                        calc({QStringLiteral("size"), QStringLiteral("15s")},
                                             {QStringLiteral("size"), QStringLiteral("0.25")}),
                                        0, 30'000, h, error))
        << error.toStdString();
    EXPECT_EQ(h.t, (std::vector<qint64>{15'000, 30'000, 45'000}));
    EXPECT_DOUBLE_EQ(h.firstLowerBound, 0);
    EXPECT_EQ(h.upperBounds, (std::vector<double>{0.25, 0.5, 0.75}));
    EXPECT_EQ(column(h, 0), (std::vector<double>{1, 1, 1}));
    EXPECT_EQ(column(h, 1), (std::vector<double>{0, 1, 0}));
    EXPECT_EQ(column(h, 2), (std::vector<double>{0, 0, 0}));

    // x count 4 over [0, 60 s]: 60 / 3 = 20 s → columns 0…3. Plain digits in size mode are ms.
    ASSERT_TRUE(panel::calculateHeatmap(list, calc({QStringLiteral("count"), QStringLiteral("4")}),
                                        0, 60'000, h, error));
    EXPECT_EQ(h.t, (std::vector<qint64>{20'000, 40'000, 60'000, 80'000}));
    ASSERT_TRUE(panel::calculateHeatmap(
        list, calc({QStringLiteral("size"), QStringLiteral("30000")}), 0, 60'000, h, error));
    EXPECT_EQ(h.t, (std::vector<qint64>{30'000, 60'000, 90'000}));
}

TEST(HeatmapCalc, LogRowsByPowersSplitAndNonPositiveLeftOut)
{
    // log2, one row per power: log2 of 0.5, 1, 3, 8 = -1, 0, 1.58, 3 → rows -1…3, bounds
    // 2^-1 … 2^4; 0 and -1 cannot be drawn on a log scale and are left out, as in Grafana.
    const series::SeriesList list =
        listOf(values({{0, 0.5}, {1, 1}, {2, 3}, {3, 8}, {4, 0}, {5, -1}}));
    series::HeatmapBuckets h;
    QString error;
    HeatmapAxisBuckets log2;
    log2.logBase = 2;
    ASSERT_TRUE(panel::calculateHeatmap(
        list, calc({QStringLiteral("size"), QStringLiteral("1m")}, log2), 0, 0, h, error))
        << error.toStdString();
    EXPECT_DOUBLE_EQ(h.firstLowerBound, 0.5);
    EXPECT_EQ(h.upperBounds, (std::vector<double>{1, 2, 4, 8, 16}));
    EXPECT_EQ(column(h, 0), (std::vector<double>{1, 1, 1, 0, 1}));

    // log10 split in 2 rows per power: 2 × log10 of 1, 5, 50 = 0, 1.40, 3.40 → rows 0…3,
    // bounds 10^0, 10^0.5, 10^1, 10^1.5, 10^2.
    HeatmapAxisBuckets log10{QStringLiteral("count"), QStringLiteral("2"), 10};
    ASSERT_TRUE(panel::calculateHeatmap(listOf(values({{0, 1}, {1, 5}, {2, 50}})),
                                        calc({QStringLiteral("size"), QStringLiteral("1m")}, log10),
                                        0, 0, h, error));
    EXPECT_DOUBLE_EQ(h.firstLowerBound, 1);
    ASSERT_EQ(h.upperBounds.size(), 4u);
    EXPECT_NEAR(h.upperBounds[0], std::sqrt(10.0), 1e-12);
    EXPECT_NEAR(h.upperBounds[3], 100, 1e-12);
    EXPECT_EQ(column(h, 0), (std::vector<double>{1, 1, 0, 1}));
}

TEST(HeatmapCalc, BadInputIsAClearError)
{
    series::HeatmapBuckets h;
    QString error;
    // Nothing to count: no series, or only NaN and ±Inf (left out).
    EXPECT_FALSE(panel::calculateHeatmap({}, calc(), 0, 60'000, h, error));
    EXPECT_EQ(error, QStringLiteral("no value to count"));
    EXPECT_FALSE(panel::calculateHeatmap(listOf(values({{0, qQNaN()}, {1, qInf()}, {2, -qInf()}})),
                                         calc(), 0, 60'000, h, error));
    HeatmapAxisBuckets log2;
    log2.logBase = 2;
    EXPECT_FALSE(panel::calculateHeatmap(listOf(values({{0, 0}, {1, -3}})), calc({}, log2), 0,
                                         60'000, h, error));
    EXPECT_TRUE(error.contains(QStringLiteral("log scale")));
    // A tiny size over a wide range: 10^9 rows are refused, not allocated.
    EXPECT_FALSE(panel::calculateHeatmap(listOf(values({{0, 0}, {1, 1}})),
                                         calc({}, {QStringLiteral("size"), QStringLiteral("1e-9")}),
                                         0, 60'000, h, error));
    EXPECT_TRUE(error.contains(QStringLiteral("too many"))) << error.toStdString();
    // A size that is not a number falls back to Grafana's default (10 rows), as Grafana does.
    EXPECT_TRUE(panel::calculateHeatmap(listOf(values({{0, 1}, {1, 10}})),
                                        calc({}, {QStringLiteral("size"), QStringLiteral("abc")}),
                                        0, 60'000, h, error));
    EXPECT_EQ(h.upperBounds.size(), 10u);
}

TEST(HeatmapCalcPanelData, PlainSeriesAreBucketedNotRefused)
{
    dashboard::Panel p;
    p.id = QStringLiteral("h");
    p.type = dashboard::PanelType::Heatmap;
    p.heatmapCalc = calc({QStringLiteral("size"), QStringLiteral("15s")},
                         {QStringLiteral("size"), QStringLiteral("1")});
    dashboard::Query q;
    q.refId = QStringLiteral("A");
    p.queries.push_back(q);
    auto answersOf = [](series::SeriesList list) {
        panel::QueryAnswer answer;
        answer.range = true;
        answer.series = std::move(list);
        std::vector<panel::QueryAnswer> answers;
        answers.push_back(std::move(answer));
        return answers;
    };
    const panel::PanelData data = panel::buildPanelData(
        p, answersOf(listOf(values({{0, 1.5}, {15'000, 2.5}}), values({{0, 1.2}}))), 0, 15'000,
        15'000);
    ASSERT_FALSE(data.failed()) << data.errorText().toStdString();
    // Rows [1, 2), [2, 3); columns ending at 15 s and 30 s.
    EXPECT_EQ(data.heatmap.upperBounds, (std::vector<double>{2, 3}));
    EXPECT_EQ(column(data.heatmap, 0), (std::vector<double>{2, 0}));
    EXPECT_EQ(column(data.heatmap, 1), (std::vector<double>{0, 1}));

    const panel::PanelData none =
        panel::buildPanelData(p, answersOf(listOf(values({{0, qQNaN()}}))), 0, 15'000, 15'000);
    EXPECT_TRUE(none.failed());
    EXPECT_TRUE(none.errorText().contains(QStringLiteral("no value to count")))
        << none.errorText().toStdString();
}

TEST(HeatmapCalcImport, ModernAndMigratedSettingsAndFileRoundTrip)
{
    // Grafana >= 9 calculation options, and the old panel as Grafana's angularToReactHeatmap
    // migrates it: sizes win over numbers; logBase 2 with splitFactor 4 makes log rows.
    const QByteArray json = R"json({
      "title": "calc", "schemaVersion": 39,
      "panels": [
        {"id": 1, "type": "heatmap", "title": "new", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "rate(x_sum[5m])"}],
         "options": {"calculate": true, "calculation": {
           "xBuckets": {"mode": "size", "value": "1m"},
           "yBuckets": {"mode": "count", "value": "4", "scale": {"type": "log", "log": 10}}}}},
        {"id": 2, "type": "heatmap", "title": "old", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "rate(x_sum[5m])"}],
         "dataFormat": "timeseries", "xBucketNumber": 30, "yBucketNumber": 5,
         "yAxis": {"format": "s", "logBase": 2, "splitFactor": 4}},
        {"id": 3, "type": "heatmap", "title": "old sizes", "gridPos": {"x": 0, "y": 8, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "rate(x_sum[5m])"}],
         "dataFormat": "timeseries", "xBucketSize": "2m", "yBucketSize": 0.5,
         "yBucketNumber": 7}
      ]})json";
    const auto g = dashboard::importGrafanaDashboard(json);
    ASSERT_TRUE(g.dashboard.has_value()) << g.error.toStdString();
    ASSERT_EQ(g.dashboard->panels.size(), 3u);
    const auto &modern = g.dashboard->panels[0].heatmapCalc;
    EXPECT_EQ(modern, calc({QStringLiteral("size"), QStringLiteral("1m"), 0},
                           {QStringLiteral("count"), QStringLiteral("4"), 10}));
    const auto &old = g.dashboard->panels[1].heatmapCalc;
    EXPECT_EQ(old, calc({QStringLiteral("count"), QStringLiteral("30"), 0},
                        {QStringLiteral("count"), QStringLiteral("4"), 2}));
    const auto &sizes = g.dashboard->panels[2].heatmapCalc;
    EXPECT_EQ(sizes, calc({QStringLiteral("size"), QStringLiteral("2m"), 0},
                          {QStringLiteral("size"), QStringLiteral("0.5"), 0}));
    EXPECT_TRUE(g.report.issues.empty()) << g.report.toText().toStdString();

    const QByteArray saved = dashboard::serializeDashboard(*g.dashboard);
    const dashboard::LoadResult back = dashboard::parseDashboard(saved);
    ASSERT_TRUE(back.ok()) << back.error.toStdString();
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(back.dashboard->panels.at(i).heatmapCalc, g.dashboard->panels[i].heatmapCalc);
}

// Per-series styles of TimeSeriesChart (Grafana's overrides): fill opacity, line width and
// dashes, stack groups, hiding from the legend and the tooltip, the right-hand value axis; and
// the way an imported dashboard's overrides reach the chart (chartSeriesFrom()).
#include "core/dashboard/grafanaimport.h"
#include "core/panel/paneldata.h"
#include "widgets/chartseriesstyle.h"
#include "widgets/distributionchart.h"
#include "widgets/timeserieschart.h"

#include <QTest>

#include <gtest/gtest.h>

using vitals::ChartSeries;
using vitals::TimeSeriesChart;
namespace units = vitals::units;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms
constexpr qint64 kStep = 10'000;

// `count` samples every 10 s, all `value`.
ChartSeries flat(const QString &name, double value, int count = 11)
{
    ChartSeries s;
    s.name = name;
    for (int i = 0; i < count; ++i)
        s.samples.append(kT0 + i * kStep, value);
    return s;
}

template<typename... S> std::vector<ChartSeries> list(S &&...series)
{
    std::vector<ChartSeries> out;
    (out.push_back(std::forward<S>(series)), ...);
    return out;
}

// The values a series is drawn at (every point of every piece).
std::vector<double> drawnValues(const TimeSeriesChart &chart, int index)
{
    std::vector<double> out;
    for (const auto &piece : chart.drawnSegments(index))
        for (const QPointF &p : piece)
            out.push_back(p.y());
    return out;
}

bool allEqual(const std::vector<double> &values, double expected)
{
    return !values.empty() && std::all_of(values.begin(), values.end(), [expected](double v) {
        return std::abs(v - expected) < 1e-9;
    });
}

// Shows `series` on `chart` and waits until Qt Charts has laid out the legend and the axes.
void show(TimeSeriesChart &chart, std::vector<ChartSeries> series)
{
    chart.resize(600, 300);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeSpan(kT0, kT0 + 100'000);
    chart.setSeries(std::move(series));
    chart.flush();
    QTest::qWait(30); // Qt Charts lays the axes out on the next scene update
    chart.flush();
    QTest::qWait(30);
}

} // namespace

TEST(ChartStyles, FillOpacityLineWidthAndDashesPerSeries)
{
    TimeSeriesChart chart;
    ChartSeries filled = flat(QStringLiteral("filled"), 2);
    filled.fillOpacity = 40; // Grafana's fillOpacity 40, or the graph panel's fill 4
    ChartSeries wide = flat(QStringLiteral("wide"), 3);
    wide.lineWidth = 3;
    wide.dashed = true;
    show(chart, list(std::move(filled), std::move(wide), flat(QStringLiteral("plain"), 1)));
    // 40 % of 255, rounded.
    EXPECT_EQ(chart.drawnFillAlpha(0), 102);
    EXPECT_NE(chart.drawnLinePen(0).style(), Qt::NoPen); // a filled line keeps its line
    EXPECT_EQ(chart.drawnFillAlpha(1), 0);
    EXPECT_DOUBLE_EQ(chart.drawnLinePen(1).widthF(), 3.0);
    EXPECT_EQ(chart.drawnLinePen(1).style(), Qt::DashLine);
    EXPECT_EQ(chart.drawnFillAlpha(2), 0);
    EXPECT_DOUBLE_EQ(chart.drawnLinePen(2).widthF(), 1.6); // the chart's default
    // The filled series is drawn once in the legend, not once for its area and once for its
    // line.
    EXPECT_TRUE(chart.drawnInLegend(0));
    EXPECT_TRUE(allEqual(drawnValues(chart, 0), 2.0));
}

TEST(ChartStyles, SeriesOutOfTheStackIsDrawnAsItsOwnLine)
{
    // Node Exporter Full's "Memory Basic": a stacked breakdown of the RAM (used 3, free 5) and
    // "RAM Total" (8, override stack: false, fill: 0) drawn as a line over it, not on top.
    TimeSeriesChart chart;
    chart.setStyle(TimeSeriesChart::Style::StackedArea);
    ChartSeries total = flat(QStringLiteral("RAM Total"), 8);
    total.stackGroup = QString();
    total.fillOpacity = 0;
    show(chart,
         list(std::move(total), flat(QStringLiteral("used"), 3), flat(QStringLiteral("free"), 5)));
    EXPECT_TRUE(allEqual(drawnValues(chart, 0), 8.0)); // its own value, not 8 + …
    EXPECT_EQ(chart.drawnFillAlpha(0), 0);
    EXPECT_NE(chart.drawnLinePen(0).style(), Qt::NoPen);
    EXPECT_TRUE(allEqual(drawnValues(chart, 1), 3.0)); // the bottom of the stack
    EXPECT_TRUE(allEqual(drawnValues(chart, 2), 8.0)); // 3 + 5: stacked on "used" only
    EXPECT_EQ(chart.drawnFillAlpha(2), 170);           // the stack's usual fill
    EXPECT_EQ(chart.drawnLinePen(2).style(), Qt::NoPen);
}

TEST(ChartStyles, StackGroupsStackSeparately)
{
    // Two groups on a line chart: a+b stack in "A", c+d in "B"; e is not stacked.
    TimeSeriesChart chart;
    std::vector<ChartSeries> series;
    const char *names[] = {"a", "b", "c", "d", "e"};
    const char *groups[] = {"A", "A", "B", "B", ""};
    for (int i = 0; i < 5; ++i) {
        ChartSeries s = flat(QString::fromLatin1(names[i]), 1 + i);
        s.stackGroup = QString::fromLatin1(groups[i]);
        series.push_back(std::move(s));
    }
    show(chart, std::move(series));
    EXPECT_TRUE(allEqual(drawnValues(chart, 0), 1.0));
    EXPECT_TRUE(allEqual(drawnValues(chart, 1), 3.0)); // 1 + 2
    EXPECT_TRUE(allEqual(drawnValues(chart, 2), 3.0)); // its own group starts at 0
    EXPECT_TRUE(allEqual(drawnValues(chart, 3), 7.0)); // 3 + 4
    EXPECT_TRUE(allEqual(drawnValues(chart, 4), 5.0));
    // A line chart's stacked series are lines (no fill asked for).
    EXPECT_EQ(chart.drawnFillAlpha(3), 0);
}

TEST(ChartStyles, HiddenFromLegendAndTooltipButDrawn)
{
    TimeSeriesChart chart;
    ChartSeries noLegend = flat(QStringLiteral("no legend"), 1);
    noLegend.hideLegend = true;
    ChartSeries noTooltip = flat(QStringLiteral("no tooltip"), 2);
    noTooltip.hideTooltip = true;
    show(chart, list(std::move(noLegend), std::move(noTooltip)));
    EXPECT_FALSE(chart.drawnInLegend(0));
    EXPECT_TRUE(chart.drawnInLegend(1));
    EXPECT_FALSE(chart.drawnSegments(0).empty());
    EXPECT_FALSE(chart.drawnSegments(1).empty());
    const auto values = chart.valuesAt(kT0 + 50'000);
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].name, QStringLiteral("no legend"));
    EXPECT_FALSE(chart.tooltipText(kT0 + 50'000).contains(QStringLiteral("no tooltip")));
}

TEST(ChartStyles, RightAxisHasItsOwnUnitRangeAndLabels)
{
    // Prometheus 2.0 Stats' "Compaction Activity": counts on the left (about 1000), the p99
    // duration in seconds (0.25) on the right.
    TimeSeriesChart chart;
    chart.setUnit(units::Unit::None);
    ChartSeries p99 = flat(QStringLiteral("duration-p99"), 0.25);
    p99.rightAxis = true;
    p99.unit = units::Unit::Seconds;
    show(chart, list(flat(QStringLiteral("compactions"), 1000), std::move(p99)));
    EXPECT_FALSE(chart.drawnOnRightAxis(0));
    EXPECT_TRUE(chart.drawnOnRightAxis(1));
    QStringList left;
    QStringList right;
    for (const auto &label : chart.drawnAxisLabels()) {
        if (label.timeAxis)
            continue;
        (label.rightAxis ? right : left).append(label.text);
    }
    ASSERT_GE(right.size(), 2) << left.join(u'|').toStdString();
    // The right axis covers 0.25 s in seconds' labels; the left one 1000 without a unit.
    EXPECT_TRUE(std::all_of(right.begin(), right.end(), [](const QString &t) {
        return t.endsWith(QStringLiteral("s"));
    })) << right.join(u'|').toStdString();
    ASSERT_GE(left.size(), 2);
    EXPECT_TRUE(std::none_of(left.begin(), left.end(), [](const QString &t) {
        return t.endsWith(QStringLiteral("s"));
    })) << left.join(u'|').toStdString();
    // The tooltip shows each series in its own unit.
    const QString tip = chart.tooltipText(kT0 + 50'000);
    EXPECT_TRUE(tip.contains(QStringLiteral("250 ms"))) << tip.toStdString();
    // Without right-hand series the axis goes away.
    chart.setSeries(list(flat(QStringLiteral("compactions"), 1000)));
    chart.flush();
    QTest::qWait(30);
    for (const auto &label : chart.drawnAxisLabels())
        EXPECT_FALSE(label.rightAxis) << label.text.toStdString();
}

TEST(ChartStyles, ImportedOverridesReachTheChart)
{
    // A graph panel as Node Exporter Full writes it: the panel stacks, "RAM Total" is taken out
    // of the stack with no fill; "p99" goes to the right axis (seconds), dashed, 2 px wide,
    // without a legend entry.
    const QByteArray json = R"json({"title": "S", "panels": [
      {"id": 1, "type": "graph", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}, "stack": true,
       "targets": [{"expr": "a", "refId": "A", "legendFormat": "RAM Total"},
                   {"expr": "b", "refId": "B", "legendFormat": "p99"}],
       "yaxes": [{"format": "bytes"}, {"format": "s"}],
       "seriesOverrides": [{"alias": "RAM Total", "fill": 0, "stack": false},
                           {"alias": "p99", "yaxis": 2, "dashes": true, "linewidth": 2,
                            "legend": false, "hideTooltip": true, "fill": 4}]}]})json";
    const auto g = vitals::dashboard::importGrafanaDashboard(json);
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    const vitals::dashboard::Panel *panel = g.dashboard->panel(QStringLiteral("1"));
    ASSERT_NE(panel, nullptr);
    std::vector<vitals::panel::QueryAnswer> answers(2);
    for (auto &a : answers) {
        a.range = true;
        vitals::series::Series s;
        s.append(kT0, 1);
        a.series.push_back(std::move(s));
    }
    const auto data =
        vitals::panel::buildPanelData(*panel, std::move(answers), kT0, kT0 + 60'000, kStep);
    ASSERT_EQ(data.series.size(), 2u);
    const ChartSeries total = vitals::chartSeriesFrom(data.series[0]);
    EXPECT_EQ(total.name, QStringLiteral("RAM Total"));
    EXPECT_EQ(total.stackGroup, QString());
    EXPECT_EQ(total.fillOpacity, 0);
    EXPECT_FALSE(total.rightAxis);
    const ChartSeries p99 = vitals::chartSeriesFrom(data.series[1]);
    EXPECT_TRUE(p99.rightAxis);
    EXPECT_TRUE(p99.unit == units::Unit(units::Unit::Seconds));
    EXPECT_TRUE(p99.dashed);
    EXPECT_EQ(p99.lineWidth, 2.0);
    EXPECT_EQ(p99.fillOpacity, 40); // the graph panel's fill 4 of 10
    EXPECT_TRUE(p99.hideLegend);
    EXPECT_TRUE(p99.hideTooltip);
    EXPECT_EQ(p99.stackGroup, std::nullopt); // stacks with the panel
    // Nothing of these overrides is reported as not drawn.
    EXPECT_TRUE(g.report.toText().isEmpty()) << g.report.toText().toStdString();
}

TEST(ChartStyles, BarCategoriesTakeTheirFixedColours)
{
    // Argo CD's "Sync Status" pie chart: Synced green, OutOfSync red by override; the count per
    // status from one instant query. "Unknown" has no override: the group's colour.
    const QByteArray json = R"json({"title": "A", "panels": [
      {"id": 1, "type": "piechart", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
       "targets": [{"expr": "sum by (s) (x)", "refId": "A", "instant": true,
                    "legendFormat": "{{ s }}"}],
       "fieldConfig": {"defaults": {}, "overrides": [
         {"matcher": {"id": "byName", "options": "Synced"},
          "properties": [{"id": "color", "value": {"fixedColor": "green", "mode": "fixed"}}]},
         {"matcher": {"id": "byName", "options": "OutOfSync"},
          "properties": [{"id": "color", "value": {"fixedColor": "red", "mode": "fixed"}}]}]}}]})json";
    const auto g = vitals::dashboard::importGrafanaDashboard(json);
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    EXPECT_TRUE(g.report.toText().isEmpty()) << g.report.toText().toStdString();
    std::vector<vitals::panel::QueryAnswer> answers(1);
    for (const char *status : {"Synced", "OutOfSync", "Unknown"})
        answers[0].values.push_back({vitals::series::LabelSet::fromPairs(
                                         {{QStringLiteral("s"), QString::fromLatin1(status)}}),
                                     kT0, 3.0});
    const auto data = vitals::panel::buildPanelData(*g.dashboard->panel(QStringLiteral("1")),
                                                    std::move(answers), kT0, kT0 + 60'000, kStep);
    const vitals::panel::PanelBars bars = vitals::panel::panelBars(data);
    ASSERT_EQ(bars.categories, (QStringList{QStringLiteral("Synced"), QStringLiteral("OutOfSync"),
                                            QStringLiteral("Unknown")}));
    // Grafana's "green" and "red" (seriesoverride.h grafanaColor()).
    EXPECT_EQ(bars.categoryColors,
              (QStringList{QStringLiteral("#73bf69"), QStringLiteral("#f2495c"), QString()}));

    vitals::DistributionChart chart;
    chart.resize(400, 300);
    std::vector<vitals::BarGroup> groups{{QStringLiteral("A"), bars.groups.front().values}};
    chart.setData(bars.categories, groups);
    const QColor groupColour = chart.drawnBarColor(0, 2);
    chart.setCategoryColors(
        {QColor(QStringLiteral("#73bf69")), QColor(QStringLiteral("#f2495c")), QColor()});
    EXPECT_EQ(chart.drawnBarColor(0, 0), QColor(QStringLiteral("#73bf69")));
    EXPECT_EQ(chart.drawnBarColor(0, 1), QColor(QStringLiteral("#f2495c")));
    EXPECT_EQ(chart.drawnBarColor(0, 2), groupColour);
    EXPECT_DOUBLE_EQ(chart.value(0, 1), 3.0);
}

// Heatmap panels in snapshot files (core/snapshot): the de-cumulated buckets read back cell for
// cell, a zoom crops them to the zoomed span, and counts that do not fill buckets × times are an
// error, not a crash.
#include "core/dashboard/dashboardfile.h"
#include "core/panel/panelcrop.h"
#include "core/snapshot/snapshot.h"
#include "core/snapshot/snapshotcodec.h"

#include <QCborArray>
#include <QCborMap>

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;

namespace {

const char kDashboard[] = R"json({
  "vitalsDashboard": 1, "title": "Heatmap snapshot", "defaultRange": "1h",
  "panels": [
    {"id": "lat", "title": "Latency", "type": "heatmap", "unit": "s",
     "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
     "queries": [{"refId": "A", "expr": "sum by (le) (rate(x_bucket[1m]))"}]}
  ]})json";

// Three buckets (0.1, 1, +Inf) over four times 15 s apart; one cell NaN (a missing sample).
snapshot::Snapshot sample()
{
    snapshot::Snapshot s;
    s.dashboard = *dashboard::parseDashboard(kDashboard).dashboard;
    s.fromMs = 1'764'000'000'000;
    s.toMs = s.fromMs + 45'000;
    s.connection = QStringLiteral("local");
    s.takenAtMs = s.toMs;
    panel::PanelData d;
    d.panelId = QStringLiteral("lat");
    d.type = dashboard::PanelType::Heatmap;
    d.fromMs = s.fromMs;
    d.toMs = s.toMs;
    d.stepMs = 15'000;
    d.heatmap.upperBounds = {0.1, 1.0, qInf()};
    d.heatmap.t = {s.fromMs, s.fromMs + 15'000, s.fromMs + 30'000, s.fromMs + 45'000};
    d.heatmap.counts = {{1, 2, 3, 4}, {0.5, qQNaN(), 0, 7}, {0, 0, 0, 0.25}};
    s.panels.push_back(std::make_shared<const panel::PanelData>(std::move(d)));
    return s;
}

} // namespace

TEST(SnapshotHeatmap, BucketsReadBackCellForCell)
{
    const snapshot::Snapshot s = sample();
    const snapshot::ReadResult r = snapshot::decodeSnapshot(snapshot::encodeSnapshot(s));
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    const panel::PanelData &d = *r.snapshot->panelData(QStringLiteral("lat"));
    EXPECT_EQ(d.type, dashboard::PanelType::Heatmap);
    EXPECT_TRUE(d.hasData());
    const series::HeatmapBuckets &h = d.heatmap;
    const series::HeatmapBuckets &original = s.panels[0]->heatmap;
    EXPECT_EQ(h.upperBounds, original.upperBounds); // +Inf survives
    EXPECT_EQ(h.t, original.t);
    ASSERT_EQ(h.counts.size(), 3u);
    for (std::size_t b = 0; b < 3; ++b) {
        ASSERT_EQ(h.counts[b].size(), 4u);
        for (std::size_t i = 0; i < 4; ++i) {
            if (std::isnan(original.counts[b][i])) {
                EXPECT_TRUE(std::isnan(h.counts[b][i]));
            } else {
                EXPECT_EQ(h.counts[b][i], original.counts[b][i]) << b << "," << i;
            }
        }
    }
}

TEST(SnapshotHeatmap, ZoomKeepsTheTimesInsideTheSpan)
{
    const snapshot::Snapshot s = sample();
    const panel::PanelData cropped =
        panel::cropToRange(*s.panels[0], s.fromMs + 15'000, s.fromMs + 30'000);
    EXPECT_EQ(cropped.heatmap.t, (std::vector<qint64>{s.fromMs + 15'000, s.fromMs + 30'000}));
    ASSERT_EQ(cropped.heatmap.counts.size(), 3u);
    EXPECT_EQ(cropped.heatmap.counts[0], (std::vector<double>{2, 3}));
    EXPECT_EQ(cropped.heatmap.counts[2], (std::vector<double>{0, 0}));
    EXPECT_EQ(cropped.heatmap.upperBounds, s.panels[0]->heatmap.upperBounds);
}

TEST(SnapshotHeatmap, CountsThatDoNotFillTheGridAreAnError)
{
    QCborMap m = snapshot::codec::toCbor(sample()).toMap();
    QCborArray panels = m.value(QStringLiteral("panels")).toArray();
    QCborMap panel = panels.at(0).toMap();
    QCborMap heatmap = panel.value(QStringLiteral("heatmap")).toMap();
    ASSERT_FALSE(heatmap.isEmpty());
    // One cell short of 3 buckets × 4 times.
    heatmap.insert(QStringLiteral("counts"),
                   heatmap.value(QStringLiteral("counts")).toByteArray().chopped(8));
    panel.insert(QStringLiteral("heatmap"), heatmap);
    panels[0] = panel;
    m.insert(QStringLiteral("panels"), panels);
    QString error;
    EXPECT_FALSE(snapshot::codec::fromCbor(m, &error).has_value());
    EXPECT_TRUE(error.contains(QStringLiteral("buckets × times"))) << error.toStdString();
}

TEST(SnapshotHeatmap, CalculatedBucketsKeepTheirLowerBoundAndLayout)
{
    // Buckets Vitals cut from values (panel::calculateHeatmap) start at 0.5 and are
    // [lower, upper); both survive the file and a zoom.
    snapshot::Snapshot s = sample();
    panel::PanelData d;
    d.panelId = QStringLiteral("lat");
    d.type = dashboard::PanelType::Heatmap;
    d.fromMs = s.fromMs;
    d.toMs = s.toMs;
    d.stepMs = 15'000;
    d.heatmap = s.panels[0]->heatmap;
    d.heatmap.upperBounds = {1, 1.5, 2};
    d.heatmap.firstLowerBound = 0.5;
    d.heatmap.lowerInclusive = true;
    s.panels[0] = std::make_shared<const panel::PanelData>(std::move(d));
    const snapshot::ReadResult r = snapshot::decodeSnapshot(snapshot::encodeSnapshot(s));
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    const series::HeatmapBuckets &h = r.snapshot->panelData(QStringLiteral("lat"))->heatmap;
    EXPECT_DOUBLE_EQ(h.firstLowerBound, 0.5);
    EXPECT_TRUE(h.lowerInclusive);
    EXPECT_EQ(panel::heatmapBucketName(h, 0, units::Unit::None), QStringLiteral("[0.5, 1)"));
    const panel::PanelData cropped =
        panel::cropToRange(*s.panels[0], s.fromMs + 15'000, s.fromMs + 30'000);
    EXPECT_DOUBLE_EQ(cropped.heatmap.firstLowerBound, 0.5);
    EXPECT_TRUE(cropped.heatmap.lowerInclusive);
    // A Prometheus histogram's map stays as it was: no "lo", no "ge".
    const QCborMap plain = snapshot::codec::toCbor(sample())
                               .toMap()
                               .value(QStringLiteral("panels"))
                               .toArray()
                               .at(0)
                               .toMap()
                               .value(QStringLiteral("heatmap"))
                               .toMap();
    EXPECT_FALSE(plain.contains(QStringLiteral("lo")));
    EXPECT_FALSE(plain.contains(QStringLiteral("ge")));
}

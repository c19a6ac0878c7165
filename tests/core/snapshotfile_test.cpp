// The snapshot file (core/snapshot/snapshot.h): what is written reads back the same, and bad
// files (truncated, another version, hostile sizes, damaged data) give an error, never a crash.
#include "core/dashboard/dashboardfile.h"
#include "core/panel/panelcrop.h"
#include "core/snapshot/snapshot.h"

#include <QtEndian>

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;

namespace {

const char kDashboard[] = R"json({
  "vitalsDashboard": 1, "title": "Snapshot test", "defaultRange": "1h",
  "panels": [
    {"id": "rps", "title": "Requests", "type": "timeseries", "unit": "reqps",
     "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "queries": [{"refId": "A", "expr": "rate(x[5m])"}]},
    {"id": "p95", "title": "p95", "type": "stat", "unit": "s",
     "gridPos": {"x": 12, "y": 0, "w": 12, "h": 4},
     "queries": [{"refId": "A", "expr": "y", "instant": true}]}
  ]})json";

snapshot::Snapshot sample()
{
    snapshot::Snapshot s;
    s.dashboard = *dashboard::parseDashboard(kDashboard).dashboard;
    s.variables = {QStringLiteral("job = iris")};
    s.fromMs = 1'764'000'000'000;
    s.toMs = s.fromMs + 3'600'000;
    s.rangeLabel = QStringLiteral("Last 1 hour");
    s.connection = QStringLiteral("http://127.0.0.1:9090");
    s.takenAtMs = s.toMs + 5;
    s.vitalsVersion = QStringLiteral(VITALS_VERSION);

    panel::PanelData rps;
    rps.panelId = QStringLiteral("rps");
    rps.fromMs = s.fromMs;
    rps.toMs = s.toMs;
    rps.stepMs = 15000;
    panel::PanelSeries line;
    line.name = QStringLiteral("iris");
    line.refId = QStringLiteral("A");
    line.samples = series::Series(series::LabelSet::fromPairs({{"job", "iris"}}));
    // 241 samples at the 15 s step over the hour, with a gap (NaN) and both infinities.
    for (int i = 0; i <= 240; ++i)
        line.samples.append(s.fromMs + i * 15000, i == 7   ? qQNaN()
                                                  : i == 8 ? qInf()
                                                  : i == 9 ? -qInf()
                                                           : 0.5 * i);
    rps.series.push_back(std::move(line));
    rps.expressions = {QStringLiteral("rate(x[5m])")};
    rps.refIds = {QStringLiteral("A")};
    s.panels.push_back(std::make_shared<const panel::PanelData>(std::move(rps)));

    panel::PanelData p95;
    p95.panelId = QStringLiteral("p95");
    p95.type = dashboard::PanelType::Stat;
    p95.fromMs = s.fromMs;
    p95.toMs = s.toMs;
    p95.values.push_back({QStringLiteral("p95"), QStringLiteral("A"), 0, {}, s.toMs, 0.042});
    p95.error.type = prom::ErrorType::Timeout;
    p95.error.message = QStringLiteral("query timed out");
    p95.errorExpr = QStringLiteral("y");
    s.panels.push_back(std::make_shared<const panel::PanelData>(std::move(p95)));

    prom::Alert alert;
    alert.labels = series::LabelSet::fromPairs({{"alertname", "HighLatency"}});
    alert.state = QStringLiteral("firing");
    alert.activeAt = QDateTime::fromMSecsSinceEpoch(s.fromMs + 600'000, Qt::UTC);
    alert.value = QStringLiteral("0.3");
    s.firingAlerts.push_back(alert);
    s.alertSpans.push_back(
        {QStringLiteral("HighLatency"), s.fromMs + 600'000, s.toMs,
         series::LabelSet::fromPairs({{"alertname", "HighLatency"}, {"severity", "warning"}})});
    return s;
}

QByteArray withHeader(QByteArray bytes, quint32 version, quint64 size)
{
    qToBigEndian<quint32>(version, bytes.data() + 8);
    qToBigEndian<quint64>(size, bytes.data() + 12);
    return bytes;
}

} // namespace

TEST(SnapshotFile, RoundTripKeepsEverything)
{
    const snapshot::Snapshot s = sample();
    const snapshot::ReadResult r = snapshot::decodeSnapshot(snapshot::encodeSnapshot(s));
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    const snapshot::Snapshot &back = *r.snapshot;
    EXPECT_EQ(back.dashboard, s.dashboard);
    EXPECT_EQ(back.variables, s.variables);
    EXPECT_EQ(back.fromMs, s.fromMs);
    EXPECT_EQ(back.toMs, s.toMs);
    EXPECT_EQ(back.rangeLabel, s.rangeLabel);
    EXPECT_EQ(back.connection, s.connection);
    EXPECT_EQ(back.takenAtMs, s.takenAtMs);
    EXPECT_EQ(back.vitalsVersion, s.vitalsVersion);
    ASSERT_EQ(back.panels.size(), 2u);

    const panel::PanelData &rps = *back.panelData(QStringLiteral("rps"));
    EXPECT_EQ(rps.type, dashboard::PanelType::TimeSeries);
    EXPECT_EQ(rps.unit, units::Unit::RequestsPerSecond); // from the dashboard's panel
    EXPECT_EQ(rps.stepMs, 15000);
    ASSERT_EQ(rps.series.size(), 1u);
    const series::Series &samples = rps.series[0].samples;
    const series::Series &original = s.panels[0]->series[0].samples;
    ASSERT_EQ(samples.size(), 241u);
    EXPECT_EQ(samples.timestampsMs(), original.timestampsMs());
    EXPECT_TRUE(std::isnan(samples.value(7)));
    EXPECT_EQ(samples.value(8), qInf());
    EXPECT_EQ(samples.value(9), -qInf());
    EXPECT_EQ(samples.value(240), 120.0);
    EXPECT_EQ(samples.labels(), original.labels());
    EXPECT_EQ(rps.series[0].name, QStringLiteral("iris"));
    EXPECT_EQ(rps.expressions, s.panels[0]->expressions);

    const panel::PanelData &p95 = *back.panelData(QStringLiteral("p95"));
    EXPECT_EQ(p95.type, dashboard::PanelType::Stat);
    ASSERT_EQ(p95.values.size(), 1u);
    EXPECT_EQ(p95.values[0].value, 0.042);
    EXPECT_EQ(p95.error.type, prom::ErrorType::Timeout);
    EXPECT_EQ(p95.error.message, QStringLiteral("query timed out"));

    ASSERT_EQ(back.firingAlerts.size(), 1u);
    EXPECT_EQ(back.firingAlerts[0].labels.value(u"alertname"), QStringLiteral("HighLatency"));
    EXPECT_EQ(back.firingAlerts[0].activeAt, s.firingAlerts[0].activeAt);
    EXPECT_EQ(back.alertSpans, s.alertSpans);
    EXPECT_TRUE(back.bannerText().startsWith(
        QStringLiteral("Snapshot of Snapshot test from http://127.0.0.1:9090 taken ")));
}

TEST(SnapshotFile, ConnectionNameDropsCredentials)
{
    EXPECT_EQ(snapshot::connectionNameForUrl(
                  QUrl(QStringLiteral("https://ann:secret@prom.example:9443/p?token=x"))),
              QStringLiteral("https://prom.example:9443/p"));
}

TEST(SnapshotFile, EveryTruncationIsAnErrorNotACrash)
{
    const QByteArray bytes = snapshot::encodeSnapshot(sample());
    for (qsizetype n = 0; n < bytes.size(); ++n) {
        const snapshot::ReadResult r = snapshot::decodeSnapshot(bytes.left(n));
        EXPECT_FALSE(r.ok()) << n;
        EXPECT_FALSE(r.error.isEmpty()) << n;
    }
}

TEST(SnapshotFile, RefusesOtherVersionsAndHostileSizes)
{
    const QByteArray bytes = snapshot::encodeSnapshot(sample());
    const quint64 size = qFromBigEndian<quint64>(bytes.constData() + 12);

    const auto newer = snapshot::decodeSnapshot(withHeader(bytes, 2, size));
    EXPECT_TRUE(newer.error.contains(QStringLiteral("format 2 is not supported")))
        << newer.error.toStdString();
    EXPECT_TRUE(newer.error.contains(QStringLiteral("newer Vitals")));
    // 2^63 bytes declared: refused before anything is allocated.
    const auto huge = snapshot::decodeSnapshot(withHeader(bytes, 1, quint64(1) << 63));
    EXPECT_TRUE(huge.error.contains(QStringLiteral("MiB a snapshot may hold")))
        << huge.error.toStdString();
    // Within the cap, but far more than the compressed bytes can hold (deflate's best ratio
    // is about 1032:1).
    const auto inflated = snapshot::decodeSnapshot(withHeader(bytes, 1, 200ull * 1024 * 1024));
    EXPECT_TRUE(inflated.error.contains(QStringLiteral("cannot hold")))
        << inflated.error.toStdString();
    // One byte more or less than the stream really holds.
    EXPECT_FALSE(snapshot::decodeSnapshot(withHeader(bytes, 1, size + 1)).ok());
    EXPECT_FALSE(snapshot::decodeSnapshot(withHeader(bytes, 1, size - 1)).ok());

    QByteArray damaged = bytes;
    damaged[bytes.size() / 2] = char(damaged[bytes.size() / 2] ^ 0x55);
    EXPECT_FALSE(snapshot::decodeSnapshot(damaged).ok());
    EXPECT_TRUE(snapshot::decodeSnapshot("{\"vitalsDashboard\": 1}")
                    .error.contains(QStringLiteral("not a Vitals snapshot")));
}

TEST(SnapshotFile, OneHourAtFifteenSecondsCompressesWell)
{
    // 241 samples × 16 bytes = 3856 bytes of samples before compression; the timestamps'
    // constant deltas shrink to almost nothing.
    EXPECT_LT(snapshot::encodeSnapshot(sample()).size(), 3000);
}

TEST(PanelCrop, KeepsTheSamplesInsideTheZoomedSpan)
{
    const snapshot::Snapshot s = sample();
    const panel::PanelData cropped =
        panel::cropToRange(*s.panels[0], s.fromMs + 60'000, s.fromMs + 120'000);
    EXPECT_EQ(cropped.fromMs, s.fromMs + 60'000);
    EXPECT_EQ(cropped.toMs, s.fromMs + 120'000);
    ASSERT_EQ(cropped.series.size(), 1u);
    EXPECT_EQ(cropped.series[0].samples.size(), 5u); // 60, 75, 90, 105, 120 s
    // Outside the captured span: clamped to it.
    const panel::PanelData outside =
        panel::cropToRange(*s.panels[0], s.fromMs - 10'000'000, s.toMs + 10'000'000);
    EXPECT_EQ(outside.fromMs, s.fromMs);
    EXPECT_EQ(outside.toMs, s.toMs);
    EXPECT_EQ(outside.series[0].samples.size(), 241u);
}

// What a snapshot keeps beyond the dashboard's panels (core/snapshot/answerscodec.h): the drift
// and model-quality views' own answers, and the alert spans' names and labels. Both read back
// as written; a file written before they were kept (the fuzz corpus's real Model health
// snapshot) still opens; damaged answers are an error, never a crash.
#include "core/dashboard/dashboardfile.h"
#include "core/snapshot/snapshot.h"

#include <QFile>

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;

namespace {

const char kDashboard[] = R"json({
  "vitalsDashboard": 1, "title": "Drift snapshot", "defaultRange": "1h",
  "panels": [
    {"id": "drift", "title": "Drift", "type": "drifttable",
     "gridPos": {"x": 0, "y": 0, "w": 24, "h": 10},
     "queries": [{"refId": "A", "expr": "job=\"iris\""}]}
  ]})json";

snapshot::Snapshot withDriftAnswers()
{
    snapshot::Snapshot s;
    const auto loaded = dashboard::parseDashboard(kDashboard);
    EXPECT_TRUE(loaded.ok()) << loaded.error.toStdString();
    s.dashboard = *loaded.dashboard;
    s.fromMs = 1'764'000'000'000;
    s.toMs = s.fromMs + 600'000;
    s.takenAtMs = s.toMs;

    auto answers = std::make_shared<panel::ExternalAnswers>();
    answers->fromMs = s.fromMs;
    answers->toMs = s.toMs;
    answers->stepMs = 15000;
    answers->previousWindow = true;
    answers->amber = 0.1;
    answers->red = 0.25;
    panel::QueryAnswer gauge;
    gauge.expr = QStringLiteral("max by (feature) (iris_feature_drift_psi{job=\"iris\"})");
    gauge.values.push_back(
        {series::LabelSet::fromPairs({{"feature", "petal_length"}}), s.toMs, 0.31});
    gauge.values.push_back(
        {series::LabelSet::fromPairs({{"feature", "sepal_width"}}), s.toMs, qQNaN()}); // warming up
    answers->answers.push_back(std::move(gauge));
    panel::QueryAnswer history;
    history.range = true;
    history.expr = QStringLiteral("max by (feature) (iris_feature_drift_psi{job=\"iris\"})");
    series::Series line(series::LabelSet::fromPairs({{"feature", "petal_length"}}));
    for (int i = 0; i <= 40; ++i)
        line.append(s.fromMs + i * 15000, 0.01 * i);
    history.series.push_back(std::move(line));
    answers->answers.push_back(std::move(history));
    panel::QueryAnswer failed;
    failed.expr = QStringLiteral("ALERTS{alertname=\"FeatureDrift\"}");
    failed.error.type = prom::ErrorType::Timeout;
    failed.error.message = QStringLiteral("query timed out");
    answers->firstError = failed.error;
    answers->answers.push_back(std::move(failed));

    panel::PanelData drift;
    drift.panelId = QStringLiteral("drift");
    drift.type = dashboard::PanelType::DriftTable;
    drift.fromMs = s.fromMs;
    drift.toMs = s.toMs;
    drift.stepMs = 15000;
    drift.external = std::move(answers);
    s.panels.push_back(std::make_shared<const panel::PanelData>(std::move(drift)));

    s.alertSpans.push_back(
        {QStringLiteral("FeatureDrift"), s.fromMs + 60'000, s.toMs,
         series::LabelSet::fromPairs({{"alertname", "FeatureDrift"}, {"severity", "warning"}})});
    return s;
}

} // namespace

TEST(SnapshotExternal, DriftAnswersAndAlertLabelsReadBackAsWritten)
{
    const snapshot::Snapshot s = withDriftAnswers();
    const snapshot::ReadResult r = snapshot::decodeSnapshot(snapshot::encodeSnapshot(s));
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    const auto data = r.snapshot->panelData(QStringLiteral("drift"));
    ASSERT_NE(data, nullptr);
    ASSERT_NE(data->external, nullptr) << "the drift view's answers were not kept";
    const panel::ExternalAnswers &a = *data->external;
    const panel::ExternalAnswers &original = *s.panels[0]->external;
    EXPECT_EQ(a.fromMs, original.fromMs);
    EXPECT_EQ(a.toMs, original.toMs);
    EXPECT_EQ(a.stepMs, 15000);
    EXPECT_TRUE(a.previousWindow);
    EXPECT_EQ(a.amber, 0.1);
    EXPECT_EQ(a.red, 0.25);
    ASSERT_EQ(a.answers.size(), 3u);
    EXPECT_FALSE(a.answers[0].range);
    EXPECT_EQ(a.answers[0].expr, original.answers[0].expr);
    ASSERT_EQ(a.answers[0].values.size(), 2u);
    EXPECT_EQ(a.answers[0].values[0].labels.value(u"feature"), QStringLiteral("petal_length"));
    EXPECT_EQ(a.answers[0].values[0].value, 0.31);
    EXPECT_TRUE(std::isnan(a.answers[0].values[1].value));
    EXPECT_TRUE(a.answers[1].range);
    ASSERT_EQ(a.answers[1].series.size(), 1u);
    EXPECT_EQ(a.answers[1].series[0].timestampsMs(), original.answers[1].series[0].timestampsMs());
    EXPECT_EQ(a.answers[1].series[0].values(), original.answers[1].series[0].values());
    EXPECT_EQ(a.answers[2].error.type, prom::ErrorType::Timeout);
    EXPECT_EQ(a.firstError.message, QStringLiteral("query timed out"));

    ASSERT_EQ(r.snapshot->alertSpans.size(), 1u);
    EXPECT_EQ(r.snapshot->alertSpans[0], s.alertSpans[0]);
    EXPECT_EQ(r.snapshot->alertSpans[0].labels.value(u"severity"), QStringLiteral("warning"));
}

TEST(SnapshotExternal, AFileWrittenBeforeStillOpens)
{
    // Written by `vitals snapshot` before the drift answers and the spans' labels were kept.
    const QString path = QStringLiteral(VITALS_SOURCE_DIR)
                         + QStringLiteral("/tests/fuzz/snapshot_file/corpus/"
                                          "model-health-server-down.vitals-snapshot");
    ASSERT_TRUE(QFile::exists(path)) << path.toStdString();
    const snapshot::ReadResult r = snapshot::readSnapshotFile(path);
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    EXPECT_FALSE(r.snapshot->panels.empty());
    for (const auto &panel : r.snapshot->panels)
        EXPECT_EQ(panel->external, nullptr) << panel->panelId.toStdString();
    for (const auto &span : r.snapshot->alertSpans)
        EXPECT_TRUE(span.labels.labels().empty());
}

TEST(SnapshotExternal, DamagedAnswersAreAnErrorNotACrash)
{
    // Every truncation of the file: an error or a snapshot, never a crash or a hang.
    const QByteArray bytes = snapshot::encodeSnapshot(withDriftAnswers());
    for (qsizetype n = 0; n < bytes.size(); n += 7)
        EXPECT_FALSE(snapshot::decodeSnapshot(bytes.left(n)).ok()) << n;
    // Damaged payload bytes: whatever the decoder makes of them, it answers.
    for (qsizetype i = 20; i < bytes.size(); i += 13) {
        QByteArray damaged = bytes;
        damaged[i] = char(damaged[i] ^ 0x5a);
        const auto r = snapshot::decodeSnapshot(damaged);
        EXPECT_TRUE(r.ok() || !r.error.isEmpty()) << i;
    }
}

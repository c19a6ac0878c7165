// Alert periods per label set against a real Prometheus (Debian's 2.42): a rule that fires for
// two label sets (one alert per feature, as FeatureDrift does) gives the dashboard two periods
// with their labels, the charts shade their union once, and a snapshot's Alerts tab lists one
// row per label set with the labels shown.
#include "core/prom/promclient.h"
#include "core/snapshot/snapshot.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "ui/snapshotalertspage.h"
#include "ui/tables.h"
#include "widgets/timeserieschart.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>

using namespace vitals;

namespace {

dashboard::Dashboard upChart()
{
    dashboard::Dashboard d;
    d.title = QStringLiteral("Drift");
    // The rule fires on vector(1), which reads no metric: shade every alert.
    d.alertShading = QStringLiteral("all");
    dashboard::Panel p;
    p.id = QStringLiteral("up");
    p.title = QStringLiteral("Up");
    p.type = dashboard::PanelType::TimeSeries;
    p.gridPos = {0, 0, 24, 8};
    dashboard::Query q;
    q.expr = QStringLiteral("up{job=\"self\"}");
    q.refId = QStringLiteral("A");
    p.queries.push_back(q);
    d.panels.push_back(p);
    return d;
}

} // namespace

TEST(AlertSpansLive, ARuleFiringForTwoLabelSetsGivesTwoPeriodsShadedOnce)
{
    QTemporaryDir dir;
    const QString rules = dir.filePath(QStringLiteral("rules.yml"));
    QFile file(rules);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    // One rule, two alerts at once: the expression returns one sample per feature.
    file.write("groups:\n"
               "  - name: drift\n"
               "    rules:\n"
               "      - alert: FeatureDrift\n"
               "        expr: >-\n"
               "          label_replace(vector(1), \"feature\", \"petal_width\", \"\", \"\")\n"
               "          or label_replace(vector(2), \"feature\", \"sepal_length\", \"\", \"\")\n"
               "        labels: {severity: warning}\n");
    file.close();
    testsupport::PrometheusProcess prometheus;
    prometheus.setRuleFiles({rules});
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();
    const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    profile.timeoutMs = 20000;
    prom::PromClient client(profile);

    // Both alerts fire (/api/v1/alerts), then a few evaluations so the history holds them.
    int firing = 0;
    prom::RequestHandle h;
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            if (!h.isActive() && firing < 2)
                h = client.alerts(nullptr, [&](const prom::AlertsResult &r) {
                    firing = int(
                        std::count_if(r.alerts.begin(), r.alerts.end(),
                                      [](const prom::Alert &a) { return a.state == u"firing"; }));
                });
            return firing == 2;
        },
        30000));
    QTest::qWait(4000);

    DashboardPage page(&client);
    page.setScrapeIntervalMs(1000); // this Prometheus evaluates every second
    page.resize(1200, 500);
    page.setDashboard(upChart());
    page.setRange(TimeRange::last(2 * 60'000));
    page.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&page));
    QSignalSpy refreshed(&page, &DashboardPage::refreshFinished);
    page.refresh();
    ASSERT_TRUE(refreshed.wait(20000));
    ASSERT_TRUE(testsupport::waitUntil([&] { return !page.alertSpansPending(); }, 20000));

    // Two periods, one per feature, each with the alert's labels: the rule's (severity) and its
    // expression's (feature).
    std::vector<alertshading::Span> spans = page.namedAlertSpans();
    ASSERT_EQ(spans.size(), 2u);
    std::sort(spans.begin(), spans.end(), [](const auto &a, const auto &b) {
        return a.labels.value(u"feature") < b.labels.value(u"feature");
    });
    EXPECT_EQ(spans[0].labels.value(u"feature"), QStringLiteral("petal_width"));
    EXPECT_EQ(spans[1].labels.value(u"feature"), QStringLiteral("sepal_length"));
    for (const auto &span : spans) {
        EXPECT_EQ(span.alertname, QStringLiteral("FeatureDrift"));
        EXPECT_EQ(span.labels.value(u"alertname"), QStringLiteral("FeatureDrift"));
        EXPECT_EQ(span.labels.value(u"severity"), QStringLiteral("warning"));
        EXPECT_TRUE(span.labels.value(u"alertstate").isEmpty());
        // Prometheus was started just before; allow a few seconds for its first evaluation
        // and the alignment of the 1 s query grid.
        EXPECT_GE(span.fromMs, startedMs - 3000);
        EXPECT_GT(span.toMs, span.fromMs);
    }

    // The chart shades the two overlapping periods once: one rectangle, not two over each
    // other.
    ASSERT_EQ(page.panels().size(), 1u);
    TimeSeriesChart *chart = page.panels()[0]->chart();
    chart->flush();
    ASSERT_EQ(chart->shadedSpans().size(), 1u);
    EXPECT_EQ(chart->shadedSpans()[0].first, std::min(spans[0].fromMs, spans[1].fromMs));
    EXPECT_EQ(chart->shadedSpans()[0].second, std::max(spans[0].toMs, spans[1].toMs));
    EXPECT_EQ(chart->drawnShading().size(), 1u);
    EXPECT_EQ(page.alertSpans(), chart->shadedSpans());

    // Saved in a snapshot (as File ▸ Save snapshot does) and read back: the Alerts tab lists one
    // row per label set, the feature in the Labels column.
    snapshot::Snapshot s;
    s.dashboard = upChart();
    s.fromMs = chart->fromMs();
    s.toMs = chart->toMs();
    s.takenAtMs = s.toMs;
    for (const auto &span : page.namedAlertSpans())
        s.alertSpans.push_back({span.alertname, span.fromMs, span.toMs, span.labels});
    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("drift.vitals-snapshot"));
    QString error;
    ASSERT_TRUE(snapshot::writeSnapshotFile(s, path, &error)) << error.toStdString();
    const snapshot::ReadResult read = snapshot::readSnapshotFile(path);
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    ASSERT_EQ(read.snapshot->alertSpans.size(), 2u);
    SnapshotAlertsPage alertsPage(*read.snapshot);
    const TableModel *periods = alertsPage.periodsModel();
    ASSERT_EQ(periods->rowCount(), 2);
    QStringList labels;
    for (int row = 0; row < periods->rowCount(); ++row) {
        EXPECT_EQ(periods->text(row, 0), QStringLiteral("FeatureDrift"));
        EXPECT_EQ(periods->text(row, 1), QStringLiteral("warning"));
        labels << periods->text(row, 5);
    }
    labels.sort();
    EXPECT_EQ(labels, QStringList({QStringLiteral("feature=petal_width"),
                                   QStringLiteral("feature=sepal_length")}));
}

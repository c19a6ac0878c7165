// Heatmaps that bucket values, over a real Prometheus's range answers: the same answer
// buildPanelData receives from the dashboard's data service, cut into cells by
// panel::calculateHeatmap.
#include "core/panel/heatmapcalc.h"
#include "core/panel/paneldata.h"
#include "core/prom/promclient.h"
#include "core/prom/rangeplan.h"

#include "support/testsupport_prometheus.h"

#include <QDateTime>

#include <gtest/gtest.h>

#include <optional>

using namespace vitals;
using testsupport::PrometheusProcess;
using testsupport::waitUntil;

namespace {

prom::RangeResult rangeOf(prom::PromClient &client, const prom::RangeQuery &q)
{
    std::optional<prom::RangeResult> result;
    prom::RequestHandle h =
        client.queryRange(q, nullptr, [&](const prom::RangeResult &r) { result = r.clone(); });
    EXPECT_TRUE(waitUntil([&] { return result.has_value(); }, 60000)) << "no answer";
    return std::move(result).value_or(prom::RangeResult{});
}

} // namespace

TEST(HeatmapCalcLive, PrometheusAnswersAreBucketedPerStep)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus))
        << "/usr/bin/prometheus is not installed (sudo apt-get install prometheus)";
    PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({})) << prometheus.log().toStdString();
    prom::ConnectionProfile profile;
    profile.name = QStringLiteral("test");
    profile.baseUrl = prometheus.baseUrl();
    profile.timeoutMs = 30000;
    prom::PromClient client(profile);

    // Two series that Prometheus evaluates at every step, 3 and 7, over one minute at a 15 s
    // step (range queries answer on the grid start + k·15 s, five points).
    const qint64 to = QDateTime::currentMSecsSinceEpoch() / 15'000 * 15'000;
    const qint64 from = to - 60'000;
    prom::RangeQuery q;
    q.expr = QStringLiteral(R"(label_replace(vector(3), "v", "3", "", "") or )"
                            R"(label_replace(vector(7), "v", "7", "", ""))");
    q.startMs = from;
    q.endMs = to;
    q.stepMs = 15'000;
    prom::RangeResult range = rangeOf(client, q);
    ASSERT_TRUE(range.ok()) << range.error.message.toStdString();
    ASSERT_EQ(range.series.size(), 2u);

    dashboard::Panel panel;
    panel.id = QStringLiteral("h");
    panel.type = dashboard::PanelType::Heatmap;
    panel.heatmapCalc.enabled = true;
    panel.heatmapCalc.x = {QStringLiteral("size"), QStringLiteral("15s"), 0};
    panel.heatmapCalc.y = {QStringLiteral("size"), QStringLiteral("1"), 0};
    dashboard::Query query;
    query.refId = QStringLiteral("A");
    query.expr = q.expr;
    panel.queries.push_back(query);
    panel::QueryAnswer answer;
    answer.range = true;
    answer.expr = q.expr;
    answer.series = std::move(range.series);
    std::vector<panel::QueryAnswer> answers;
    answers.push_back(std::move(answer));
    const panel::PanelData data =
        panel::buildPanelData(panel, std::move(answers), from, to, q.stepMs);
    ASSERT_FALSE(data.failed()) << data.errorText().toStdString();

    // Rows of size 1 from floor(3) to floor(7): [3, 4) … [7, 8). Columns of 15 s from the one
    // holding `from` to the one holding `to` (both on the grid): 5, each with one 3 and one 7.
    const series::HeatmapBuckets &h = data.heatmap;
    EXPECT_DOUBLE_EQ(h.firstLowerBound, 3);
    EXPECT_EQ(h.upperBounds, (std::vector<double>{4, 5, 6, 7, 8}));
    ASSERT_EQ(h.t.size(), 5u);
    EXPECT_EQ(h.t.front(), from + 15'000);
    for (std::size_t j = 0; j < h.t.size(); ++j) {
        EXPECT_EQ(h.counts[0][j], 1) << j;
        EXPECT_EQ(h.counts[4][j], 1) << j;
        EXPECT_EQ(h.counts[2][j], 0) << j;
    }
}

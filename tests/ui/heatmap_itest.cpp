// Heatmap panels against a real Prometheus scraping a real iris-server: the dashboard page draws
// the latency histogram and a feature's value histogram over time (a shift of the inputs moves
// the busy cells to another row), the tooltip names a cell's bounds and count, CSV export and
// the PDF report read the same de-cumulated buckets.
#include "core/prom/promclient.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_pdf.h"
#include "support/testsupport_prometheus.h"
#include "support/testsupport_screenshot.h"
#include "ui/csvexport.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "ui/reportjob.h"
#include "widgets/heatmapchart.h"
#include "widgets/panelframe.h"

#include <QApplication>
#include <QDateTime>
#include <QHelpEvent>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;

namespace {

// Inputs of the two phases: Iris rows of the three classes, then "drifted" traffic whose
// petal length is 6.9 cm (the longest in the training data; the typical setosa has 1.4 cm).
const QByteArray kNormal[] = {QByteArrayLiteral("{\"features\":[5.1,3.5,1.4,0.2]}"),
                              QByteArrayLiteral("{\"features\":[4.9,3.0,1.4,0.2]}"),
                              QByteArrayLiteral("{\"features\":[5.0,3.4,1.5,0.2]}")};
const QByteArray kDrifted = QByteArrayLiteral("{\"features\":[6.9,3.1,6.9,2.3]}");

class HeatmapLive : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_server = new testsupport::IrisServerProcess;
        ASSERT_TRUE(s_server->start()) << s_server->errorString().toStdString();
        s_prometheus = new testsupport::PrometheusProcess;
        ASSERT_TRUE(s_prometheus->start({QStringLiteral("127.0.0.1:%1").arg(s_server->port())}, 1,
                                        QStringLiteral("iris")))
            << s_prometheus->log().toStdString();
        const QUrl up(s_prometheus->baseUrl().toString()
                      + QStringLiteral("/api/v1/query?query=up%7Bjob%3D%22iris%22%7D"));
        ASSERT_TRUE(testsupport::waitUntil(
            [&] {
                QByteArray body;
                testsupport::httpGet(up, &body);
                return body.contains("\"iris\"");
            },
            30000));
        // Eight seconds of normal traffic, then eight of drifted traffic (one scrape a second).
        const QUrl predict(s_server->baseUrl() + QStringLiteral("/predict"));
        s_startMs = QDateTime::currentMSecsSinceEpoch();
        for (int round = 0; round < 16; ++round) {
            for (int i = 0; i < 12; ++i)
                testsupport::httpPost(predict, round < 8 ? kNormal[i % 3] : kDrifted);
            QTest::qWait(1000);
        }
        QTest::qWait(1500);
    }

    static void TearDownTestSuite()
    {
        delete s_prometheus;
        delete s_server;
        s_prometheus = nullptr;
        s_server = nullptr;
    }

    static prom::ConnectionProfile profile()
    {
        prom::ConnectionProfile p;
        p.baseUrl = s_prometheus->baseUrl();
        return p;
    }

    static testsupport::IrisServerProcess *s_server;
    static testsupport::PrometheusProcess *s_prometheus;
    static qint64 s_startMs;
};

testsupport::IrisServerProcess *HeatmapLive::s_server = nullptr;
testsupport::PrometheusProcess *HeatmapLive::s_prometheus = nullptr;
qint64 HeatmapLive::s_startMs = 0;

dashboard::Panel heatmapPanel(const QString &id, const QString &expr, const QString &unit,
                              dashboard::GridPos pos)
{
    dashboard::Panel p;
    p.id = id;
    p.title = id;
    p.type = dashboard::PanelType::Heatmap;
    p.unit = unit;
    p.gridPos = pos;
    dashboard::Query q;
    q.refId = QStringLiteral("A");
    q.expr = expr;
    p.queries.push_back(q);
    return p;
}

dashboard::Dashboard heatmapDashboard()
{
    dashboard::Dashboard d;
    d.title = QStringLiteral("Heatmaps");
    d.panels.push_back(
        heatmapPanel(QStringLiteral("Latency histogram"),
                     QStringLiteral("sum by (le) (rate(inference_duration_seconds_bucket[5s]))"),
                     QStringLiteral("s"), {0, 0, 12, 8}));
    d.panels.push_back(heatmapPanel(
        QStringLiteral("Petal length"),
        QStringLiteral("sum by (le) (rate(iris_feature_value_bucket{feature=\"petal_length_cm\"}"
                       "[5s]))"),
        QStringLiteral("suffix: cm"), {12, 0, 12, 8}));
    return d;
}

// The bucket (lower, upper] holding `value`.
std::size_t bucketOf(const series::HeatmapBuckets &h, double value)
{
    for (std::size_t b = 0; b < h.upperBounds.size(); ++b)
        if (value > h.lowerBound(b) && value <= h.upperBounds[b])
            return b;
    return h.upperBounds.size();
}

} // namespace

TEST_F(HeatmapLive, PageDrawsBucketsOverTimeAndTheTooltipNamesACell)
{
    prom::PromClient client(profile());
    DashboardPage page(&client);
    page.setScrapeIntervalMs(1000);
    page.resize(1400, 500);
    page.setDashboard(heatmapDashboard());
    page.setRange(TimeRange::absolute(s_startMs, QDateTime::currentMSecsSinceEpoch()));
    page.show();
    QSignalSpy done(&page, &DashboardPage::refreshFinished);
    page.refresh();
    ASSERT_TRUE(done.wait(30000));
    ASSERT_EQ(page.panels().size(), 2u);
    for (const PanelController *panel : page.panels())
        ASSERT_EQ(panel->frame()->state(), PanelFrame::State::Ready)
            << panel->panel().title.toStdString() << ": "
            << panel->frame()->message().toStdString();

    // Petal length: iris-server's reference bins; 1.4 cm and 6.9 cm fall in different rows.
    const auto petal = page.panels()[1]->data();
    const series::HeatmapBuckets &h = petal->heatmap;
    ASSERT_GE(h.upperBounds.size(), 3u);
    ASSERT_GE(h.t.size(), 4u);
    const std::size_t normal = bucketOf(h, 1.4), drifted = bucketOf(h, 6.9);
    ASSERT_LT(normal, h.upperBounds.size());
    ASSERT_LT(drifted, h.upperBounds.size());
    ASSERT_NE(normal, drifted);
    // The last step's 5 s window holds drifted traffic only: up to 12 inputs a second in its
    // row (less when the window reaches into the quiet second after the traffic).
    const std::size_t last = h.t.size() - 1;
    EXPECT_GT(h.counts[drifted][last], 2.0);
    EXPECT_LT(h.counts[drifted][last], 16.0);
    EXPECT_EQ(h.counts[normal][last], 0.0);
    // Some earlier step saw the normal traffic in the 1.4 cm row, and no drifted input yet.
    bool sawNormal = false;
    for (std::size_t j = 0; j < last; ++j)
        sawNormal = sawNormal || (h.counts[normal][j] > 6 && h.counts[drifted][j] == 0);
    EXPECT_TRUE(sawNormal);

    // The widget: the busiest cell of the drifted row, its tooltip through the event.
    auto *chart = page.panels()[1]->frame()->findChild<HeatmapChart *>();
    ASSERT_NE(chart, nullptr);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&page));
    const QRectF cell = chart->cellRect(drifted, last);
    ASSERT_FALSE(cell.isEmpty());
    const QString tip = chart->tooltipAt(cell.center());
    const QString bounds = panel::heatmapBucketName(h, drifted, petal->unit);
    EXPECT_TRUE(tip.startsWith(bounds + QStringLiteral(": "))) << tip.toStdString();
    EXPECT_TRUE(bounds.contains(QStringLiteral("cm"))) << bounds.toStdString();
    EXPECT_TRUE(tip.contains(units::format(h.counts[drifted][last], units::Unit::None)))
        << tip.toStdString();
    QHelpEvent help(QEvent::ToolTip, cell.center().toPoint(),
                    chart->mapToGlobal(cell.center().toPoint()));
    QApplication::sendEvent(chart, &help);
    EXPECT_EQ(QToolTip::text(), tip);
    // The latency panel: bounds in seconds units, the first bucket from 0.
    const auto latency = page.panels()[0]->data();
    ASSERT_FALSE(latency->heatmap.upperBounds.empty());
    EXPECT_GT(latency->heatmap.maxCount(), 0.0);
    const QString first = panel::heatmapBucketName(latency->heatmap, 0, latency->unit);
    EXPECT_TRUE(first.startsWith(QStringLiteral("(0 s, ")) && first.endsWith(QStringLiteral("s]")))
        << first.toStdString();

    testsupport::saveScreenshot(&page, QStringLiteral("heatmap-live.png"));

    // CSV: one row per bucket and step with the count of that bucket alone; the drifted row at
    // the last step reads the same count as the panel.
    const QString csv = panelCsv(*page.panels()[1]);
    const QStringList lines = csv.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_GE(lines.size(), 2);
    EXPECT_EQ(lines.front(), QStringLiteral("bucket,le,timestamp,value"));
    const QString wanted = QStringLiteral("\"%1\",%2,%3,")
                               .arg(bounds, prom::sampleValueText(h.upperBounds[drifted]),
                                    prom::csvTimestamp(h.t[last]));
    bool found = false;
    for (const QString &line : lines)
        if (line.startsWith(wanted)) {
            found = true;
            EXPECT_DOUBLE_EQ(line.section(u',', -1).toDouble(), h.counts[drifted][last]);
        }
    EXPECT_TRUE(found) << wanted.toStdString() << "\n" << csv.toStdString();
}

TEST_F(HeatmapLive, ReportHasTheHeatmapAndItsBucketTable)
{
    QTemporaryDir dir;
    prom::PromClient client(profile());
    ReportJob::Options o;
    o.path = dir.filePath(QStringLiteral("r.pdf"));
    o.format = ReportJob::Format::Pdf;
    o.dashboard = heatmapDashboard();
    o.toMs = QDateTime::currentMSecsSinceEpoch();
    o.fromMs = s_startMs;
    o.connection = QStringLiteral("test Prometheus");
    o.size = QSize(1400, 0);
    ReportJob job(&client, o);
    QSignalSpy finished(&job, &ReportJob::finished);
    job.start();
    ASSERT_TRUE(finished.wait(120000));
    ASSERT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();
    EXPECT_TRUE(job.panelErrors().isEmpty()) << job.panelErrors().join(u'\n').toStdString();

    // A title page, then each heatmap's page: its picture and a row per bucket (the latency
    // histogram's 18 rows may run onto a second page).
    const QStringList pages = testsupport::pdfPageTexts(o.path);
    ASSERT_GE(pages.size(), 3);
    const QString text = pages.mid(1).join(u'\f');
    EXPECT_TRUE(text.contains(QStringLiteral("Petal length")));
    EXPECT_TRUE(text.contains(QStringLiteral("Latency histogram")));
    EXPECT_GE(text.count(QRegularExpression(QStringLiteral("Bucket\\s+Last\\s+Mean\\s+Max"))), 2)
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral(" cm, +Inf]"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral(" ms]"))) << text.toStdString();
}

// The dashboard against a real Prometheus (Debian's) scraping a real iris-server.
#include "core/prom/promclient.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "widgets/panelframe.h"
#include "widgets/stattile.h"
#include "widgets/timeserieschart.h"

#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <gtest/gtest.h>

using namespace vitals;

TEST(DashboardLive, APanelShowsPrometheusParseError)
{
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();
    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    prom::PromClient client(profile);

    dashboard::Dashboard d;
    dashboard::Panel p;
    p.id = QStringLiteral("broken");
    p.title = QStringLiteral("Broken");
    dashboard::Query q;
    q.expr = QStringLiteral("rate(up[5m]"); // missing parenthesis
    q.refId = QStringLiteral("A");
    p.queries.push_back(q);
    d.panels.push_back(p);

    DashboardPage page(&client);
    page.setDashboard(d);
    QSignalSpy done(&page, &DashboardPage::refreshFinished);
    page.refresh();
    ASSERT_TRUE(done.wait(20000));
    const PanelFrame *frame = page.panels()[0]->frame();
    EXPECT_EQ(frame->state(), PanelFrame::State::Error);
    // Prometheus 2.42 answers 400 bad_data "1:11: parse error: unclosed left parenthesis".
    EXPECT_TRUE(frame->message().contains(QStringLiteral("parse error")))
        << frame->message().toStdString();
    EXPECT_TRUE(frame->message().contains(QStringLiteral("rate(up[5m]")));
}

TEST(DashboardLive, AnInstantQueryInATimeSeriesPanelIsDrawnAsAFlatLine)
{
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();
    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    prom::PromClient client(profile);

    // A range query and an instant one in the same time-series panel.
    dashboard::Dashboard d;
    dashboard::Panel p;
    p.id = QStringLiteral("mixed");
    p.title = QStringLiteral("Mixed");
    dashboard::Query range;
    range.refId = QStringLiteral("A");
    range.expr = QStringLiteral("vector(1)");
    range.legendFormat = QStringLiteral("range");
    dashboard::Query instant;
    instant.refId = QStringLiteral("B");
    instant.expr = QStringLiteral("vector(0.25)");
    instant.legendFormat = QStringLiteral("target");
    instant.instant = true;
    p.queries = {range, instant};
    d.panels.push_back(p);

    DashboardPage page(&client);
    page.resize(1000, 600);
    page.setDashboard(d);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    page.setRange(TimeRange::absolute(now - 600'000, now));
    QSignalSpy done(&page, &DashboardPage::refreshFinished);
    page.refresh();
    ASSERT_TRUE(done.wait(20000));
    TimeSeriesChart *chart = page.panels()[0]->chart();
    ASSERT_NE(chart, nullptr);
    chart->flush();
    // Both queries are on the chart: the instant one by its legend name.
    ASSERT_EQ(chart->seriesCount(), 2);
    EXPECT_EQ(chart->seriesName(0), QStringLiteral("range"));
    EXPECT_EQ(chart->seriesName(1), QStringLiteral("target"));
    // The instant value (0.25, the query's constant) holds across the range: at its start,
    // its middle and its end.
    for (const qint64 t : {now - 600'000, now - 300'000, now}) {
        bool found = false;
        for (const auto &v : chart->valuesAt(t))
            if (v.name == u"target") {
                found = true;
                EXPECT_DOUBLE_EQ(v.value, 0.25) << t;
            }
        EXPECT_TRUE(found) << "no instant value near " << t;
    }
    EXPECT_EQ(page.panels()[0]->frame()->state(), PanelFrame::State::Ready);
}

TEST(DashboardLive, ModelHealthShowsLiveTraffic)
{
    testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    const QString target = QStringLiteral("127.0.0.1:%1").arg(server.port());
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({target}, 1, QStringLiteral("iris")))
        << prometheus.log().toStdString();

    // Prometheus may take a few seconds to scrape a new target the first time: wait for it.
    const QUrl up(prometheus.baseUrl().toString()
                  + QStringLiteral("/api/v1/query?query=up%7Bjob%3D%22iris%22%7D%3D%3D1"));
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            QByteArray body;
            return testsupport::httpGet(up, &body) == 200 && body.contains("\"value\"");
        },
        30000));

    // Traffic: 100 valid predictions and 10 malformed requests, over 5 scrapes.
    const QUrl predict(server.baseUrl() + QStringLiteral("/predict"));
    for (int round = 0; round < 5; ++round) {
        for (int i = 0; i < 20; ++i)
            testsupport::httpPost(predict, QByteArrayLiteral("{\"features\":[5.1,3.5,1.4,0.2]}"));
        for (int i = 0; i < 2; ++i)
            testsupport::httpPost(predict, QByteArrayLiteral("{\"features\":[1,2]}"));
        QTest::qWait(1100);
    }
    QTest::qWait(2500);

    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    prom::PromClient client(profile);
    dashboard::Dashboard d;
    dashboard::Panel throughput;
    throughput.id = QStringLiteral("throughput");
    throughput.title = QStringLiteral("Throughput");
    dashboard::Query q;
    q.expr = QStringLiteral("sum by (status) (rate(inference_requests_total[$__rate_interval]))");
    q.legendFormat = QStringLiteral("{{status}}");
    q.refId = QStringLiteral("A");
    throughput.queries.push_back(q);
    d.panels.push_back(throughput);
    dashboard::Panel total = throughput;
    total.id = QStringLiteral("total");
    total.type = dashboard::PanelType::Stat;
    total.queries[0].expr = QStringLiteral("sum(inference_requests_total)");
    d.panels.push_back(total);

    DashboardPage page(&client);
    page.setScrapeIntervalMs(1000); // the Prometheus above scrapes every second
    page.resize(1200, 600);
    page.setDashboard(d);
    page.setRange(TimeRange::last(5 * 60'000));
    QSignalSpy done(&page, &DashboardPage::refreshFinished);
    page.refresh();
    ASSERT_TRUE(done.wait(20000));
    const auto *chart = page.panels()[0]->chart();
    EXPECT_EQ(page.panels()[0]->frame()->state(), PanelFrame::State::Ready)
        << page.panels()[0]->frame()->message().toStdString();
    // One series per status: 200 and 400, named by the legend format.
    QStringList names;
    for (int i = 0; i < chart->seriesCount(); ++i)
        names << chart->seriesName(i);
    names.sort();
    EXPECT_EQ(names, (QStringList{QStringLiteral("200"), QStringLiteral("400")}));
    // The stat tile reads the total the server counted: 100 + 10 requests sent above.
    EXPECT_DOUBLE_EQ(page.panels()[1]->tile()->value(), 110.0);
}

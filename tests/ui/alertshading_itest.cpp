// The dashboard's alert shading and crosshair against a real Prometheus (Debian's 2.42) that
// evaluates a rule which fires at once and one that stays pending, driven like a user does:
// a refresh, then real mouse moves over a chart.
#include "core/prom/promclient.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "widgets/timeserieschart.h"

#include <QDateTime>
#include <QFile>
#include <QGraphicsView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

dashboard::Dashboard twoCharts()
{
    dashboard::Dashboard d;
    d.title = QStringLiteral("Alerts");
    // The rules below fire on vector(1), which reads no metric: shade every alert here (which
    // alerts are related to a dashboard is AlertShadingLive's subject).
    d.alertShading = QStringLiteral("all");
    const QStringList exprs = {QStringLiteral("up{job=\"self\"}"),
                               QStringLiteral("2 * up{job=\"self\"}")};
    for (int i = 0; i < exprs.size(); ++i) {
        dashboard::Panel p;
        p.id = QStringLiteral("p%1").arg(i);
        p.title = QStringLiteral("Panel %1").arg(i);
        p.type = dashboard::PanelType::TimeSeries;
        p.gridPos = {0, i * 8, 24, 8};
        dashboard::Query q;
        q.expr = exprs[i];
        q.refId = QStringLiteral("A");
        p.queries.push_back(q);
        d.panels.push_back(p);
    }
    return d;
}

bool refreshAndWait(DashboardPage &page)
{
    QSignalSpy done(&page, &DashboardPage::refreshFinished);
    page.refresh();
    return done.wait(20000);
}

} // namespace

TEST(DashboardAlertsLive, FiringAlertsShadeEveryChartAndTheCrosshairFollowsTheMouse)
{
    QTemporaryDir dir;
    const QString rules = dir.filePath(QStringLiteral("rules.yml"));
    QFile file(rules);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    // AlwaysFiring fires at its first evaluation; StaysPending is pending for an hour, so
    // ALERTS holds a pending series that must not be shaded.
    file.write("groups:\n"
               "  - name: test\n"
               "    rules:\n"
               "      - alert: AlwaysFiring\n"
               "        expr: vector(1)\n"
               "      - alert: StaysPending\n"
               "        expr: vector(1)\n"
               "        for: 1h\n");
    file.close();
    testsupport::PrometheusProcess prometheus;
    prometheus.setRuleFiles({rules});
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();
    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    profile.timeoutMs = 20000;
    prom::PromClient client(profile);

    // When the alert became active, from /api/v1/alerts (for: 0s, so it fired then too).
    QDateTime activeAt;
    bool pendingSeen = false;
    prom::RequestHandle h;
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            if (!h.isActive() && !(activeAt.isValid() && pendingSeen))
                h = client.alerts(nullptr, [&](const prom::AlertsResult &r) {
                    for (const auto &a : r.alerts) {
                        if (a.labels.value(u"alertname") == u"AlwaysFiring" && a.state == u"firing")
                            activeAt = a.activeAt;
                        pendingSeen = pendingSeen || a.state == u"pending";
                    }
                });
            return activeAt.isValid() && pendingSeen;
        },
        30000));
    // Prometheus scrapes itself a few seconds after it starts evaluating rules: wait for eight
    // scrapes, so the lines have samples over several seconds.
    bool scraped = false;
    prom::RequestHandle q;
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            if (!q.isActive() && !scraped)
                q = client.query(
                    {QStringLiteral("count_over_time(up{job=\"self\"}[1m]) >= 8")}, nullptr,
                    [&](const prom::QueryResult &r) { scraped = r.ok() && !r.vector.empty(); });
            return scraped;
        },
        30000));

    DashboardPage page(&client);
    // This Prometheus scrapes and evaluates every second (the window would learn that from its
    // targets): steps of 1 s, so spans and samples are placed to the second.
    page.setScrapeIntervalMs(1000);
    page.resize(1200, 700);
    page.setDashboard(twoCharts());
    page.setRange(TimeRange::last(2 * 60'000));
    page.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&page));
    ASSERT_TRUE(refreshAndWait(page));
    // The shading comes from its own ALERTS query, answered independently of the panels.
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            for (PanelController *panel : page.panels())
                if (panel->chart()->shadedSpans().empty())
                    return false;
            return true;
        },
        20000));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 active = activeAt.toMSecsSinceEpoch();
    ASSERT_EQ(page.panels().size(), 2u);
    for (PanelController *panel : page.panels()) {
        TimeSeriesChart *chart = panel->chart();
        chart->flush();
        SCOPED_TRACE(panel->panel().title.toStdString());
        // One span (the pending alert is not shaded) from when the alert fired until now. The
        // step over a 2 min range on a ~1200 px chart is the 1 s evaluation interval; allow two
        // steps for the alignment of the query grid and one evaluation.
        ASSERT_EQ(chart->shadedSpans().size(), 1u);
        const auto [from, to] = chart->shadedSpans()[0];
        EXPECT_NEAR(double(from), double(active), 3000.0)
            << "span starts " << (from - active) << " ms after activeAt";
        EXPECT_GE(to, now - 5000);
        // Drawn where the span is, on the plot's full height.
        const std::vector<QRectF> drawn = chart->drawnShading();
        ASSERT_EQ(drawn.size(), 1u);
        EXPECT_NEAR(drawn[0].left(), chart->xAtTime(from), 1.5);
        EXPECT_NEAR(drawn[0].right(), chart->xAtTime(std::min(to, chart->toMs())), 1.5);
        EXPECT_NEAR(drawn[0].height(), chart->plotArea().height(), 1.5);
    }

    // Crosshair: a real mouse move over the first chart, 4 s before the end of the range
    // (within the eight seconds of scrapes).
    TimeSeriesChart *first = page.panels()[0]->chart();
    TimeSeriesChart *second = page.panels()[1]->chart();
    auto *view = first->findChild<QGraphicsView *>();
    ASSERT_NE(view, nullptr);
    const qint64 target = first->toMs() - 4000;
    const QPoint at(int(first->xAtTime(target)), int(first->plotArea().center().y()));
    QTest::mouseMove(view->viewport(), view->viewport()->mapFrom(first, at));
    QTest::qWait(100);
    const qint64 hovered = first->timeAtX(at.x());
    for (TimeSeriesChart *chart : {first, second}) {
        ASSERT_TRUE(chart->hasCrosshair());
        ASSERT_TRUE(chart->drawnCrosshairX().has_value());
        // Both charts span the same range at the same width: the line is at the same x.
        EXPECT_NEAR(*chart->drawnCrosshairX(), chart->xAtTime(hovered), 1.5);
        EXPECT_NEAR(*chart->drawnCrosshairX(), double(at.x()), 1.5);
    }
    // The values at the crosshair: up = 1 on the first chart, 2 * up = 2 on the second, from
    // samples within a scrape interval (1 s) of the hovered time.
    const auto firstValues = first->valuesAt(hovered);
    const auto secondValues = second->valuesAt(hovered);
    ASSERT_EQ(firstValues.size(), 1u);
    ASSERT_EQ(secondValues.size(), 1u);
    EXPECT_EQ(firstValues[0].value, 1.0);
    EXPECT_EQ(secondValues[0].value, 2.0);
    EXPECT_LE(std::abs(firstValues[0].t - hovered), 1000);
    EXPECT_LE(std::abs(secondValues[0].t - hovered), 1000);
    // The hovered chart shows them in its tooltip.
    EXPECT_TRUE(QToolTip::isVisible());
    EXPECT_EQ(QToolTip::text(), first->tooltipText(hovered));
    EXPECT_FALSE(QToolTip::text().isEmpty());

    // Leaving the plot clears every crosshair.
    QTest::mouseMove(view->viewport(), QPoint(2, 2));
    QTest::qWait(50);
    EXPECT_FALSE(first->hasCrosshair());
    EXPECT_FALSE(second->hasCrosshair());

    // A range that ends before Prometheus started has no alert: nothing is shaded.
    page.setRange(TimeRange::absolute(now - 3'600'000, now - 3'000'000));
    ASSERT_TRUE(refreshAndWait(page));
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            for (PanelController *panel : page.panels()) {
                panel->chart()->flush();
                if (!panel->chart()->drawnShading().empty())
                    return false;
            }
            return true;
        },
        20000));
}

#include "core/prom/promclient.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "widgets/panelframe.h"
#include "widgets/timeserieschart.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

dashboard::Dashboard twoCharts()
{
    dashboard::Dashboard d;
    d.title = QStringLiteral("Test");
    for (int i = 0; i < 2; ++i) {
        dashboard::Panel p;
        p.id = QStringLiteral("p%1").arg(i);
        p.title = QStringLiteral("Panel %1").arg(i);
        p.type = dashboard::PanelType::TimeSeries;
        p.gridPos = {i * 12, 0, 12, 8};
        dashboard::Query q;
        q.expr = QStringLiteral("up");
        q.refId = QStringLiteral("A");
        p.queries.push_back(q);
        d.panels.push_back(p);
    }
    return d;
}

prom::ConnectionProfile refused()
{
    prom::ConnectionProfile profile;
    profile.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens on port 1
    profile.timeoutMs = 5000;
    return profile;
}

bool waitForRefresh(DashboardPage &page)
{
    QSignalSpy spy(&page, &DashboardPage::refreshFinished);
    return spy.wait(10000);
}

} // namespace

TEST(DashboardPage, ZoomChangesEveryPanelAndBackRestoresIt)
{
    prom::PromClient client(refused());
    DashboardPage page(&client);
    page.resize(1000, 600);
    page.setDashboard(twoCharts());
    page.setRange(TimeRange::last(3'600'000));
    page.refresh();
    ASSERT_TRUE(waitForRefresh(page));

    QSignalSpy ranges(&page, &DashboardPage::rangeChanged);
    const qint64 from = 1'700'000'000'000;
    const qint64 to = from + 600'000;
    page.zoomTo(from, to);
    ASSERT_TRUE(waitForRefresh(page));
    EXPECT_TRUE(page.canGoBack());
    EXPECT_EQ(page.range(), TimeRange::absolute(from, to));
    ASSERT_EQ(ranges.count(), 1);
    for (PanelController *panel : page.panels()) {
        EXPECT_EQ(panel->chart()->fromMs(), from);
        EXPECT_EQ(panel->chart()->toMs(), to);
    }

    page.back();
    ASSERT_TRUE(waitForRefresh(page));
    EXPECT_FALSE(page.canGoBack());
    EXPECT_EQ(page.range(), TimeRange::last(3'600'000));
    for (PanelController *panel : page.panels())
        EXPECT_NEAR(double(panel->chart()->toMs() - panel->chart()->fromMs()), 3'600'000.0, 1.0);
}

TEST(DashboardPage, ARefusedConnectionIsShownOnEveryPanel)
{
    prom::PromClient client(refused());
    DashboardPage page(&client);
    page.setDashboard(twoCharts());
    QSignalSpy errors(&page, &DashboardPage::errorChanged);
    page.refresh();
    ASSERT_TRUE(waitForRefresh(page));
    for (PanelController *panel : page.panels()) {
        EXPECT_EQ(panel->frame()->state(), PanelFrame::State::Error);
        EXPECT_FALSE(panel->frame()->message().isEmpty());
    }
    ASSERT_EQ(errors.count(), 1);
    EXPECT_FALSE(errors[0][0].toString().isEmpty());
}

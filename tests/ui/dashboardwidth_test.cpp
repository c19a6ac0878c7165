// A published dashboard at the width of a laptop window: four panels across (Grafana's w=6)
// fit in 1000 px without a horizontal scroll bar, as they do in Grafana. (A chart's minimum of
// 240 px made Prometheus 2.0 Stats 1046 px wide; AxisLabels.NoLabelIsElidedAtTheChartsMinimumSize
// checks that the labels still fit at the smaller minimum.)
#include "core/dashboard/grafanaimport.h"
#include "core/prom/promclient.h"
#include "ui/dashboardpage.h"

#include <QFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

TEST(DashboardWidth, FourPanelsAcrossFitAThousandPixelWindow)
{
    QFile f(QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/corpus/"
                                             "grafana-prometheus2-stats-v30-timeseries.json"));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const dashboard::GrafanaImport imported = dashboard::importGrafanaDashboard(f.readAll());
    ASSERT_TRUE(imported.ok()) << imported.error.toStdString();

    prom::ConnectionProfile profile;
    profile.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1")); // no data needed: layout only
    prom::PromClient client(profile);
    DashboardPage page(&client);
    page.resize(1000, 800);
    page.setDashboard(*imported.dashboard);
    page.show();
    QTest::qWait(50);
    auto *scroll = page.findChild<QScrollArea *>();
    ASSERT_NE(scroll, nullptr);
    EXPECT_FALSE(scroll->horizontalScrollBar()->isVisible())
        << "canvas needs " << scroll->widget()->minimumSizeHint().width() << " px of "
        << scroll->viewport()->width();
}

// What the built-in Model health dashboard promises its readers beyond its layout.
#include "core/dashboard/dashboardfile.h"

#include <gtest/gtest.h>

using namespace vitals::dashboard;

TEST(ModelHealthDashboard, RejectionsKeepZeroSoARateBackAtZeroReadsAsZero)
{
    const LoadResult r = loadDashboardFile(QStringLiteral(VITALS_SOURCE_DIR "/resources/dashboards/model-health.json"));
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    const Panel *rejections = nullptr;
    for (const Panel &p : r.dashboard->panels)
        if (p.title == QStringLiteral("Rejections by reason"))
            rejections = &p;
    ASSERT_NE(rejections, nullptr);
    ASSERT_FALSE(rejections->queries.empty());
    // "> 0" drops the zero points: min and last then describe only the moments with errors.
    EXPECT_FALSE(rejections->queries.front().expr.contains(QStringLiteral("> 0")))
        << rejections->queries.front().expr.toStdString();
    // The built-in dashboard shades every alert: all of them are about the model it shows.
    EXPECT_EQ(r.dashboard->alertShading, QStringLiteral("all"));
}

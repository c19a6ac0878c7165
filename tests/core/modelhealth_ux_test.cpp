// What the built-in Model health dashboard promises its readers beyond its layout.
#include "core/dashboard/dashboardfile.h"

#include <gtest/gtest.h>

using namespace vitals::dashboard;

TEST(ModelHealthDashboard, RejectionsKeepZeroSoARateBackAtZeroReadsAsZero)
{
    const LoadResult r = loadDashboardFile(
        QStringLiteral(VITALS_SOURCE_DIR "/resources/dashboards/model-health.json"));
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    const Panel *rejections = nullptr;
    for (const Panel &p : r.dashboard->panels)
        if (p.title == QStringLiteral("Rejections by reason"))
            rejections = &p;
    ASSERT_NE(rejections, nullptr);
    ASSERT_FALSE(rejections->queries.empty());
    // "rate(...) > 0" drops the zero points: min and last then describe only the moments with
    // errors. The rate itself is unfiltered; only reasons never seen in the range are left out
    // ("and on (reason)" a non-zero increase over the range), so the legend is not 19 entries.
    const QString expr = rejections->queries.front().expr;
    const QString rate = expr.section(QStringLiteral(" and on (reason) "), 0, 0);
    const QString seen = expr.section(QStringLiteral(" and on (reason) "), 1);
    EXPECT_TRUE(rate.startsWith(QStringLiteral("sum by (reason) (rate("))) << expr.toStdString();
    EXPECT_FALSE(rate.contains(QStringLiteral(">"))) << expr.toStdString();
    EXPECT_TRUE(seen.contains(QStringLiteral("increase("))
                && seen.contains(QStringLiteral("[$__range]")))
        << expr.toStdString();
    // The built-in dashboard shades every alert: all of them are about the model it shows.
    EXPECT_EQ(r.dashboard->alertShading, QStringLiteral("all"));
}

#include "core/dashboard/legendnames.h"

#include <gtest/gtest.h>

using namespace vitals::dashboard;

TEST(LegendNames, LabelsThatDifferComeFirst)
{
    const QMap<QString, QString> ok{
        {QStringLiteral("__name__"), QStringLiteral("inference_requests_total")},
        {QStringLiteral("instance"), QStringLiteral("127.0.0.1:40001")},
        {QStringLiteral("job"), QStringLiteral("iris")},
        {QStringLiteral("status"), QStringLiteral("200")}};
    auto failed = ok;
    failed[QStringLiteral("status")] = QStringLiteral("503");
    const QStringList names = distinguishingNames({ok, failed});
    ASSERT_EQ(names.size(), 2);
    EXPECT_EQ(names[0], QStringLiteral("inference_requests_total{status=\"200\", "
                                       "instance=\"127.0.0.1:40001\", job=\"iris\"}"));
    EXPECT_EQ(names[1], QStringLiteral("inference_requests_total{status=\"503\", "
                                       "instance=\"127.0.0.1:40001\", job=\"iris\"}"));
    // One series: labels in name order; none: the metric alone.
    EXPECT_EQ(distinguishingNames({ok})[0],
              QStringLiteral("inference_requests_total{instance=\"127.0.0.1:40001\", job=\"iris\", "
                             "status=\"200\"}"));
    EXPECT_EQ(distinguishingNames({{{QStringLiteral("__name__"), QStringLiteral("up")}}})[0],
              QStringLiteral("up"));
    // A label present in only one series differs too; quotes are escaped.
    auto extra = ok;
    extra[QStringLiteral("reason")] = QStringLiteral("bad \"json\"");
    EXPECT_TRUE(distinguishingNames({ok, extra})[1].startsWith(
        QStringLiteral("inference_requests_total{reason=\"bad \\\"json\\\"\", instance=")));
}

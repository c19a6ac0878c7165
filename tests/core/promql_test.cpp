#include "core/promql/promqllanguage.h"

#include <gtest/gtest.h>

using namespace vitals::promql;

TEST(PromQLMetricNames, SelectorPositionsOnly)
{
    // Model health's error-rate query: one metric, functions, an aggregation, label names,
    // `or vector(0)` and a regex matcher.
    EXPECT_EQ(metricNames(QStringLiteral(
                  "100 * (sum(rate(inference_requests_total{job=\"iris\", status=~\"4..\"}[1m])) "
                  "or vector(0)) / sum(rate(inference_requests_total{job=\"iris\"}[1m]))")),
              QStringList{"inference_requests_total"});
    EXPECT_EQ(metricNames(QStringLiteral(
                  "histogram_quantile(0.95, sum by (le) (rate(a_bucket[5m]))) / on (job) "
                  "group_left b_total")),
              (QStringList{"a_bucket", "b_total"}));
    EXPECT_EQ(metricNames(QStringLiteral("{__name__=\"up\", job=\"x\"} unless {__name__='down'}")),
              (QStringList{"up", "down"}));
    EXPECT_TRUE(metricNames(QStringLiteral("vector(1) + time()")).isEmpty());
    EXPECT_TRUE(metricNames(QStringLiteral("{job=\"x\"}")).isEmpty());
    // Across lines, with comments.
    EXPECT_EQ(metricNames(QStringLiteral("sum(\n  rate(x_total[5m]) # note y_total\n)")),
              QStringList{"x_total"});
}

TEST(PromQLRanges, RangeSelectorsAndSubqueries)
{
    EXPECT_EQ(rangeDurationsMs(QStringLiteral("rate(x[5m]) / rate(y[1h30m] offset 1d)")),
              (std::vector<qint64>{300000, 5400000}));
    // A subquery's range, not its resolution.
    EXPECT_EQ(rangeDurationsMs(QStringLiteral("max_over_time(rate(x[4s])[1h:1m])")),
              (std::vector<qint64>{4000, 3600000}));
    EXPECT_TRUE(rangeDurationsMs(QStringLiteral("x offset 5m")).empty());
    EXPECT_TRUE(rangeDurationsMs(QStringLiteral("x[$__rate_interval]")).empty());
}

#include "core/alertshading.h"

#include <gtest/gtest.h>

using namespace vitals;
using alertshading::Selector;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms
constexpr qint64 kStep = 15'000;

// The answer of alertshading::rangeQuery() for one alert: at each step from `from` to `to`
// (seconds after kT0), the sample time (Unix s) that step saw, from `sampleAt(t)`.
series::Series history(const QString &alert, int from, int to,
                       const std::function<qint64(qint64)> &sampleAt)
{
    series::Series s(series::LabelSet::fromPairs({{QStringLiteral("alertname"), alert}}));
    for (qint64 t = kT0 + from * 1000LL; t <= kT0 + to * 1000LL; t += kStep)
        s.append(t, double(sampleAt(t)) / 1000.0);
    return s;
}

// A result of one series (a copy: series are move-only).
series::SeriesList listOf(const series::Series &s)
{
    series::SeriesList list;
    list.push_back(s.clone());
    return list;
}

prom::RuleGroup irisRules()
{
    prom::RuleGroup g;
    g.intervalMs = 1000;
    auto rule = [](QString type, QString name, QString query) {
        prom::Rule r;
        r.type = std::move(type);
        r.name = std::move(name);
        r.query = std::move(query);
        return r;
    };
    // As in resources/prometheus/vitals-rules.yml.
    g.rules = {
        rule(
            QStringLiteral("recording"), QStringLiteral("iris:error_ratio:rate1m"),
            QStringLiteral(
                "sum by (job) (rate(inference_requests_total{job=\"iris\",status=~\"5..\"}[1m])) / "
                "sum by (job) (rate(inference_requests_total{job=\"iris\"}[1m]))")),
        rule(QStringLiteral("alerting"), QStringLiteral("HighErrorRate"),
             QStringLiteral("iris:error_ratio:rate1m > 0.05")),
        rule(QStringLiteral("alerting"), QStringLiteral("IrisServerDown"),
             QStringLiteral("up{job=\"iris\"} == 0")),
        rule(QStringLiteral("alerting"), QStringLiteral("FeatureDrift"),
             QStringLiteral("iris_feature_drift_psi{job=\"iris\"} > 0.25"))};
    return g;
}

} // namespace

TEST(AlertShading, APrometheusRestartEndsTheSpanAtTheLastRealEvaluation)
{
    // Firing, evaluated every second, until Prometheus restarts at +300 s; the rule is quiet
    // after the restart, but the old ALERTS sample is still returned for 5 minutes (lookback),
    // so every step up to +600 s sees the sample of +300 s.
    const auto s = history(QStringLiteral("HighErrorRate"), 0, 600,
                           [](qint64 t) { return std::min(t, kT0 + 300'000) / 1000 * 1000; });
    const auto spans = alertshading::spansFromTimestamps(listOf(s), kStep, 2000, kT0 + 600'000, {});
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(spans[0].alertname, QStringLiteral("HighErrorRate"));
    EXPECT_EQ(spans[0].fromMs, kT0);
    EXPECT_EQ(spans[0].toMs, kT0 + 300'000); // not +600 s, and not to the right edge
}

TEST(AlertShading, AnAlertFiringNowRunsToTheEnd)
{
    const auto s =
        history(QStringLiteral("HighErrorRate"), 0, 600, [](qint64 t) { return t - 400; });
    const qint64 now = kT0 + 605'000;
    const auto firing = alertshading::spansFromTimestamps(listOf(s), kStep, 2000, now,
                                                          {QStringLiteral("HighErrorRate")});
    ASSERT_EQ(firing.size(), 1u);
    EXPECT_EQ(firing[0].toMs, now);
    // The same history with the Alerts page's source saying it is not firing: the span stops at
    // the last evaluation seen.
    const auto quiet = alertshading::spansFromTimestamps(listOf(s), kStep, 2000, now, {});
    ASSERT_EQ(quiet.size(), 1u);
    EXPECT_EQ(quiet[0].toMs, kT0 + 600'000 - 400);
}

TEST(AlertShading, AStaleHistoryIsNotStretchedEvenIfTheAlertFiresAgain)
{
    // Stale since +300 s; the alert fires again now but ALERTS has no fresh sample yet:
    // the old span is not drawn on across the gap.
    const auto s = history(QStringLiteral("HighErrorRate"), 0, 600,
                           [](qint64 t) { return std::min(t, kT0 + 300'000); });
    const auto spans = alertshading::spansFromTimestamps(listOf(s), kStep, 2000, kT0 + 600'000,
                                                         {QStringLiteral("HighErrorRate")});
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(spans[0].toMs, kT0 + 300'000);
}

TEST(AlertShading, OneEvaluationLastsAnEvaluationIntervalNotAStep)
{
    // Steps of 15 s see one fresh evaluation (the alert fired once, then Prometheus restarted):
    // the span lasts the 1 s evaluation interval, not up to the next step.
    series::Series s(
        series::LabelSet::fromPairs({{QStringLiteral("alertname"), QStringLiteral("A")}}));
    s.append(kT0, double(kT0 - 500) / 1000.0);
    s.append(kT0 + kStep, double(kT0 - 500) / 1000.0); // stale: the old sample again
    const auto spans = alertshading::spansFromTimestamps(listOf(s), kStep, 2000, kT0 + 60'000, {});
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(spans[0].fromMs, kT0 - 500);
    EXPECT_EQ(spans[0].toMs, kT0 - 500 + 1000);
}

TEST(AlertShading, MissingStepsSplitSpans)
{
    series::Series s(
        series::LabelSet::fromPairs({{QStringLiteral("alertname"), QStringLiteral("A")}}));
    for (qint64 t : {0, 15, 30, 120, 135})
        s.append(kT0 + t * 1000, double(kT0 + t * 1000) / 1000.0);
    const auto spans = alertshading::spansFromTimestamps(listOf(s), kStep, 2000, kT0 + 200'000, {});
    ASSERT_EQ(spans.size(), 2u);
    EXPECT_EQ(spans[0].toMs, kT0 + 30'000);
    EXPECT_EQ(spans[1].fromMs, kT0 + 120'000);
}

TEST(AlertShading, SelectorsFindTheMetricsAQueryReads)
{
    const auto s = alertshading::selectors(
        QStringLiteral("histogram_quantile(0.95, sum by (le) "
                       "(rate(inference_duration_seconds_bucket{job=\"iris\", le!=\"x\"}[5m]))) "
                       "/ ignoring (class) group_left sum(up{job=~\"a|b\"} offset 5m) and on() "
                       "vector(1) > bool 2"));
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0],
              (Selector{QStringLiteral("inference_duration_seconds"), QStringLiteral("iris")}));
    EXPECT_EQ(s[1], (Selector{QStringLiteral("up"), QString()})); // a regex matcher fixes no job
    // Strings, variables and a name given by __name__.
    const auto t = alertshading::selectors(
        QStringLiteral("{__name__=\"process_cpu_seconds_total\", job=\"$job\"} + label_replace(x, "
                       "\"a\", \"up\", \"\", \"\")"));
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0], (Selector{QStringLiteral("process_cpu_seconds_total"), QString()}));
    EXPECT_EQ(t[1].metric, QStringLiteral("x"));
}

TEST(AlertShading, RelatedAlertsShareAMetricThroughRecordingRules)
{
    const std::vector<prom::RuleGroup> rules{irisRules()};
    // A panel on the request counter relates to HighErrorRate (through the recording rule).
    EXPECT_EQ(
        alertshading::relatedAlerts(
            {QStringLiteral("sum(rate(inference_requests_total{job=\"$job\"}[$__rate_interval]))")},
            rules),
        QSet<QString>{QStringLiteral("HighErrorRate")});
    // An unrelated imported dashboard: node metrics, and `up` of another job.
    EXPECT_TRUE(alertshading::relatedAlerts({QStringLiteral("rate(node_cpu_seconds_total[5m])"),
                                             QStringLiteral("up{job=\"node\"}")},
                                            rules)
                    .isEmpty());
    // `up` without a fixed job may be iris's.
    EXPECT_EQ(alertshading::relatedAlerts({QStringLiteral("sum(up)")}, rules),
              QSet<QString>{QStringLiteral("IrisServerDown")});
}

TEST(AlertShading, FiringNowAndEvaluationIntervalComeFromTheRules)
{
    auto group = irisRules();
    prom::Alert firing;
    firing.state = QStringLiteral("firing");
    prom::Alert pending;
    pending.state = QStringLiteral("pending");
    group.rules[1].alerts = {firing};
    group.rules[2].alerts = {pending};
    EXPECT_EQ(alertshading::firingAlerts({group}), QSet<QString>{QStringLiteral("HighErrorRate")});
    EXPECT_EQ(alertshading::evaluationIntervalMs({group}), 1000);
    EXPECT_EQ(alertshading::evaluationIntervalMs({}), 60'000);
}

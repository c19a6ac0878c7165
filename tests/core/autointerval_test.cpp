// Interval variables' "auto" option as Grafana computes it (rangeutil.ts calculateInterval):
// roundInterval(range / auto_count), raised to auto_min; re-evaluated for each range. Expected
// values from Grafana's roundInterval table (each interval up to about halfway to the next).
#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/grafanaimport.h"
#include "core/dashboard/templating.h"

#include <QFile>

#include <gtest/gtest.h>

using namespace vitals::dashboard;

TEST(AutoInterval, RoundsAsGrafana)
{
    const std::pair<double, qint64> cases[] = {
        {0, 1},                 // < 10 ms → 1 ms
        {12, 10},               // < 15 ms → 10 ms
        {1'499, 1'000},         // < 1.5 s → 1 s
        {12'000, 10'000},       // < 12.5 s → 10 s
        {12'500, 15'000},       // < 17.5 s → 15 s
        {120'000, 120'000},     // < 3.5 m → 2 m
        {288'000, 300'000},     // < 7.5 m → 5 m
        {2'880'000, 3'600'000}, // < 1.5 h → 1 h
        {86'400'000, 86'400'000},
        {5e9, 31'536'000'000}, // beyond 6 w → 1 y
    };
    for (const auto &[ms, expected] : cases)
        EXPECT_EQ(roundIntervalMs(ms), expected) << ms;
}

TEST(AutoInterval, RangeOverCountNotBelowMinimum)
{
    Variable v;
    v.kind = VariableKind::Interval;
    // Defaults 30 and 10s: 1 h / 30 = 120 s → 2 m; 5 m / 30 = 10 s → 10 s; 1 m / 30 = 2 s →
    // 2 s, below 10 s → 10 s; 7 d / 30 = 5.6 h → 6 h.
    EXPECT_EQ(autoIntervalMs(v, 3'600'000), 120'000);
    EXPECT_EQ(autoIntervalMs(v, 300'000), 10'000);
    EXPECT_EQ(autoIntervalMs(v, 60'000), 10'000);
    EXPECT_EQ(autoIntervalMs(v, 7 * 86'400'000LL), 21'600'000);
    // Thanos: auto_count 300: 1 h / 300 = 12 s → 10 s; 24 h / 300 = 288 s → 5 m.
    v.autoCount = 300;
    EXPECT_EQ(autoIntervalMs(v, 3'600'000), 10'000);
    EXPECT_EQ(autoIntervalMs(v, 86'400'000), 300'000);
    v.autoMin = QStringLiteral("1m");
    EXPECT_EQ(autoIntervalMs(v, 3'600'000), 60'000);

    // The expansion follows the range it is asked for.
    v.name = QStringLiteral("interval");
    v.current = QStringLiteral("auto");
    v.options = {QStringLiteral("auto"), QStringLiteral("5m")};
    Dashboard d;
    d.variables = {v};
    TemplateContext ctx;
    ctx.rangeMs = 86'400'000;
    EXPECT_EQ(expandVariables(QStringLiteral("rate(x[$interval])"), selectedValues(d, ctx), ctx),
              QStringLiteral("rate(x[5m])"));
    ctx.rangeMs = 7 * 86'400'000LL; // 7 d / 300 = 2016 s → 30 m
    EXPECT_EQ(expandVariables(QStringLiteral("rate(x[$interval])"), selectedValues(d, ctx), ctx),
              QStringLiteral("rate(x[30m])"));
}

TEST(AutoInterval, ThanosImportKeepsCountAndMinimumAndFileRoundTrips)
{
    QFile file(QStringLiteral(VITALS_SOURCE_DIR
                              "/tests/fixtures/grafana/corpus/thanos-overview-schema14.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const auto g = importGrafanaDashboard(file.readAll());
    ASSERT_TRUE(g.dashboard.has_value()) << g.error.toStdString();
    const Variable *interval = nullptr;
    for (const Variable &v : g.dashboard->variables)
        if (v.name == QStringLiteral("interval"))
            interval = &v;
    ASSERT_NE(interval, nullptr);
    EXPECT_EQ(interval->options.value(0), QStringLiteral("auto"));
    EXPECT_EQ(interval->autoCount, 300);
    EXPECT_EQ(interval->autoMin, QString()); // "10s" is Grafana's default
    EXPECT_FALSE(g.report.toText().contains(QStringLiteral("auto")))
        << g.report.toText().toStdString();

    Dashboard d;
    d.title = QStringLiteral("t");
    Variable v = *interval;
    v.autoMin = QStringLiteral("30s");
    d.variables = {v};
    const LoadResult back = parseDashboard(serializeDashboard(d));
    ASSERT_TRUE(back.ok()) << back.error.toStdString();
    EXPECT_EQ(back.dashboard->variables.at(0), v);
}

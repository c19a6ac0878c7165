#include "core/prom/scrapeinterval.h"

#include <gtest/gtest.h>

using namespace vitals::prom;

namespace {

// The head of what Prometheus 2.42 answers on /api/v1/status/config for the configuration
// `global: {scrape_interval: 30s}` (it renders every default).
const char *kRendered = R"(global:
  scrape_interval: 30s
  scrape_timeout: 10s
  evaluation_interval: 1m
scrape_configs:
- job_name: prometheus
  honor_timestamps: true
  scrape_interval: 5s
  metrics_path: /metrics
)";

Target target(qint64 intervalMs)
{
    Target t;
    t.scrapeIntervalMs = intervalMs;
    return t;
}

} // namespace

TEST(ScrapeInterval, GlobalIntervalFromTheRenderedConfiguration)
{
    QString error;
    const auto ms = globalScrapeIntervalMs(QString::fromUtf8(kRendered), &error);
    ASSERT_TRUE(ms) << error.toStdString();
    // global.scrape_interval, not the job's 5s.
    EXPECT_EQ(*ms, 30000);
}

TEST(ScrapeInterval, CompoundDurationsAndQuotes)
{
    EXPECT_EQ(globalScrapeIntervalMs("global:\n  scrape_interval: 1m30s\n"), 90000);
    EXPECT_EQ(globalScrapeIntervalMs("global: {scrape_interval: '15s'}\n"), 15000);
}

TEST(ScrapeInterval, BadConfigurationsSayWhy)
{
    const std::pair<const char *, const char *> cases[] = {
        {"", "not a YAML mapping"},
        {"- a\n- b\n", "not a YAML mapping"},
        {"scrape_configs: []\n", "no global section"},
        {"global:\n  evaluation_interval: 1m\n", "missing"},
        {"global:\n  scrape_interval: [1, 2]\n", "missing"},
        {"global:\n  scrape_interval: soon\n", "not a duration: soon"},
        {"global:\n  scrape_interval: 0s\n", "not a duration"},
        {"global: {scrape_interval: 15s\n", "not valid YAML"},
        {"global:\n\tscrape_interval: 15s\n", "not valid YAML"},
    };
    for (const auto &[yaml, why] : cases) {
        QString error;
        EXPECT_FALSE(globalScrapeIntervalMs(QString::fromUtf8(yaml), &error)) << yaml;
        EXPECT_TRUE(error.contains(QString::fromUtf8(why))) << yaml << " → " << error.toStdString();
    }
}

TEST(ScrapeInterval, HostileYamlDoesNotHangOrCrash)
{
    // Deep nesting and an alias bomb: yaml-cpp refuses or parses them; either way no value.
    QString deep = QStringLiteral("global: ") + QString(5000, u'[') + QString(5000, u']');
    EXPECT_FALSE(globalScrapeIntervalMs(deep));
    QString bomb = QStringLiteral("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 0; i < 8; ++i)
        bomb += QStringLiteral("%1: &%1 [*%2, *%2, *%2, *%2, *%2, *%2, *%2, *%2, *%2]\n")
                    .arg(QChar(u'b' + i))
                    .arg(QChar(u'a' + i));
    EXPECT_FALSE(globalScrapeIntervalMs(bomb));
}

TEST(ScrapeInterval, OverrideWinsThenTargetsThenConfigThenDefault)
{
    TargetsResult targets;
    targets.active = {target(15000), target(60000), target(0)};
    ConfigResult config;
    config.yaml = QString::fromUtf8(kRendered);

    EXPECT_EQ(chooseScrapeInterval(5000, &targets, &config),
              (ScrapeInterval{5000, ScrapeInterval::Source::Override}));
    // The slowest target decides: a window for 60 s scrapes also holds two 15 s scrapes.
    EXPECT_EQ(chooseScrapeInterval(0, &targets, &config),
              (ScrapeInterval{60000, ScrapeInterval::Source::Targets}));

    TargetsResult old; // before Prometheus 2.33: targets without scrapeInterval
    old.active = {target(0)};
    EXPECT_EQ(chooseScrapeInterval(0, &old, &config),
              (ScrapeInterval{30000, ScrapeInterval::Source::Config}));

    TargetsResult failed;
    failed.error.type = ErrorType::Client;
    ConfigResult noConfig;
    noConfig.error.type = ErrorType::Client;
    EXPECT_EQ(chooseScrapeInterval(0, &failed, &noConfig),
              (ScrapeInterval{15000, ScrapeInterval::Source::Default}));
    EXPECT_EQ(chooseScrapeInterval(0, nullptr, nullptr).ms, kDefaultScrapeIntervalMs);
}

TEST(ScrapeInterval, DescribedForTheStatusBar)
{
    EXPECT_EQ(ScrapeInterval({15000, ScrapeInterval::Source::Targets}).describe(),
              "scrape 15 s (from the targets)");
    EXPECT_TRUE(ScrapeInterval({}).describe().contains(u"assumed"));
}

#include "core/stack/stackage.h"

#include <gtest/gtest.h>

using namespace vitals;
using namespace vitals::stack;

TEST(StackAge, FollowsTheDataUntilItFillsTheChosenRange)
{
    const TimeRange chosen = TimeRange::last(15 * 60'000);
    // Seconds old: the shortest span, 2 minutes.
    EXPECT_EQ(rangeForDataAge(chosen, 0), TimeRange::last(2 * 60'000));
    EXPECT_EQ(rangeForDataAge(chosen, 45'000), TimeRange::last(2 * 60'000));
    // Older: the age rounded up to a whole minute, so the picker reads "Last 4 minutes".
    EXPECT_EQ(rangeForDataAge(chosen, 3 * 60'000 + 1), TimeRange::last(4 * 60'000));
    // Once the data fills the chosen range, that range.
    EXPECT_FALSE(rangeForDataAge(chosen, 14 * 60'000 + 1));
    EXPECT_FALSE(rangeForDataAge(chosen, 3 * 3600'000));
    // A short chosen range is never widened.
    EXPECT_FALSE(rangeForDataAge(TimeRange::last(60'000), 0));
    // An absolute range (a zoom, a range from the command line) is the user's.
    EXPECT_FALSE(rangeForDataAge(TimeRange::absolute(0, 900'000), 0));
}

TEST(StackAge, StartingUntilTheDataIsAMinuteOld)
{
    EXPECT_TRUE(isStarting(std::nullopt)); // nothing scraped yet
    EXPECT_TRUE(isStarting(0));
    EXPECT_TRUE(isStarting(59'999));
    EXPECT_FALSE(isStarting(60'000));
}

TEST(StackAge, AgeQueryLooksBackOverTheChosenSpanAtTheScrapeInterval)
{
    EXPECT_EQ(dataAgeQuery(15 * 60'000, 1000),
              QStringLiteral("time() - min(min_over_time(timestamp(up)[15m:1s]))"));
    EXPECT_EQ(dataAgeQuery(3600'000, 15'000),
              QStringLiteral("time() - min(min_over_time(timestamp(up)[1h:15s]))"));
}

#include "core/dashboard/emptypanel.h"

TEST(StackAge, AnEmptyPanelOfAStartingStackSaysStartingBeforeAnyHint)
{
    dashboard::EmptyPanelFacts facts;
    facts.rawExpressions = {QStringLiteral("sum(rate(inference_requests_total[1m]))")};
    facts.sentExpressions = facts.rawExpressions;
    facts.serverMetrics = QSet<QString>{}; // a Prometheus that has scraped nothing yet
    facts.panelHint = QStringLiteral("No data yet — is iris-server being scraped?");
    facts.panelHintApplies = true;
    facts.stackStarting = true;
    EXPECT_TRUE(dashboard::explainEmptyPanel(facts).text.startsWith(QStringLiteral("Starting…")));
    facts.stackStarting = false;
    EXPECT_EQ(dashboard::explainEmptyPanel(facts).text, facts.panelHint);
}

// Alert periods per label set: spansFromTimestamps() keeps each series' labels, and the charts
// shade the union of the periods (alertshading::shadedRanges()).
#include "core/alertshading.h"

#include <gtest/gtest.h>

using namespace vitals;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms
constexpr qint64 kStep = 15'000;

// One series of the rangeQuery() answer: the alert fires (a fresh sample at every step) from
// `from` to `to`, seconds after kT0.
series::Series firing(const QString &feature, int from, int to)
{
    series::Series s(
        series::LabelSet::fromPairs({{QStringLiteral("alertname"), QStringLiteral("FeatureDrift")},
                                     {QStringLiteral("feature"), feature},
                                     {QStringLiteral("severity"), QStringLiteral("warning")}}));
    for (qint64 t = kT0 + from * 1000LL; t <= kT0 + to * 1000LL; t += kStep)
        s.append(t, double(t) / 1000.0);
    return s;
}

alertshading::Span span(qint64 from, qint64 to)
{
    return {QStringLiteral("A"), from, to, {}};
}

} // namespace

TEST(AlertSpans, OneAlertNameFiringForTwoLabelSetsGivesTwoPeriodsWithTheirLabels)
{
    series::SeriesList answer;
    answer.push_back(firing(QStringLiteral("petal_width"), 0, 300));
    answer.push_back(firing(QStringLiteral("sepal_length"), 150, 600));
    const auto spans =
        alertshading::spansFromTimestamps(answer, kStep, 2 * kStep, kT0 + 600'000, {});
    ASSERT_EQ(spans.size(), 2u);
    EXPECT_EQ(spans[0].alertname, QStringLiteral("FeatureDrift"));
    EXPECT_EQ(spans[0].labels.value(u"feature"), QStringLiteral("petal_width"));
    EXPECT_EQ(spans[0].labels.value(u"severity"), QStringLiteral("warning"));
    EXPECT_EQ(spans[0].fromMs, kT0);
    EXPECT_EQ(spans[0].toMs, kT0 + 300'000);
    EXPECT_EQ(spans[1].alertname, QStringLiteral("FeatureDrift"));
    EXPECT_EQ(spans[1].labels.value(u"feature"), QStringLiteral("sepal_length"));
    EXPECT_EQ(spans[1].fromMs, kT0 + 150'000);
    EXPECT_EQ(spans[1].toMs, kT0 + 600'000);
    // Shaded once, as their union.
    const auto ranges = alertshading::shadedRanges(spans);
    ASSERT_EQ(ranges.size(), 1u);
    EXPECT_EQ(ranges[0], std::make_pair(kT0, kT0 + 600'000));
}

TEST(AlertSpans, ShadedRangesMergeOverlapsAndKeepGapsInTimeOrder)
{
    // Out of order; [100, 200] and [150, 250] overlap, [250, 300] touches, [400, 500] is apart,
    // [120, 130] lies inside.
    const std::vector<alertshading::Span> spans = {span(400, 500), span(150, 250), span(100, 200),
                                                   span(250, 300), span(120, 130)};
    const std::vector<std::pair<qint64, qint64>> expected = {{100, 300}, {400, 500}};
    EXPECT_EQ(alertshading::shadedRanges(spans), expected);
    EXPECT_TRUE(alertshading::shadedRanges({}).empty());
}

TEST(AlertSpans, TheRangeQueryKeepsEveryLabelButTheAlertState)
{
    const QString q = alertshading::rangeQuery();
    EXPECT_TRUE(q.contains(QStringLiteral("without (alertstate)"))) << q.toStdString();
    EXPECT_FALSE(q.contains(QStringLiteral("by (alertname)"))) << q.toStdString();
}

// The chart-data step in core: line segments cut at gaps, and stacking.

#include "core/series/decimate.h"
#include "core/series/stack.h"

#include <gtest/gtest.h>

#include <cmath>
#include <type_traits>

using namespace vitals::series;

// A silent copy of a series does not compile; clone() is the way to copy one.
static_assert(!std::is_copy_constructible_v<Series>);
static_assert(!std::is_copy_assignable_v<Series>);
static_assert(std::is_nothrow_move_constructible_v<Series>);

namespace {

// Samples every `stepMs` from t = 0, one per value; NaN values are stored as NaN samples.
Series regular(std::initializer_list<double> values, qint64 stepMs = 15'000)
{
    Series s;
    qint64 t = 0;
    for (double v : values) {
        s.append(t, v);
        t += stepMs;
    }
    return s;
}

std::vector<qint64> times(const Segment &segment)
{
    std::vector<qint64> out;
    for (const Point &p : segment)
        out.push_back(p.tMs);
    return out;
}

} // namespace

TEST(SeriesClone, CopiesSamplesLabelsAndRange)
{
    Series s(LabelSet::fromPairs({{QStringLiteral("job"), QStringLiteral("iris")}}));
    s.append(1, 2.0);
    s.append(2, qQNaN());
    s.append(3, -1.0);
    s.append(3, 9.0); // rejected: not newer
    const Series copy = s.clone();
    EXPECT_EQ(copy.timestampsMs(), s.timestampsMs());
    EXPECT_EQ(copy.size(), 3u);
    EXPECT_EQ(copy.labels(), s.labels());
    EXPECT_EQ(copy.minValue(), -1.0);
    EXPECT_EQ(copy.maxValue(), 2.0);
    EXPECT_EQ(copy.rejectedCount(), 1u);
    SeriesList list;
    list.push_back(s.clone());
    list.push_back(std::move(s));
    const SeriesList copies = clone(list);
    ASSERT_EQ(copies.size(), 2u);
    EXPECT_EQ(copies[1].values().size(), 3u);
}

TEST(LineSegments, NaNCutsTheLine)
{
    // A server restart: two NaN samples (Prometheus' staleness) between two runs.
    const Series s = regular({1, 2, 3, qQNaN(), qQNaN(), 4, 5});
    const auto segments = lineSegments(s, 0, 6 * 15'000, 1000);
    ASSERT_EQ(segments.size(), 2u);
    EXPECT_EQ(times(segments[0]), (std::vector<qint64>{0, 15'000, 30'000}));
    EXPECT_EQ(times(segments[1]), (std::vector<qint64>{75'000, 90'000}));
}

TEST(LineSegments, MissingStepsCutTheLine)
{
    // Samples every 15 s with 08:00:45–08:01:30 missing: 45 s between two samples, three
    // steps, more than one and a half.
    Series s;
    for (qint64 t : {0, 15'000, 30'000, 75'000, 90'000, 105'000})
        s.append(t, 1.0);
    const auto inferred = lineSegments(s, 0, 105'000, 1000);
    ASSERT_EQ(inferred.size(), 2u);
    EXPECT_EQ(times(inferred[0]).back(), 30'000);
    EXPECT_EQ(times(inferred[1]).front(), 75'000);
    // With the step given as 30 s, 45 s is one and a half steps: still joined.
    EXPECT_EQ(lineSegments(s, 0, 105'000, 1000, 30'000).size(), 1u);
    // Given as 15 s: cut, as inferred.
    EXPECT_EQ(lineSegments(s, 0, 105'000, 1000, 15'000).size(), 2u);
}

TEST(LineSegments, ScrapeJitterIsNotAGap)
{
    // Raw samples 14.9–15.1 s apart: the smallest interval is the step, and 15.1 s is well
    // under one and a half of it.
    Series s;
    qint64 t = 0;
    for (int i = 0; i < 50; ++i) {
        s.append(t, double(i));
        t += i % 2 ? 14'900 : 15'100;
    }
    EXPECT_EQ(lineSegments(s, 0, t, 300).size(), 1u);
}

TEST(LineSegments, InfinitiesAndLoneSamples)
{
    // +Inf cannot be plotted: a hole. The lone sample between two holes is its own segment.
    const Series s = regular({1, qInf(), 2, qQNaN(), 3, 4});
    const auto segments = lineSegments(s, 0, 5 * 15'000, 1000);
    ASSERT_EQ(segments.size(), 3u);
    EXPECT_EQ(segments[0].size(), 1u);
    EXPECT_EQ(segments[1], (Segment{{30'000, 2.0}}));
    EXPECT_EQ(segments[2].size(), 2u);
    EXPECT_TRUE(lineSegments(regular({qQNaN(), qQNaN()}), 0, 15'000, 10).empty());
    EXPECT_TRUE(lineSegments(s, 0, 100, 0).empty());
    EXPECT_TRUE(lineSegments(s, 100, 0, 10).empty());
}

TEST(LineSegments, EachSegmentIsDecimatedOnTheSharedColumns)
{
    // 10 000 samples 1 ms apart with a NaN at 5000: two segments, each reduced to at most
    // four points per column exactly as decimate() reduces it on the same column grid.
    Series s;
    for (int i = 0; i < 10'000; ++i)
        s.append(i, i == 5000 ? qQNaN() : std::sin(i / 50.0));
    const auto segments = lineSegments(s, 0, 9999, 100);
    ASSERT_EQ(segments.size(), 2u);
    const auto whole = decimate(s, 0, 9999, 100);
    // Apart from the column holding the NaN (split in two), the points are decimate()'s.
    std::size_t total = segments[0].size() + segments[1].size();
    EXPECT_LE(total, whole.size() + 4);
    EXPECT_LE(segments[0].size(), 4u * 51);
    EXPECT_EQ(segments[0].front(), (Point{0, 0.0}));
    EXPECT_EQ(segments[0].back().tMs, 4999);
    EXPECT_EQ(segments[1].front().tMs, 5001);
    EXPECT_EQ(segments[1].back().tMs, 9999);
    for (const Point &p : whole)
        if (p.tMs < 4900 || p.tMs >= 5100) {
            const auto &segment = p.tMs < 5000 ? segments[0] : segments[1];
            EXPECT_NE(std::find(segment.begin(), segment.end(), p), segment.end()) << p.tMs;
        }
}

TEST(Stack, BandsAddUpAndMissingSamplesAddNothing)
{
    // Two series on a 15 s grid; b has no sample at 30 s and a NaN at 45 s.
    const Series a = regular({1, 2, 3, 4});
    Series b;
    b.append(0, 10);
    b.append(15'000, 20);
    b.append(45'000, qQNaN());
    const auto bands = stack({&a, &b}, 0, 45'000, 1000);
    ASSERT_EQ(bands.size(), 1u);
    EXPECT_EQ(bands[0].t, (std::vector<qint64>{0, 15'000, 30'000, 45'000}));
    EXPECT_EQ(bands[0].tops[0], (std::vector<double>{1, 2, 3, 4}));
    EXPECT_EQ(bands[0].tops[1], (std::vector<double>{11, 22, 3, 4}));
}

TEST(Stack, AHoleInEverySeriesSplitsTheBands)
{
    // Both series miss 30 s–60 s (a restart of the server they come from).
    Series a, b;
    for (qint64 t : {0, 15'000, 75'000, 90'000}) {
        a.append(t, 1);
        b.append(t, 2);
    }
    const auto bands = stack({&a, &b}, 0, 90'000, 1000);
    ASSERT_EQ(bands.size(), 2u);
    EXPECT_EQ(bands[0].t, (std::vector<qint64>{0, 15'000}));
    EXPECT_EQ(bands[1].t, (std::vector<qint64>{75'000, 90'000}));
    EXPECT_EQ(bands[1].tops[1], (std::vector<double>{3, 3}));
}

TEST(Stack, HiddenSeriesAddNothingAndColumnsThinTimes)
{
    const Series a = regular({1, 1, 1, 1}, 1);
    const Series b = regular({5, 5, 5, 5}, 1);
    // b hidden: its tops are a's.
    const auto hidden = stack({&a, nullptr, &b}, 0, 3, 1000);
    ASSERT_EQ(hidden.size(), 1u);
    EXPECT_EQ(hidden[0].tops[1], hidden[0].tops[0]);
    EXPECT_EQ(hidden[0].tops[2], (std::vector<double>{6, 6, 6, 6}));
    // One column over four samples 1 ms apart: the band keeps its first and last time.
    const auto thin = stack({&a, &b}, 0, 3, 1);
    ASSERT_EQ(thin.size(), 1u);
    EXPECT_EQ(thin[0].t, (std::vector<qint64>{0, 3}));
    EXPECT_TRUE(stack({&a}, 0, 3, 0).empty());
    EXPECT_TRUE(stack({nullptr}, 0, 3, 10).empty());
}

#include "core/series/heatmapbuckets.h"

namespace {

Series bucket(const char *le, std::initializer_list<double> values)
{
    Series s(LabelSet::fromPairs({{QStringLiteral("le"), QString::fromLatin1(le)}}));
    qint64 t = 0;
    for (double v : values) {
        s.append(t, v);
        t += 15'000;
    }
    return s;
}

} // namespace

TEST(HeatmapBuckets, DecumulatedAsGrafanaDoes)
{
    // Cumulative bucket rates of a latency histogram at two times, sent out of order (as
    // Prometheus may): le=0.1: 2, 3; le=0.5: 5, 3; le=1: 9, 4; le=+Inf: 10, 4.
    // By hand: (0, 0.1] = 2, 3; (0.1, 0.5] = 3, 0; (0.5, 1] = 4, 1; (1, +Inf] = 1, 0.
    SeriesList list;
    list.push_back(bucket("1", {9, 4}));
    list.push_back(bucket("+Inf", {10, 4}));
    list.push_back(bucket("0.1", {2, 3}));
    list.push_back(bucket("0.5", {5, 3}));
    HeatmapBuckets h;
    QString error;
    ASSERT_TRUE(heatmapBuckets(list, h, error)) << error.toStdString();
    EXPECT_EQ(h.upperBounds, (std::vector<double>{0.1, 0.5, 1, qInf()}));
    EXPECT_EQ(h.t, (std::vector<qint64>{0, 15'000}));
    EXPECT_EQ(h.counts[0], (std::vector<double>{2, 3}));
    EXPECT_EQ(h.counts[1], (std::vector<double>{3, 0}));
    EXPECT_EQ(h.counts[2], (std::vector<double>{4, 1}));
    EXPECT_EQ(h.counts[3], (std::vector<double>{1, 0}));
    EXPECT_EQ(h.lowerBound(0), 0.0);
    EXPECT_EQ(h.lowerBound(2), 0.5);
    EXPECT_EQ(h.maxCount(), 4.0);
}

TEST(HeatmapBuckets, ResetsClampAndBadInputIsRefused)
{
    // A counter reset inside the rate window: the upper bucket dips below the lower one.
    SeriesList list;
    list.push_back(bucket("1", {4}));
    list.push_back(bucket("2", {3}));
    HeatmapBuckets h;
    QString error;
    ASSERT_TRUE(heatmapBuckets(list, h, error));
    EXPECT_EQ(h.counts[1][0], 0.0);

    SeriesList noLe;
    noLe.push_back(Series(LabelSet::fromPairs({{QStringLiteral("job"), QStringLiteral("iris")}})));
    EXPECT_FALSE(heatmapBuckets(noLe, h, error));
    EXPECT_TRUE(error.contains(QStringLiteral("le")));
    SeriesList twice;
    twice.push_back(bucket("1", {1}));
    twice.push_back(bucket("1", {2}));
    EXPECT_FALSE(heatmapBuckets(twice, h, error));
    EXPECT_TRUE(error.contains(QStringLiteral("sum by (le)")));
    SeriesList notANumber;
    notANumber.push_back(bucket("fast", {1}));
    EXPECT_FALSE(heatmapBuckets(notANumber, h, error));
}

#include "core/series/decimate.h"
#include "core/series/labelset.h"
#include "core/series/series.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace vitals::series;

TEST(LabelSet, InternsEqualSets)
{
    const LabelSet a = LabelSet::fromPairs({{"job", "iris"}, {"__name__", "up"}});
    const LabelSet b = LabelSet::fromPairs({{"__name__", "up"}, {"job", "iris"}});
    const LabelSet c = LabelSet::fromPairs({{"__name__", "up"}, {"job", "other"}});
    EXPECT_EQ(a, b);
    EXPECT_EQ(&a.labels(), &b.labels()); // same shared data
    EXPECT_FALSE(a == c);
    EXPECT_EQ(a.hash(), b.hash());
    EXPECT_TRUE(a < c || c < a);
}

TEST(LabelSet, ValueAndToString)
{
    const LabelSet s =
        LabelSet::fromPairs({{"job", "iris"}, {"__name__", "up"}, {"path", "a\"b\\c\nd"}});
    EXPECT_EQ(s.value(u"job"), "iris");
    EXPECT_EQ(s.value(u"missing"), "");
    EXPECT_TRUE(s.contains(u"path"));
    EXPECT_EQ(s.metricName(), "up");
    EXPECT_EQ(s.toString(), "up{job=\"iris\", path=\"a\\\"b\\\\c\\nd\"}");
    EXPECT_EQ(LabelSet::fromPairs({{"__name__", "up"}}).toString(), "up");
    EXPECT_EQ(LabelSet::fromPairs({{"a", "b"}}).toString(), "{a=\"b\"}");
    EXPECT_EQ(LabelSet().toString(), "{}");
    // Duplicate names: the last wins.
    EXPECT_EQ(LabelSet::fromPairs({{"a", "1"}, {"a", "2"}}).value(u"a"), "2");
}

TEST(LabelSet, PoolForgetsUnusedSets)
{
    const std::size_t before = LabelSet::internedCount();
    {
        const LabelSet s = LabelSet::fromPairs({{"transient", "yes"}});
        EXPECT_EQ(LabelSet::internedCount(), before + 1);
    }
    EXPECT_EQ(LabelSet::internedCount(), before);
}

TEST(Series, AppendKeepsOrderAndRange)
{
    Series s;
    EXPECT_TRUE(std::isnan(s.minValue()));
    EXPECT_TRUE(s.append(1000, 5));
    EXPECT_TRUE(s.append(2000, qQNaN()));
    EXPECT_TRUE(s.append(3000, -2));
    EXPECT_FALSE(s.append(3000, 9)); // not newer
    EXPECT_FALSE(s.append(500, 9));
    EXPECT_EQ(s.size(), 3u);
    EXPECT_EQ(s.rejectedCount(), 2u);
    EXPECT_EQ(s.minValue(), -2);
    EXPECT_EQ(s.maxValue(), 5);
}

TEST(Series, Lookups)
{
    Series s;
    for (int i = 1; i <= 5; ++i)
        s.append(i * 1000, i * 10.0);
    EXPECT_EQ(s.indexAtOrBefore(999), -1);
    EXPECT_EQ(s.indexAtOrBefore(1000), 0);
    EXPECT_EQ(s.indexAtOrBefore(2500), 1);
    EXPECT_EQ(s.indexAtOrBefore(99999), 4);
    EXPECT_EQ(s.indexAtOrAfter(2500), 2);
    EXPECT_EQ(s.indexAtOrAfter(5001), -1);
    EXPECT_TRUE(std::isnan(s.valueAt(500)));
    EXPECT_EQ(s.valueAt(2999), 20.0);
    EXPECT_EQ(s.valueAt(3000), 30.0);
    EXPECT_TRUE(std::isnan(s.valueAt(9000, 1000))); // last sample too old
    EXPECT_EQ(s.valueAt(5500, 1000), 50.0);
}

TEST(Series, CompactStore)
{
    Series s;
    s.reserve(10000);
    for (int i = 0; i < 10000; ++i)
        s.append(i, i);
    // Two 8-byte arrays, exactly reserved: 16 bytes per sample plus the object.
    EXPECT_LE(double(s.memoryBytes()) / 10000.0, 16.1);
}

namespace {
Series randomWalk(int n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> step(0, 1);
    Series s;
    double v = 0;
    for (int i = 0; i < n; ++i) {
        v += step(rng);
        s.append(qint64(i) * 15, v);
    }
    return s;
}
} // namespace

TEST(Decimate, ExtremesSurvive)
{
    const Series s = randomWalk(100000, 7);
    const qint64 t0 = s.firstTimestampMs();
    const qint64 t1 = s.lastTimestampMs();
    const int columns = 300;
    const std::vector<Point> out = decimate(s, t0, t1, columns);
    EXPECT_LE(out.size(), std::size_t(columns) * 4);
    EXPECT_GT(out.size(), std::size_t(columns)); // every column has samples here

    // Global extremes, first and last samples are kept.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const Point &p : out) {
        lo = std::min(lo, p.v);
        hi = std::max(hi, p.v);
    }
    EXPECT_EQ(lo, s.minValue());
    EXPECT_EQ(hi, s.maxValue());
    EXPECT_EQ(out.front(), (Point{t0, s.value(0)}));
    EXPECT_EQ(out.back(), (Point{t1, s.value(s.size() - 1)}));

    // Per column: the min and max of the raw samples in that column are in the output.
    const qint64 span = t1 - t0 + 1;
    std::vector<double> rawMin(columns, qInf()), rawMax(columns, -qInf());
    std::vector<double> outMin(columns, qInf()), outMax(columns, -qInf());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = std::size_t((s.timestampAt(i) - t0) * columns / span);
        rawMin[c] = std::min(rawMin[c], s.value(i));
        rawMax[c] = std::max(rawMax[c], s.value(i));
    }
    for (const Point &p : out) {
        const auto c = std::size_t((p.tMs - t0) * columns / span);
        outMin[c] = std::min(outMin[c], p.v);
        outMax[c] = std::max(outMax[c], p.v);
    }
    EXPECT_EQ(rawMin, outMin);
    EXPECT_EQ(rawMax, outMax);
    for (std::size_t i = 1; i < out.size(); ++i)
        ASSERT_LT(out[i - 1].tMs, out[i].tMs);
}

TEST(Decimate, SpikeSurvives)
{
    Series s;
    for (int i = 0; i < 10000; ++i)
        s.append(i, i == 4321 ? 1e6 : (i == 777 ? -1e6 : 1.0));
    const auto out = decimate(s, 0, 9999, 10);
    bool spike = false, dip = false;
    for (const Point &p : out) {
        spike |= p.tMs == 4321 && p.v == 1e6;
        dip |= p.tMs == 777 && p.v == -1e6;
    }
    EXPECT_TRUE(spike);
    EXPECT_TRUE(dip);
}

TEST(Decimate, SmallInputUnchangedAndEdges)
{
    Series s;
    for (int i = 0; i < 5; ++i)
        s.append(i * 100, i);
    const auto out = decimate(s, 0, 400, 1000);
    ASSERT_EQ(out.size(), 5u);
    EXPECT_TRUE(decimate(s, 0, 400, 0).empty());
    EXPECT_TRUE(decimate(s, 500, 400, 10).empty());
    EXPECT_EQ(decimate(s, 100, 300, 1000).size(), 3u); // only samples in range
    EXPECT_TRUE(decimate(Series(), 0, 1, 10).empty());
}

TEST(Decimate, NaNDroppedInfinityKept)
{
    Series s;
    s.append(0, 1);
    s.append(1, qQNaN());
    s.append(2, qInf());
    s.append(3, 2);
    const auto out = decimate(s, 0, 3, 1);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[1].v, qInf());
}

namespace {
// The definition of decimate() written as plainly as possible (one running pass, strict
// comparisons so the earliest sample of an extreme wins), to check the optimised one against.
std::vector<Point> referenceDecimate(const Series &s, qint64 t0, qint64 t1, int columns)
{
    std::vector<Point> out;
    if (columns <= 0 || t1 < t0)
        return out;
    columns = std::min(columns, 100000);
    const qint64 span = t1 - t0 + 1;
    std::vector<std::vector<std::size_t>> byColumn(static_cast<std::size_t>(columns));
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s.timestampAt(i) >= t0 && s.timestampAt(i) <= t1 && !std::isnan(s.value(i)))
            byColumn[std::size_t((s.timestampAt(i) - t0) * columns / span)].push_back(i);
    for (const auto &c : byColumn) {
        if (c.empty())
            continue;
        std::size_t lo = c.front(), hi = c.front();
        for (std::size_t i : c) {
            if (s.value(i) < s.value(lo))
                lo = i;
            if (s.value(i) > s.value(hi))
                hi = i;
        }
        std::vector<std::size_t> picks{c.front(), lo, hi, c.back()};
        std::sort(picks.begin(), picks.end());
        picks.erase(std::unique(picks.begin(), picks.end()), picks.end());
        for (std::size_t p : picks)
            out.push_back({s.timestampAt(p), s.value(p)});
    }
    return out;
}
} // namespace

TEST(Decimate, MatchesPlainDefinitionOnIrregularData)
{
    // Irregular steps (0-40 ms, so columns hold from zero to hundreds of samples), repeated
    // values (ties at the extremes), NaN runs and infinities; many ranges and widths.
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> gap(1, 40);
    std::uniform_int_distribution<int> level(0, 20);
    std::uniform_int_distribution<int> kind(0, 99);
    Series s;
    qint64 t = 1'000'000;
    for (int i = 0; i < 50'000; ++i) {
        t += gap(rng);
        const int k = kind(rng);
        double v = level(rng) * 0.5;
        if (k < 8)
            v = qQNaN();
        else if (k == 8)
            v = qInf();
        else if (k == 9)
            v = -qInf();
        else if (k == 10)
            v = -0.0;
        s.append(t, v);
    }
    const qint64 first = s.firstTimestampMs(), last = s.lastTimestampMs();
    std::uniform_int_distribution<qint64> at(first - 5000, last + 5000);
    std::uniform_int_distribution<int> width(1, 2000);
    for (int round = 0; round < 200; ++round) {
        qint64 a = at(rng), b = at(rng);
        if (a > b)
            std::swap(a, b);
        const int columns = width(rng);
        const auto expected = referenceDecimate(s, a, b, columns);
        const auto got = decimate(s, a, b, columns);
        ASSERT_EQ(got.size(), expected.size())
            << "range " << a << ".." << b << " columns " << columns;
        for (std::size_t i = 0; i < got.size(); ++i) {
            ASSERT_EQ(got[i].tMs, expected[i].tMs) << "point " << i << " columns " << columns;
            ASSERT_TRUE(got[i].v == expected[i].v
                        || (std::isnan(got[i].v) && std::isnan(expected[i].v)));
        }
    }
    // The whole range, one column per sample and fewer: first and last samples survive.
    EXPECT_EQ(decimate(s, first, last, 100000), referenceDecimate(s, first, last, 100000));
    EXPECT_EQ(decimate(s, first, last, 1), referenceDecimate(s, first, last, 1));
}

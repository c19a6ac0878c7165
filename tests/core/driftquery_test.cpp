#include "core/driftquery.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;

namespace {

prom::VectorSample sample(std::initializer_list<std::pair<QString, QString>> labels, double value)
{
    prom::VectorSample s;
    s.labels = series::LabelSet::fromPairs(labels);
    s.value = value;
    return s;
}

// A feature with reference edges 1, 2, 3 (two bins), as iris-server exports it: the bucket at
// the first edge and +Inf hold no training mass.
std::vector<prom::VectorSample> reference()
{
    const QString f = QStringLiteral("f");
    return {
        sample({{QStringLiteral("feature"), f}, {QStringLiteral("bucket_le"), QStringLiteral("1")}},
               0.0),
        sample({{QStringLiteral("feature"), f}, {QStringLiteral("bucket_le"), QStringLiteral("2")}},
               0.5),
        sample({{QStringLiteral("feature"), f}, {QStringLiteral("bucket_le"), QStringLiteral("3")}},
               0.5),
        sample(
            {{QStringLiteral("feature"), f}, {QStringLiteral("bucket_le"), QStringLiteral("+Inf")}},
            0.0)};
}

std::vector<prom::VectorSample> cumulative(double le1, double le2, double le3, double inf)
{
    const QString f = QStringLiteral("f");
    return {
        sample({{QStringLiteral("feature"), f}, {QStringLiteral("le"), QStringLiteral("1")}}, le1),
        sample({{QStringLiteral("feature"), f}, {QStringLiteral("le"), QStringLiteral("2")}}, le2),
        sample({{QStringLiteral("feature"), f}, {QStringLiteral("le"), QStringLiteral("3")}}, le3),
        sample({{QStringLiteral("feature"), f}, {QStringLiteral("le"), QStringLiteral("+Inf")}},
               inf)};
}

} // namespace

TEST(DriftQuery, ReferenceHistogramsFromProportionGauges)
{
    const auto refs = driftquery::referenceHistograms(reference());
    ASSERT_EQ(refs.size(), 1u);
    const auto &h = refs.at(QStringLiteral("f"));
    EXPECT_EQ(h.edges, (std::vector<double>{1, 2, 3}));
    EXPECT_EQ(h.counts, (std::vector<double>{0.5, 0.5}));
}

TEST(DriftQuery, ObservedLikeTheReferenceHasNoDrift)
{
    // 50 values in (1,2] and 50 in (2,3]: cumulative 0, 50, 100, 100.
    const auto observed = driftquery::observedHistograms(cumulative(0, 50, 100, 100));
    const auto refs = driftquery::referenceHistograms(reference());
    const auto c =
        drift::compareFeature(refs.at(QStringLiteral("f")), observed.at(QStringLiteral("f")));
    ASSERT_TRUE(c.ok());
    EXPECT_NEAR(c.value.psi, 0.0, 1e-12);
    EXPECT_NEAR(c.value.outsideShare, 0.0, 1e-12);
    EXPECT_EQ(c.value.observations, 100.0);
}

TEST(DriftQuery, ValuesAboveTheTrainingRangeAreDrift)
{
    // 10 values in (2,3] and 90 above 3: cumulative 0, 0, 10, 100.
    const auto observed = driftquery::observedHistograms(cumulative(0, 0, 10, 100));
    const auto refs = driftquery::referenceHistograms(reference());
    const auto c =
        drift::compareFeature(refs.at(QStringLiteral("f")), observed.at(QStringLiteral("f")));
    ASSERT_TRUE(c.ok());
    // Folded onto the reference bins: (1,2] gets 0 (epsilon 1e-4), (2,3] gets everything.
    // PSI = (1e-4 - 0.5) ln(1e-4 / 0.5) + (1 - 0.5) ln(1 / 0.5) = 4.2577 + 0.3466 = 4.6043
    // (python3, math.log).
    EXPECT_NEAR(c.value.psi, 4.6043, 1e-3);
    EXPECT_NEAR(c.value.outsideShare, 0.9, 1e-12);
    EXPECT_EQ(drift::classify(c.value.psi, drift::kPsiThresholds), drift::Level::Red);
}

TEST(DriftQuery, MalformedBucketsAreNamed)
{
    QStringList errors;
    // No +Inf bucket.
    auto buckets = cumulative(0, 1, 2, 3);
    buckets.pop_back();
    const auto observed = driftquery::observedHistograms(buckets, &errors);
    EXPECT_TRUE(observed.empty());
    ASSERT_EQ(errors.size(), 1);
    EXPECT_TRUE(errors.front().startsWith(QStringLiteral("f: ")));
}

TEST(DriftQuery, MixAgainstThePrior)
{
    const auto priors =
        driftquery::perClass({sample({{QStringLiteral("class"), QStringLiteral("a")}}, 1 / 3.0),
                              sample({{QStringLiteral("class"), QStringLiteral("b")}}, 1 / 3.0),
                              sample({{QStringLiteral("class"), QStringLiteral("c")}}, 1 / 3.0)});
    const auto same = driftquery::compareMix(
        {{QStringLiteral("a"), 100}, {QStringLiteral("b"), 100}, {QStringLiteral("c"), 100}},
        priors);
    ASSERT_TRUE(same.jsDistance.ok());
    EXPECT_NEAR(same.jsDistance.value, 0.0, 1e-9);
    // scipy.stats.chisquare([100,100,100]) → p = 1.0
    EXPECT_NEAR(same.chiSquare.value.pValue, 1.0, 1e-9);
    // All predictions one class (the drift scenario's typical answer): a class missing entirely
    // from the counts counts as zero. scipy.stats.chisquare([300,0,0]) → statistic 600,
    // p = exp(-300) ≈ 5.1e-131; jensenshannon([1,0,0],[1/3]*3, base=2) = 0.6776 (scipy 1.10).
    const auto skewed = driftquery::compareMix({{QStringLiteral("a"), 300}}, priors);
    EXPECT_NEAR(skewed.chiSquare.value.statistic, 600.0, 1e-9);
    EXPECT_LT(skewed.chiSquare.value.pValue, 1e-100);
    EXPECT_NEAR(skewed.jsDistance.value, 0.6776, 1e-3);
    EXPECT_EQ(skewed.observations, 300.0);
}

TEST(DriftQuery, BaselineWindowsWithTheSameBuckets)
{
    const auto a =
        driftquery::observedHistograms(cumulative(0, 50, 100, 100)).at(QStringLiteral("f"));
    const auto b =
        driftquery::observedHistograms(cumulative(0, 0, 10, 100)).at(QStringLiteral("f"));
    const auto same = driftquery::compareWindows(a, a, drift::kPsiThresholds);
    ASSERT_TRUE(same.ok());
    EXPECT_NEAR(same.value.psi, 0.0, 1e-12);
    const auto moved = driftquery::compareWindows(a, b, drift::kPsiThresholds);
    ASSERT_TRUE(moved.ok());
    EXPECT_GT(moved.value.psi, 0.25);
    EXPECT_NEAR(moved.value.outsideShare, 0.9, 1e-12);
    drift::Histogram other = a;
    other.edges.back() = 4;
    EXPECT_EQ(driftquery::compareWindows(a, other, drift::kPsiThresholds).error,
              drift::Error::EdgeMismatch);
}

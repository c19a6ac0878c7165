#include "core/drift/histogram.h"
#include "core/drift/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace vitals::drift;

// Expected numbers come from tests/core/drift_reference.py, run with Debian 12's
// /usr/bin/python3, numpy 1.24.2 and scipy 1.10.1; each is marked with the expression that
// printed it. Fixtures are made-up counts shaped like the Iris sepal length (10 bins,
// 4.3–7.9 cm) and a three-class prediction mix.

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTight = 1e-12;

const std::vector<double> kEdges = {4.3, 4.66, 5.02, 5.38, 5.74, 6.1, 6.46, 6.82, 7.18, 7.54, 7.9};
const std::vector<double> kReference = {4, 9, 15, 22, 27, 25, 18, 12, 6, 2};
const std::vector<double> kShifted = {0, 2, 5, 10, 18, 24, 26, 20, 11, 4};
const std::vector<double> kDrifted = {0, 0, 0, 0, 1, 3, 9, 21, 40, 46};
const std::vector<double> kUniform3 = {1.0 / 3, 1.0 / 3, 1.0 / 3};

Histogram histogram(std::vector<double> counts)
{
    return {kEdges, std::move(counts)};
}

void expectRelNear(double actual, double expected, double rel = kTight)
{
    EXPECT_NEAR(actual, expected, rel * std::max(1.0, std::abs(expected)));
}

} // namespace

TEST(DriftPsi, MatchesNumpyForShiftedWindow)
{
    const auto r = psi(kReference, kShifted);
    ASSERT_TRUE(r.ok());
    expectRelNear(r.value, 0.5001990327084164); // psi(REFERENCE, SHIFTED), one empty bin
}

TEST(DriftPsi, MatchesNumpyForDriftedWindow)
{
    const auto r = psi(histogram(kReference), histogram(kDrifted));
    ASSERT_TRUE(r.ok());
    expectRelNear(r.value, 5.262770811345246); // psi(REFERENCE, DRIFTED), four empty bins
}

TEST(DriftPsi, FloorsEmptyReferenceBins)
{
    const std::vector<double> ref = {0, 10, 20, 30, 20, 10, 0};
    const std::vector<double> act = {5, 10, 15, 25, 20, 10, 15};
    const auto r = psi(ref, act);
    ASSERT_TRUE(r.ok());
    expectRelNear(r.value, 1.4634032848997935); // psi(REF_GAP, ACT_GAP)
}

TEST(DriftPsi, IdenticalDistributionsGiveZero)
{
    std::vector<double> tripled = kReference;
    for (double &c : tripled)
        c *= 3;
    const auto r = psi(kReference, tripled); // psi(REFERENCE, REFERENCE*3) = 0.0
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r.value, 0.0, 1e-15);
}

TEST(DriftPsi, EpsilonChangesOnlyEmptyBins)
{
    const auto withDefault = psi(kReference, kReference, 1e-4);
    const auto withOther = psi(kReference, kReference, 1e-2);
    ASSERT_TRUE(withDefault.ok());
    EXPECT_EQ(withDefault.value, withOther.value);
    EXPECT_NE(psi(kReference, kShifted, 1e-4).value, psi(kReference, kShifted, 1e-2).value);
}

TEST(DriftPsi, RejectsBadInput)
{
    EXPECT_EQ(psi(std::vector<double>{}, std::vector<double>{}).error, Error::Empty);
    EXPECT_EQ(psi(kReference, kUniform3).error, Error::SizeMismatch);
    EXPECT_EQ(psi(kReference, std::vector<double>(10, 0.0)).error, Error::ZeroTotal);
    EXPECT_TRUE(std::isnan(psi(kReference, std::vector<double>(10, 0.0)).value));
    std::vector<double> negative = kShifted;
    negative[3] = -1;
    EXPECT_EQ(psi(kReference, negative).error, Error::NegativeCount);
    std::vector<double> nan = kShifted;
    nan[3] = std::nan("");
    EXPECT_EQ(psi(kReference, nan).error, Error::NonFinite);
    EXPECT_EQ(psi(kReference, kShifted, 0.0).error, Error::NonFinite);
}

TEST(DriftPsi, HistogramsNeedTheSameEdges)
{
    Histogram other = histogram(kShifted);
    other.edges[5] = 6.2;
    EXPECT_EQ(psi(histogram(kReference), other).error, Error::EdgeMismatch);
    Histogram broken = histogram(kShifted);
    broken.edges.pop_back();
    EXPECT_EQ(psi(histogram(kReference), broken).error, Error::BadEdges);
}

TEST(DriftJensenShannon, MatchesScipy)
{
    // scipy.spatial.distance.jensenshannon(p, q, base=2)
    expectRelNear(jensenShannonDistance(kReference, kShifted).value, 0.2712899475493288);
    expectRelNear(jensenShannonDistance(kReference, kDrifted).value, 0.750935291088578);
    expectRelNear(jensenShannonDistance(std::vector<double>{0, 10, 20, 30, 20, 10, 0},
                                        std::vector<double>{5, 10, 15, 25, 20, 10, 15})
                      .value,
                  0.33202251413392087); // js(REF_GAP, ACT_GAP)
    expectRelNear(jensenShannonDistance(std::vector<double>{30, 45, 75}, kUniform3).value,
                  0.15775900915954896); // js([30, 45, 75], uniform)
}

TEST(DriftJensenShannon, IdenticalIsZeroDisjointIsOne)
{
    EXPECT_NEAR(jensenShannonDistance(kReference, kReference).value, 0.0, 1e-12);
    const auto disjoint =
        jensenShannonDistance(std::vector<double>{1, 0}, std::vector<double>{0, 1});
    ASSERT_TRUE(disjoint.ok());
    EXPECT_DOUBLE_EQ(disjoint.value, 1.0); // js([1,0],[0,1]) = 1.0
    const auto spread =
        jensenShannonDistance(std::vector<double>{5, 5, 0, 0}, std::vector<double>{0, 0, 3, 9});
    EXPECT_DOUBLE_EQ(spread.value, 1.0);
}

TEST(DriftJensenShannon, RejectsBadInput)
{
    EXPECT_EQ(jensenShannonDistance(kReference, kUniform3).error, Error::SizeMismatch);
    const auto zero = jensenShannonDistance(kUniform3, std::vector<double>{0, 0, 0});
    EXPECT_EQ(zero.error, Error::ZeroTotal);
    EXPECT_TRUE(std::isnan(zero.value));
    EXPECT_EQ(jensenShannonDistance(std::vector<double>{}, std::vector<double>{}).error,
              Error::Empty);
    EXPECT_EQ(jensenShannonDistance(kUniform3, std::vector<double>{1, kInf, 1}).error,
              Error::NonFinite);
}

TEST(DriftChiSquare, MatchesScipyChisquare)
{
    struct Case {
        std::vector<double> observed;
        std::vector<double> prior;
        double statistic;
        int dof;
        double pValue;
    };
    // scipy.stats.chisquare(observed, prior * sum(observed))
    const Case cases[] = {
        {{48, 52, 50}, kUniform3, 0.16, 2, 0.9231163463866358},
        {{30, 45, 75}, kUniform3, 21.0, 2, 2.753644934974714e-05},
        {{2, 10, 108}, kUniform3, 174.2, 2, 1.4891917658745668e-38},
        {{60, 25, 15}, {0.5, 0.3, 0.2}, 4.083333333333334, 2, 0.12981217685543797},
        {{3, 1, 2, 0, 9}, {1, 1, 1, 1, 1}, 16.666666666666664, 4, 0.002243448446582135},
    };
    for (const Case &c : cases) {
        const auto r = chiSquareTest(c.observed, c.prior);
        ASSERT_TRUE(r.ok());
        expectRelNear(r.value.statistic, c.statistic);
        EXPECT_EQ(r.value.degreesOfFreedom, c.dof);
        EXPECT_NEAR(r.value.pValue, c.pValue, 1e-10 * c.pValue);
    }
}

TEST(DriftChiSquare, ReportsSmallExpectedCounts)
{
    const auto r = chiSquareTest(std::vector<double>{3, 1, 2, 0, 9}, std::vector<double>(5, 1.0));
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(r.value.minExpected, 3.0); // 15 requests over five equal classes
}

TEST(DriftChiSquare, PerfectFitHasPValueOne)
{
    const auto r = chiSquareTest(std::vector<double>{40, 40, 40}, kUniform3);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value.statistic, 0.0);
    EXPECT_DOUBLE_EQ(r.value.pValue, 1.0);
}

TEST(DriftChiSquare, RejectsBadInput)
{
    EXPECT_EQ(chiSquareTest(std::vector<double>{1, 2}, kUniform3).error, Error::SizeMismatch);
    EXPECT_EQ(chiSquareTest(std::vector<double>{5}, std::vector<double>{1}).error,
              Error::TooFewBins);
    const auto none = chiSquareTest(std::vector<double>{0, 0, 0}, kUniform3);
    EXPECT_EQ(none.error, Error::ZeroTotal);
    EXPECT_TRUE(std::isnan(none.value.pValue));
    EXPECT_EQ(chiSquareTest(std::vector<double>{1, 2, 3}, std::vector<double>{0.5, 0.5, 0}).error,
              Error::ZeroExpected);
    EXPECT_EQ(chiSquareTest(std::vector<double>{1, 2, 3}, std::vector<double>{0, 0, 0}).error,
              Error::ZeroTotal);
    EXPECT_EQ(chiSquareTest(std::vector<double>{1, -2, 3}, kUniform3).error, Error::NegativeCount);
    EXPECT_EQ(chiSquareTest(std::vector<double>{1, std::nan(""), 3}, kUniform3).error,
              Error::NonFinite);
    EXPECT_EQ(chiSquareTest(std::vector<double>{1, 1e308, 1e308}, kUniform3).error,
              Error::NonFinite);
}

TEST(DriftKs, MatchesScipyKs2sampOnBinMidpoints)
{
    // scipy.stats.ks_2samp on samples placed at bin midpoints
    expectRelNear(ksStatistic(kReference, kShifted).value, 0.25833333333333336);
    expectRelNear(ksStatistic(kReference, kDrifted).value, 0.7488095238095238);
    EXPECT_NEAR(ksStatistic(kReference, kReference).value, 0.0, 1e-15);
    EXPECT_DOUBLE_EQ(ksStatistic(std::vector<double>{1, 0}, std::vector<double>{0, 1}).value, 1.0);
    EXPECT_EQ(ksStatistic(kReference, kUniform3).error, Error::SizeMismatch);
}

TEST(DriftMean, MatchesNumpyWeightedAverage)
{
    // binned_moments(EDGES, counts): numpy.average over bin midpoints
    const auto ref = binnedMean(histogram(kReference));
    ASSERT_TRUE(ref.ok());
    expectRelNear(ref.value, 6.012571428571429);
    expectRelNear(binnedStdDev(histogram(kReference)).value, 0.7255986409545584);

    const auto shift = meanShift(histogram(kReference), histogram(kShifted));
    ASSERT_TRUE(shift.ok());
    expectRelNear(shift.value.actualMean, 6.441999999999999);
    expectRelNear(shift.value.shift, 6.441999999999999 - 6.012571428571429);
    expectRelNear(shift.value.shiftInStdDevs,
                  (6.441999999999999 - 6.012571428571429) / 0.7255986409545584);
}

TEST(DriftMean, OpenEndedBinsUseTheirFiniteEdge)
{
    const Histogram h{{-kInf, 5.0, 6.0, kInf}, {1, 2, 1}};
    // representatives 5.0, 5.5, 6.0 weighted 1:2:1
    EXPECT_DOUBLE_EQ(binnedMean(h).value, 5.5);
    const Histogram onlyInf{{-kInf, kInf}, {3}};
    EXPECT_EQ(binnedMean(onlyInf).error, Error::NonFinite);
    const Histogram empty{{-kInf, 5.0, kInf}, {0, 0}};
    EXPECT_EQ(binnedMean(empty).error, Error::ZeroTotal);
    EXPECT_EQ(meanShift(histogram(kReference), empty).error, Error::ZeroTotal);
    EXPECT_TRUE(std::isnan(meanShift(histogram(kReference), empty).value.shift));
}

TEST(DriftOutsideRange, CountsTheOpenEndedBins)
{
    // (-inf,4.3] holds 2, (7.9,+inf) holds 3, of 20 requests in all
    const Histogram h{{-kInf, 4.3, 6.1, 7.9, kInf}, {2, 10, 5, 3}};
    const auto r = outsideRangeShare(h, 4.3, 7.9);
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(r.value, 5.0 / 20.0);
    EXPECT_DOUBLE_EQ(outsideRangeShare(histogram(kReference), 4.3, 7.9).value, 0.0);
    EXPECT_EQ(outsideRangeShare(h, 7.9, 4.3).error, Error::BadEdges);
    EXPECT_EQ(outsideRangeShare(Histogram{{-kInf, kInf}, {0}}, 0, 1).error, Error::ZeroTotal);
}

TEST(DriftBuckets, CumulativeBucketsBecomeBins)
{
    // LE = [5, 6, 7, +Inf], CUMULATIVE = [3, 10, 18, 20] -> diff [3, 7, 8, 2]; given unsorted
    const std::vector<Bucket> buckets = {{7.0, 18}, {kInf, 20}, {5.0, 3}, {6.0, 10}};
    const auto r = fromCumulativeBuckets(buckets);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value.histogram.edges, (std::vector<double>{-kInf, 5, 6, 7, kInf}));
    EXPECT_EQ(r.value.histogram.counts, (std::vector<double>{3, 7, 8, 2}));
    EXPECT_EQ(r.value.repairs, 0);
    EXPECT_EQ(validate(r.value.histogram), Error::None);
}

TEST(DriftBuckets, NonMonotonicCountsAreRepaired)
{
    // a reset between bucket reads: 10 then 4, and a negative increase
    const std::vector<Bucket> buckets = {{5.0, -2}, {6.0, 10}, {7.0, 4}, {kInf, 12}};
    const auto r = fromCumulativeBuckets(buckets);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value.histogram.counts, (std::vector<double>{0, 10, 0, 2}));
    EXPECT_EQ(r.value.repairs, 2);
}

TEST(DriftBuckets, RejectsMalformedBuckets)
{
    EXPECT_EQ(fromCumulativeBuckets({}).error, Error::Empty);
    const std::vector<Bucket> noInf = {{5.0, 1}, {6.0, 2}};
    EXPECT_EQ(fromCumulativeBuckets(noInf).error, Error::MissingInfBucket);
    const std::vector<Bucket> dup = {{5.0, 1}, {5.0, 2}, {kInf, 3}};
    EXPECT_EQ(fromCumulativeBuckets(dup).error, Error::BadEdges);
    const std::vector<Bucket> nanLe = {{std::nan(""), 1}, {kInf, 3}};
    EXPECT_EQ(fromCumulativeBuckets(nanLe).error, Error::BadEdges);
    const std::vector<Bucket> nanCount = {{5.0, std::nan("")}, {kInf, 3}};
    EXPECT_EQ(fromCumulativeBuckets(nanCount).error, Error::NonFinite);
}

TEST(DriftBuckets, IncreaseHandlesCounterResets)
{
    const std::vector<Bucket> earlier = {{5.0, 10}, {6.0, 30}, {kInf, 40}};
    const std::vector<Bucket> later = {{kInf, 55}, {5.0, 12}, {6.0, 5}};
    const auto r = bucketIncrease(earlier, later);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.value.size(), 3u);
    EXPECT_EQ(r.value[0].count, 15); // +Inf: 40 -> 55
    EXPECT_EQ(r.value[1].count, 2);  // 5: 10 -> 12
    EXPECT_EQ(r.value[2].count, 5);  // 6: reset, 30 -> 5 counts as 5
    const std::vector<Bucket> other = {{5.0, 1}, {7.0, 2}, {kInf, 3}};
    EXPECT_EQ(bucketIncrease(earlier, other).error, Error::BadEdges);
    EXPECT_EQ(bucketIncrease(earlier, std::vector<Bucket>{{5.0, 1}}).error, Error::BadEdges);
}

TEST(DriftRebin, FoldsOutOfRangeMassIntoOuterBins)
{
    // Prometheus bins (-inf,4.3], (4.3,6.1], (6.1,7.9], (7.9,+inf)
    const Histogram observed{{-kInf, 4.3, 6.1, 7.9, kInf}, {2, 10, 5, 3}};
    const std::vector<double> folded = {4.3, 6.1, 7.9};
    const auto r = rebin(observed, folded);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value.counts, (std::vector<double>{12, 8}));

    const std::vector<double> coarse = {-kInf, 6.1, kInf};
    EXPECT_EQ(rebin(observed, coarse).value.counts, (std::vector<double>{12, 8}));
}

TEST(DriftRebin, ExtendsAReferenceWithEmptyOuterBins)
{
    const std::vector<double> open = {-kInf, 4.3,  4.66, 5.02, 5.38, 5.74, 6.1,
                                      6.46,  6.82, 7.18, 7.54, 7.9,  kInf};
    const auto r = rebin(histogram(kReference), open);
    ASSERT_TRUE(r.ok());
    std::vector<double> expected = {0};
    expected.insert(expected.end(), kReference.begin(), kReference.end());
    expected.push_back(0);
    EXPECT_EQ(r.value.counts, expected);
}

TEST(DriftRebin, ToleratesEdgesThatWentThroughText)
{
    const Histogram observed{{-kInf, 4.66000000000001, 7.9, kInf}, {1, 2, 3}};
    const std::vector<double> edges = {4.66, 7.9};
    const auto r = rebin(observed, edges);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value.counts, (std::vector<double>{6}));
}

TEST(DriftRebin, RejectsStraddlingBins)
{
    const Histogram observed{{-kInf, 5.0, 6.0, kInf}, {1, 2, 3}};
    const std::vector<double> misaligned = {4.0, 5.5, 7.0};
    EXPECT_EQ(rebin(observed, misaligned).error, Error::EdgeMismatch);
    const std::vector<double> single = {5.0};
    EXPECT_EQ(rebin(observed, single).error, Error::Empty);
    const std::vector<double> unsorted = {6.0, 5.0};
    EXPECT_EQ(rebin(observed, unsorted).error, Error::BadEdges);
}

TEST(DriftProportions, NormalisesAndRejectsZeroTotals)
{
    const auto p = proportions(std::vector<double>{1, 3});
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p.value, (std::vector<double>{0.25, 0.75}));
    EXPECT_EQ(proportions(std::vector<double>{0, 0}).error, Error::ZeroTotal);
    EXPECT_EQ(proportions(std::vector<double>{}).error, Error::Empty);
    EXPECT_EQ(proportions(std::vector<double>{1e308, 1e308}).error, Error::NonFinite);
}

TEST(DriftThresholds, ClassifyMatchesTheAlertComparison)
{
    EXPECT_EQ(classify(0.05, kPsiThresholds), Level::Ok);
    EXPECT_EQ(classify(0.1, kPsiThresholds), Level::Amber);
    EXPECT_EQ(classify(0.25, kPsiThresholds), Level::Amber); // FeatureDrift fires on > 0.25
    EXPECT_EQ(classify(0.2501, kPsiThresholds), Level::Red);
    EXPECT_EQ(classify(std::nan(""), kPsiThresholds), Level::Unknown);
    EXPECT_EQ(classify(0.5, Thresholds{0.6, 0.9}), Level::Ok);
    EXPECT_EQ(classify(0.21, kJensenShannonThresholds), Level::Red);
}

TEST(DriftThresholds, ReferenceExamplesLandInTheExpectedLevel)
{
    EXPECT_EQ(classify(psi(kReference, kShifted).value, kPsiThresholds), Level::Red);
    // js([48, 52, 50], uniform) = 0.0139: ordinary noise is green
    EXPECT_EQ(classify(jensenShannonDistance(std::vector<double>{48, 52, 50}, kUniform3).value,
                       kJensenShannonThresholds),
              Level::Ok);
    // js([2, 10, 108], uniform) = 0.531: a model answering one class
    EXPECT_EQ(classify(jensenShannonDistance(std::vector<double>{2, 10, 108}, kUniform3).value,
                       kJensenShannonThresholds),
              Level::Red);
}

TEST(DriftExplain, EveryStatisticHasALabelAndOneLine)
{
    for (const Statistic s :
         {Statistic::Psi, Statistic::JensenShannon, Statistic::ChiSquarePValue, Statistic::Ks,
          Statistic::MeanShift, Statistic::OutsideTrainingRange}) {
        EXPECT_FALSE(label(s).empty());
        const std::string_view line = explain(s);
        EXPECT_GT(line.size(), 20u);
        EXPECT_EQ(line.find('\n'), std::string_view::npos);
    }
    EXPECT_EQ(errorMessage(Error::ZeroTotal), "nothing was observed in this window");
}

TEST(DriftCompareFeature, FoldsTheObservedWindowOntoTheReference)
{
    // The observed window as Prometheus buckets with the reference edges as bounds: SHIFTED,
    // plus 3 values above 7.9 cm that fold into the last reference bin (4 + 3 = 7).
    std::vector<Bucket> buckets;
    double cumulative = 0;
    buckets.push_back({kEdges[0], 0});
    for (std::size_t i = 0; i < kShifted.size(); ++i) {
        cumulative += kShifted[i];
        buckets.push_back({kEdges[i + 1], cumulative});
    }
    buckets.push_back({kInf, cumulative + 3});
    const auto observed = fromCumulativeBuckets(buckets);
    ASSERT_TRUE(observed.ok());

    const auto r = compareFeature(histogram(kReference), observed.value.histogram);
    ASSERT_TRUE(r.ok());
    std::vector<double> folded = kShifted;
    folded.back() += 3;
    EXPECT_DOUBLE_EQ(r.value.psi, psi(kReference, folded).value);
    EXPECT_DOUBLE_EQ(r.value.jsDistance, jensenShannonDistance(kReference, folded).value);
    EXPECT_DOUBLE_EQ(r.value.ks, ksStatistic(kReference, folded).value);
    EXPECT_DOUBLE_EQ(r.value.outsideShare, 3.0 / 123.0);
    EXPECT_DOUBLE_EQ(r.value.observations, 123.0);
    // the 3 values above the range count at 7.9 cm: (120 * 6.442 + 3 * 7.9) / 123
    EXPECT_NEAR(r.value.meanShift.actualMean, (120 * 6.441999999999999 + 3 * 7.9) / 123, 1e-12);
    EXPECT_EQ(r.value.level, Level::Red);
}

TEST(DriftCompareFeature, ReportsMisalignedAndEmptyWindows)
{
    const Histogram misaligned{{-kInf, 5.0, kInf}, {1, 1}};
    EXPECT_EQ(compareFeature(histogram(kReference), misaligned).error, Error::EdgeMismatch);
    std::vector<double> open = {-kInf};
    open.insert(open.end(), kEdges.begin(), kEdges.end());
    open.push_back(kInf);
    const Histogram empty{open, std::vector<double>(12, 0.0)};
    const auto r = compareFeature(histogram(kReference), empty);
    EXPECT_EQ(r.error, Error::ZeroTotal);
    EXPECT_TRUE(std::isnan(r.value.psi));
    EXPECT_EQ(r.value.level, Level::Unknown);
}

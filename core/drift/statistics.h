#pragma once

#include "core/drift/histogram.h"
#include "core/drift/result.h"

#include <limits>
#include <span>
#include <string_view>

// Drift statistics between a reference distribution (the training data's bins, or a baseline
// window) and an actual one (the window being looked at). Inputs are non-negative weights —
// counts or proportions, each distribution is normalised on its own — so a window of 40
// requests compares directly with reference proportions. Plain C++, pure, thread-safe.
//
// Failures return an Error and a NaN value, never throw: empty input, a zero total, a negative
// or non-finite count, or two distributions with a different number of bins.
namespace vitals::drift {

// Floor for empty bins in PSI. PSI takes log(actual / expected), which is infinite when a bin
// is empty on one side, so empty bins are given this proportion instead of 0. As in Evidently
// (calculations/stattests/utils.py, get_binned_data), proportions that are exactly 0 are
// replaced by 0.0001 and the others are left as they are (no renormalisation). Evidently lowers
// the floor to min/1e6 when the smallest non-empty bin is itself at or below 0.0001; Vitals keeps
// 0.0001, so with more than 10,000 requests per window the result can differ slightly from
// Evidently's, in exchange for a value that does not jump when one rare bin appears.
inline constexpr double kPsiEpsilon = 1e-4;

// The value of a number that could not be computed.
inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// Population stability index: sum over bins of (a - e) * ln(a / e), with e the expected
// (reference) and a the actual proportion, empty bins floored at `epsilon`. 0 for identical
// distributions; below 0.1 usually means no change, 0.1–0.25 a moderate shift, above 0.25 a
// large one. Natural log, no upper bound.
Result<double> psi(std::span<const double> expected, std::span<const double> actual,
                   double epsilon = kPsiEpsilon);
// Same on histograms, which must have the same edges (else EdgeMismatch); see rebin().
Result<double> psi(const Histogram &expected, const Histogram &actual,
                   double epsilon = kPsiEpsilon);

// Jensen–Shannon distance with base-2 logarithms: the square root of the JS divergence, in
// [0, 1]; 0 for identical distributions, 1 for distributions with no bin in common. Needs no
// epsilon (0·log 0 is taken as 0). Equals scipy.spatial.distance.jensenshannon(p, q, base=2).
Result<double> jensenShannonDistance(std::span<const double> p, std::span<const double> q);

// Chi-square goodness-of-fit test of observed category counts (for example predictions per
// class in a window) against expected proportions (the training prior).
// Fields are NaN (dof 0) in a failed result.
struct ChiSquare {
    double statistic = kNoValue; // sum of (observed - expected)^2 / expected, expected = N * prior
    int degreesOfFreedom = 0;    // categories - 1
    double pValue = kNoValue;    // P(chi2(dof) >= statistic): small means the mix has changed
    double minExpected = kNoValue; // smallest expected count; below 5 the p-value is unreliable
};
// `observed` are counts (not proportions: the test depends on the sample size), `expected`
// any non-negative weights, normalised here. Equals scipy.stats.chisquare(observed,
// N * expected / sum(expected)). Errors: SizeMismatch, TooFewBins (fewer than 2 categories),
// ZeroTotal (no observations), ZeroExpected (a category with zero expected proportion), and
// the input errors of proportions().
Result<ChiSquare> chiSquareTest(std::span<const double> observed, std::span<const double> expected);

// Kolmogorov–Smirnov statistic from binned data: the largest absolute difference between the
// two cumulative proportions at the bin edges, in [0, 1]. With binned data this is the KS
// statistic of samples placed anywhere inside their bins, a lower bound of the statistic of the
// raw values. No p-value: bin counts are too coarse for the KS distribution.
Result<double> ksStatistic(std::span<const double> p, std::span<const double> q);

// Mean of a binned distribution, each bin represented by its midpoint. An open-ended bin
// ((-inf, e] or (e, +inf)) is represented by its finite edge, so with mass there the mean is
// pulled less far than the data really are (Prometheus's histogram_quantile makes the same
// choice). When the exact mean is at hand (a histogram's `_sum / _count`), prefer it.
// Errors: those of validate(), ZeroTotal, NonFinite when mass sits in a bin with no finite edge.
Result<double> binnedMean(const Histogram &histogram);
// Standard deviation of the same representative values, weighted by the counts.
Result<double> binnedStdDev(const Histogram &histogram);

// Fields are NaN in a failed result.
struct MeanShift {
    double referenceMean = kNoValue;
    double actualMean = kNoValue;
    double shift = kNoValue;          // actualMean - referenceMean, in the feature's unit (cm)
    double shiftInStdDevs = kNoValue; // shift / reference standard deviation; NaN if that is 0
};
// Mean shift between two histograms, each mean from binnedMean().
Result<MeanShift> meanShift(const Histogram &reference, const Histogram &actual);

// Share of the actual mass outside the training range [low, high]: the mass of bins that lie
// entirely at or below `low` or entirely at or above `high`, in [0, 1]. Bins straddling a bound
// count as inside. With Prometheus buckets whose bounds are the reference edges, this is the
// mass of the two open-ended bins (-inf, low] and (high, +inf); note that (-inf, low] also holds
// values exactly equal to the training minimum. Errors: those of validate(), ZeroTotal,
// BadEdges if low > high.
Result<double> outsideRangeShare(const Histogram &actual, double low, double high);

// Which statistic a number is; used for explanations and labels.
enum class Statistic {
    Psi,
    JensenShannon,
    ChiSquarePValue,
    Ks,
    MeanShift,
    OutsideTrainingRange,
};

// Short label ("PSI", "JS distance", …).
std::string_view label(Statistic statistic);
// One line in plain language for operators: what the number means and which way is bad.
std::string_view explain(Statistic statistic);

// Traffic-light thresholds for a statistic where larger is worse.
enum class Level { Unknown, Ok, Amber, Red };
struct Thresholds {
    double amber = 0.1; // value >= amber: amber
    double red = 0.25;  // value > red: red (the same comparison as the FeatureDrift alert)
};
// Defaults: PSI 0.1 / 0.25 (the usual rule of thumb); JS distance 0.1 / 0.2, where 0.2 is the
// PredictionSkew alert threshold in resources/prometheus/vitals-rules.yml.
inline constexpr Thresholds kPsiThresholds{0.1, 0.25};
inline constexpr Thresholds kJensenShannonThresholds{0.1, 0.2};
// NaN gives Unknown.
Level classify(double value, const Thresholds &thresholds);

// Everything the console's drift table shows for one feature.
struct FeatureComparison {
    double psi = kNoValue;          // observed folded onto the reference bins, see compareFeature
    double jsDistance = kNoValue;   // on the same folded bins
    double ks = kNoValue;           // on the same folded bins
    MeanShift meanShift;            // binned means, observed bins unfolded
    double outsideShare = kNoValue; // share outside [first, last] reference edge
    double observations = kNoValue; // total count of the observed window
    Level level = Level::Unknown;   // PSI classified with the given thresholds
};
// Compares an observed window (typically fromCumulativeBuckets() of the bucket increases, with
// bins (-inf, e0], …, (eN, +inf)) with the reference bins of the model card (finite edges
// e0…eN, counts or proportions). The observed window is rebinned onto the reference edges,
// values outside the training range folding into the outermost bins (outsideShare reports
// them separately). Errors: those of rebin() (EdgeMismatch when the bucket bounds are not the
// reference edges) and of the statistics, ZeroTotal for an empty window.
Result<FeatureComparison> compareFeature(const Histogram &reference, const Histogram &observed,
                                         const Thresholds &thresholds = kPsiThresholds);

} // namespace vitals::drift

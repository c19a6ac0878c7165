#pragma once

#include "core/drift/result.h"

#include <span>
#include <vector>

// Binned distributions for drift statistics: the model's reference bins (from the model card)
// and the bucket counts Prometheus holds for `iris_feature_value{feature}` over a time window.
// Plain values, no Qt; every function is pure and thread-safe.
namespace vitals::drift {

// A binned distribution. Bin i covers the half-open interval (edges[i], edges[i+1]], the same
// convention as Prometheus's `le` buckets. edges.size() == counts.size() + 1; edges strictly
// increase; the first edge may be -infinity and the last +infinity (open-ended bins).
// counts are non-negative weights: request counts, or proportions that sum to 1.
struct Histogram {
    std::vector<double> edges;
    std::vector<double> counts;

    std::size_t binCount() const { return counts.size(); }
};

// One bucket of a Prometheus cumulative histogram: the upper bound `le` (+infinity for the
// "+Inf" bucket) and the cumulative count of observations <= le.
struct Bucket {
    double le = 0;
    double count = 0;
};

// Checks the shape of a histogram: at least one bin, edges.size() == counts.size() + 1, edges
// strictly increasing and not NaN, counts finite and >= 0. Returns Error::None when valid.
Error validate(const Histogram &histogram);

// The sum of a histogram's counts.
double total(const Histogram &histogram);

// Turns non-negative weights (counts or proportions) into proportions that sum to 1.
// Errors: Empty, NonFinite, NegativeCount, ZeroTotal.
Result<std::vector<double>> proportions(std::span<const double> counts);

// Per-bin counts from Prometheus cumulative buckets, in any order (each `le` arrives as its own
// series). The result has one bin per bucket: (-inf, le_0], (le_0, le_1], …, (le_n-2, +inf].
//
// Counter resets and the non-atomic scrapes Prometheus tolerates can make a cumulative count
// lower than the one below it, or negative after a subtraction. Like Prometheus's
// histogram_quantile, counts are made monotonic (each cumulative count is raised to the largest
// one below it) and negative counts are read as 0; `repairs` in the result says how many
// buckets needed that, so the console can say the window straddles a restart.
// Errors: Empty, BadEdges (NaN or duplicate `le`), MissingInfBucket (no +Inf bucket, as
// histogram_quantile requires), NonFinite (NaN or infinite count).
struct BucketConversion {
    Histogram histogram;
    int repairs = 0;
};
Result<BucketConversion> fromCumulativeBuckets(std::span<const Bucket> buckets);

// The increase of each cumulative bucket between two snapshots of the same histogram (for
// example two instant queries, or two points of a range query of the raw `_bucket` series),
// matched by `le`. When a bucket's later count is lower than its earlier one the counter was
// reset, and the increase is the later count, as Prometheus's increase() does.
// Buckets present in only one snapshot are an error (BadEdges).
Result<std::vector<Bucket>> bucketIncrease(std::span<const Bucket> earlier,
                                           std::span<const Bucket> later);

// Re-expresses `source` on the coarser bins given by `edges` (strictly increasing, >= 2 edges,
// outer ones may be infinite). Every source bin must lie inside one target bin (edges match
// within a relative 1e-9, so values that went through text keep matching); a source bin that
// straddles a target edge is an error (EdgeMismatch). Source bins entirely below the first
// target edge go to the first target bin, those entirely above the last edge go to the last
// target bin (like clipping values to the target range before binning). Target bins no source
// bin reaches get 0.
//
// Typical use: the observed window has bins (-inf, e0], (e0, e1], …, (e10, +inf]; rebinning it
// onto the reference edges e0…e10 folds out-of-range values into the outermost reference bins,
// and rebinning the reference onto [-inf, e0, …, e10, +inf] instead keeps them apart (the
// reference then has empty outer bins, which PSI floors at its epsilon).
Result<Histogram> rebin(const Histogram &source, std::span<const double> edges);

} // namespace vitals::drift

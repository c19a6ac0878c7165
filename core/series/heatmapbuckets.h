#pragma once

#include "core/series/series.h"

#include <QString>

#include <vector>

namespace vitals::series {

// A Prometheus histogram over time as a heatmap shows it: per bucket (lower, upper] and time, the
// count of observations in that bucket alone.
struct HeatmapBuckets {
    std::vector<double> upperBounds;         // the `le` values, ascending; +Inf last when sent
    std::vector<qint64> t;                   // Unix ms, the union of the series' times
    std::vector<std::vector<double>> counts; // [bucket][time]; NaN where the bucket has no sample
    // The first bucket's lower bound: 0 for Prometheus histograms (they count non-negative
    // observations from the first bucket up); where the first bucket starts for buckets cut
    // from values (panel::calculateHeatmap).
    double firstLowerBound = 0;
    // false: a bucket is (lower, upper], as Prometheus's `le`; true: [lower, upper), as
    // Grafana's calculated heatmaps count a value in the bucket it rounds down to.
    bool lowerInclusive = false;

    // The lower bound of bucket `i`: the previous bucket's upper bound, firstLowerBound for the
    // first one.
    double lowerBound(std::size_t i) const { return i == 0 ? firstLowerBound : upperBounds[i - 1]; }
    // Largest count of any cell; 0 when there is none.
    double maxCount() const;
};

// De-cumulates the series of a histogram's buckets (one series per `le` label value, e.g. the
// answer to `sum by (le) (rate(x_bucket[5m]))`) as Grafana's Prometheus `format: heatmap` does:
// the series are sorted by `le` (numerically, +Inf last) and, at each time, every bucket's value
// less the one below it is that bucket's count (Grafana's transformToHistogramOverTime). A
// difference below zero (a counter reset inside a rate window) is shown as 0, not as a negative
// count. A bucket without a sample at a time counts as 0 in the subtraction.
// Returns false and sets `error` when a series has no `le` label, an `le` that is not a number,
// or two series share one `le` (labels other than `le` were not aggregated away).
// O(buckets × times); pure function, thread-safe.
bool heatmapBuckets(const SeriesList &buckets, HeatmapBuckets &out, QString &error);

} // namespace vitals::series

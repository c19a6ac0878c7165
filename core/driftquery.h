#pragma once

#include "core/drift/histogram.h"
#include "core/drift/statistics.h"
#include "core/prom/results.h"

#include <QString>

#include <map>
#include <vector>

// Drift from Prometheus answers: turns the vectors iris-server's metrics give into the binned
// distributions core/drift compares. Pure functions, thread-safe.
//
// The metric conventions are iris-server's:
//  - iris_feature_value_bucket{feature, le}: cumulative histogram of each input feature, with
//    the model's reference bin edges as bucket bounds (query its increase() over a window);
//  - iris_feature_reference_proportion{feature, bucket_le}: the training share of each bin
//    (non-cumulative), keyed by the bin's upper edge;
//  - prediction_output_total{class} and iris_model_class_prior{class}.
namespace vitals::driftquery {

// Observed histograms per feature from cumulative bucket samples (label `le`, one sample per
// bucket and feature). Features whose buckets do not form a histogram are left out and named
// in `errors` (may be null).
std::map<QString, drift::Histogram>
observedHistograms(const std::vector<prom::VectorSample> &buckets, QStringList *errors = nullptr);

// Reference histograms per feature from iris_feature_reference_proportion samples: finite edges
// (the bucket_le values other than +Inf) and the share of each bin between them.
std::map<QString, drift::Histogram>
referenceHistograms(const std::vector<prom::VectorSample> &proportions);

// Values per class from samples labelled `class` (e.g. prediction counts, priors).
std::map<QString, double> perClass(const std::vector<prom::VectorSample> &samples);

// Class mix against the prior: Jensen–Shannon distance and chi-square test, over the classes
// of `priors`. Errors are in the results.
struct MixComparison {
    drift::Result<double> jsDistance;
    drift::Result<drift::ChiSquare> chiSquare;
    double observations = 0;
};
MixComparison compareMix(const std::map<QString, double> &counts,
                         const std::map<QString, double> &priors);

// The same histogram over two windows of the same buckets (baseline mode): compares `observed`
// with `baseline`, both with the bucket edges of the server.
drift::Result<drift::FeatureComparison> compareWindows(const drift::Histogram &baseline,
                                                       const drift::Histogram &observed,
                                                       const drift::Thresholds &thresholds);

} // namespace vitals::driftquery

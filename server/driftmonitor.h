#pragma once

#include "server/model.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace iris {

class Exposition;

// What the drift window holds at one moment, and the drift scores computed from it.
struct DriftSnapshot {
    std::size_t windowSize = 0; // predictions in the window, 0 … capacity
    bool warm = false;          // windowSize >= DriftMonitor::kWarmUp
    // Per feature: the window's counts on the model's reference bins (values outside the
    // training range folded into the outermost bins), and the PSI of those counts against the
    // reference proportions (core/drift psi(), kPsiEpsilon). NaN while not warm.
    std::array<std::vector<double>, kFeatureCount> featureCounts;
    std::array<double, kFeatureCount> psi{};
    // Predictions per class in the window, and the Jensen–Shannon distance (base 2, 0 … 1) of
    // that mix against the training class priors. NaN while not warm.
    std::array<double, kClassCount> classCounts{};
    double predictionJs = 0;
};

// Sliding-window drift scores for alerting without the console: the server's own view of the
// last `capacity` predictions, scored against the model's training distribution, exposed as
//   iris_feature_drift_psi{feature}                 gauge, PSI of the window, NaN in warm-up
//   iris_prediction_drift_js                        gauge, JS distance of the class mix, NaN in
//                                                   warm-up
//   iris_drift_window_size                          gauge, predictions in the window
//   iris_model_class_prior{class}                   gauge, training class shares
//   iris_feature_reference_proportion{feature,bucket_le}
//                                                   gauge, training share of each bucket of
//                                                   iris_feature_value, not cumulative;
//                                                   bucket_le = that bucket's `le` text (a gauge
//                                                   may not carry an `le` label: promtool
//                                                   rejects it). 0 for le = edges[0] and +Inf,
//                                                   since the model card counts the training
//                                                   minimum in its first bin.
// so Prometheus rules (FeatureDrift, PredictionSkew) can fire and the console can compare
// distributions through Prometheus alone.
//
// The window counts predictions, not seconds: the last `capacity` predictions whatever the
// traffic rate, so a score's statistical noise — and with it the alert thresholds — does not
// depend on how busy the server is. Scores are NaN until the window holds kWarmUp
// predictions: PSI over 10 bins is too noisy below that (see the README, "Drift gauges").
//
// Threading: record() is wait-free and may be called from any number of threads: each thread
// writes its own shard (a ring of one 64-bit record per prediction: 4-bit reference bin per
// feature, class, a ~1 µs timestamp); snapshot() and expose() merge the shards on the scrape
// thread, keeping the `capacity` newest records. A record being overwritten while a scrape
// reads it is read either old or new, never torn. The model must outlive the monitor.
class DriftMonitor
{
public:
    static constexpr std::size_t kDefaultCapacity = 500;
    static constexpr std::size_t kWarmUp = 100;          // predictions before scores appear
    static constexpr std::size_t kMinCapacity = kWarmUp; // a smaller window would never warm up
    static constexpr std::size_t kMaxCapacity = 100000;
    static constexpr std::size_t kMaxBins = 16; // reference bins per feature
    static constexpr int kMaxShards = 16;

    // capacity: kMinCapacity … kMaxCapacity predictions. shardCount: about the number of
    // recording threads (capped at kMaxShards; more threads share shards). Returns nullptr and
    // sets `error` when the capacity is out of range or a feature of the model has no reference
    // bins or more than kMaxBins of them.
    static std::unique_ptr<DriftMonitor> create(const Model &model, std::size_t capacity,
                                                int shardCount, std::string *error);
    ~DriftMonitor();
    DriftMonitor(const DriftMonitor &) = delete;
    DriftMonitor &operator=(const DriftMonitor &) = delete;

    // One prediction: its class (0 … kClassCount-1; others are ignored) and its inputs in
    // centimetres. Wait-free, no allocation; about 40 ns (bench-server BM_RecordDriftWindow).
    void record(int label, const std::array<double, kFeatureCount> &x) noexcept;

    // The window and its scores now. Allocates; O(shards × capacity).
    DriftSnapshot snapshot() const;

    // Appends the families listed above (scrape thread).
    void expose(Exposition &out) const;

    std::size_t capacity() const noexcept { return m_capacity; }

private:
    struct alignas(64) ShardHead {
        std::atomic<std::uint32_t> next{0};
    };

    DriftMonitor(const Model &model, std::size_t capacity, int shardCount);
    std::uint64_t stampNow() const noexcept;

    const Model &m_model;
    std::size_t m_capacity;
    std::size_t m_shardCount;
    std::size_t m_shardStride; // slots per shard, padded so shards share no cache line
    std::unique_ptr<ShardHead[]> m_heads;
    std::unique_ptr<std::atomic<std::uint64_t>[]> m_slots;
    // Inner reference edges per feature (edges[1] … edges[bins-1]), padded with +infinity:
    // a value's bin is the number of inner edges it exceeds.
    std::array<std::array<double, kMaxBins - 1>, kFeatureCount> m_innerEdges{};
    std::chrono::steady_clock::time_point m_start;
};

} // namespace iris

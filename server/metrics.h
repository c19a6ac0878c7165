#pragma once

#include "server/labels.h"
#include "server/model.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace iris {

class DriftMonitor;

// A sample value or `le` bound as the exposition writes it: shortest round-trip decimal,
// "NaN", "+Inf", "-Inf". Histogram bounds and gauges keyed by them must use this to match.
std::string formatNumber(double value);

// Writes the Prometheus text exposition format 0.0.4. One family at a time: call family()
// once, then sample() for each series of it. Label values are escaped here.
class Exposition
{
public:
    explicit Exposition(std::string &out)
        : m_out(out)
    {}

    // type: "counter", "gauge", "histogram". `help` must not contain newlines.
    void family(std::string_view name, std::string_view type, std::string_view help);
    // `labels` pairs name=value; pass {} for none. `suffix` is appended to the name
    // (e.g. "_bucket"); `le` adds an le label when non-empty.
    void sample(std::string_view name, std::string_view suffix,
                std::initializer_list<std::pair<std::string_view, std::string_view>> labels,
                double value, std::string_view le = {});

private:
    std::string &m_out;
};

// A gauge family with one label and a fixed set of label values (or none), for metrics that
// other modules compute (for example drift scores). set() is lock-free and may be called from
// any thread; the values appear in every scrape after registration.
class GaugeFamily
{
public:
    GaugeFamily(std::string name, std::string help, std::string labelName,
                std::vector<std::string> labelValues);

    // index into labelValues (0 when the family has no label). Out-of-range indexes are ignored.
    void set(std::size_t index, double value) noexcept;
    double value(std::size_t index) const noexcept;
    void expose(Exposition &out) const;

private:
    std::string m_name, m_help, m_labelName;
    std::vector<std::string> m_labelValues;
    std::unique_ptr<std::atomic<double>[]> m_values;
};

// The metrics registry of iris-server and its exposition.
//
// Families (names kept from the classic Python setup so existing PromQL works unchanged):
//   inference_requests_total{method,endpoint,status}   counter; /metrics scrapes not counted
//   inference_duration_seconds{method,endpoint}        histogram, 10 µs … 2.5 s
//   prediction_output_total{class}                     counter, model class names
//   inference_request_errors_total{reason}             counter, every reason of labels.h
//   inference_in_flight                                gauge, requests read but not yet answered
//   model_loaded                                       gauge, 1 once a model serves
//   iris_build_info{version}                           gauge, always 1
//   iris_feature_value{feature}                        histogram, le = the model's reference
//                                                      bin edges (centimetres)
//   process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
//   process_open_fds, process_max_fds, process_start_time_seconds   from /proc at scrape time
//   + gauges registered with addGauge(), the collectors of addCollector(), and the drift
//   families of the DriftMonitor set with setDriftMonitor() (see server/driftmonitor.h).
//
// Threading: record*() are lock-free and wait-free (relaxed atomic adds into per-thread shards,
// cache-line separated); expose() sums all shards, so every scrape sees the totals of all
// threads. addGauge()/addCollector() take a mutex and may be called at any time.
class Metrics
{
public:
    static constexpr std::array<double, 17> kDurationBuckets = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
        0.01,    0.025,    0.05,    0.1,    0.25,    0.5,    1.0,   2.5};

    // shardCount: about the number of recording threads. version: value of iris_build_info.
    Metrics(const Model &model, int shardCount, std::string version);
    ~Metrics();
    Metrics(const Metrics &) = delete;
    Metrics &operator=(const Metrics &) = delete;

    // When disabled, record*() do nothing (to measure what recording costs).
    void setEnabled(bool enabled) noexcept { m_enabled = enabled; }
    bool enabled() const noexcept { return m_enabled; }

    // One answered request (not for Endpoint::Metrics, which is ignored).
    void recordRequest(Method method, Endpoint endpoint, int status,
                       std::chrono::nanoseconds duration) noexcept;
    // One prediction: its class and its inputs (feature histograms, and the drift window when
    // a DriftMonitor is set).
    void recordPrediction(int label, const std::array<double, kFeatureCount> &x) noexcept;
    void recordError(ErrorReason reason) noexcept;
    void requestStarted() noexcept;
    void requestFinished() noexcept;
    void setModelLoaded(bool loaded) noexcept { m_modelLoaded = loaded; }

    // Registers a gauge family shown after the built-in families. The registry owns it; the
    // reference stays valid for the registry's lifetime. labelName empty = a single series.
    GaugeFamily &addGauge(std::string name, std::string help, std::string labelName = {},
                          std::vector<std::string> labelValues = {});
    // Registers a callback that appends whole families at scrape time (scrape thread).
    void addCollector(std::function<void(Exposition &)> collector);

    // Feeds every recorded prediction to `monitor` and appends its families to the exposition.
    // Not owned; it must outlive the registry, or be unset (nullptr) before it is destroyed.
    // Set it before requests are served.
    void setDriftMonitor(DriftMonitor *monitor) noexcept { m_drift = monitor; }

    // The whole exposition; safe to call from any thread at any time.
    std::string expose() const;

    // Summed values, for tests.
    std::uint64_t requestCount(Method method, Endpoint endpoint, int status) const;
    std::uint64_t errorCount(ErrorReason reason) const;

private:
    struct Layout;
    std::uint64_t sum(std::size_t offset) const;
    std::atomic<std::uint64_t> *shard() const noexcept;
    void exposeProcess(Exposition &out) const;

    const Model &m_model;
    std::string m_version;
    bool m_enabled = true;
    std::atomic<bool> m_modelLoaded{false};
    std::atomic<DriftMonitor *> m_drift{nullptr};
    std::unique_ptr<Layout> m_layout;
    std::size_t m_shardCount;
    std::size_t m_shardStride; // counters per shard, rounded up to a cache line
    std::unique_ptr<std::atomic<std::uint64_t>[]> m_counters;
    double m_startTime = 0; // seconds since the epoch

    mutable std::mutex m_extraMutex;
    std::vector<std::unique_ptr<GaugeFamily>> m_gauges;
    std::vector<std::function<void(Exposition &)>> m_collectors;
};

} // namespace iris

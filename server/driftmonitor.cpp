#include "server/driftmonitor.h"

#include "core/drift/statistics.h"
#include "server/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace iris {

namespace {

// Record layout, low to high: class (2 bits), one 4-bit reference bin per feature, timestamp.
constexpr int kClassBits = 2;
constexpr int kBinBits = 4;
constexpr int kPayloadBits = kClassBits + kBinBits * kFeatureCount;
constexpr int kStampBits = 64 - kPayloadBits;
constexpr std::uint64_t kStampMask = (std::uint64_t(1) << kStampBits) - 1;
constexpr std::uint64_t kPayloadMask = (std::uint64_t(1) << kPayloadBits) - 1;
constexpr std::uint64_t kBinMask = (1u << kBinBits) - 1;
// Timestamps count 1.024 µs units (ns >> 10): 46 bits last 2.3 years before they wrap, and ages
// are taken modulo 2^46, so a wrap only misorders records more than 2.3 years apart.
constexpr int kStampShift = 10;
static_assert(kClassCount <= (1 << kClassBits));
static_assert(DriftMonitor::kMaxBins <= (1u << kBinBits));

constexpr double kInf = std::numeric_limits<double>::infinity();

thread_local std::size_t t_driftTicket = std::size_t(-1);
std::atomic<std::size_t> g_nextDriftTicket{0};

} // namespace

std::unique_ptr<DriftMonitor> DriftMonitor::create(const Model &model, std::size_t capacity,
                                                   int shardCount, std::string *error)
{
    if (capacity < kMinCapacity || capacity > kMaxCapacity) {
        if (error)
            *error = "the drift window must hold " + std::to_string(kMinCapacity) + " to "
                     + std::to_string(kMaxCapacity) + " predictions";
        return nullptr;
    }
    for (int f = 0; f < kFeatureCount; ++f) {
        const auto &bins = model.referenceBins[f];
        if (bins.proportions.empty() || bins.proportions.size() > kMaxBins
            || bins.edges.size() != bins.proportions.size() + 1) {
            if (error)
                *error = "drift gauges need 1 to " + std::to_string(kMaxBins)
                         + " reference bins per feature; feature "
                         + model.featureNames.value(f).toStdString() + " has "
                         + std::to_string(bins.proportions.size());
            return nullptr;
        }
    }
    return std::unique_ptr<DriftMonitor>(new DriftMonitor(model, capacity, shardCount));
}

DriftMonitor::DriftMonitor(const Model &model, std::size_t capacity, int shardCount)
    : m_model(model)
    , m_capacity(capacity)
    , m_shardCount(std::size_t(std::clamp(shardCount, 1, kMaxShards)))
    , m_start(std::chrono::steady_clock::now())
{
    constexpr std::size_t perLine = 64 / sizeof(std::uint64_t);
    m_shardStride = (capacity + perLine - 1) / perLine * perLine + perLine;
    m_heads = std::make_unique<ShardHead[]>(m_shardCount);
    m_slots = std::make_unique<std::atomic<std::uint64_t>[]>(m_shardStride * m_shardCount);
    for (std::size_t i = 0; i < m_shardStride * m_shardCount; ++i)
        m_slots[i].store(0, std::memory_order_relaxed);
    for (int f = 0; f < kFeatureCount; ++f) {
        const auto &edges = model.referenceBins[f].edges;
        auto &inner = m_innerEdges[f];
        inner.fill(kInf);
        for (std::size_t i = 1; i + 1 < edges.size(); ++i)
            inner[i - 1] = edges[i];
    }
}

DriftMonitor::~DriftMonitor() = default;

std::uint64_t DriftMonitor::stampNow() const noexcept
{
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - m_start)
                        .count();
    return (std::uint64_t(ns) >> kStampShift) & kStampMask;
}

void DriftMonitor::record(int label, const std::array<double, kFeatureCount> &x) noexcept
{
    if (label < 0 || label >= kClassCount)
        return;
    std::uint64_t payload = std::uint64_t(label);
    for (int f = 0; f < kFeatureCount; ++f) {
        // Counting the inner edges below the value folds values outside the training range
        // into the outermost bins, as the console's compareFeature() does with Prometheus
        // buckets, so both compute the same PSI for the same window.
        std::uint64_t bin = 0;
        for (const double edge : m_innerEdges[f])
            bin += x[f] > edge ? 1 : 0;
        payload |= bin << (kClassBits + kBinBits * f);
    }
    // 0 marks an empty slot, so stamps start at 1.
    const std::uint64_t stamp = std::max<std::uint64_t>(stampNow(), 1);

    if (t_driftTicket == std::size_t(-1))
        t_driftTicket = g_nextDriftTicket.fetch_add(1, std::memory_order_relaxed);
    const std::size_t shard = t_driftTicket % m_shardCount;
    // 32-bit position: its wrap after 4 billion records moves the ring's cursor once, which only
    // overwrites a record slightly younger than the oldest.
    const std::uint32_t pos = m_heads[shard].next.fetch_add(1, std::memory_order_relaxed);
    m_slots[shard * m_shardStride + pos % std::uint32_t(m_capacity)].store(
        (stamp << kPayloadBits) | payload, std::memory_order_relaxed);
}

DriftSnapshot DriftMonitor::snapshot() const
{
    struct Entry {
        std::uint64_t age;
        std::uint64_t payload;
    };
    std::vector<Entry> entries;
    entries.reserve(m_capacity * std::min<std::size_t>(m_shardCount, 4));
    std::vector<std::uint64_t> stamps;
    for (std::size_t s = 0; s < m_shardCount; ++s) {
        const std::atomic<std::uint64_t> *slots = m_slots.get() + s * m_shardStride;
        for (std::size_t i = 0; i < m_capacity; ++i) {
            const std::uint64_t v = slots[i].load(std::memory_order_relaxed);
            if (v != 0)
                entries.push_back({v >> kPayloadBits, v & kPayloadMask});
        }
    }
    // Read the clock after the slots: every record seen was stamped before now, so its age is
    // small and non-negative (modulo the stamp width).
    const std::uint64_t now = stampNow();
    for (Entry &e : entries)
        e.age = (now - e.age) & kStampMask;
    if (entries.size() > m_capacity) {
        const auto younger = [](const Entry &a, const Entry &b) { return a.age < b.age; };
        std::nth_element(entries.begin(), entries.begin() + std::ptrdiff_t(m_capacity),
                         entries.end(), younger);
        entries.resize(m_capacity);
    }

    DriftSnapshot snap;
    snap.windowSize = entries.size();
    snap.warm = snap.windowSize >= kWarmUp;
    for (int f = 0; f < kFeatureCount; ++f)
        snap.featureCounts[f].assign(m_model.referenceBins[f].proportions.size(), 0.0);
    for (const Entry &e : entries) {
        snap.classCounts[e.payload & ((1u << kClassBits) - 1)] += 1;
        for (int f = 0; f < kFeatureCount; ++f) {
            const std::size_t bin = (e.payload >> (kClassBits + kBinBits * f)) & kBinMask;
            snap.featureCounts[f][bin] += 1;
        }
    }
    for (int f = 0; f < kFeatureCount; ++f)
        snap.psi[f] = snap.warm ? vitals::drift::psi(m_model.referenceBins[f].proportions,
                                                     snap.featureCounts[f])
                                      .value
                                : vitals::drift::kNoValue;
    snap.predictionJs =
        snap.warm
            ? vitals::drift::jensenShannonDistance(m_model.classPriors, snap.classCounts).value
            : vitals::drift::kNoValue;
    return snap;
}

void DriftMonitor::expose(Exposition &out) const
{
    const DriftSnapshot snap = snapshot();
    const std::string window = std::to_string(m_capacity);
    const std::string warmUp = std::to_string(kWarmUp);

    out.family("iris_feature_drift_psi", "gauge",
               "Population stability index of each input feature over the last " + window
                   + " predictions against the training data's reference bins; NaN until the "
                     "window holds "
                   + warmUp + " predictions.");
    for (int f = 0; f < kFeatureCount; ++f)
        out.sample("iris_feature_drift_psi", {},
                   {{"feature", m_model.featureNames[f].toStdString()}}, snap.psi[f]);

    out.family("iris_prediction_drift_js", "gauge",
               "Jensen-Shannon distance (base 2) between the predicted class mix of the last "
                   + window
                   + " predictions and the training class priors; NaN until the window "
                     "holds "
                   + warmUp + " predictions.");
    out.sample("iris_prediction_drift_js", {}, {}, snap.predictionJs);

    out.family("iris_drift_window_size", "gauge",
               "Predictions in the drift window (at most " + window + ").");
    out.sample("iris_drift_window_size", {}, {}, double(snap.windowSize));

    out.family("iris_model_class_prior", "gauge",
               "Share of each class in the model's training data.");
    for (int c = 0; c < kClassCount; ++c)
        out.sample("iris_model_class_prior", {}, {{"class", m_model.classNames[c].toStdString()}},
                   m_model.classPriors[c]);

    out.family("iris_feature_reference_proportion", "gauge",
               "Share of the training data in each bucket of iris_feature_value; bucket_le is "
               "that bucket's le bound. Not cumulative.");
    for (int f = 0; f < kFeatureCount; ++f) {
        const auto &bins = m_model.referenceBins[f];
        const std::string feature = m_model.featureNames[f].toStdString();
        // Bucket le = edges[0] is empty: the model card counts the training minimum in bin 0,
        // whose upper bound is edges[1].
        for (std::size_t b = 0; b <= bins.edges.size(); ++b) {
            const double share = b == 0 || b == bins.edges.size() ? 0.0 : bins.proportions[b - 1];
            const std::string le = b < bins.edges.size() ? formatNumber(bins.edges[b]) : "+Inf";
            out.sample("iris_feature_reference_proportion", {},
                       {{"feature", feature}, {"bucket_le", le}}, share);
        }
    }
}

} // namespace iris

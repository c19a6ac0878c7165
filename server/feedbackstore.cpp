#include "server/feedbackstore.h"

#include "server/metrics.h"

#include <charconv>
#include <random>

namespace iris {

namespace {

constexpr std::uint64_t kLabelled = 1u << 2;
constexpr std::uint64_t kClassMask = 3;
constexpr int kStampShift = 3;

} // namespace

std::string_view FeedbackStore::reasonName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Joined:
        return "";
    case Outcome::Unknown:
        return "unknown";
    case Outcome::Expired:
        return "expired";
    case Outcome::Evicted:
        return "evicted";
    case Outcome::Duplicate:
        return "duplicate";
    }
    return "";
}

std::unique_ptr<FeedbackStore> FeedbackStore::create(std::size_t capacity,
                                                     std::chrono::seconds maxAge,
                                                     std::string *error,
                                                     std::optional<std::uint32_t> epoch)
{
    if (capacity < kMinCapacity || capacity > kMaxCapacity) {
        if (error)
            *error = "the feedback store must hold " + std::to_string(kMinCapacity) + " to "
                     + std::to_string(kMaxCapacity) + " predictions";
        return nullptr;
    }
    if (maxAge.count() <= 0) {
        if (error)
            *error = "the feedback age limit must be at least one second";
        return nullptr;
    }
    return std::unique_ptr<FeedbackStore>(new FeedbackStore(
        capacity, maxAge, epoch ? *epoch : std::uint32_t(std::random_device{}())));
}

FeedbackStore::FeedbackStore(std::size_t capacity, std::chrono::seconds maxAge, std::uint32_t epoch)
    : m_capacity(capacity)
    , m_maxAgeMicros(std::uint64_t(maxAge.count()) * 1000000u)
    , m_epoch(epoch)
    , m_start(std::chrono::steady_clock::now())
    , m_slots(std::make_unique<Slot[]>(capacity))
{}

FeedbackStore::~FeedbackStore() = default;

std::uint64_t FeedbackStore::nowMicros() const noexcept
{
    return std::uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::steady_clock::now() - m_start)
                             .count());
}

std::uint64_t FeedbackStore::issue(std::uint32_t count) noexcept
{
    return m_next.fetch_add(count, std::memory_order_relaxed);
}

void FeedbackStore::record(std::uint64_t sequence, int label) noexcept
{
    Slot &slot = m_slots[sequence % m_capacity];
    // Seqlock: the slot reads as empty while its data changes, so a label can never be joined
    // with half of one prediction and half of another.
    slot.sequence.store(0, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    slot.data.store((nowMicros() << kStampShift) | (std::uint64_t(label) & kClassMask),
                    std::memory_order_relaxed);
    slot.sequence.store(sequence + 1, std::memory_order_release);
}

std::size_t FeedbackStore::formatId(std::uint64_t sequence, char *out) const noexcept
{
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 8; ++i)
        out[i] = kHex[(m_epoch >> (28 - 4 * i)) & 0xf];
    out[8] = '-';
    const auto r = std::to_chars(out + 9, out + kMaxIdLength, sequence, 16);
    return std::size_t(r.ptr - out);
}

FeedbackStore::LabelResult FeedbackStore::label(std::string_view id, int actual) noexcept
{
    LabelResult result;
    auto refuse = [&](Outcome outcome) {
        result.outcome = outcome;
        m_outcomes[std::size_t(outcome)].fetch_add(1, std::memory_order_relaxed);
        return result;
    };
    std::uint32_t epoch = 0;
    std::uint64_t sequence = 0;
    if (id.size() < 10 || id.size() > kMaxIdLength || id[8] != '-'
        || std::from_chars(id.data(), id.data() + 8, epoch, 16).ptr != id.data() + 8
        || std::from_chars(id.data() + 9, id.data() + id.size(), sequence, 16).ptr
               != id.data() + id.size()
        || epoch != m_epoch || actual < 0 || actual >= kClassCount)
        return refuse(Outcome::Unknown);
    const std::uint64_t issued = m_next.load(std::memory_order_relaxed);
    if (sequence >= issued)
        return refuse(Outcome::Unknown);
    if (issued - sequence > m_capacity)
        return refuse(Outcome::Evicted);

    Slot &slot = m_slots[sequence % m_capacity];
    for (;;) {
        const std::uint64_t before = slot.sequence.load(std::memory_order_acquire);
        std::uint64_t data = slot.data.load(std::memory_order_acquire);
        std::atomic_thread_fence(std::memory_order_acquire);
        if (slot.sequence.load(std::memory_order_relaxed) != before)
            continue; // being rewritten: read again
        if (before != sequence + 1)
            // Overwritten by a newer prediction, or issued but not yet recorded.
            return refuse(before > sequence + 1 ? Outcome::Evicted : Outcome::Unknown);
        result.predicted = int(data & kClassMask);
        const std::uint64_t stamp = data >> kStampShift;
        const std::uint64_t now = nowMicros();
        if (now > stamp && now - stamp > m_maxAgeMicros)
            return refuse(Outcome::Expired);
        if (data & kLabelled)
            return refuse(Outcome::Duplicate);
        if (!slot.data.compare_exchange_strong(data, data | kLabelled, std::memory_order_acq_rel))
            continue; // labelled or rewritten meanwhile: decide again
        result.outcome = Outcome::Joined;
        result.delaySeconds = now > stamp ? double(now - stamp) / 1e6 : 0.0;
        break;
    }
    m_outcomes[std::size_t(Outcome::Joined)].fetch_add(1, std::memory_order_relaxed);
    m_joined[std::size_t(result.predicted * kClassCount + actual)].fetch_add(
        1, std::memory_order_relaxed);
    std::size_t bucket = 0;
    while (bucket < kDelayBuckets.size() && result.delaySeconds > kDelayBuckets[bucket])
        ++bucket;
    m_delayBuckets[bucket].fetch_add(1, std::memory_order_relaxed);
    m_delaySumMicros.fetch_add(std::uint64_t(result.delaySeconds * 1e6), std::memory_order_relaxed);
    return result;
}

void FeedbackStore::expose(Exposition &out, const Model &model) const
{
    std::array<std::string, kClassCount> names;
    for (int c = 0; c < kClassCount; ++c)
        names[std::size_t(c)] = model.classNames.value(c).toStdString();

    out.family("iris_feedback_total", "counter",
               "Labels (POST /feedback) joined with the prediction they are for: a confusion "
               "matrix, predicted class by actual class.");
    std::uint64_t correct = 0, total = 0;
    for (int p = 0; p < kClassCount; ++p)
        for (int a = 0; a < kClassCount; ++a) {
            const std::uint64_t n =
                m_joined[std::size_t(p * kClassCount + a)].load(std::memory_order_relaxed);
            total += n;
            if (p == a)
                correct += n;
            out.sample("iris_feedback_total", {},
                       {{"predicted", names[std::size_t(p)]}, {"actual", names[std::size_t(a)]}},
                       double(n));
        }
    out.family("iris_feedback_correct_total", "counter",
               "Labels that agree with the prediction they are for.");
    out.sample("iris_feedback_correct_total", {}, {}, double(correct));

    out.family("iris_feedback_delay_seconds", "histogram",
               "Time from a prediction to its label, in seconds.");
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kDelayBuckets.size(); ++b) {
        cumulative += m_delayBuckets[b].load(std::memory_order_relaxed);
        out.sample("iris_feedback_delay_seconds", "_bucket", {}, double(cumulative),
                   formatNumber(kDelayBuckets[b]));
    }
    cumulative += m_delayBuckets[kDelayBuckets.size()].load(std::memory_order_relaxed);
    out.sample("iris_feedback_delay_seconds", "_bucket", {}, double(cumulative), "+Inf");
    out.sample("iris_feedback_delay_seconds", "_sum", {},
               double(m_delaySumMicros.load(std::memory_order_relaxed)) / 1e6);
    out.sample("iris_feedback_delay_seconds", "_count", {}, double(cumulative));

    out.family("iris_feedback_unmatched_total", "counter",
               "Labels refused: unknown id (404), expired (older than the age limit, 404), "
               "evicted (pushed out of the store by newer predictions, 404), duplicate (the "
               "prediction already has a label, 409).");
    for (Outcome o : {Outcome::Unknown, Outcome::Expired, Outcome::Evicted, Outcome::Duplicate})
        out.sample("iris_feedback_unmatched_total", {}, {{"reason", reasonName(o)}},
                   double(m_outcomes[std::size_t(o)].load(std::memory_order_relaxed)));

    const std::uint64_t issued = m_next.load(std::memory_order_relaxed);
    out.family("iris_feedback_store_predictions", "gauge",
               "Predictions kept for their labels (at most the store's capacity).");
    out.sample("iris_feedback_store_predictions", {}, {},
               double(std::min<std::uint64_t>(issued, m_capacity)));
    out.family("iris_feedback_store_capacity", "gauge",
               "Predictions the feedback store holds at most (iris-server --feedback-capacity).");
    out.sample("iris_feedback_store_capacity", {}, {}, double(m_capacity));
    out.family("iris_feedback_store_evictions_total", "counter",
               "Predictions pushed out of the feedback store by newer ones.");
    out.sample("iris_feedback_store_evictions_total", {}, {},
               double(issued > m_capacity ? issued - m_capacity : 0));
}

} // namespace iris

#pragma once

#include "server/model.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace iris {

class Exposition;

// Ground truth: the predictions iris-server made recently, kept so that a label arriving later
// (POST /feedback) can be joined with what the model answered.
//
// Every prediction gets an id, `<8 hex digits of this process>-<sequence number in hex>`, e.g.
// "9f1c2a7b-1a". The store is a ring of `capacity` slots indexed by the sequence number, so it is
// bounded by size (the oldest prediction makes room for the newest: "evicted") and by age (a
// label for a prediction older than `maxAge` is refused: "expired"). A prediction takes one
// label; a second one is refused ("duplicate").
//
// Exposed metrics (expose()):
//   iris_feedback_total{predicted,actual}   counter, labels joined: a confusion matrix
//   iris_feedback_correct_total             counter, labels that agree with the prediction
//   iris_feedback_delay_seconds             histogram, time from prediction to label
//   iris_feedback_unmatched_total{reason}   counter, labels refused: unknown, expired,
//                                           evicted, duplicate
//   iris_feedback_store_predictions         gauge, predictions held (at most the capacity)
//   iris_feedback_store_capacity            gauge
//   iris_feedback_store_evictions_total     counter, predictions pushed out by newer ones
//
// Threading: issue() and record() are wait-free (one atomic add; three atomic stores per
// prediction, a seqlock per slot) and run on the request threads' hot path; label() may run on
// any number of threads and takes no lock either (a compare-and-swap marks a slot labelled, so
// two labels racing for one prediction cannot both win). expose() runs on the scrape thread.
class FeedbackStore
{
public:
    static constexpr std::size_t kDefaultCapacity = 100000;
    static constexpr std::size_t kMinCapacity = 1;
    static constexpr std::size_t kMaxCapacity = 10000000;
    static constexpr std::chrono::seconds kDefaultMaxAge{3600};
    static constexpr std::size_t kMaxIdLength = 32;
    // Bounds of iris_feedback_delay_seconds, in seconds.
    static constexpr std::array<double, 12> kDelayBuckets = {0.5, 1,   2,   5,   10,   30,
                                                             60,  120, 300, 600, 1800, 3600};

    enum class Outcome { Joined, Unknown, Expired, Evicted, Duplicate };
    static std::string_view reasonName(Outcome outcome); // "unknown", … ("" for Joined)

    struct LabelResult {
        Outcome outcome = Outcome::Unknown;
        int predicted = -1;      // the class the model answered (when the id was found)
        double delaySeconds = 0; // from the prediction to this label (Joined only)
    };

    // capacity: kMinCapacity … kMaxCapacity predictions; maxAge > 0. Returns nullptr and sets
    // `error` otherwise.
    // `epoch`: the process part of the ids, random when not given (tests fix it).
    static std::unique_ptr<FeedbackStore> create(std::size_t capacity, std::chrono::seconds maxAge,
                                                 std::string *error,
                                                 std::optional<std::uint32_t> epoch = {});
    ~FeedbackStore();
    FeedbackStore(const FeedbackStore &) = delete;
    FeedbackStore &operator=(const FeedbackStore &) = delete;

    // Reserves `count` consecutive sequence numbers and returns the first.
    std::uint64_t issue(std::uint32_t count) noexcept;
    // Keeps prediction `sequence` (from issue()) of class `label` (0 … kClassCount-1).
    void record(std::uint64_t sequence, int label) noexcept;
    // Writes the id of `sequence` into `out` (at least kMaxIdLength bytes); returns its length.
    std::size_t formatId(std::uint64_t sequence, char *out) const noexcept;

    // Joins a label (class 0 … kClassCount-1) with the prediction `id` and counts it.
    LabelResult label(std::string_view id, int actual) noexcept;

    void expose(Exposition &out, const Model &model) const;

    std::size_t capacity() const noexcept { return m_capacity; }

private:
    struct Slot {
        std::atomic<std::uint64_t> sequence{0}; // sequence + 1; 0 = empty or being written
        std::atomic<std::uint64_t> data{0};     // stamp (µs) << 3 | labelled << 2 | class
    };

    FeedbackStore(std::size_t capacity, std::chrono::seconds maxAge, std::uint32_t epoch);
    std::uint64_t nowMicros() const noexcept;

    std::size_t m_capacity;
    std::uint64_t m_maxAgeMicros;
    std::uint32_t m_epoch; // this process's part of every id
    std::chrono::steady_clock::time_point m_start;
    std::unique_ptr<Slot[]> m_slots;
    alignas(64) std::atomic<std::uint64_t> m_next{0};
    alignas(64) std::array<std::atomic<std::uint64_t>, kClassCount * kClassCount> m_joined{};
    std::array<std::atomic<std::uint64_t>, kDelayBuckets.size() + 1> m_delayBuckets{};
    std::atomic<std::uint64_t> m_delaySumMicros{0};
    std::array<std::atomic<std::uint64_t>, 5> m_outcomes{};
};

} // namespace iris

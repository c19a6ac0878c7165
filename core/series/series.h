#pragma once

#include "core/series/labelset.h"

#include <QtGlobal>

#include <cstddef>
#include <limits>
#include <vector>

namespace vitals::series {

// One decoded time series: its labels and its samples in time order.
//
// Timestamps are milliseconds since the Unix epoch (qint64), as Prometheus stores them
// internally; the API's float seconds are rounded to the nearest millisecond when decoded.
// Values are doubles and may be NaN, +Inf or -Inf exactly as the server sent them.
//
// Samples live in two contiguous arrays (16 bytes per sample plus the arrays' unused capacity;
// the decoder reserves exact sizes). Samples must be appended in strictly increasing time order;
// append() ignores (and counts as rejected) a sample that is not newer than the last one, so the
// arrays always stay sorted and look-ups can use binary search.
//
// The range of values (min/max) is cached and kept up to date by append(); NaN samples are not
// part of it, infinities are. Plain data: no QObject, no locking.
//
// Move-only: a series can hold hundreds of thousands of samples, so copying one is a decision
// the code states with clone(), never something an `auto` or a by-value parameter does silently
// (as PlotJuggler's PlotDataBase does).
class Series
{
public:
    Series() = default;
    explicit Series(LabelSet labels)
        : m_labels(std::move(labels))
    {}
    Series(Series &&) noexcept = default;
    Series &operator=(Series &&) noexcept = default;
    Series(const Series &) = delete;
    Series &operator=(const Series &) = delete;
    ~Series() = default;

    // A deep copy: labels, samples (capacity trimmed to size), cached range and rejected count.
    Series clone() const;

    const LabelSet &labels() const { return m_labels; }
    void setLabels(LabelSet labels) { m_labels = std::move(labels); }

    void reserve(std::size_t samples);
    // Releases capacity beyond size(): one copy when there is any, nothing otherwise.
    void squeeze();
    // Returns false (and stores nothing) when tMs is not after the last timestamp.
    bool append(qint64 tMs, double value);
    void clear();

    std::size_t size() const { return m_t.size(); }
    bool isEmpty() const { return m_t.empty(); }
    const std::vector<qint64> &timestampsMs() const { return m_t; }
    const std::vector<double> &values() const { return m_v; }
    qint64 timestampAt(std::size_t i) const { return m_t[i]; }
    double value(std::size_t i) const { return m_v[i]; }

    // Time span covered; both 0 when empty.
    qint64 firstTimestampMs() const { return m_t.empty() ? 0 : m_t.front(); }
    qint64 lastTimestampMs() const { return m_t.empty() ? 0 : m_t.back(); }

    // Smallest and largest non-NaN value; NaN when there is none.
    double minValue() const { return m_min <= m_max ? m_min : qQNaN(); }
    double maxValue() const { return m_min <= m_max ? m_max : qQNaN(); }

    // Index of the last sample at or before tMs, or -1 when every sample is later. O(log n).
    std::ptrdiff_t indexAtOrBefore(qint64 tMs) const;
    // Index of the first sample at or after tMs, or -1 when every sample is earlier. O(log n).
    std::ptrdiff_t indexAtOrAfter(qint64 tMs) const;
    // The value in effect at tMs: that of the last sample at or before tMs (a step function,
    // like a chart tooltip reads it), or NaN before the first sample or when the last sample is
    // older than maxAgeMs (pass -1 for no limit).
    double valueAt(qint64 tMs, qint64 maxAgeMs = -1) const;

    // Bytes held by this series' sample arrays (capacity, not just size) plus the object itself;
    // the shared, interned labels are not counted.
    std::size_t memoryBytes() const;

    // Samples refused by append() because they were out of order or duplicated.
    std::size_t rejectedCount() const { return m_rejected; }

private:
    LabelSet m_labels;
    std::vector<qint64> m_t;
    std::vector<double> m_v;
    // +inf/−inf until a non-NaN value arrives (then m_min <= m_max).
    double m_min = std::numeric_limits<double>::infinity();
    double m_max = -std::numeric_limits<double>::infinity();
    std::size_t m_rejected = 0;
};

// Inline: the decoder calls it once per sample.
inline bool Series::append(qint64 tMs, double value)
{
    if (!m_t.empty() && tMs <= m_t.back()) {
        ++m_rejected;
        return false;
    }
    m_t.push_back(tMs);
    m_v.push_back(value);
    // A NaN compares false both ways, so it never moves the range; written as selects, this
    // compiles to branch-free minsd/maxsd.
    m_min = value < m_min ? value : m_min;
    m_max = value > m_max ? value : m_max;
    return true;
}

// A result of several series, in the order the server sent them. Move-only like Series; copy
// one with clone().
using SeriesList = std::vector<Series>;

// A deep copy of every series of `list`, in order.
SeriesList clone(const SeriesList &list);

// Total sample count and memory of a list (see Series::memoryBytes()).
std::size_t sampleCount(const SeriesList &list);
std::size_t memoryBytes(const SeriesList &list);

} // namespace vitals::series

#include "core/series/series.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vitals::series {

Series Series::clone() const
{
    Series copy(m_labels);
    copy.m_t = m_t;
    copy.m_v = m_v;
    copy.m_min = m_min;
    copy.m_max = m_max;
    copy.m_rejected = m_rejected;
    return copy;
}

void Series::reserve(std::size_t samples)
{
    m_t.reserve(samples);
    m_v.reserve(samples);
}

void Series::squeeze()
{
    m_t.shrink_to_fit();
    m_v.shrink_to_fit();
}

void Series::clear()
{
    m_t.clear();
    m_v.clear();
    m_min = std::numeric_limits<double>::infinity();
    m_max = -std::numeric_limits<double>::infinity();
    m_rejected = 0;
}

std::ptrdiff_t Series::indexAtOrBefore(qint64 tMs) const
{
    auto it = std::upper_bound(m_t.begin(), m_t.end(), tMs);
    if (it == m_t.begin())
        return -1;
    return std::distance(m_t.begin(), it) - 1;
}

std::ptrdiff_t Series::indexAtOrAfter(qint64 tMs) const
{
    auto it = std::lower_bound(m_t.begin(), m_t.end(), tMs);
    if (it == m_t.end())
        return -1;
    return std::distance(m_t.begin(), it);
}

double Series::valueAt(qint64 tMs, qint64 maxAgeMs) const
{
    const std::ptrdiff_t i = indexAtOrBefore(tMs);
    if (i < 0)
        return qQNaN();
    if (maxAgeMs >= 0 && tMs - m_t[std::size_t(i)] > maxAgeMs)
        return qQNaN();
    return m_v[std::size_t(i)];
}

std::size_t Series::memoryBytes() const
{
    return sizeof(Series) + m_t.capacity() * sizeof(qint64) + m_v.capacity() * sizeof(double);
}

SeriesList clone(const SeriesList &list)
{
    SeriesList out;
    out.reserve(list.size());
    for (const Series &s : list)
        out.push_back(s.clone());
    return out;
}

std::size_t sampleCount(const SeriesList &list)
{
    std::size_t n = 0;
    for (const Series &s : list)
        n += s.size();
    return n;
}

std::size_t memoryBytes(const SeriesList &list)
{
    std::size_t n = list.capacity() * sizeof(Series) - list.size() * sizeof(Series);
    for (const Series &s : list)
        n += s.memoryBytes();
    return n;
}

} // namespace vitals::series

#include "server/gaugefamily.h"

namespace iris {

GaugeFamily::GaugeFamily(std::string name, std::string help, std::string labelName,
                         std::vector<std::string> labelValues)
    : m_name(std::move(name))
    , m_help(std::move(help))
    , m_labelName(std::move(labelName))
    , m_labelValues(std::move(labelValues))
{
    if (m_labelName.empty())
        m_labelValues.assign(1, std::string());
    m_values = std::make_unique<std::atomic<double>[]>(m_labelValues.size());
    for (std::size_t i = 0; i < m_labelValues.size(); ++i)
        m_values[i].store(0.0, std::memory_order_relaxed);
}

void GaugeFamily::set(std::size_t index, double value) noexcept
{
    if (index < m_labelValues.size())
        m_values[index].store(value, std::memory_order_relaxed);
}

double GaugeFamily::value(std::size_t index) const noexcept
{
    return index < m_labelValues.size() ? m_values[index].load(std::memory_order_relaxed) : 0.0;
}

void GaugeFamily::expose(Exposition &out) const
{
    out.family(m_name, "gauge", m_help);
    for (std::size_t i = 0; i < m_labelValues.size(); ++i) {
        if (m_labelName.empty())
            out.sample(m_name, {}, {}, value(i));
        else
            out.sample(m_name, {}, {{m_labelName, m_labelValues[i]}}, value(i));
    }
}

} // namespace iris

#pragma once

#include "server/exposition.h"

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace iris {

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

} // namespace iris

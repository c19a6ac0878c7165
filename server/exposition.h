#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace iris {

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

} // namespace iris

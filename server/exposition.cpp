#include "server/exposition.h"

#include <charconv>
#include <cmath>

namespace iris {

namespace {

void appendNumber(std::string &out, double v)
{
    if (std::isnan(v)) {
        out.append("NaN");
    } else if (std::isinf(v)) {
        out.append(v > 0 ? "+Inf" : "-Inf");
    } else {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
    }
}

void appendEscaped(std::string &out, std::string_view value)
{
    for (const char c : value) {
        if (c == '\\')
            out.append("\\\\");
        else if (c == '"')
            out.append("\\\"");
        else if (c == '\n')
            out.append("\\n");
        else
            out.push_back(c);
    }
}

} // namespace

std::string formatNumber(double value)
{
    std::string s;
    appendNumber(s, value);
    return s;
}

void Exposition::family(std::string_view name, std::string_view type, std::string_view help)
{
    m_out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ");
    m_out.append(name).append(" ").append(type).append("\n");
}

void Exposition::sample(std::string_view name, std::string_view suffix,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> labels,
                        double value, std::string_view le)
{
    m_out.append(name).append(suffix);
    if (labels.size() || !le.empty()) {
        m_out.push_back('{');
        bool first = true;
        for (const auto &[k, v] : labels) {
            if (!first)
                m_out.push_back(',');
            first = false;
            m_out.append(k).append("=\"");
            appendEscaped(m_out, v);
            m_out.push_back('"');
        }
        if (!le.empty()) {
            if (!first)
                m_out.push_back(',');
            m_out.append("le=\"").append(le).push_back('"');
        }
        m_out.push_back('}');
    }
    m_out.push_back(' ');
    appendNumber(m_out, value);
    m_out.push_back('\n');
}

} // namespace iris

#pragma once

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace iris {

// Appends JSON fragments to a std::string without intermediate allocations. Numbers use the
// shortest representation that reads back to the same value; non-finite numbers become null
// (JSON has no NaN). Strings are escaped per RFC 8259. Not thread-safe; one per response.
class JsonWriter
{
public:
    explicit JsonWriter(std::string &out) : m_out(out) {}

    void raw(std::string_view text) { m_out.append(text); }
    void string(std::string_view text)
    {
        m_out.push_back('"');
        for (const char c : text) {
            switch (c) {
            case '"': m_out.append("\\\""); break;
            case '\\': m_out.append("\\\\"); break;
            case '\n': m_out.append("\\n"); break;
            case '\r': m_out.append("\\r"); break;
            case '\t': m_out.append("\\t"); break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    static constexpr char hex[] = "0123456789abcdef";
                    m_out.append("\\u00");
                    m_out.push_back(hex[(c >> 4) & 0xf]);
                    m_out.push_back(hex[c & 0xf]);
                } else {
                    m_out.push_back(c);
                }
            }
        }
        m_out.push_back('"');
    }
    void number(double v)
    {
        if (!std::isfinite(v)) {
            m_out.append("null");
            return;
        }
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, r.ptr);
    }
    void number(float v)
    {
        if (!std::isfinite(v)) {
            m_out.append("null");
            return;
        }
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, r.ptr);
    }
    void integer(long long v)
    {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, r.ptr);
    }
    template<typename Range>
    void numbers(const Range &values)
    {
        m_out.push_back('[');
        bool first = true;
        for (const auto v : values) {
            if (!first)
                m_out.push_back(',');
            first = false;
            number(v);
        }
        m_out.push_back(']');
    }

private:
    std::string &m_out;
};

} // namespace iris

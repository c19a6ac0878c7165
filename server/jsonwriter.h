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
    explicit JsonWriter(std::string &out)
        : m_out(out)
    {}

    void raw(std::string_view text) { m_out.append(text); }
    // Bytes that are not valid UTF-8 (a request target may hold any byte) become U+FFFD, so
    // the output is always valid JSON.
    void string(std::string_view text)
    {
        m_out.push_back('"');
        for (std::size_t i = 0; i < text.size();) {
            const char c = text[i];
            if (static_cast<unsigned char>(c) >= 0x80) {
                const std::size_t n = utf8SequenceLength(text.substr(i));
                if (n == 0) {
                    m_out.append("\\ufffd");
                    ++i;
                } else {
                    m_out.append(text.substr(i, n));
                    i += n;
                }
                continue;
            }
            ++i;
            switch (c) {
            case '"':
                m_out.append("\\\"");
                break;
            case '\\':
                m_out.append("\\\\");
                break;
            case '\n':
                m_out.append("\\n");
                break;
            case '\r':
                m_out.append("\\r");
                break;
            case '\t':
                m_out.append("\\t");
                break;
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
    template<typename Range> void numbers(const Range &values)
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
    // Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
    // at most U+10FFFF) at the start of `s`, whose first byte is >= 0x80; 0 when ill-formed.
    static std::size_t utf8SequenceLength(std::string_view s) noexcept
    {
        const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
        const unsigned char lead = b(0);
        std::size_t n = 0;
        unsigned char lo = 0x80, hi = 0xbf; // allowed range of the second byte
        if (lead >= 0xc2 && lead <= 0xdf) {
            n = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            n = 3;
            lo = lead == 0xe0 ? 0xa0 : 0x80;
            hi = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            n = 4;
            lo = lead == 0xf0 ? 0x90 : 0x80;
            hi = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (s.size() < n || b(1) < lo || b(1) > hi)
            return 0;
        for (std::size_t i = 2; i < n; ++i)
            if (b(i) < 0x80 || b(i) > 0xbf)
                return 0;
        return n;
    }

    std::string &m_out;
};

} // namespace iris

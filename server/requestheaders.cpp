#include "server/requestheaders.h"

#include <cstddef>

namespace iris {

namespace {

bool isDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

char lower(char c) noexcept
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool equalsNoCase(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) noexcept
{
    return s.size() >= prefix.size() && equalsNoCase(s.substr(0, prefix.size()), prefix);
}

std::string_view trimmed(std::string_view s) noexcept
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// 1 to `maxDigits` decimal digits whose value is at most `max`.
bool isNumber(std::string_view s, std::size_t maxDigits, unsigned max) noexcept
{
    if (s.empty() || s.size() > maxDigits)
        return false;
    unsigned value = 0;
    for (char c : s) {
        if (!isDigit(c))
            return false;
        value = value * 10 + unsigned(c - '0');
    }
    return value <= max;
}

// Only the first octet decides whether an address is in 127.0.0.0/8; it must be written "127",
// so octal or hexadecimal spellings that some resolvers accept never pass.
bool isLoopbackIpv4(std::string_view s) noexcept
{
    if (s.substr(0, 4) != "127.")
        return false;
    s.remove_prefix(4);
    for (int part = 0; part < 3; ++part) {
        const std::size_t dot = s.find('.');
        const bool last = part == 2;
        if (last != (dot == std::string_view::npos))
            return false;
        if (!isNumber(s.substr(0, dot), 3, 255))
            return false;
        if (!last)
            s.remove_prefix(dot + 1);
    }
    return true;
}

} // namespace

bool isLoopbackHost(std::string_view host) noexcept
{
    host = trimmed(host);
    std::string_view name = host;
    std::string_view port;
    bool hasPort = false;
    if (!host.empty() && host.front() == '[') {
        const std::size_t close = host.find(']');
        if (close == std::string_view::npos)
            return false;
        name = host.substr(0, close + 1);
        const std::string_view rest = host.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                return false;
            hasPort = true;
            port = rest.substr(1);
        }
    } else if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
        name = host.substr(0, colon);
        hasPort = true;
        port = host.substr(colon + 1);
    }
    if (hasPort && !isNumber(port, 5, 65535))
        return false;
    return name == "[::1]" || equalsNoCase(name, "localhost") || isLoopbackIpv4(name);
}

bool isLoopbackOrigin(std::string_view origin) noexcept
{
    origin = trimmed(origin);
    for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")})
        if (startsWithNoCase(origin, scheme))
            return isLoopbackHost(origin.substr(scheme.size()))
                   && origin.substr(scheme.size()).find_first_of(" \t") == std::string_view::npos;
    return false;
}

bool isJsonMediaType(std::string_view contentType) noexcept
{
    const std::size_t semicolon = contentType.find(';');
    return equalsNoCase(trimmed(contentType.substr(0, semicolon)), "application/json");
}

} // namespace iris

#pragma once

#include "server/router.h"

#include <boost/beast/http/field.hpp>

#include <string_view>

// Checks of the request headers that guard /admin/faults against web pages: a page in a browser
// on the same machine can reach 127.0.0.1, but it cannot choose the Host or Origin its browser
// sends, nor send a JSON Content-Type cross-origin without a CORS preflight. Pure functions,
// thread-safe; they accept only the spellings listed and refuse everything else.
namespace iris {

// A Host header naming this machine: 127.0.0.0/8 as a dotted quad, "localhost" (any case) or
// "[::1]", each with an optional ":port" (1 to 5 digits, at most 65535).
// "127.0.0.1:8000" and "localhost" pass; "evil.example", "localhost.", "127.0.0.1.nip.io" and ""
// do not.
bool isLoopbackHost(std::string_view host) noexcept;

// An Origin header of a page served from this machine: "http://" or "https://" (any case)
// followed by what isLoopbackHost() accepts, nothing after it. "null" does not pass.
bool isLoopbackOrigin(std::string_view origin) noexcept;

// A Content-Type of JSON: the media type "application/json" (any case), optionally followed by
// ";" and parameters such as "charset=utf-8". "application/json-seq" and "text/plain" do not pass.
bool isJsonMediaType(std::string_view contentType) noexcept;

// Copies the Host, Origin and Content-Type headers of a Beast request (`fields`, for example
// `request.base()`) into `out`. The views point into `fields`, which must outlive their use.
template<class Fields> void copyCheckedHeaders(const Fields &fields, HttpRequest &out)
{
    auto copy = [&fields](boost::beast::http::field name, HeaderField &to) {
        to.count = int(fields.count(name));
        const auto it = fields.find(name);
        to.value = it == fields.end() ? std::string_view()
                                      : std::string_view(it->value().data(), it->value().size());
    };
    copy(boost::beast::http::field::host, out.host);
    copy(boost::beast::http::field::origin, out.origin);
    copy(boost::beast::http::field::content_type, out.contentType);
}

} // namespace iris

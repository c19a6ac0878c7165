// Fuzz target: iris-server request bodies through Router::handle(). The first byte picks the
// endpoint (/predict, /v2/models/iris/infer, /admin/faults by its value modulo 3; /feedback from
// 0xf0 on) and the request headers, the rest is the body.
#include "serverfixture.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>

namespace {

struct Headers {
    std::string_view host;
    std::string_view origin; // empty: no Origin header
    std::string_view contentType;
};

// Mostly what a legitimate client sends, so bodies reach the parser; from kFirstRefused on, one
// refused variant of each header the admin endpoint checks.
constexpr Headers kHeaders[] = {
    {"127.0.0.1:8000", "", "application/json"},
    {"localhost", "", "application/json; charset=utf-8"},
    {"[::1]:8000", "http://localhost:3000", "application/json"},
    {"127.0.0.1", "http://127.0.0.1:8000", "Application/JSON"},
    {"127.0.0.1:8000", "", "text/plain"},
    {"127.0.0.1:8000", "", "application/x-www-form-urlencoded"},
    {"127.0.0.1:8000", "https://evil.example", "application/json"},
    {"evil.example:8000", "", "application/json"},
};
constexpr std::size_t kFirstRefused = 4;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    static constexpr std::string_view kTargets[] = {"/predict", "/v2/models/iris/infer",
                                                    "/admin/faults"};
    ServerFixture &f = ServerFixture::instance();
    std::string body(reinterpret_cast<const char *>(data) + 1, size - 1);
    const std::size_t variant = (data[0] / 3) % std::size(kHeaders);
    const Headers &headers = kHeaders[variant];
    iris::HttpRequest request;
    request.method = "POST";
    request.target = data[0] >= 0xf0 ? std::string_view("/feedback") : kTargets[data[0] % 3];
    request.body = &body;
    request.host = {headers.host, 1};
    request.origin = {headers.origin, headers.origin.empty() ? 0 : 1};
    request.contentType = {headers.contentType, 1};
    iris::HttpResponse response;
    f.router->handle(request, response);
    f.checkResponse(response);
    if (request.target == "/admin/faults") {
        if (variant >= kFirstRefused)
            FUZZ_CHECK(response.status == 403 || response.status == 415,
                       "a refused Host, Origin or Content-Type was accepted");
        f.checkFaultsAndReset(response);
    }
    return 0;
}

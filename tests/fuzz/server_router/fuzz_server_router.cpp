// Fuzz target: iris-server request bodies through Router::handle(). The first byte picks the
// endpoint (/predict, /v2/models/iris/infer, /admin/faults), the rest is the body.
#include "serverfixture.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    static constexpr std::string_view kTargets[] = {"/predict", "/v2/models/iris/infer",
                                                    "/admin/faults"};
    ServerFixture &f = ServerFixture::instance();
    std::string body(reinterpret_cast<const char *>(data) + 1, size - 1);
    iris::HttpRequest request;
    request.method = "POST";
    request.target = kTargets[data[0] % 3];
    request.body = &body;
    iris::HttpResponse response;
    f.router->handle(request, response);
    f.checkResponse(response);
    if (request.target == "/admin/faults") {
        // Accepted settings must be within their documented ranges; then undo them so every
        // input starts from the same state.
        if (response.status == 200) {
            FUZZ_CHECK(f.faults.latencyMs() >= 0 && f.faults.latencyMs() <= 60000,
                       "latency outside 0…60000 ms");
            FUZZ_CHECK(f.faults.errorRate() >= 0 && f.faults.errorRate() <= 1,
                       "error rate outside 0…1");
        }
        f.faults.setLatencyMs(0);
        f.faults.setErrorRate(0);
    }
    return 0;
}

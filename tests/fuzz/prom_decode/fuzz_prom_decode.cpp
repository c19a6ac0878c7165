// Fuzz target: the Prometheus API decoders (core/prom/envelope.h) on arbitrary answers. The
// first byte picks the decoder and the HTTP status, the rest is the body.
#include "core/prom/envelope.h"
#include "fuzzcheck.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

using namespace vitals::prom;

namespace {

// A failed decode must say what went wrong in words; a successful one carries no error text.
void check(const ResultBase &r)
{
    if (r.ok())
        FUZZ_CHECK(r.error.message.isEmpty(), "a successful result with an error message");
    else
        FUZZ_CHECK(!r.error.message.isEmpty(), "an error without a message");
}

void checkSeries(const SeriesList &list)
{
    for (const Series &s : list) {
        for (std::size_t i = 1; i < s.size(); ++i)
            FUZZ_CHECK(s.timestampAt(i - 1) < s.timestampAt(i), "samples out of time order");
        FUZZ_CHECK(s.values().size() == s.size(), "as many values as timestamps");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    static constexpr int kStatuses[] = {200, 200, 400, 422, 503, 404, 500, 204};
    HttpResponse response;
    response.url = QUrl(QStringLiteral("http://127.0.0.1:9090/api/v1/query"));
    response.httpStatus = kStatuses[(data[0] >> 4) % 8];
    response.body = QByteArray(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    // Half the inputs get the spare capacity Transport keeps, so both the in-place and the
    // copying path of the decoder run.
    if (data[0] & 0x80)
        response.body.reserve(response.body.size() + kBodyPadding);
    switch (data[0] % 10) {
    case 0: {
        const QueryResult r = decodeQueryResponse(response);
        check(r);
        if (r.ok())
            checkSeries(r.matrix);
        break;
    }
    case 1: {
        const RangeResult r = decodeRangeResponse(response);
        check(r);
        if (r.ok())
            checkSeries(r.series);
        break;
    }
    case 2:
        check(decodeSeriesResponse(response));
        break;
    case 3:
        check(decodeStringListResponse(response));
        break;
    case 4:
        check(decodeMetadataResponse(response));
        break;
    case 5:
        check(decodeTargetsResponse(response));
        break;
    case 6:
        check(decodeRulesResponse(response));
        break;
    case 7:
        check(decodeAlertsResponse(response));
        break;
    case 8:
        check(decodeBuildInfoResponse(response));
        break;
    default:
        check(decodeEnvelopeOnly(response));
        break;
    }
    return 0;
}

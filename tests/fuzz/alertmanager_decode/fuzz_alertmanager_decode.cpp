// Fuzz target: the Alertmanager API v2 decoders (core/alertmanager/alertmanagerdecode.h) on
// arbitrary answers. The first byte picks the decoder and the HTTP status, the rest is the body.
#include "core/alertmanager/alertmanagerdecode.h"
#include "fuzzcheck.h"

#include <cstddef>
#include <cstdint>

using namespace vitals::alertmanager;

namespace {

void check(const vitals::prom::ResultBase &r)
{
    if (r.ok())
        FUZZ_CHECK(r.error.message.isEmpty(), "a successful result with an error message");
    else
        FUZZ_CHECK(!r.error.message.isEmpty(), "an error without a message");
}

void checkAlerts(const std::vector<Alert> &alerts)
{
    for (const Alert &a : alerts) {
        // What the view marks must agree with what Alertmanager said.
        FUZZ_CHECK(a.isSilenced() == !a.silencedBy.isEmpty(), "silenced without a silence");
        // Matching the alert's own labels exactly always succeeds.
        Silence exact;
        exact.matchers = matchersForLabels(a.labels);
        FUZZ_CHECK(a.labels.isEmpty() || exact.matches(a.labels), "exact matchers do not match");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    static constexpr int kStatuses[] = {200, 200, 400, 404, 500, 503, 200, 204};
    vitals::prom::HttpResponse response;
    response.url = QUrl(QStringLiteral("http://127.0.0.1:9093/api/v2/alerts"));
    response.httpStatus = kStatuses[(data[0] >> 4) % 8];
    response.body = QByteArray(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 6) {
    case 0: {
        const AlertsResult r = decodeAlerts(response);
        check(r);
        checkAlerts(r.alerts);
        break;
    }
    case 1: {
        const AlertGroupsResult r = decodeAlertGroups(response);
        check(r);
        for (const AlertGroup &g : r.groups)
            checkAlerts(g.alerts);
        break;
    }
    case 2: {
        const SilencesResult r = decodeSilences(response);
        check(r);
        for (const Silence &s : r.silences)
            FUZZ_CHECK(!r.ok() || !s.id.isEmpty(), "a silence without an id");
        break;
    }
    case 3:
        check(decodeCreateSilence(response));
        break;
    case 4:
        check(decodeExpireSilence(response));
        break;
    default:
        check(decodeStatus(response));
        break;
    }
    return 0;
}

// Fuzz target: the Vitals dashboard file parser (core/dashboard/dashboardfile.h). Any bytes
// give a dashboard or one error message, and an accepted dashboard round-trips.
#include "dashboardcheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace vitals::dashboard;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const LoadResult r = parseDashboard(bytes);
    if (r.ok())
        checkAcceptedDashboard(*r.dashboard);
    else
        FUZZ_CHECK(!r.error.isEmpty(), "a refused file without an error message");
    return 0;
}

// Fuzz target: the Grafana importer and openDashboard (core/dashboard/grafanaimport.h,
// dashboardfile.h). Whatever it imports must be a valid Vitals dashboard that round-trips.
#include "core/dashboard/grafanaimport.h"
#include "dashboardcheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace vitals::dashboard;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const GrafanaImport g = importGrafanaDashboard(bytes);
    if (g.ok())
        checkAcceptedDashboard(*g.dashboard);
    else
        FUZZ_CHECK(!g.error.isEmpty(), "a refused import without an error message");
    const OpenResult o = openDashboard(bytes);
    if (o.ok())
        checkAcceptedDashboard(*o.dashboard);
    else
        FUZZ_CHECK(!o.error.isEmpty(), "a refused file without an error message");
    return 0;
}

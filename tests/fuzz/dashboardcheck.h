#pragma once

#include "core/dashboard/dashboardfile.h"
#include "fuzzcheck.h"

// What every dashboard the console accepts must satisfy: it passes validateDashboard, and
// saving then reading it gives the same dashboard back (what the file format promises).
inline void checkAcceptedDashboard(const vitals::dashboard::Dashboard &d)
{
    using namespace vitals::dashboard;
    FUZZ_CHECK(validateDashboard(d).isEmpty(), "an accepted dashboard fails validateDashboard");
    const LoadResult again = parseDashboard(serializeDashboard(d));
    FUZZ_CHECK(again.ok(), "a saved dashboard does not read back");
    FUZZ_CHECK(*again.dashboard == d, "a saved dashboard reads back different");
}

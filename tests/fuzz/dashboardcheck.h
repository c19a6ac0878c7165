#pragma once

#include "core/dashboard/dashboardfile.h"
#include "fuzzcheck.h"

#include <QLoggingCategory>

// The importer logs one debug line per imported dashboard; at thousands of inputs a second
// that output is most of the run's cost, so the dashboard targets keep the console's own
// categories quiet (a refusal is checked through its message, not through the log).
inline const bool dashboardLogsQuiet = [] {
    QLoggingCategory::setFilterRules(QStringLiteral("vitals.*=false"));
    return true;
}();

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

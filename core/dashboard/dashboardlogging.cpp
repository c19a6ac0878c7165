#include "core/dashboard/dashboardlogging.h"

Q_LOGGING_CATEGORY(lcDashboard, "vitals.dashboard")

#pragma once

#include <QLoggingCategory>

// The dashboard module's logging category (STYLE.md rule 12): file load/save problems and
// Grafana import summaries. Enable with QT_LOGGING_RULES="vitals.dashboard.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcDashboard)

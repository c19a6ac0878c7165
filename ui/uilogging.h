#pragma once

#include <QLoggingCategory>

// The logging categories of ui: "vitals.ui" (the window and its pages: dashboards that do not
// load, connection changes) and "vitals.report" (report export).
// Enable with QT_LOGGING_RULES="vitals.ui.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcReport)

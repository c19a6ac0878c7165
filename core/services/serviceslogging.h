#pragma once

#include <QLoggingCategory>

// The logging category of core/services ("vitals.services"): requests of the pages' data
// services that failed. Enable with QT_LOGGING_RULES="vitals.services.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcServices)

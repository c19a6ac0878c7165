#pragma once

#include <QLoggingCategory>

// The logging category of core/prom ("vitals.prom"): requests, fallbacks, keychain notices.
// Enable with QT_LOGGING_RULES="vitals.prom.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcProm)

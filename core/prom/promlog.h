#pragma once

#include <QLoggingCategory>

// The logging category of core/prom ("vitals.prom"): requests, fallbacks, keychain notices.
Q_DECLARE_LOGGING_CATEGORY(lcProm)

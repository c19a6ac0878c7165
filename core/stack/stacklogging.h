#pragma once

#include <QLoggingCategory>

// The logging category of core/stack ("vitals.stack"): child processes started, stopped, crashed;
// readiness probes. Enable with QT_LOGGING_RULES="vitals.stack.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcStack)

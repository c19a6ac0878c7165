#pragma once

#include <QLoggingCategory>

// The logging category of the Iris inference server ("vitals.server"): one line per request
// when the access log is on (HttpServer options), accept failures. Enable debug output with
// QT_LOGGING_RULES="vitals.server.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcServer)

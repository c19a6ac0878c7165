#pragma once

#include <QLoggingCategory>

// The logging category of widgets ("vitals.widgets"): input a widget could not show.
// Enable with QT_LOGGING_RULES="vitals.widgets.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcWidgets)

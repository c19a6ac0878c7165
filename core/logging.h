#pragma once

#include <QLoggingCategory>

// One logging category per module of core (STYLE.md rule 12). Enable with
// QT_LOGGING_RULES="vitals.*.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcCore)

#include "ui/uilogging.h"

Q_LOGGING_CATEGORY(lcUi, "vitals.ui")
Q_LOGGING_CATEGORY(lcReport, "vitals.report")

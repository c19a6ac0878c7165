#include "core/stack/stacklogging.h"

Q_LOGGING_CATEGORY(lcStack, "vitals.stack")

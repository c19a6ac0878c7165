#include "core/prom/promlogging.h"

Q_LOGGING_CATEGORY(lcProm, "vitals.prom")

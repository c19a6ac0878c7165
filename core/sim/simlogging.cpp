#include "core/sim/simlogging.h"

Q_LOGGING_CATEGORY(lcSim, "vitals.sim")

#pragma once

#include <QLoggingCategory>

// The logging category of core/sim ("vitals.sim"): runs started and stopped, cycle phases, fault
// injection, refused labels. Enable with QT_LOGGING_RULES="vitals.sim.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcSim)

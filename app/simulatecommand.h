#pragma once

#include <QStringList>

namespace vitals {

// The headless traffic simulator:
//   vitals simulate --target URL [--target URL ...] --scenario NAME --duration 30s [--rate R]
//                   [--seed N] [--error-fraction F] [--drift-fraction F] [--max-in-flight N]
//                   [--latency-ms N]
// `arguments` as from QCoreApplication::arguments(): the program name first, then "simulate"
// (skipped when present). A QCoreApplication must exist; its event loop runs until the duration
// has passed and the last replies are in. Prints "sent N ok N failed N network-errors N" on
// stdout. Returns 0 when the run completed, 1 when no request got an HTTP answer, 2 on a usage
// error.
int runSimulateCommand(const QStringList &arguments);

} // namespace vitals

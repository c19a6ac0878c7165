#pragma once

namespace vitals {

// Makes SIGTERM, SIGINT and SIGHUP quit the application through its event loop (a self-pipe
// read by a QSocketNotifier), so destructors run and the local stack stops its children, instead
// of the process dying where it stands. Call once, after the QCoreApplication exists, from the
// GUI thread.
void quitOnTerminationSignals();

} // namespace vitals

#pragma once

#include <QString>

// `vitals FILE.vitals-snapshot [--screenshot PNG] [--window-size WxH]`: opens a snapshot
// (core/snapshot/snapshot.h) read-only in a SnapshotWindow, with no server. A file that does
// not read is refused with its error on stderr and exit code 2.
namespace vitals {

// Runs inside the QApplication main() created; returns the process exit code. With
// `screenshotPath`, saves a PNG once the panels are drawn and exits (0 saved, 1 not).
int runSnapshotViewer(const QString &path, const QString &screenshotPath,
                      const QString &windowSize);

} // namespace vitals

#pragma once

#include <QString>
#include <QStringList>

namespace vitals::testsupport {

// What a run of the `vitals` executable (VITALS_BIN_DIR/vitals) printed and returned.
struct VitalsRun {
    bool finished = false; // false: it did not exit within the timeout (then killed)
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs `vitals <args>` as a user would from a terminal with no display (DISPLAY,
// WAYLAND_DISPLAY and QT_QPA_PLATFORM removed from its environment), and waits for it.
VitalsRun runVitals(const QStringList &args, int timeoutMs = 180000);

} // namespace vitals::testsupport

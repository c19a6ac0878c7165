#include "support/testsupport_vitals.h"

#include <QProcess>
#include <QProcessEnvironment>

namespace vitals::testsupport {

VitalsRun runVitals(const QStringList &args, int timeoutMs)
{
    QProcess vitals;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    vitals.setProcessEnvironment(env);
    vitals.start(QStringLiteral(VITALS_BIN_DIR "/vitals"), args);
    VitalsRun run;
    run.finished = vitals.waitForFinished(timeoutMs);
    if (!run.finished) {
        vitals.kill();
        vitals.waitForFinished(5000);
    }
    run.exitCode = vitals.exitStatus() == QProcess::NormalExit ? vitals.exitCode() : -1;
    run.out = QString::fromUtf8(vitals.readAllStandardOutput());
    run.err = QString::fromUtf8(vitals.readAllStandardError());
    return run;
}

} // namespace vitals::testsupport

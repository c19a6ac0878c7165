#include "app/snapshotviewer.h"

#include "core/snapshot/snapshot.h"
#include "ui/snapshotwindow.h"

#include <QApplication>
#include <QMessageBox>

#include <cstdio>

namespace vitals {

int runSnapshotViewer(const QString &path, const QString &screenshotPath, const QString &windowSize)
{
    snapshot::ReadResult read = snapshot::readSnapshotFile(path);
    if (!read.ok()) {
        std::fprintf(stderr, "vitals: %s\n", qPrintable(read.error));
        if (screenshotPath.isEmpty())
            QMessageBox::critical(
                nullptr, QObject::tr("Vitals"),
                QObject::tr("The snapshot could not be opened.\n\n%1").arg(read.error));
        return 2;
    }
    SnapshotWindow window(std::make_shared<const snapshot::Snapshot>(std::move(*read.snapshot)));
    if (!windowSize.isEmpty()) {
        const QStringList wh = windowSize.split(QLatin1Char('x'));
        const int w = wh.value(0).toInt();
        const int h = wh.value(1).toInt();
        if (wh.size() != 2 || w < 200 || h < 200 || w > 10000 || h > 10000) {
            std::fprintf(stderr, "vitals: --window-size wants WxH, e.g. 1600x1200\n");
            return 2;
        }
        window.resize(w, h);
    }
    if (!screenshotPath.isEmpty()) {
        QObject::connect(
            &window, &SnapshotWindow::screenshotSaved, qApp, [](const QString &file, bool ok) {
                if (ok)
                    std::printf("saved %s\n", qPrintable(file));
                else
                    std::fprintf(stderr, "vitals: could not write %s\n", qPrintable(file));
                QCoreApplication::exit(ok ? 0 : 1);
            });
        window.screenshotWhenReady(screenshotPath, 30000);
    }
    window.show();
    return QApplication::exec();
}

} // namespace vitals

#pragma once

// Header only: the shared test-support library links Qt Core and Network, not Widgets.
#include <QDir>
#include <QPixmap>
#include <QString>
#include <QWidget>

namespace vitals::testsupport {

// With VITALS_SCREENSHOT_DIR set (the README's pictures are taken that way, under xvfb-run),
// saves a grab of `widget` there as `fileName` (PNG); otherwise does nothing. GUI thread.
inline void saveScreenshot(QWidget *widget, const QString &fileName)
{
    const QString dir = qEnvironmentVariable("VITALS_SCREENSHOT_DIR");
    if (!dir.isEmpty() && widget)
        widget->grab().save(QDir(dir).filePath(fileName));
}

} // namespace vitals::testsupport

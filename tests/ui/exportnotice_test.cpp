// After an export the window says where the file went (with an Open button), and the PNG
// carries the dashboard's title and time range above the panels.
#include "ui/dashboardpage.h"
#include "ui/exportnotice.h"
#include "ui/mainwindow.h"
#include "ui/reportactions.h"

#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace vitals;

TEST(ExportNotice, SaysWhereThePngWentAndItHasATitleBand)
{
    MainWindow::Options options;
    options.server = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens there
    options.restoreSettings = false;
    MainWindow window(options);
    window.show();
    auto *actions = window.findChild<ReportActions *>();
    ASSERT_NE(actions, nullptr);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("health.png"));
    QSignalSpy done(actions, &ReportActions::exportFinished);
    actions->exportDashboard(path, QSize(1000, 0));
    ASSERT_TRUE(done.wait(60000));
    ASSERT_TRUE(done.at(0).at(1).toBool());

    ExportNotice *notice = actions->notice();
    EXPECT_TRUE(notice->isVisible());
    EXPECT_EQ(notice->path(), path);
    EXPECT_TRUE(notice->text().contains(QStringLiteral("health.png")))
        << notice->text().toStdString();
    EXPECT_TRUE(notice->text().contains(dir.path()));
    EXPECT_NE(notice->findChild<QPushButton *>(QStringLiteral("exportOpen")), nullptr);

    // The band above the panels has text in it (the title "Model health" and the range): its
    // pixels are not all the window colour.
    const QImage image(path);
    ASSERT_FALSE(image.isNull());
    const QRgb background = image.pixel(image.width() - 2, 2);
    int ink = 0;
    for (int y = 8; y < 40; ++y)
        for (int x = 10; x < 300; ++x)
            ink += image.pixel(x, y) != background;
    EXPECT_GT(ink, 100) << "no title in the PNG's top band";
}

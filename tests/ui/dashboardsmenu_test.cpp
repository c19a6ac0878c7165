// The way back to the built-in dashboards and to the user's own, and File › Quit, through the
// main window's menus.
#include "core/dashboard/dashboardfile.h"
#include "ui/dashboardfiles.h"
#include "ui/dashboardpage.h"
#include "ui/dashboardsmenu.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

MainWindow::Options offlineOptions()
{
    MainWindow::Options options;
    options.server = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens there
    options.restoreSettings = false;
    return options;
}

QMenu *menuNamed(MainWindow &window, const QString &objectName)
{
    for (QAction *a : window.menuBar()->actions())
        if (a->menu() && a->menu()->objectName() == objectName)
            return a->menu();
    return nullptr;
}

} // namespace

TEST(DashboardsMenu, BringsBackModelHealthAfterNew)
{
    MainWindow window(offlineOptions());
    window.dashboardFiles()->newDashboard();
    ASSERT_EQ(window.dashboardPage()->dashboard().title, QStringLiteral("New dashboard"));

    QMenu *menu = menuNamed(window, QStringLiteral("dashboardsMenu"));
    ASSERT_NE(menu, nullptr);
    auto *builtIn = menu->findChild<QAction *>(QStringLiteral("builtIn:model-health"));
    ASSERT_NE(builtIn, nullptr) << "resources/dashboards/model-health.json is not listed";
    EXPECT_EQ(builtIn->text(), QStringLiteral("Model health"));
    builtIn->trigger();
    EXPECT_EQ(window.dashboardPage()->dashboard().title, QStringLiteral("Model health"));
    EXPECT_FALSE(window.dashboardFiles()->isDirty());
    EXPECT_TRUE(window.dashboardFiles()->filePath().isEmpty());
}

TEST(DashboardsMenu, ListsTheDashboardsFolder)
{
    QStandardPaths::setTestModeEnabled(true);
    const QString folder = DashboardsMenu::dashboardsFolder();
    ASSERT_TRUE(QDir(folder).exists());
    const QString path = folder + QStringLiteral("/ops-overview.json");
    dashboard::Dashboard d;
    d.title = QStringLiteral("Ops overview");
    {
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(dashboard::serializeDashboard(d));
    }
    const auto entries = DashboardsMenu::filesIn(folder);
    ASSERT_FALSE(entries.isEmpty());
    EXPECT_TRUE(std::any_of(entries.begin(), entries.end(), [](const auto &e) {
        return e.title == QStringLiteral("Ops overview");
    }));

    MainWindow window(offlineOptions());
    QMenu *sub = menuNamed(window, QStringLiteral("dashboardsMenu"))
                     ->findChild<QMenu *>(QStringLiteral("folderMenu"));
    ASSERT_NE(sub, nullptr);
    Q_EMIT sub->aboutToShow();
    QAction *open = nullptr;
    for (QAction *a : sub->actions())
        if (a->text() == QStringLiteral("Ops overview"))
            open = a;
    ASSERT_NE(open, nullptr);
    open->trigger();
    EXPECT_EQ(window.dashboardPage()->dashboard().title, QStringLiteral("Ops overview"));
    EXPECT_EQ(window.dashboardFiles()->filePath(), QFileInfo(path).absoluteFilePath());
    QFile::remove(path);
}

TEST(DashboardsMenu, FileQuitClosesTheWindowWithCtrlQ)
{
    MainWindow window(offlineOptions());
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    auto *quit = window.findChild<QAction *>(QStringLiteral("quitAction"));
    ASSERT_NE(quit, nullptr);
    EXPECT_EQ(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    EXPECT_FALSE(window.isVisible());
}

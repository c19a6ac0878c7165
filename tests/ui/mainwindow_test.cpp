#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTabWidget>
#include <QTimer>

#include "ui/dashboardfiles.h"

#include <gtest/gtest.h>

namespace {
vitals::MainWindow::Options offlineOptions()
{
    vitals::MainWindow::Options options;
    // Port 1 on loopback: nothing listens, every request fails at once.
    options.server = QUrl(QStringLiteral("http://127.0.0.1:1"));
    options.restoreSettings = false;
    return options;
}
} // namespace

TEST(MainWindow, OpensOnTheDefaultModelHealthDashboard)
{
    vitals::MainWindow window(offlineOptions());
    EXPECT_EQ(window.connection().baseUrl, QUrl(QStringLiteral("http://127.0.0.1:1")));
    ASSERT_GE(window.pages()->count(), 1);
    EXPECT_EQ(window.pages()->tabText(0), QStringLiteral("Dashboard"));
    // The built-in dashboard (resources/dashboards/model-health.json) has its panels.
    EXPECT_EQ(window.dashboardPage()->dashboard().title, QStringLiteral("Model health"));
    EXPECT_GE(window.dashboardPage()->panels().size(), 10u);
}

TEST(MainWindow, CommandLineRangeWins)
{
    auto options = offlineOptions();
    options.range = QStringLiteral("6h");
    vitals::MainWindow window(options);
    EXPECT_EQ(window.dashboardPage()->range(), vitals::TimeRange::last(6 * 3'600'000));
}

TEST(MainWindow, ClosingWithUnsavedEditsAsksFirst)
{
    vitals::MainWindow window(offlineOptions());
    window.show();
    window.dashboardFiles()->markDirty();
    // Answer the question with Cancel as soon as it is shown: the window stays open.
    bool asked = false;
    QTimer::singleShot(0, &window, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            asked = true;
            box->button(QMessageBox::Cancel)->click();
        }
    });
    EXPECT_FALSE(window.close());
    EXPECT_TRUE(asked);
    EXPECT_TRUE(window.isVisible());
    window.dashboardFiles()->markDirty(false);
    EXPECT_TRUE(window.close());
}

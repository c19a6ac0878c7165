// View › Theme: Dark and Light apply to the whole window, charts included, and are remembered.
#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"
#include "ui/panelcontroller.h"
#include "ui/theme.h"
#include "widgets/timeserieschart.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QMenu>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

// The background of the first time-series chart of the window's dashboard.
QColor chartBackground(MainWindow &window)
{
    for (PanelController *panel : window.dashboardPage()->panels())
        if (TimeSeriesChart *chart = panel->chart())
            return chart->findChild<QChartView *>()->chart()->backgroundBrush().color();
    return {};
}

} // namespace

TEST(Theme, DarkAndLightFromTheViewMenuReachTheChartsAndAreSaved)
{
    MainWindow::Options options;
    options.server = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens there
    options.restoreSettings = false;
    MainWindow window(options);
    window.show();
    auto *dark = window.findChild<QAction *>(QStringLiteral("theme:dark"));
    auto *light = window.findChild<QAction *>(QStringLiteral("theme:light"));
    auto *system = window.findChild<QAction *>(QStringLiteral("theme:system"));
    ASSERT_TRUE(dark && light && system);

    // A label with a style sheet of its own (as the variable bar's) must follow too.
    auto *styled = new QLabel(QStringLiteral("Job"), &window);
    styled->setStyleSheet(QStringLiteral("font-weight: 600"));
    styled->show();
    dark->trigger();
    EXPECT_LT(QApplication::palette().color(QPalette::Window).lightness(), 80);
    EXPECT_LT(chartBackground(window).lightness(), 80);
    EXPECT_GT(styled->palette().color(QPalette::WindowText).lightness(), 150);
    EXPECT_EQ(theme::saved(), theme::Theme::Dark);

    light->trigger();
    EXPECT_GT(QApplication::palette().color(QPalette::Window).lightness(), 180);
    EXPECT_GT(chartBackground(window).lightness(), 180);
    EXPECT_EQ(theme::saved(), theme::Theme::Light);

    system->trigger();
    EXPECT_EQ(theme::current(), theme::Theme::System);
    EXPECT_EQ(theme::saved(), theme::Theme::System);
}

#include "ui/mainwindow.h"

#include <gtest/gtest.h>

TEST(MainWindow, TitleNamesVersionAndServer)
{
    vitals::MainWindow window(QUrl(QStringLiteral("http://127.0.0.1:9090")));
    EXPECT_TRUE(window.windowTitle().contains(QStringLiteral(VITALS_VERSION)));
    EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("127.0.0.1:9090")));
}

// Where the window keeps connection secrets when there is no keychain: it says so in the status
// bar, once, and remembers it in the settings until a keychain answers.
#include "core/prom/connectionstore.h"
#include "ui/mainwindow.h"

#include <QSettings>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {
MainWindow::Options quietOptions()
{
    MainWindow::Options options;
    options.server = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens
    options.connectOnStart = false;
    return options;
}
} // namespace

TEST(KeychainNotice, NoKeychainFlagKeepsSecretsInMemoryAndSaysSo)
{
    MainWindow::Options options = quietOptions();
    options.keychain = false;
    MainWindow window(options);
    EXPECT_TRUE(window.connectionStore()->isMemoryOnly());
    EXPECT_EQ(window.keychainNotice(), QStringLiteral("Secrets in memory only"));
}

TEST(KeychainNotice, AMissingKeychainServiceIsShownAndRemembered)
{
    // A session bus that does not exist: the Secret Service cannot answer. Each test runs in
    // its own process (gtest_discover_tests), so no earlier bus connection is reused.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vitals-test-bus");
    QSettings().remove(QStringLiteral("secrets"));
    MainWindow window(quietOptions());
    EXPECT_EQ(window.keychainNotice(), QString()); // not before the keychain was asked
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window.keychainNotice().isEmpty(); }, 30000));
    EXPECT_EQ(window.keychainNotice(), QStringLiteral("Secrets in memory only"));
    EXPECT_TRUE(window.connectionStore()->isMemoryOnly());
    EXPECT_TRUE(window.connectionStore()->wasMemoryOnly());
    EXPECT_TRUE(QSettings().contains(QStringLiteral("secrets/memoryOnly")));
}

// "Test connection" in the connection dialog also tries the Alertmanager the connection names,
// against the real local stack (Prometheus and Alertmanager, Debian packages): the version it
// reports is shown; a closed port and a URL that is not an Alertmanager (Prometheus itself) are
// reported as failures in plain words.
#include "core/stack/localstack.h"
#include "ui/connectiondialog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QTcpServer>

#include "support/testsupport_alertmanagerstack.h"
#include "support/testsupport_prometheus.h"
#include "support/testsupport_screenshot.h"

#include <gtest/gtest.h>

#include <optional>

using namespace vitals;
using vitals::testsupport::httpGet;
using vitals::testsupport::waitUntil;

namespace {

QPushButton *testButton(ConnectionDialog &dialog)
{
    for (QPushButton *b : dialog.findChildren<QPushButton *>())
        if (b->text() == ConnectionDialog::tr("Test connection"))
            return b;
    return nullptr;
}

// Clicks "Test connection" with `alertmanagerUrl` typed in, and waits for the Alertmanager's line.
std::optional<bool> testWith(ConnectionDialog &dialog, const QString &alertmanagerUrl)
{
    auto *field = dialog.findChild<QLineEdit *>(QStringLiteral("alertmanagerUrl"));
    QPushButton *button = testButton(dialog);
    if (!field || !button)
        return std::nullopt;
    field->setText(alertmanagerUrl);
    std::optional<bool> ok;
    auto c = QObject::connect(&dialog, &ConnectionDialog::alertmanagerTestFinished,
                              [&](bool passed) { ok = passed; });
    button->click();
    waitUntil([&] { return ok.has_value(); }, 20000);
    QObject::disconnect(c);
    return ok;
}

// A loopback port nothing listens on (bound, then released).
quint16 closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    const quint16 port = s.serverPort();
    s.close();
    return port;
}

} // namespace

TEST(ConnectionDialogAlertmanagerLive, TestConnectionReportsTheAlertmanagersVersionOrWhatFailed)
{
    testsupport::AlertmanagerStack local;
    ASSERT_TRUE(local.start());
    const stack::LocalStack &stack = local.stack();

    // The version the dialog must show, read straight from the Alertmanager's API.
    const QUrl am = stack.alertmanagerUrl();
    QByteArray status;
    ASSERT_EQ(httpGet(am.resolved(QUrl(QStringLiteral("/api/v2/status"))), &status), 200);
    const QString version = QJsonDocument::fromJson(status)
                                .object()
                                .value(QLatin1String("versionInfo"))
                                .toObject()
                                .value(QLatin1String("version"))
                                .toString();
    ASSERT_FALSE(version.isEmpty()) << status.toStdString();

    prom::ConnectionProfile profile;
    profile.name = QStringLiteral("local");
    profile.baseUrl = stack.prometheusUrl();
    ConnectionDialog dialog(profile);
    dialog.show();

    const auto live = testWith(dialog, am.toString());
    ASSERT_TRUE(live.has_value()) << "no Alertmanager result within 20 s";
    EXPECT_TRUE(*live) << dialog.alertmanagerTestMessage().toStdString();
    EXPECT_TRUE(dialog.alertmanagerTestMessage().contains(version))
        << dialog.alertmanagerTestMessage().toStdString();
    testsupport::saveScreenshot(&dialog, QStringLiteral("connection-dialog.png"));

    // Nothing listening there.
    const auto closed = testWith(dialog, QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
    ASSERT_TRUE(closed.has_value());
    EXPECT_FALSE(*closed);
    EXPECT_TRUE(dialog.alertmanagerTestMessage().startsWith(QStringLiteral("✘ Alertmanager:")))
        << dialog.alertmanagerTestMessage().toStdString();

    // Prometheus's URL typed where the Alertmanager's belongs: it has no /api/v2/status.
    const auto wrong = testWith(dialog, stack.prometheusUrl().toString());
    ASSERT_TRUE(wrong.has_value());
    EXPECT_FALSE(*wrong) << dialog.alertmanagerTestMessage().toStdString();

    // No Alertmanager named: no line about one.
    auto *field = dialog.findChild<QLineEdit *>(QStringLiteral("alertmanagerUrl"));
    field->clear();
    testButton(dialog)->click();
    EXPECT_TRUE(dialog.alertmanagerTestMessage().isEmpty());
}

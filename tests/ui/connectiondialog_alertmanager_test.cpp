// The connection dialog's Alertmanager part: the URL and its own credentials are edited there,
// saved with the connection (URL and user in the settings, password and token in the secret
// store, never in the settings file) and used by the Alertmanager client.
#include "core/alertmanager/alertmanagerclient.h"
#include "core/prom/connectionstore.h"
#include "ui/connectiondialog.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QFile>
#include <QLineEdit>
#include <QSettings>
#include <QTest>

#include "support/testsupport_prometheus.h"

#include <gtest/gtest.h>

#include <optional>

using namespace vitals;

namespace {

QLineEdit *field(ConnectionDialog &dialog, const char *name)
{
    return dialog.findChild<QLineEdit *>(QString::fromLatin1(name));
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

} // namespace

TEST(ConnectionDialogAlertmanager, EditsTheUrlAndOwnCredentialsWhichGoToTheSecretStore)
{
    prom::ConnectionProfile start;
    start.name = QStringLiteral("remote-am-test");
    start.baseUrl = QUrl(QStringLiteral("https://prom.example.org"));
    start.username = QStringLiteral("prom-user");
    start.password = QStringLiteral("prom-secret");
    start.alertmanagerUrl = QUrl(QStringLiteral("https://old-am.example.org"));
    ConnectionDialog dialog(start);
    dialog.show();

    QLineEdit *url = field(dialog, "alertmanagerUrl");
    QLineEdit *user = field(dialog, "alertmanagerUsername");
    QLineEdit *password = field(dialog, "alertmanagerPassword");
    QLineEdit *token = field(dialog, "alertmanagerToken");
    ASSERT_TRUE(url && user && password && token);
    EXPECT_EQ(url->text(), QStringLiteral("https://old-am.example.org"));
    EXPECT_EQ(password->echoMode(), QLineEdit::Password);
    EXPECT_EQ(token->echoMode(), QLineEdit::Password);

    typeInto(url, QStringLiteral("https://am.example.org:9093"));
    typeInto(user, QStringLiteral("am-user"));
    typeInto(password, QStringLiteral("am-secret"));
    const prom::ConnectionProfile edited = dialog.profile();
    EXPECT_EQ(edited.alertmanagerUrl, QUrl(QStringLiteral("https://am.example.org:9093")));
    EXPECT_EQ(edited.alertmanagerUsername, QStringLiteral("am-user"));
    EXPECT_EQ(edited.alertmanagerPassword, QStringLiteral("am-secret"));
    EXPECT_TRUE(edited.alertmanagerBearerToken.isEmpty());

    // Its own login wins over the connection's, even when sharing is ticked.
    prom::ConnectionProfile sharing = edited;
    sharing.alertmanagerSendsCredentials = true;
    const prom::ConnectionProfile used =
        alertmanager::AlertmanagerClient::transportProfile(sharing);
    EXPECT_EQ(used.baseUrl, edited.alertmanagerUrl);
    EXPECT_EQ(used.username, QStringLiteral("am-user"));
    EXPECT_EQ(used.password, QStringLiteral("am-secret"));
    // Without its own, the connection's go only when ticked.
    sharing.alertmanagerUsername.clear();
    sharing.alertmanagerPassword.clear();
    EXPECT_EQ(alertmanager::AlertmanagerClient::transportProfile(sharing).password,
              QStringLiteral("prom-secret"));
    sharing.alertmanagerSendsCredentials = false;
    EXPECT_TRUE(alertmanager::AlertmanagerClient::transportProfile(sharing).password.isEmpty());

    // Saved: URL and user in the settings file, the password only in the secret store.
    prom::ConnectionStore store(prom::SecretStore::Backend::Memory);
    std::optional<bool> saved;
    store.save(edited, nullptr, [&](bool ok) { saved = ok; });
    ASSERT_TRUE(testsupport::waitUntil([&] { return saved.has_value(); }, 5000));
    ASSERT_TRUE(*saved);
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << settings.fileName().toStdString();
    const QByteArray text = file.readAll();
    EXPECT_TRUE(text.contains("am.example.org:9093")) << text.toStdString();
    EXPECT_TRUE(text.contains("am-user"));
    EXPECT_FALSE(text.contains("am-secret")) << text.toStdString();
    EXPECT_FALSE(text.contains("prom-secret"));

    std::optional<prom::ConnectionProfile> loaded;
    bool answered = false;
    store.load(edited.name, nullptr, [&](const std::optional<prom::ConnectionProfile> &p) {
        loaded = p;
        answered = true;
    });
    ASSERT_TRUE(testsupport::waitUntil([&] { return answered; }, 5000));
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(loaded->alertmanagerUrl, edited.alertmanagerUrl);
    EXPECT_EQ(loaded->alertmanagerUsername, QStringLiteral("am-user"));
    EXPECT_EQ(loaded->alertmanagerPassword, QStringLiteral("am-secret"));

    // A dialog opened on the loaded connection shows them again.
    ConnectionDialog again(*loaded);
    EXPECT_EQ(field(again, "alertmanagerPassword")->text(), QStringLiteral("am-secret"));
    EXPECT_EQ(field(again, "alertmanagerUrl")->text(),
              QStringLiteral("https://am.example.org:9093"));
}

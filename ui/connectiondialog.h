#pragma once

#include "core/alertmanager/alertmanagertypes.h"
#include "core/prom/connectionprofile.h"
#include "core/prom/results.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace vitals {

class ConnectionTester;

// Edits one connection profile: URL, path prefix, tenant, basic auth or bearer token, extra
// headers, CA file, timeout, scrape interval ("Ask the server" by default); "Test connection" runs
// a ConnectionTester (core/services) and shows its plain-language result. Secrets typed here stay
// in the returned profile (in memory); the caller hands them to the SecretStore. An optional
// Alertmanager URL, with the choice to send it the connection's credentials or its own user,
// password and token (secrets, like the others). GUI thread only.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(const prom::ConnectionProfile &profile, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    prom::ConnectionProfile profile() const;
    // The last test's message ("Connected to Prometheus 2.42.0 in 3 ms", or what failed).
    QString testMessage() const;
    // The last test's line about the Alertmanager (its version, or what failed); empty when the
    // connection names none.
    QString alertmanagerTestMessage() const;

public Q_SLOTS:
    void testConnection();

Q_SIGNALS:
    void testFinished(bool ok);
    void alertmanagerTestFinished(bool ok);

private:
    void showTestResult(const prom::ConnectionTestResult &result);
    void showAlertmanagerResult(const alertmanager::StatusResult &result);

    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_prefix = nullptr;
    QLineEdit *m_tenant = nullptr;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_caFile = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QSpinBox *m_timeout = nullptr;
    QSpinBox *m_scrapeInterval = nullptr;
    QLabel *m_result = nullptr;
    QLabel *m_alertmanagerResult = nullptr;
    ConnectionTester *m_tester = nullptr;
    QLineEdit *m_alertmanagerUrl = nullptr;
    QCheckBox *m_alertmanagerCredentials = nullptr;
    QLineEdit *m_alertmanagerUsername = nullptr;
    QLineEdit *m_alertmanagerPassword = nullptr;
    QLineEdit *m_alertmanagerToken = nullptr;
};

} // namespace vitals

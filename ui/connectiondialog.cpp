#include "ui/connectiondialog.h"

#include "core/services/connectiontester.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>

namespace vitals {

ConnectionDialog::ConnectionDialog(const prom::ConnectionProfile &profile, QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(profile.name, this))
    , m_url(new QLineEdit(profile.baseUrl.toString(), this))
    , m_prefix(new QLineEdit(profile.pathPrefix, this))
    , m_tenant(new QLineEdit(profile.tenant, this))
    , m_username(new QLineEdit(profile.username, this))
    , m_password(new QLineEdit(profile.password, this))
    , m_token(new QLineEdit(profile.bearerToken, this))
    , m_caFile(new QLineEdit(profile.caFile, this))
    , m_headers(new QPlainTextEdit(this))
    , m_timeout(new QSpinBox(this))
    , m_scrapeInterval(new QSpinBox(this))
    , m_result(new QLabel(this))
    , m_alertmanagerResult(new QLabel(this))
    , m_tester(new ConnectionTester(this))
{
    connect(m_tester, &ConnectionTester::tested, this, &ConnectionDialog::showTestResult);
    connect(m_tester, &ConnectionTester::alertmanagerTested, this,
            &ConnectionDialog::showAlertmanagerResult);
    // Say which scrape interval the dashboards will be planned with.
    connect(m_tester, &ConnectionTester::scrapeIntervalFound, this,
            [this](const prom::ScrapeInterval &s) {
                m_result->setText(m_result->text() + QStringLiteral(" ") + s.describe()
                                  + QStringLiteral("."));
            });
    setWindowTitle(tr("Connection"));
    auto *form = new QFormLayout(this);
    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:9090"));
    m_prefix->setPlaceholderText(
        tr("e.g. /prometheus for Mimir, /select/0/prometheus for a VictoriaMetrics cluster"));
    m_tenant->setPlaceholderText(tr("X-Scope-OrgID, for Mimir and Cortex"));
    m_password->setEchoMode(QLineEdit::Password);
    m_token->setEchoMode(QLineEdit::Password);
    QStringList headerLines;
    for (const auto &[name, value] : profile.extraHeaders)
        headerLines << QString::fromUtf8(name) + QStringLiteral(": ") + QString::fromUtf8(value);
    m_headers->setPlainText(headerLines.join(QLatin1Char('\n')));
    m_headers->setPlaceholderText(tr("One per line: Name: value"));
    m_headers->setMaximumHeight(70);
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(std::max(1, profile.timeoutMs / 1000));
    m_scrapeInterval->setRange(0, 3600);
    m_scrapeInterval->setSuffix(tr(" s"));
    m_scrapeInterval->setSpecialValueText(tr("Ask the server"));
    m_scrapeInterval->setValue(int(std::min<qint64>(3600, profile.scrapeIntervalMs / 1000)));
    m_scrapeInterval->setToolTip(
        tr("How often the server scrapes its targets. Rate windows and steps are planned from "
           "it. “Ask the server” reads it from the server's targets and configuration, or "
           "assumes Prometheus's default of 15 s when the server does not say."));

    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("CA certificates (PEM)"), QString(),
                                         tr("PEM files (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    caRow->addWidget(browse);

    form->addRow(tr("Name"), m_name);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Path prefix"), m_prefix);
    form->addRow(tr("Tenant"), m_tenant);
    form->addRow(tr("User"), m_username);
    form->addRow(tr("Password"), m_password);
    form->addRow(tr("Bearer token"), m_token);
    form->addRow(tr("CA file"), caRow);
    form->addRow(tr("Extra headers"), m_headers);
    form->addRow(tr("Timeout"), m_timeout);
    form->addRow(tr("Scrape interval"), m_scrapeInterval);
    m_alertmanagerUrl = new QLineEdit(profile.alertmanagerUrl.toString(), this);
    m_alertmanagerUrl->setObjectName(QStringLiteral("alertmanagerUrl"));
    m_alertmanagerUrl->setPlaceholderText(tr("optional, e.g. http://localhost:9093"));
    m_alertmanagerCredentials = new QCheckBox(tr("Send this connection's credentials to it"), this);
    m_alertmanagerCredentials->setChecked(profile.alertmanagerSendsCredentials);
    form->addRow(tr("Alertmanager URL"), m_alertmanagerUrl);
    form->addRow(QString(), m_alertmanagerCredentials);
    // Its own credentials, when it sits behind another login than Prometheus; they win over the
    // shared ones, and the password and token go to the keychain with the connection's.
    m_alertmanagerUsername = new QLineEdit(profile.alertmanagerUsername, this);
    m_alertmanagerUsername->setObjectName(QStringLiteral("alertmanagerUsername"));
    m_alertmanagerPassword = new QLineEdit(profile.alertmanagerPassword, this);
    m_alertmanagerPassword->setObjectName(QStringLiteral("alertmanagerPassword"));
    m_alertmanagerPassword->setEchoMode(QLineEdit::Password);
    m_alertmanagerToken = new QLineEdit(profile.alertmanagerBearerToken, this);
    m_alertmanagerToken->setObjectName(QStringLiteral("alertmanagerToken"));
    m_alertmanagerToken->setEchoMode(QLineEdit::Password);
    m_alertmanagerUsername->setPlaceholderText(tr("only if Alertmanager has its own login"));
    form->addRow(tr("Alertmanager user"), m_alertmanagerUsername);
    form->addRow(tr("Alertmanager password"), m_alertmanagerPassword);
    form->addRow(tr("Alertmanager token"), m_alertmanagerToken);

    auto *test = new QPushButton(tr("Test connection"), this);
    connect(test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(test, m_result);
    m_alertmanagerResult->setObjectName(QStringLiteral("alertmanagerTestResult"));
    m_alertmanagerResult->setWordWrap(true);
    m_alertmanagerResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), m_alertmanagerResult);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    resize(620, sizeHint().height());
}

ConnectionDialog::~ConnectionDialog() = default;

prom::ConnectionProfile ConnectionDialog::profile() const
{
    prom::ConnectionProfile p;
    p.name = m_name->text().trimmed();
    p.baseUrl = QUrl::fromUserInput(m_url->text().trimmed());
    if (p.name.isEmpty())
        p.name = p.baseUrl.toDisplayString();
    p.pathPrefix = m_prefix->text().trimmed();
    p.tenant = m_tenant->text().trimmed();
    p.username = m_username->text();
    p.password = m_password->text();
    p.bearerToken = m_token->text();
    p.caFile = m_caFile->text().trimmed();
    p.alertmanagerUrl = QUrl::fromUserInput(m_alertmanagerUrl->text().trimmed());
    p.alertmanagerSendsCredentials = m_alertmanagerCredentials->isChecked();
    p.alertmanagerUsername = m_alertmanagerUsername->text().trimmed();
    p.alertmanagerPassword = m_alertmanagerPassword->text();
    p.alertmanagerBearerToken = m_alertmanagerToken->text();
    p.timeoutMs = m_timeout->value() * 1000;
    p.scrapeIntervalMs = qint64(m_scrapeInterval->value()) * 1000;
    const QStringList lines = m_headers->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        p.extraHeaders.append(
            {line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    return p;
}

QString ConnectionDialog::testMessage() const
{
    return m_result->text();
}

QString ConnectionDialog::alertmanagerTestMessage() const
{
    return m_alertmanagerResult->text();
}

void ConnectionDialog::testConnection()
{
    m_result->setText(tr("Testing…"));
    m_alertmanagerResult->setToolTip(QString());
    m_alertmanagerResult->setText(m_alertmanagerUrl->text().trimmed().isEmpty()
                                      ? QString()
                                      : tr("Testing the Alertmanager…"));
    m_tester->test(profile());
}

void ConnectionDialog::showTestResult(const prom::ConnectionTestResult &result)
{
    if (result.ok()) {
        const QString version = result.buildInfoAvailable
                                    ? tr("version %1").arg(result.build.version)
                                    : tr("version unknown (no buildinfo endpoint)");
        m_result->setText(
            tr("✔ Connected: %1, query answered in %2 ms.").arg(version).arg(result.roundTripMs));
    } else {
        m_result->setText(QStringLiteral("✘ ") + result.error.message);
        m_result->setToolTip(result.error.detail);
    }
    Q_EMIT testFinished(result.ok());
}

void ConnectionDialog::showAlertmanagerResult(const alertmanager::StatusResult &result)
{
    if (result.ok()) {
        const QString version = result.version.isEmpty() ? tr("version unknown") : result.version;
        const QString cluster = result.clusterStatus.isEmpty()
                                    ? QString()
                                    : tr(", cluster %1").arg(result.clusterStatus);
        m_alertmanagerResult->setText(tr("✔ Alertmanager answered: %1%2.").arg(version, cluster));
    } else {
        m_alertmanagerResult->setText(tr("✘ Alertmanager: %1").arg(result.error.message));
        m_alertmanagerResult->setToolTip(result.error.detail);
    }
    Q_EMIT alertmanagerTestFinished(result.ok());
}

} // namespace vitals

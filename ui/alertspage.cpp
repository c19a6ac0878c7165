#include "ui/alertspage.h"

#include "core/prom/promclient.h"
#include "ui/tables.h"
#include "widgets/levelcolors.h"

#include <QApplication>
#include <QDateTime>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace vitals {

namespace {

QColor stateColor(const QString &state)
{
    if (state == QLatin1String("firing"))
        return levelcolors::critical();
    if (state == QLatin1String("pending"))
        return levelcolors::warning();
    if (state == QLatin1String("inactive") || state == QLatin1String("ok"))
        return levelcolors::ok();
    return {};
}

QString since(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    const qint64 s = t.secsTo(QDateTime::currentDateTimeUtc());
    const QString ago = s < 120 ? QObject::tr("%1 s ago").arg(s)
                      : s < 7200 ? QObject::tr("%1 min ago").arg(s / 60)
                                 : QObject::tr("%1 h ago").arg(s / 3600);
    return t.toLocalTime().toString(QStringLiteral("HH:mm:ss")) + QStringLiteral(" (") + ago + QLatin1Char(')');
}

QString labelsWithout(const series::LabelSet &labels, QStringView skip)
{
    QStringList parts;
    for (const auto &l : labels.labels())
        if (l.name != skip)
            parts << l.name + QStringLiteral("=") + l.value;
    return parts.join(QStringLiteral(", "));
}

void setRow(QTableWidget *table, int row, const QStringList &cells, int stateColumn)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells[c]);
        if (c == stateColumn && stateColor(cells[c]).isValid())
            item->setForeground(stateColor(cells[c]));
        table->setItem(row, c, item);
    }
}

} // namespace

AlertsPage::AlertsPage(prom::PromClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_alerts(makeReadOnlyTable({tr("Alert"), tr("State"), tr("Since"), tr("Value"), tr("Labels"), tr("Summary"),
                          tr("Description")},
                         this))
    , m_rules(makeReadOnlyTable({tr("Group"), tr("Rule"), tr("Type"), tr("State"), tr("Health"), tr("For"),
                         tr("Query"), tr("Last error")},
                        this))
    , m_status(new QLabel(this))
    , m_timer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    auto *alertsBox = new QGroupBox(tr("Active alerts"), this);
    auto *alertsLayout = new QVBoxLayout(alertsBox);
    alertsLayout->addWidget(m_alerts);
    layout->addWidget(alertsBox, 1);
    auto *rulesBox = new QGroupBox(tr("Rules"), this);
    auto *rulesLayout = new QVBoxLayout(rulesBox);
    rulesLayout->addWidget(m_rules);
    layout->addWidget(rulesBox, 2);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning), this);
        m_tray->setToolTip(tr("Vitals"));
        m_tray->show();
    }
    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, &AlertsPage::refresh);
    m_timer->start();
}

AlertsPage::~AlertsPage() = default;

void AlertsPage::setClient(prom::PromClient *client)
{
    m_client = client;
    m_alertsRequest = {};
    m_rulesRequest = {};
    m_tracker = AlertTracker{};  // a new server: what fires there now is not news
    refresh();
}

void AlertsPage::refresh()
{
    if (!m_client || m_alertsRequest.isActive() || m_rulesRequest.isActive())
        return;
    m_pending = 2;
    m_alertsRequest = m_client->alerts(this, [this](const prom::AlertsResult &r) {
        showAlerts(r);
        if (--m_pending == 0)
            Q_EMIT refreshFinished();
    });
    m_rulesRequest = m_client->rules(this, [this](const prom::RulesResult &r) {
        showRules(r);
        if (--m_pending == 0)
            Q_EMIT refreshFinished();
    });
}

void AlertsPage::showAlerts(const prom::AlertsResult &result)
{
    if (!result.ok()) {
        m_status->setText(tr("Alerts: %1").arg(result.error.message));
        return;
    }
    int firing = 0;
    m_alerts->setRowCount(int(result.alerts.size()));
    for (int row = 0; row < int(result.alerts.size()); ++row) {
        const auto &a = result.alerts[std::size_t(row)];
        firing += a.state == QLatin1String("firing");
        setRow(m_alerts, row,
               {a.labels.value(u"alertname"), a.state, since(a.activeAt), a.value,
                labelsWithout(a.labels, u"alertname"), a.annotations.value(u"summary"),
                a.annotations.value(u"description")},
               1);
    }
    m_alerts->resizeColumnsToContents();
    m_status->setText(result.alerts.empty() ? tr("No alerts: every rule is quiet.")
                                            : tr("%n alert(s) firing", nullptr, firing));
    for (const auto &change : m_tracker.update(result.alerts))
        notify(change);
}

void AlertsPage::showRules(const prom::RulesResult &result)
{
    if (!result.ok()) {
        m_rules->setRowCount(1);
        m_rules->setItem(0, 0, new QTableWidgetItem(result.error.message));
        return;
    }
    int rows = 0;
    for (const auto &g : result.groups)
        rows += int(g.rules.size());
    m_rules->setRowCount(rows);
    int row = 0;
    for (const auto &g : result.groups)
        for (const auto &rule : g.rules) {
            setRow(m_rules, row++,
                   {g.name, rule.name, rule.type, rule.type == QLatin1String("alerting") ? rule.state : QString(),
                    rule.health, rule.durationMs > 0 ? QStringLiteral("%1 s").arg(rule.durationMs / 1000) : QString(),
                    rule.query, rule.lastError},
                   3);
        }
    m_rules->resizeColumnsToContents();
}

void AlertsPage::notify(const AlertTracker::Change &change)
{
    const QString title = change.firing ? tr("%1 is firing").arg(change.name) : tr("%1 resolved").arg(change.name);
    const QString text = change.summary.isEmpty() ? change.key : change.summary;
    if (m_tray)
        m_tray->showMessage(title, text,
                            change.firing ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 10000);
    Q_EMIT alertChanged(title + QStringLiteral(": ") + text, change.firing);
}

} // namespace vitals

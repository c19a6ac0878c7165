#pragma once

#include "core/alerttracker.h"
#include "core/prom/requesthandle.h"

#include <QWidget>

class QLabel;
class QSystemTrayIcon;
class QTableWidget;
class QTimer;

namespace vitals {

namespace prom {
class PromClient;
}

// The Alerts page: Prometheus's active alerts (/api/v1/alerts) with state, since, value, labels
// and annotations, and its rules (/api/v1/rules) with their state and health, refreshed every
// few seconds. When an alert starts firing or resolves, a desktop notification says so (through
// QSystemTrayIcon where the desktop has a tray; otherwise the alertChanged signal still fires
// and the window shows it in the status bar). GUI thread only; does not own the client.
class AlertsPage : public QWidget
{
    Q_OBJECT
public:
    explicit AlertsPage(prom::PromClient *client, QWidget *parent = nullptr);
    ~AlertsPage() override;

    void setClient(prom::PromClient *client);
    QTableWidget *alertsTable() const { return m_alerts; }
    QTableWidget *rulesTable() const { return m_rules; }
    int firingCount() const { return m_tracker.firingCount(); }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    // An alert started firing (firing = true) or resolved; `text` is ready to show.
    void alertChanged(const QString &text, bool firing);
    void refreshFinished();

private:
    void showAlerts(const prom::AlertsResult &result);
    void showRules(const prom::RulesResult &result);
    void notify(const AlertTracker::Change &change);

    prom::PromClient *m_client = nullptr;
    prom::RequestHandle m_alertsRequest;
    prom::RequestHandle m_rulesRequest;
    AlertTracker m_tracker;
    QTableWidget *m_alerts = nullptr;
    QTableWidget *m_rules = nullptr;
    QLabel *m_status = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_timer = nullptr;
    int m_pending = 0;
};

} // namespace vitals

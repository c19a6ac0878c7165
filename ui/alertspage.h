#pragma once

#include "core/alertgrouping.h"
#include "core/alerttracker.h"
#include "core/prom/results.h"

#include <QHash>
#include <QWidget>

#include <vector>

class QLabel;
class QSystemTrayIcon;
class QTableView;
class QTextBrowser;
class QTimer;

namespace vitals {

namespace prom {
class PromClient;
}
class AlertmanagerService;
class AlertmanagerView;
class AlertsService;
class TableModel;

// The Alerts page: Prometheus's active alerts (/api/v1/alerts), one row per alert name with
// the count ("FeatureDrift ×8"), earliest since, value (range) in the unit its rule's metric
// suggests, shared and differing labels and annotations, and a pane with every alert of the
// selected row in full, and its rules (/api/v1/rules) with their state and health, refreshed every
// few seconds. When an alert starts firing or resolves, a desktop notification says so (through
// QSystemTrayIcon where the desktop has a tray; otherwise the alertChanged signal still fires
// and the window shows it in the status bar). The requests belong to its AlertsService; the
// tables are TableModels over rows built from the answers. GUI thread only; does not own the
// client. Alertmanager's groups and silences (when the connection names one) come from its
// AlertmanagerService and show in an AlertmanagerView below the rules; alerts it silences raise
// no desktop notification.
class AlertsPage : public QWidget
{
    Q_OBJECT
public:
    explicit AlertsPage(prom::PromClient *client, QWidget *parent = nullptr);
    ~AlertsPage() override;

    void setClient(prom::PromClient *client);
    TableModel *alertsModel() const { return m_alertsModel; }
    TableModel *rulesModel() const { return m_rulesModel; }
    QTableView *alertsView() const { return m_alerts; }
    AlertsService *service() const { return m_service; }
    int firingCount() const { return m_tracker.firingCount(); }
    // Alertmanager's groups and silences; alerts it silences raise no notification.
    AlertmanagerView *alertmanagerView() const { return m_alertmanager; }
    AlertmanagerService *alertmanagerService() const { return m_alertmanagerService; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    // An alert started firing (firing = true) or resolved; `text` is ready to show.
    void alertChanged(const QString &text, bool firing);
    void refreshFinished();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    // Sizes the rules table to its rows, up to a third of the page (then it scrolls).
    void fitRules();
    int rulesHeightFor(int pageHeight) const;
    void showAlerts(const prom::AlertsResult &result);
    void showRules(const prom::RulesResult &result);
    void notify(const AlertTracker::Change &change);
    void showDetail();

    AlertsService *m_service = nullptr; // child
    AlertTracker m_tracker;
    TableModel *m_alertsModel = nullptr;
    TableModel *m_rulesModel = nullptr;
    QTableView *m_alerts = nullptr;
    QTableView *m_rules = nullptr;
    QLabel *m_status = nullptr;
    QTextBrowser *m_detail = nullptr;
    std::vector<alertgrouping::AlertNameGroup> m_groups;
    QHash<QString, QString> m_ruleMetric; // alertname → first metric its rule reads
    QSystemTrayIcon *m_tray = nullptr;
    AlertmanagerService *m_alertmanagerService = nullptr; // child
    AlertmanagerView *m_alertmanager = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace vitals

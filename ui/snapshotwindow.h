#pragma once

#include "core/snapshot/snapshot.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QTabWidget;

namespace vitals {

class DashboardPage;
class SnapshotAlertsPage;

// A window showing a snapshot file, read-only and offline: a banner ("Snapshot of <dashboard>
// from <connection> taken <time>", the span, the variables and the alerts that were firing),
// then the dashboard's panels drawn from the snapshot's data, as live — zoom (drag; Back or
// Alt+Left undoes it) and the mirrored crosshair work inside the captured span. It never sends
// a request: the page has no client and its data service serves the saved data. There is no
// refresh and no auto-refresh. The drift and model-quality views show what they computed from
// their saved answers for the whole captured span, also when the charts are zoomed (a shorter
// span would need new queries); their thresholds can still be edited. A second tab, Alerts,
// lists what was firing and when alerts fired within the span (SnapshotAlertsPage, read-only).
// GUI thread only.
class SnapshotWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit SnapshotWindow(std::shared_ptr<const snapshot::Snapshot> snapshot,
                            QWidget *parent = nullptr);
    ~SnapshotWindow() override;

    DashboardPage *dashboardPage() const { return m_page; }
    QLabel *banner() const { return m_banner; }
    // The Dashboard and Alerts tabs, and the Alerts page.
    QTabWidget *tabs() const { return m_tabs; }
    SnapshotAlertsPage *alertsPage() const { return m_alerts; }
    const snapshot::Snapshot &snapshot() const { return *m_snapshot; }

    // Saves a PNG of the window once the panels are drawn (or after `maxWaitMs`), then emits
    // screenshotSaved.
    void screenshotWhenReady(const QString &path, int maxWaitMs);

Q_SIGNALS:
    void screenshotSaved(const QString &path, bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    std::shared_ptr<const snapshot::Snapshot> m_snapshot;
    DashboardPage *m_page = nullptr;
    QLabel *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    SnapshotAlertsPage *m_alerts = nullptr;
    QAction *m_back = nullptr;
    bool m_shown = false;
};

} // namespace vitals

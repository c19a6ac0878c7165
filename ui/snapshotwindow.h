#pragma once

#include "core/snapshot/snapshot.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;

namespace vitals {

class DashboardPage;

// A window showing a snapshot file, read-only and offline: a banner ("Snapshot of <dashboard>
// from <connection> taken <time>", the span, the variables and the alerts that were firing),
// then the dashboard's panels drawn from the snapshot's data, as live — zoom (drag; Back or
// Alt+Left undoes it) and the mirrored crosshair work inside the captured span. It never sends
// a request: the page has no client and its data service serves the saved data. There is no
// refresh and no auto-refresh. GUI thread only.
class SnapshotWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit SnapshotWindow(std::shared_ptr<const snapshot::Snapshot> snapshot,
                            QWidget *parent = nullptr);
    ~SnapshotWindow() override;

    DashboardPage *dashboardPage() const { return m_page; }
    QLabel *banner() const { return m_banner; }
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
    QAction *m_back = nullptr;
    bool m_shown = false;
};

} // namespace vitals

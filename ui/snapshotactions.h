#pragma once

#include "core/snapshot/snapshot.h"

#include <QObject>

class QAction;
class QMenu;

namespace vitals {

class DashboardPage;
class MainWindow;

// The main window's `File › Save snapshot…`: saves the dashboard shown with the data its panels
// drew (as decoded, at the resolution drawn: nothing is asked again), the variables, the span,
// the alerts firing now (asked from the server, 5 s at most; without them when it cannot say)
// and the spans the charts shade, under the connection's name — never its credentials.
// GUI thread only; a child of the window.
class SnapshotActions : public QObject
{
    Q_OBJECT
public:
    explicit SnapshotActions(MainWindow *window);
    ~SnapshotActions() override;

    // Adds "Save snapshot…" to `menu`.
    QAction *addTo(QMenu *menu);
    // Saves without asking for a path; snapshotSaved follows (at once when the file cannot be
    // written, else after the alerts are read).
    void saveSnapshot(const QString &path);

    // What the page shows, as a snapshot (firing alerts left empty). `connection` is a name or
    // a URL; a URL loses its user info.
    static snapshot::Snapshot snapshotOfPage(const DashboardPage &page, const QString &connection,
                                             const QString &scrapeInterval);

Q_SIGNALS:
    void snapshotSaved(const QString &path, bool ok, const QString &error);

private:
    void saveWithDialog();
    void write(snapshot::Snapshot snapshot, const QString &path);

    MainWindow *m_window;
};

} // namespace vitals

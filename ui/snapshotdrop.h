#pragma once

#include <QObject>
#include <QString>

class QMainWindow;

namespace vitals {

class SnapshotWindow;

// Opens a snapshot dropped on the main window: a file that starts with the snapshot magic
// (snapshot::looksLikeSnapshotFile, whatever its name) opens in a SnapshotWindow of its own,
// read-only, beside the live one; a file that cannot be read says why in the status bar. A
// dashboard (*.json) is left to the window, which opens it as before; any other file is
// ignored with a status message. It watches the window's drop events (an event filter), so the
// window's own drop handling is untouched.
// GUI thread only; a child of the window. Opened snapshot windows are children of the window
// too (separate top-level windows) and are deleted when closed.
class SnapshotDrop : public QObject
{
    Q_OBJECT
public:
    explicit SnapshotDrop(QMainWindow *window);
    ~SnapshotDrop() override;

    // What a drop of `path` does, as handle() decides it.
    enum class Kind { Snapshot, Dashboard, Other };
    static Kind kindOf(const QString &path);

    // Opens or ignores `path`; false when it is a dashboard, which the window opens.
    bool handle(const QString &path);

Q_SIGNALS:
    // A dropped snapshot is shown in `window`.
    void snapshotOpened(vitals::SnapshotWindow *window, const QString &path);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QMainWindow *m_window;
};

} // namespace vitals

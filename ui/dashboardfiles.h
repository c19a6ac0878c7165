#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/grafanaimport.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class QMenu;
#include <QMessageBox>
class QWidget;

namespace vitals {

// The dashboard's file: New, Open…, Open Recent, Save, Save As… and Import Grafana… for the File
// menu. It owns the current file path, the unsaved-changes flag and the recent files (the last
// kMaxRecent, in QSettings under "dashboards/recent"), and talks to the window through two
// things only: the source (a function giving the dashboard to save, as the window shows it,
// variable selections included) and the dashboardLoaded() signal (show this dashboard).
//
// Open accepts Vitals files and Grafana dashboard JSON alike (dashboard::openDashboardFile).
// A Grafana import has no path afterwards, so Save asks where to write the Vitals file instead
// of overwriting the Grafana one, and its ImportReport is shown in a message box whose details
// list what was skipped or approximated. Bad files give an error message box naming the field.
//
// Message boxes are window-modal and non-blocking (QMessageBox::open); lastMessage() returns the
// latest one while it is open. Only the ask…() slots show file dialogs or ask to discard
// unsaved changes. GUI thread only.
class DashboardFiles : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxRecent = 8;

    // `dialogParent` owns the dialogs; `settingsFile` is an INI file for the recent files
    // (empty = the application's QSettings).
    explicit DashboardFiles(QWidget *dialogParent, QObject *parent = nullptr,
                            const QString &settingsFile = {});
    ~DashboardFiles() override;

    // What save() writes. Without a source, the dashboard last loaded is saved.
    void setDashboardSource(std::function<dashboard::Dashboard()> source);

    // The Vitals file the dashboard was opened from or saved to; empty for a new, built-in or
    // imported dashboard.
    QString filePath() const { return m_path; }
    bool isDirty() const { return m_dirty; }
    // The file's name, "Untitled" or the imported dashboard's title; for the window title.
    QString displayName() const;
    QStringList recentFiles() const { return m_recent; }
    // The report of the last Grafana import (empty after opening a Vitals file).
    const dashboard::ImportReport &lastImportReport() const { return m_report; }

    // Adds the actions (with Ctrl+N, Ctrl+O, Ctrl+S, Ctrl+Shift+S) to `menu`.
    void populateMenu(QMenu *menu);

    // Opens `path` (Vitals or Grafana) and emits dashboardLoaded; shows the error or, after a
    // Grafana import, the report. Returns false when the file could not be opened.
    bool openFile(const QString &path);
    // Writes the source's dashboard to `path` as a Vitals file; it becomes the file path.
    bool saveTo(const QString &path);
    // Starts an empty dashboard without a path.
    void newDashboard();
    // Records the dashboard the window shows at start-up (the built-in one): no path, clean.
    void setInitial(const dashboard::Dashboard &dashboard);
    // Shows a built-in dashboard (Dashboards menu): no path, clean, dashboardLoaded emitted.
    void showBuiltIn(const dashboard::Dashboard &dashboard);
    // Puts `path` first in Open Recent (a file named on the command line).
    void addRecent(const QString &path);
    // The window changed the dashboard (a panel added from Explore).
    void markDirty(bool dirty = true);

    // The message box shown last, while it is open; nullptr otherwise.
    QMessageBox *lastMessage() const { return m_lastMessage.data(); }

public Q_SLOTS:
    void askNew();
    void askOpen();
    void askImportGrafana();
    // Saves to the file path, or asks for one (a new or imported dashboard). False if canceled
    // or failed.
    bool save();
    bool askSaveAs();
    // True when there are no unsaved changes, or the user saved or discarded them.
    bool confirmDiscard();

Q_SIGNALS:
    void dashboardLoaded(const vitals::dashboard::Dashboard &dashboard);
    // The path, the dirty flag or the recent files changed (update the window title and menu).
    void stateChanged();

private:
    void loadRecent();
    void saveRecent() const;
    void fillRecentMenu(QMenu *menu);
    QMessageBox *showMessage(int icon, const QString &title, const QString &text,
                             const QString &informative, const QString &details = {});
    dashboard::Dashboard current() const;

    QWidget *m_dialogParent = nullptr;
    QString m_settingsFile;
    std::function<dashboard::Dashboard()> m_source;
    dashboard::Dashboard m_loaded;
    dashboard::ImportReport m_report;
    QString m_path;
    QString m_importedName;
    bool m_dirty = false;
    QStringList m_recent;
    QPointer<QMessageBox> m_lastMessage;
};

} // namespace vitals

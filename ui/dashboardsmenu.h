#pragma once

#include <QList>
#include <QObject>
#include <QString>

class QMenu;

namespace vitals {

class DashboardFiles;

// The top of the Dashboards menu: a way to any dashboard the user has, whatever is shown now.
// The built-in dashboards (every ":/vitals/dashboards/*.json", by title), "Your Dashboards"
// (the *.json files of dashboardsFolder(), and an action that opens the folder) and "Recent"
// (DashboardFiles::recentFiles()). Submenus are refilled each time they open. Opening asks to
// save or discard unsaved changes first, as File › Open does.
// GUI thread only. Does not own `files` or `menu`; they must outlive it.
class DashboardsMenu : public QObject
{
    Q_OBJECT
public:
    struct Entry {
        QString title; // the dashboard's title, or the file name when it does not load
        QString path;  // a resource path (":/…") or a file
    };

    // Adds the entries to `menu`, followed by a separator (the window adds its own actions after).
    DashboardsMenu(DashboardFiles *files, QMenu *menu, QObject *parent = nullptr);

    // <the user's application data folder>/dashboards; created when it does not exist.
    static QString dashboardsFolder();
    static QList<Entry> builtIns();
    // The dashboard files (*.json) in `folder`, sorted by title.
    static QList<Entry> filesIn(const QString &folder);

    // Shows a built-in dashboard (after confirming unsaved changes); false if it did not load
    // or the user stayed.
    bool openBuiltIn(const QString &resourcePath);

private:
    void fillFolderMenu(QMenu *menu);
    void fillRecentMenu(QMenu *menu);

    DashboardFiles *m_files;
};

} // namespace vitals

#include "ui/dashboardsmenu.h"

#include "core/dashboard/dashboardfile.h"
#include "ui/dashboardfiles.h"

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>

namespace vitals {

namespace {

QString titleOf(const QString &path)
{
    const auto result = dashboard::openDashboardFile(path);
    if (result.ok() && !result.dashboard->title.isEmpty())
        return result.dashboard->title;
    return QFileInfo(path).completeBaseName();
}

} // namespace

DashboardsMenu::DashboardsMenu(DashboardFiles *files, QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_files(files)
{
    menu->addSection(tr("Built-in"));
    for (const Entry &entry : builtIns()) {
        QAction *a =
            menu->addAction(entry.title, this, [this, path = entry.path] { openBuiltIn(path); });
        a->setObjectName(QStringLiteral("builtIn:") + QFileInfo(entry.path).completeBaseName());
    }
    menu->addSeparator();
    QMenu *folder = menu->addMenu(tr("&Your Dashboards"));
    folder->setObjectName(QStringLiteral("folderMenu"));
    connect(folder, &QMenu::aboutToShow, this, [this, folder] { fillFolderMenu(folder); });
    fillFolderMenu(folder);
    QMenu *recent = menu->addMenu(tr("&Recent"));
    recent->setObjectName(QStringLiteral("dashboardsRecentMenu"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] { fillRecentMenu(recent); });
    fillRecentMenu(recent);
    menu->addSeparator();
}

QString DashboardsMenu::dashboardsFolder()
{
    const QString path = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                         + QStringLiteral("/dashboards");
    QDir().mkpath(path);
    return path;
}

QList<DashboardsMenu::Entry> DashboardsMenu::builtIns()
{
    QList<Entry> out;
    const QDir dir(QStringLiteral(":/vitals/dashboards"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        out.push_back({titleOf(dir.filePath(name)), dir.filePath(name)});
    return out;
}

QList<DashboardsMenu::Entry> DashboardsMenu::filesIn(const QString &folder)
{
    QList<Entry> out;
    const QDir dir(folder);
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files))
        out.push_back({titleOf(dir.filePath(name)), dir.filePath(name)});
    std::sort(out.begin(), out.end(), [](const Entry &a, const Entry &b) {
        return QString::localeAwareCompare(a.title, b.title) < 0;
    });
    return out;
}

bool DashboardsMenu::openBuiltIn(const QString &resourcePath)
{
    const auto loaded = dashboard::openDashboardFile(resourcePath);
    if (!loaded.ok() || !m_files->confirmDiscard())
        return false;
    m_files->showBuiltIn(*loaded.dashboard);
    return true;
}

void DashboardsMenu::fillFolderMenu(QMenu *menu)
{
    menu->clear();
    const QString folder = dashboardsFolder();
    const auto entries = filesIn(folder);
    for (const Entry &entry : entries) {
        QAction *a = menu->addAction(entry.title, this, [this, path = entry.path] {
            if (m_files->confirmDiscard())
                m_files->openFile(path);
        });
        a->setToolTip(entry.path);
        a->setStatusTip(entry.path);
    }
    if (entries.isEmpty())
        menu->addAction(tr("(none yet: save dashboards in this folder)"))->setEnabled(false);
    menu->addSeparator();
    QAction *open = menu->addAction(tr("Open Folder"), this, [folder] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
    });
    open->setStatusTip(folder);
}

void DashboardsMenu::fillRecentMenu(QMenu *menu)
{
    menu->clear();
    const QStringList recent = m_files->recentFiles();
    for (const QString &path : recent) {
        QAction *a = menu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            if (m_files->confirmDiscard())
                m_files->openFile(path);
        });
        a->setToolTip(path);
        a->setStatusTip(path);
    }
    if (recent.isEmpty())
        menu->addAction(tr("(none)"))->setEnabled(false);
}

} // namespace vitals

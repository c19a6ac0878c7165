#include "ui/dashboardfiles.h"

#include "core/dashboard/dashboardfile.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>

#include <memory>

namespace vitals {

namespace {

const QString kRecentKey = QStringLiteral("dashboards/recent");
const QString kLastDirKey = QStringLiteral("dashboards/lastDir");

std::unique_ptr<QSettings> openSettings(const QString &file)
{
    if (file.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

QString fileFilter()
{
    return QObject::tr("Dashboards (*.json);;All files (*)");
}

} // namespace

DashboardFiles::DashboardFiles(QWidget *dialogParent, QObject *parent, const QString &settingsFile)
    : QObject(parent)
    , m_dialogParent(dialogParent)
    , m_settingsFile(settingsFile)
{
    loadRecent();
}

DashboardFiles::~DashboardFiles() = default;

void DashboardFiles::setDashboardSource(std::function<dashboard::Dashboard()> source)
{
    m_source = std::move(source);
}

dashboard::Dashboard DashboardFiles::current() const
{
    return m_source ? m_source() : m_loaded;
}

QString DashboardFiles::displayName() const
{
    if (!m_path.isEmpty())
        return QFileInfo(m_path).fileName();
    if (!m_importedName.isEmpty())
        return m_importedName;
    return tr("Untitled");
}

void DashboardFiles::populateMenu(QMenu *menu)
{
    QAction *a = menu->addAction(tr("&New Dashboard"), this, &DashboardFiles::askNew);
    a->setShortcut(QKeySequence::New);
    a = menu->addAction(tr("&Open…"), this, &DashboardFiles::askOpen);
    a->setShortcut(QKeySequence::Open);
    a->setToolTip(tr("Open a Vitals or Grafana dashboard file"));
    QMenu *recent = menu->addMenu(tr("Open &Recent"));
    recent->setObjectName(QStringLiteral("recentMenu"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] { fillRecentMenu(recent); });
    fillRecentMenu(recent);
    menu->addSeparator();
    a = menu->addAction(tr("&Save"), this, &DashboardFiles::save);
    a->setShortcut(QKeySequence::Save);
    a = menu->addAction(tr("Save &As…"), this, &DashboardFiles::askSaveAs);
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    menu->addSeparator();
    a = menu->addAction(tr("&Import Grafana Dashboard…"), this, &DashboardFiles::askImportGrafana);
    a->setToolTip(
        tr("Open a dashboard exported from Grafana 9–12 and see what was not understood"));
}

void DashboardFiles::fillRecentMenu(QMenu *menu)
{
    menu->clear();
    for (const QString &path : m_recent) {
        QAction *a = menu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            if (confirmDiscard())
                openFile(path);
        });
        a->setToolTip(path);
        a->setStatusTip(path);
    }
    if (m_recent.isEmpty()) {
        menu->addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    menu->addSeparator();
    menu->addAction(tr("Clear Recent Files"), this, [this] {
        m_recent.clear();
        saveRecent();
        Q_EMIT stateChanged();
    });
}

bool DashboardFiles::openFile(const QString &path)
{
    const dashboard::OpenResult result = dashboard::openDashboardFile(path);
    if (!result.ok()) {
        showMessage(QMessageBox::Warning, tr("Open dashboard"),
                    tr("Could not open %1.").arg(QFileInfo(path).fileName()),
                    tr("%1\n\nVitals opens its own dashboard files and Grafana dashboard JSON "
                       "(Grafana 9–12, \"Export\" or \"Export for sharing externally\").")
                        .arg(result.error));
        return false;
    }
    m_loaded = *result.dashboard;
    m_report = result.report;
    addRecent(path);
    if (result.importedFromGrafana) {
        m_path.clear();
        m_importedName = m_loaded.title.isEmpty() ? QFileInfo(path).fileName() : m_loaded.title;
        m_dirty = true; // not saved as a Vitals file yet
    } else {
        m_path = QFileInfo(path).absoluteFilePath();
        m_importedName.clear();
        m_dirty = false;
    }
    Q_EMIT dashboardLoaded(m_loaded);
    Q_EMIT stateChanged();

    if (result.importedFromGrafana) {
        const int issues = int(result.report.issues.size());
        const QString summary =
            tr("Imported “%1” from Grafana: %n panel(s)", nullptr, int(m_loaded.panels.size()))
                .arg(m_loaded.title)
            + tr(", %n variable(s).", nullptr, int(m_loaded.variables.size()));
        const QString informative =
            issues == 0 ? tr("Everything in the file was understood.")
                        : tr("%n item(s) were skipped or approximated; \"Show Details…\" lists "
                             "them with their place in the file.",
                             nullptr, issues)
                              + tr("\n\nSave keeps the result as a Vitals dashboard; the Grafana "
                                   "file is not changed.");
        showMessage(issues == 0 ? QMessageBox::Information : QMessageBox::Warning,
                    tr("Grafana import"), summary, informative,
                    issues == 0 ? QString() : result.report.toText());
    }
    return true;
}

bool DashboardFiles::saveTo(const QString &path)
{
    QString error;
    const dashboard::Dashboard d = current();
    if (!dashboard::saveDashboardFile(d, path, &error)) {
        showMessage(QMessageBox::Critical, tr("Save dashboard"),
                    tr("Could not save %1.").arg(QFileInfo(path).fileName()), error);
        return false;
    }
    m_loaded = d;
    m_path = QFileInfo(path).absoluteFilePath();
    m_importedName.clear();
    m_dirty = false;
    addRecent(m_path);
    Q_EMIT stateChanged();
    return true;
}

void DashboardFiles::newDashboard()
{
    dashboard::Dashboard d;
    d.title = tr("New dashboard");
    m_loaded = d;
    m_report = {};
    m_path.clear();
    m_importedName.clear();
    m_dirty = false;
    Q_EMIT dashboardLoaded(m_loaded);
    Q_EMIT stateChanged();
}

void DashboardFiles::setInitial(const dashboard::Dashboard &dashboard)
{
    m_loaded = dashboard;
    m_path.clear();
    m_importedName = dashboard.title;
    m_dirty = false;
    Q_EMIT stateChanged();
}

void DashboardFiles::showBuiltIn(const dashboard::Dashboard &dashboard)
{
    setInitial(dashboard);
    m_report = {};
    Q_EMIT dashboardLoaded(m_loaded);
}

void DashboardFiles::markDirty(bool dirty)
{
    if (m_dirty == dirty)
        return;
    m_dirty = dirty;
    Q_EMIT stateChanged();
}

void DashboardFiles::askNew()
{
    if (confirmDiscard())
        newDashboard();
}

void DashboardFiles::askOpen()
{
    if (!confirmDiscard())
        return;
    auto settings = openSettings(m_settingsFile);
    const QString path = QFileDialog::getOpenFileName(
        m_dialogParent, tr("Open dashboard (Vitals or Grafana)"),
        settings->value(kLastDirKey, QDir::homePath()).toString(), fileFilter());
    if (path.isEmpty())
        return;
    settings->setValue(kLastDirKey, QFileInfo(path).absolutePath());
    openFile(path);
}

void DashboardFiles::askImportGrafana()
{
    if (!confirmDiscard())
        return;
    auto settings = openSettings(m_settingsFile);
    const QString path =
        QFileDialog::getOpenFileName(m_dialogParent, tr("Import Grafana dashboard JSON"),
                                     settings->value(kLastDirKey, QDir::homePath()).toString(),
                                     tr("Grafana dashboard JSON (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    settings->setValue(kLastDirKey, QFileInfo(path).absolutePath());
    openFile(path);
}

bool DashboardFiles::save()
{
    if (m_path.isEmpty())
        return askSaveAs();
    return saveTo(m_path);
}

bool DashboardFiles::askSaveAs()
{
    auto settings = openSettings(m_settingsFile);
    QString suggested = m_path;
    if (suggested.isEmpty()) {
        QString base = current().title.toLower();
        base.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
        base = base.mid(0, 60).remove(QRegularExpression(QStringLiteral("^-+|-+$")));
        if (base.isEmpty())
            base = QStringLiteral("dashboard");
        suggested = QDir(settings->value(kLastDirKey, QDir::homePath()).toString())
                        .filePath(base + QStringLiteral(".vitals.json"));
    }
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Save dashboard as"),
                                                      suggested, fileFilter());
    if (path.isEmpty())
        return false;
    settings->setValue(kLastDirKey, QFileInfo(path).absolutePath());
    return saveTo(path);
}

bool DashboardFiles::confirmDiscard()
{
    if (!m_dirty)
        return true;
    const auto answer = QMessageBox::question(
        m_dialogParent, tr("Unsaved changes"),
        tr("The dashboard “%1” has changes that are not saved. Save them?").arg(displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void DashboardFiles::addRecent(const QString &given)
{
    const QString path = QFileInfo(given).absoluteFilePath();
    m_recent.removeAll(path);
    m_recent.prepend(path);
    while (m_recent.size() > kMaxRecent)
        m_recent.removeLast();
    saveRecent();
}

void DashboardFiles::loadRecent()
{
    auto settings = openSettings(m_settingsFile);
    m_recent.clear();
    for (const QString &p : settings->value(kRecentKey).toStringList())
        if (!p.isEmpty() && !m_recent.contains(p) && m_recent.size() < kMaxRecent)
            m_recent << p;
}

void DashboardFiles::saveRecent() const
{
    auto settings = openSettings(m_settingsFile);
    settings->setValue(kRecentKey, m_recent);
}

QMessageBox *DashboardFiles::showMessage(int icon, const QString &title, const QString &text,
                                         const QString &informative, const QString &details)
{
    auto *box =
        new QMessageBox(QMessageBox::Icon(icon), title, text, QMessageBox::Ok, m_dialogParent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(informative);
    if (!details.isEmpty())
        box->setDetailedText(details);
    box->setObjectName(QStringLiteral("dashboardFilesMessage"));
    if (m_lastMessage)
        m_lastMessage->close();
    m_lastMessage = box;
    box->open();
    return box;
}

} // namespace vitals

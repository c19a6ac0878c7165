#include "ui/snapshotactions.h"

#include "core/dashboard/variableresolver.h"
#include "core/panel/paneldataservice.h"
#include "core/services/reportdataservice.h"
#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"
#include "ui/panelcontroller.h"

#include <QAction>
#include <QDateTime>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

namespace vitals {

SnapshotActions::SnapshotActions(MainWindow *window)
    : QObject(window)
    , m_window(window)
{}

SnapshotActions::~SnapshotActions() = default;

QAction *SnapshotActions::addTo(QMenu *menu)
{
    QAction *action =
        menu->addAction(tr("Save &snapshot…"), this, &SnapshotActions::saveWithDialog);
    action->setObjectName(QStringLiteral("saveSnapshotAction"));
    action->setToolTip(tr("Save the dashboard with its data, to open offline"));
    return action;
}

snapshot::Snapshot SnapshotActions::snapshotOfPage(const DashboardPage &page,
                                                   const QString &connection,
                                                   const QString &scrapeInterval)
{
    snapshot::Snapshot s;
    s.dashboard = page.dashboard();
    s.variables = dashboard::selectionSummary(page.dashboard());
    const QUrl url(connection);
    s.connection = url.isValid() && !url.scheme().isEmpty() && !url.host().isEmpty()
                       ? snapshot::connectionNameForUrl(url)
                       : connection;
    s.takenAtMs = QDateTime::currentMSecsSinceEpoch();
    s.vitalsVersion = QStringLiteral(VITALS_VERSION);
    s.scrapeInterval = scrapeInterval;
    const TimeRange range = page.range();
    s.fromMs = range.fromMs(s.takenAtMs);
    s.toMs = range.toMs(s.takenAtMs);
    s.rangeLabel = range.isRelative() ? range.label() : QString();
    bool spanKnown = false;
    for (PanelController *panel : page.panels()) {
        auto data = page.dataService()->data(panel->panel().id);
        if (data && !spanKnown && data->toMs > data->fromMs) {
            // The span the panels were last refreshed for, not where a relative range is now.
            s.fromMs = data->fromMs;
            s.toMs = data->toMs;
            spanKnown = true;
        }
        s.panels.push_back(std::move(data));
    }
    for (const alertshading::Span &span : page.namedAlertSpans())
        s.alertSpans.push_back({span.alertname, span.fromMs, span.toMs, span.labels});
    return s;
}

void SnapshotActions::saveWithDialog()
{
    const QString suggested =
        (m_window->dashboardPage()->dashboard().title.isEmpty()
             ? QStringLiteral("dashboard")
             : m_window->dashboardPage()->dashboard().title)
        + QDateTime::currentDateTime().toString(QStringLiteral(" yyyy-MM-dd HHmm")) + u'.'
        + QLatin1String(snapshot::kFileSuffix);
    QString path = QFileDialog::getSaveFileName(
        m_window, tr("Save snapshot"), suggested,
        tr("Vitals snapshots (*.%1)").arg(QLatin1String(snapshot::kFileSuffix)));
    if (path.isEmpty())
        return;
    if (!path.endsWith(u'.' + QLatin1String(snapshot::kFileSuffix)))
        path += u'.' + QLatin1String(snapshot::kFileSuffix);
    auto *once = new QObject(this);
    connect(this, &SnapshotActions::snapshotSaved, once,
            [this, once](const QString &file, bool ok, const QString &error) {
                once->deleteLater();
                if (ok)
                    m_window->statusBar()->showMessage(tr("Snapshot saved to %1").arg(file), 8000);
                else
                    QMessageBox::warning(m_window, tr("Save snapshot"),
                                         tr("The snapshot could not be saved: %1").arg(error));
            });
    saveSnapshot(path);
}

void SnapshotActions::saveSnapshot(const QString &path)
{
    const prom::ConnectionProfile profile = m_window->connection();
    snapshot::Snapshot s =
        snapshotOfPage(*m_window->dashboardPage(),
                       profile.name.isEmpty() ? profile.baseUrl.toString() : profile.name,
                       m_window->scrapeInterval().describe());
    prom::PromClient *client = m_window->client();
    if (!client) {
        write(std::move(s), path);
        return;
    }
    // The alerts firing now, asked through the report's data service (one owner of the request;
    // deleting it aborts the request). At most 5 s: then the snapshot is written without them.
    auto *data = new ReportDataService(client, this);
    auto shared = std::make_shared<snapshot::Snapshot>(std::move(s));
    auto finished = std::make_shared<bool>(false);
    auto finish = [this, shared, finished, path, data] {
        if (*finished)
            return;
        *finished = true;
        data->deleteLater();
        write(std::move(*shared), path);
    };
    data->fetchFiringAlerts(
        [shared, finish](const std::vector<prom::Alert> &firing, const QString &) {
            shared->firingAlerts = firing;
            finish();
        });
    QTimer::singleShot(5000, this, finish);
}

void SnapshotActions::write(snapshot::Snapshot s, const QString &path)
{
    QString error;
    const bool ok = snapshot::writeSnapshotFile(s, path, &error);
    Q_EMIT snapshotSaved(path, ok, error);
}

} // namespace vitals

#include "ui/snapshotwindow.h"

#include "core/panel/paneldataservice.h"
#include "ui/dashboardpage.h"
#include "ui/snapshotalertspage.h"

#include <QAction>
#include <QLabel>
#include <QLocale>
#include <QShowEvent>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <map>

namespace vitals {

SnapshotWindow::SnapshotWindow(std::shared_ptr<const snapshot::Snapshot> snapshot, QWidget *parent)
    : QMainWindow(parent)
    , m_snapshot(std::move(snapshot))
{
    const snapshot::Snapshot &s = *m_snapshot;
    setWindowTitle(tr("%1 (snapshot) — Vitals").arg(s.dashboard.title));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_banner = new QLabel(central);
    m_banner->setObjectName(QStringLiteral("snapshotBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setMargin(8);
    m_banner->setAutoFillBackground(true);
    QPalette palette = m_banner->palette();
    palette.setColor(QPalette::Window, QColor(0xfd, 0xf1, 0xc8)); // a note, not an error
    palette.setColor(QPalette::WindowText, QColor(0x3a, 0x2e, 0x00));
    m_banner->setPalette(palette);
    const QLocale locale;
    QStringList details;
    details << tr("%1 – %2")
                   .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(s.fromMs),
                                        QLocale::ShortFormat),
                        locale.toString(QDateTime::fromMSecsSinceEpoch(s.toMs),
                                        QLocale::ShortFormat))
                   .toHtmlEscaped();
    if (!s.variables.isEmpty())
        details << s.variables.join(QStringLiteral(", ")).toHtmlEscaped();
    // One name per alert, with how many of it fire ("FeatureDrift ×4": one per feature).
    QStringList alerts;
    std::map<QString, int> counts;
    for (const prom::Alert &a : s.firingAlerts)
        if (counts[a.labels.value(u"alertname")]++ == 0)
            alerts << a.labels.value(u"alertname");
    for (QString &name : alerts)
        name = (counts[name] > 1 ? QStringLiteral("%1 ×%2").arg(name).arg(counts[name]) : name)
                   .toHtmlEscaped();
    details << (alerts.isEmpty() ? tr("no alerts firing")
                                 : tr("firing: %1").arg(alerts.join(QStringLiteral(", "))));
    details << tr("read-only, no server is asked");
    m_banner->setText(
        QStringLiteral("<b>%1</b><br>%2")
            .arg(s.bannerText().toHtmlEscaped(), details.join(QStringLiteral(" · "))));
    layout->addWidget(m_banner);

    m_tabs = new QTabWidget(central);
    m_tabs->setDocumentMode(true);
    m_page = new DashboardPage(nullptr, m_tabs);
    m_page->dataService()->setSavedData(s.panels);
    std::vector<alertshading::Span> spans;
    for (const snapshot::AlertSpan &span : s.alertSpans)
        spans.push_back({span.alertname, span.fromMs, span.toMs, span.labels});
    m_page->setSavedAlertSpans(spans);
    m_page->setDashboard(s.dashboard);
    m_page->setVariables(s.dashboard.variables);
    m_page->setRange(TimeRange::absolute(s.fromMs, s.toMs));
    m_tabs->addTab(m_page, tr("Dashboard"));
    m_alerts = new SnapshotAlertsPage(s, m_tabs);
    m_tabs->addTab(m_alerts, s.firingAlerts.empty()
                                 ? tr("Alerts")
                                 : tr("Alerts (%1 firing)").arg(s.firingAlerts.size()));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    QToolBar *bar = addToolBar(tr("Snapshot"));
    bar->setObjectName(QStringLiteral("snapshotToolBar"));
    bar->setMovable(false);
    m_back = bar->addAction(tr("Back"), m_page, &DashboardPage::back);
    m_back->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_back->setToolTip(tr("Undo the last zoom (Alt+Left)"));
    m_back->setEnabled(false);
    connect(m_page, &DashboardPage::canGoBackChanged, m_back, &QAction::setEnabled);
    QAction *whole = bar->addAction(tr("Whole span"), this, [this] {
        m_page->setRange(TimeRange::absolute(m_snapshot->fromMs, m_snapshot->toMs));
        m_page->refresh();
    });
    whole->setToolTip(tr("Show the whole captured span"));
    resize(1400, 900);
}

SnapshotWindow::~SnapshotWindow() = default;

void SnapshotWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_shown)
        return;
    m_shown = true;
    // After the first layout pass, so the charts know their widths.
    QTimer::singleShot(0, m_page, &DashboardPage::refresh);
}

void SnapshotWindow::screenshotWhenReady(const QString &path, int maxWaitMs)
{
    auto done = std::make_shared<bool>(false);
    auto save = [this, path, done] {
        if (*done)
            return;
        *done = true;
        const bool ok = grab().save(path);
        Q_EMIT screenshotSaved(path, ok);
    };
    // Charts coalesce their repaints on a timer: let them settle after the data is drawn.
    connect(m_page, &DashboardPage::refreshFinished, this,
            [this, save] { QTimer::singleShot(300, this, save); });
    QTimer::singleShot(maxWaitMs, this, save);
}

} // namespace vitals

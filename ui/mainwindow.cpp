#include "ui/mainwindow.h"

#include "core/dashboard/dashboardfile.h"
#include "core/prom/connectionstore.h"
#include "core/prom/promclient.h"
#include "ui/alertspage.h"
#include "ui/connectiondialog.h"
#include "ui/dashboardfiles.h"
#include "ui/dashboardpage.h"
#include "ui/dashboardsmenu.h"
#include "ui/explorepage.h"
#include "ui/reportactions.h"
#include "ui/snapshotactions.h"
#include "ui/snapshotdrop.h"
#include "ui/stackagefollower.h"
#include "ui/theme.h"
#include "ui/uilogging.h"
#include "ui/variablebar.h"
#include "widgets/timerangepicker.h"
#include "widgets/timeserieschart.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>

#include <utility>

namespace vitals {

namespace {

prom::ConnectionProfile defaultProfile()
{
    prom::ConnectionProfile p;
    p.name = QStringLiteral("Local Prometheus");
    p.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9090"));
    return p;
}

dashboard::Dashboard defaultDashboard()
{
    const auto loaded =
        dashboard::openDashboardFile(QStringLiteral(":/vitals/dashboards/model-health.json"));
    if (loaded.ok())
        return *loaded.dashboard;
    qCWarning(lcUi) << "the built-in dashboard does not load:" << loaded.error;
    dashboard::Dashboard empty;
    empty.title = QStringLiteral("Model health");
    return empty;
}

} // namespace

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_pages(new QTabWidget(this))
    , m_picker(new TimeRangePicker(this))
    , m_connections(new QComboBox(this))
    , m_autoRefresh(new QTimer(this))
    , m_backendLabel(new QLabel(this))
    , m_scrapeLabel(new QLabel(this))
    , m_refreshLabel(new QLabel(this))
    , m_errorLabel(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Vitals"));
    m_store = new prom::ConnectionStore(options.keychain && options.restoreSettings
                                            ? prom::SecretStore::Backend::Keychain
                                            : prom::SecretStore::Backend::Memory,
                                        this);
    QSettings settings;
    if (options.restoreSettings) {
        if (const theme::Theme saved = theme::saved(); saved != theme::current())
            theme::apply(saved);
        m_profiles = m_store->profiles();
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    }
    if (m_profiles.isEmpty())
        m_profiles << defaultProfile();
    const QString current = !options.connection.isEmpty() ? options.connection
                            : options.restoreSettings
                                ? settings.value(QStringLiteral("connection/current")).toString()
                                : QString();
    m_profile = m_profiles.front();
    for (const auto &p : m_profiles)
        if (p.name == current)
            m_profile = p;
    if (options.server.isValid() && !options.server.isEmpty()) {
        m_profile = prom::ConnectionProfile{};
        m_profile.name = options.server.toDisplayString();
        m_profile.baseUrl = options.server;
    }

    TimeRange range = TimeRange::last(15 * 60000);
    if (options.restoreSettings)
        if (auto saved = TimeRange::parse(settings.value(QStringLiteral("view/range")).toString()))
            range = *saved;
    if (auto given = TimeRange::parse(options.range)) {
        range = *given;
        // Like --var: the range asked for on the command line wins over the first dashboard's
        // own default (a Grafana file's "time": now-24h), as a Grafana URL's from/to does.
        if (!options.dashboardFiles.isEmpty())
            m_pinnedRange = range;
    }

    m_client = std::make_unique<prom::PromClient>(m_profile);
    m_dashboard = new DashboardPage(m_client.get(), this);
    m_dashboard->setDashboard(defaultDashboard());
    m_dashboard->setRange(range);
    m_picker->setRange(range);
    m_pages->addTab(m_dashboard, tr("Dashboard"));
    m_alerts = new AlertsPage(options.connectOnStart ? m_client.get() : nullptr, this);
    m_pages->addTab(m_alerts, tr("Alerts"));
    m_pages->setDocumentMode(true);
    setCentralWidget(m_pages);

    statusBar()->addWidget(m_backendLabel);
    statusBar()->addWidget(m_scrapeLabel);
    m_scrapeLabel->setObjectName(QStringLiteral("scrapeIntervalLabel"));
    statusBar()->addWidget(m_refreshLabel);
    statusBar()->addWidget(m_errorLabel, 1);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #d63b3b"));
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (options.restoreSettings)
        loadSecrets(options.connectOnStart);
    if (!options.keychain)
        showKeychainNotice(tr("Secrets in memory only"),
                           tr("Started with --no-keychain: passwords and tokens typed in this "
                              "session are not saved."));

    buildToolBar();
    buildShortcuts();
    buildExplore();
    buildDashboardFiles();

    connect(m_picker, &TimeRangePicker::rangeChanged, this, [this](const TimeRange &r) {
        m_dashboard->setRange(r);
        refresh();
    });
    connect(m_picker, &TimeRangePicker::refreshIntervalChanged, this,
            &MainWindow::setRefreshInterval);
    connect(m_dashboard, &DashboardPage::rangeChanged, m_picker, &TimeRangePicker::setRange);
    connect(m_dashboard, &DashboardPage::canGoBackChanged, m_backAction, &QAction::setEnabled);
    connect(m_dashboard, &DashboardPage::errorChanged, this, &MainWindow::showStatusError);
    connect(m_dashboard, &DashboardPage::refreshFinished, this, [this] {
        m_refreshLabel->setText(
            tr("Refreshed %1 (%2 ms)")
                .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")))
                .arg(m_dashboard->lastRefreshMs()));
    });
    connect(m_alerts, &AlertsPage::alertChanged, this, [this](const QString &text, bool firing) {
        statusBar()->showMessage(text, 15000);
        if (firing)
            m_pages->setTabText(m_pages->indexOf(m_alerts),
                                tr("Alerts (%1)").arg(m_alerts->firingCount()));
    });
    connect(m_alerts, &AlertsPage::refreshFinished, this, [this] {
        const int firing = m_alerts->firingCount();
        m_pages->setTabText(m_pages->indexOf(m_alerts),
                            firing ? tr("Alerts (%1)").arg(firing) : tr("Alerts"));
    });
    connect(m_autoRefresh, &QTimer::timeout, this, [this] {
        // A refresh still waiting for a slow server is not stacked under another one.
        if (!m_dashboard->isRefreshing())
            refresh();
    });

    int interval = 5000;
    if (options.restoreSettings)
        interval = settings.value(QStringLiteral("view/refreshMs"), interval).toInt();
    m_picker->setRefreshIntervalMs(interval);
    setRefreshInterval(m_picker->refreshIntervalMs());
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())
        || !options.restoreSettings)
        resize(1440, 900);

    setAcceptDrops(true);
    if (!options.pinnedVariables.isEmpty()) {
        // The command line's selections are for the dashboard shown first only.
        m_variables->pin(options.pinnedVariables);
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = connect(m_variables, &VariableBar::optionsLoaded, this, [this, once] {
            m_variables->pin({});
            disconnect(*once);
        });
        m_variables->reload();
    }
    if (!options.dashboardFiles.isEmpty()) {
        for (qsizetype i = options.dashboardFiles.size() - 1; i >= 1; --i)
            m_files->addRecent(options.dashboardFiles[i]);
        m_files->openFile(options.dashboardFiles.front());
    }

    if (options.connectOnStart) {
        probeBackend();
        QTimer::singleShot(0, this, &MainWindow::refresh);
    } else {
        m_backendLabel->setText(tr("Starting the local stack…"));
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("View"));
    bar->setObjectName(QStringLiteral("viewToolBar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr(" Connection "), this));
    for (const auto &p : m_profiles)
        m_connections->addItem(p.name);
    if (m_connections->findText(m_profile.name) < 0)
        m_connections->addItem(m_profile.name);
    m_connections->setCurrentText(m_profile.name);
    m_connections->setToolTip(tr("The Prometheus-compatible server the console reads"));
    connect(m_connections, &QComboBox::activated, this, [this](int index) {
        if (index >= 0 && index < m_profiles.size())
            setConnection(m_profiles[index]);
    });
    bar->addWidget(m_connections);
    QAction *edit = bar->addAction(tr("Edit…"), this, &MainWindow::editConnection);
    edit->setToolTip(tr("Edit or test the connection"));
    bar->addSeparator();
    bar->addWidget(m_picker);
    m_backAction = bar->addAction(tr("◀ Back"), this, [this] { m_dashboard->back(); });
    m_backAction->setToolTip(tr("Undo the last zoom (Alt+Left)"));
    m_backAction->setShortcut(QKeySequence::Back);
    m_backAction->setEnabled(false);
    QAction *refreshAction = bar->addAction(tr("⟳ Refresh"), this, &MainWindow::refresh);
    refreshAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    refreshAction->setToolTip(tr("Refresh every panel (Ctrl+R)"));
    bar->addSeparator();
    bar->addWidget((new ReportActions(this))->createButton(bar));
}

void MainWindow::buildShortcuts()
{
    for (int i = 0; i < 4; ++i) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)), this);
        connect(shortcut, &QShortcut::activated, this, [this, i] {
            if (i < m_pages->count())
                m_pages->setCurrentIndex(i);
        });
    }
    auto *full = new QShortcut(QKeySequence(Qt::Key_F11), this);
    connect(full, &QShortcut::activated, this, &MainWindow::toggleFullScreen);
}

void MainWindow::addPage(QWidget *page, const QString &title)
{
    m_pages->addTab(page, title);
}

void MainWindow::buildExplore()
{
    m_explore = new ExplorePage(m_client.get(), this);
    m_explore->setRange(m_dashboard->range());
    m_pages->insertTab(1, m_explore, tr("Explore")); // second, right after the Dashboard
    connect(m_picker, &TimeRangePicker::rangeChanged, m_explore, &ExplorePage::setRange);
    connect(m_dashboard, &DashboardPage::rangeChanged, m_explore, &ExplorePage::setRange);
    connect(m_explore, &ExplorePage::addToDashboardRequested, this,
            [this](const dashboard::Panel &panel) {
                dashboard::Dashboard d = m_dashboard->dashboard();
                appendPanel(d, panel);
                m_dashboard->setDashboard(d);
                m_files->markDirty();
                refresh();
                statusBar()->showMessage(
                    tr("Added “%1” to the dashboard %2").arg(panel.title, d.title), 6000);
            });
}

void MainWindow::buildDashboardFiles()
{
    m_variables = new VariableBar(m_client.get(), m_dashboard);
    m_dashboard->setHeader(m_variables);
    // Every resolution (a load, a reload, the user's selection) hands its variables to the page;
    // the panels are refreshed when they change, and once after the first resolution, when an
    // empty panel can first say that a variable matched nothing.
    connect(m_variables, &VariableBar::optionsLoaded, this, [this] {
        const std::vector<dashboard::Variable> &variables = m_variables->dashboard().variables;
        const bool first = !m_dashboard->variablesResolved();
        const bool changed = variables != m_dashboard->dashboard().variables;
        m_dashboard->setVariables(variables, m_variables->unresolved());
        if (first || changed)
            refresh();
    });

    m_files = new DashboardFiles(this, this);
    m_files->setDashboardSource([this] { return m_dashboard->dashboard(); });
    connect(m_files, &DashboardFiles::stateChanged, this, &MainWindow::updateWindowTitle);
    connect(m_files, &DashboardFiles::dashboardLoaded, this, [this](const dashboard::Dashboard &d) {
        m_dashboard->setDashboard(d);
        const std::optional<TimeRange> pinned = std::exchange(m_pinnedRange, std::nullopt);
        if (auto range = pinned ? pinned : TimeRange::parse(d.defaultRange)) {
            m_dashboard->setRange(*range);
            m_picker->setRange(*range);
            m_explore->setRange(*range);
        }
        m_variables->setDashboard(d);
        m_pages->setCurrentWidget(m_dashboard);
        refresh();
    });
    QMenu *fileMenu = nullptr;
    for (QAction *action : menuBar()->actions())
        if (action->menu() && action->menu()->objectName() == QLatin1String("fileMenu"))
            fileMenu = action->menu();
    if (!fileMenu) {
        fileMenu = menuBar()->addMenu(tr("&File"));
        fileMenu->setObjectName(QStringLiteral("fileMenu"));
    }
    m_files->populateMenu(fileMenu);
    (new SnapshotActions(this))->addTo(fileMenu);
    new SnapshotDrop(this); // a dropped snapshot opens in its own window
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(
        QKeySequence(Qt::CTRL | Qt::Key_Q)); // QKeySequence::Quit is empty on some platforms
    quit->setShortcutContext(Qt::ApplicationShortcut);
    quit->setObjectName(QStringLiteral("quitAction"));
    m_files->setInitial(m_dashboard->dashboard());
    m_variables->setDashboard(m_dashboard->dashboard());

    // Any built-in, saved or recent dashboard, then edit mode: every panel's context menu edits
    // or removes it; this menu adds one.
    QMenu *dashboardMenu = menuBar()->addMenu(tr("&Dashboards"));
    dashboardMenu->setObjectName(QStringLiteral("dashboardsMenu"));
    new DashboardsMenu(m_files, dashboardMenu, this);
    QAction *addPanel =
        dashboardMenu->addAction(tr("Add panel…"), m_dashboard, &DashboardPage::addPanel);
    addPanel->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    dashboardMenu->addSeparator();
    dashboardMenu->addAction(tr("Edit or remove a panel: right-click it"))->setEnabled(false);
    connect(m_dashboard, &DashboardPage::dashboardEdited, this, [this] { m_files->markDirty(); });

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    viewMenu->addMenu(theme::createMenu(viewMenu));
}

void MainWindow::updateWindowTitle()
{
    setWindowTitle(
        tr("%1%2 — Vitals")
            .arg(m_files->displayName(), m_files->isDirty() ? QStringLiteral(" •") : QString()));
}

void MainWindow::setConnection(const prom::ConnectionProfile &profile)
{
    m_profile = profile;
    m_dashboard->setPanelHintsApply(profile.localStack);
    auto client = std::make_unique<prom::PromClient>(profile);
    m_dashboard->setClient(client.get());
    m_alerts->setClient(client.get());
    m_explore->setClient(client.get());
    m_variables->setClient(client.get());
    m_probe = {};
    m_scrapeProbe = {};
    m_client = std::move(client); // the old client's requests are aborted with it
    if (m_stackAge && m_stackAge->isFollowing())
        m_dashboard->setRange(m_stackAge->chosenRange());
    delete m_stackAge;
    m_stackAge = nullptr;
    m_dashboard->setStackStarting(false);
    if (profile.localStack) {
        m_stackAge = new StackAgeFollower(m_client.get(), m_dashboard, m_picker, m_explore, this);
        connect(m_stackAge, &StackAgeFollower::refreshWanted, this, &MainWindow::refresh);
    }
    if (profile.scrapeIntervalMs > 0)
        applyScrapeInterval(prom::chooseScrapeInterval(profile.scrapeIntervalMs, nullptr, nullptr));
    bool known = false;
    for (auto &p : m_profiles)
        if (p.name == profile.name) {
            p = profile;
            known = true;
        }
    if (!known) {
        m_profiles << profile;
        m_connections->addItem(profile.name);
    }
    m_connections->setCurrentText(profile.name);
    probeBackend();
    refresh();
    Q_EMIT connectionChanged(profile);
}

void MainWindow::refresh()
{
    m_dashboard->refresh();
    m_alerts->refresh();
}

void MainWindow::editConnection()
{
    ConnectionDialog dialog(m_profile, this);
    if (dialog.exec() == QDialog::Accepted) {
        const prom::ConnectionProfile edited = dialog.profile();
        setConnection(edited);
        // Saved at once: the secrets to the keychain, the rest to the settings file.
        m_store->save(edited, this, [this, name = edited.name](bool ok) {
            if (!ok)
                showStatusError(tr("The keychain did not store the secrets of %1.").arg(name));
        });
    }
}

void MainWindow::loadSecrets(bool reopenCurrent)
{
    connect(m_store, &prom::ConnectionStore::keychainUnavailable, this,
            [this](const QString &reason) {
                showKeychainNotice(tr("Secrets in memory only"), reason);
            });
    connect(m_store, &prom::ConnectionStore::keychainAvailableAgain, this, [this] {
        showKeychainNotice(QString(), QString());
        statusBar()->showMessage(tr("The keychain is available again: passwords and tokens are "
                                    "saved in it."),
                                 10000);
    });
    m_store->loadAll(this, [this, reopenCurrent](const QList<prom::ConnectionProfile> &loaded) {
        for (const prom::ConnectionProfile &withSecrets : loaded) {
            for (auto &p : m_profiles)
                if (p.name == withSecrets.name)
                    p = withSecrets;
            // The current connection was opened before its secrets arrived: reopen it.
            if (reopenCurrent && withSecrets.name == m_profile.name && withSecrets.hasSecrets()
                && m_profile.baseUrl == withSecrets.baseUrl)
                setConnection(withSecrets);
        }
    });
}

void MainWindow::showKeychainNotice(const QString &text, const QString &details)
{
    if (!m_keychainLabel) {
        m_keychainLabel = new QLabel(this);
        m_keychainLabel->setObjectName(QStringLiteral("keychainNotice"));
        statusBar()->addPermanentWidget(m_keychainLabel);
    }
    m_keychainLabel->setText(text);
    m_keychainLabel->setToolTip(details);
    m_keychainLabel->setVisible(!text.isEmpty());
}

QString MainWindow::keychainNotice() const
{
    return m_keychainLabel && !m_keychainLabel->isHidden() ? m_keychainLabel->text() : QString();
}

void MainWindow::toggleFullScreen()
{
    if (isFullScreen())
        showNormal();
    else
        showFullScreen();
}

void MainWindow::probeBackend()
{
    m_backendLabel->setText(tr("%1 …").arg(m_profile.baseUrl.toDisplayString()));
    m_probe = m_client->buildInfo(this, [this](const prom::BuildInfoResult &result) {
        if (result.ok())
            m_backendLabel->setText(
                tr("%1 · version %2")
                    .arg(m_profile.baseUrl.toDisplayString(), result.info.version));
        else
            m_backendLabel->setText(m_profile.baseUrl.toDisplayString());
    });
    if (m_profile.scrapeIntervalMs <= 0) {
        m_scrapeLabel->setText(tr("scrape interval …"));
        m_scrapeProbe = m_client->scrapeInterval(
            this, [this](const prom::ScrapeInterval &interval) { applyScrapeInterval(interval); });
    }
}

void MainWindow::applyScrapeInterval(const prom::ScrapeInterval &interval)
{
    const bool changed = interval.ms != m_dashboard->scrapeIntervalMs();
    m_scrapeInterval = interval;
    m_scrapeLabel->setText(interval.describe());
    m_dashboard->setScrapeIntervalMs(interval.ms);
    m_explore->setScrapeIntervalMs(interval.ms);
    Q_EMIT scrapeIntervalChanged(interval);
    // Panels drawn with another interval had rate windows or steps planned for it.
    if (changed)
        refresh();
}

void MainWindow::setRefreshInterval(int ms)
{
    if (ms > 0)
        m_autoRefresh->start(ms);
    else
        m_autoRefresh->stop();
}

void MainWindow::showStatusError(const QString &message)
{
    m_errorLabel->setText(message);
    m_errorLabel->setToolTip(message);
}

void MainWindow::saveScreenshot(const QString &path)
{
    const bool ok = grab().save(path, "PNG");
    Q_EMIT screenshotSaved(path, ok);
}

void MainWindow::screenshotAfter(const QString &path, int delayMs)
{
    QTimer::singleShot(std::max(0, delayMs), this, [this, path] { saveScreenshot(path); });
}

void MainWindow::screenshotWhenReady(const QString &path, int maxWaitMs, ScreenshotMoment moment)
{
    auto save = [this, path] { saveScreenshot(path); };
    auto done = std::make_shared<bool>(false);
    auto once = [done, save] {
        if (*done)
            return;
        *done = true;
        save();
    };
    // Two refreshes: the first lays out the charts and learns their widths, the second fills them
    // at the right step, then painting settles.
    // FirstData (bench-startup's end point): the first refresh's answers as drawn — the grab
    // comes once every chart has been rebuilt with them (one per turn of the event loop).
    auto refreshes = std::make_shared<int>(0);
    connect(m_dashboard, &DashboardPage::refreshFinished, this, [this, refreshes, once, moment] {
        const int count = ++*refreshes;
        if (moment == ScreenshotMoment::FirstData) {
            if (count == 1)
                TimeSeriesChart::whenAllRebuilt(this, once);
        } else if (count == 1) {
            QTimer::singleShot(100, this, &MainWindow::refresh);
        } else if (count == 2) {
            QTimer::singleShot(300, this, once);
        }
    });
    QTimer::singleShot(maxWaitMs, this, once);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Unsaved dashboard edits: save, discard or stay.
    if (m_files && !m_files->confirmDiscard()) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.front().isLocalFile())
        return;
    event->acceptProposedAction();
    // Unsaved edits of the dashboard shown: save, discard or keep it.
    if (m_files->confirmDiscard())
        m_files->openFile(urls.front().toLocalFile());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("connection/current"), m_profile.name);
    settings.setValue(QStringLiteral("view/range"), m_dashboard->range().toString());
    settings.setValue(QStringLiteral("view/refreshMs"), m_picker->refreshIntervalMs());
    if (m_store && !m_profiles.isEmpty())
        m_store->saveProfiles(m_profiles);
}

} // namespace vitals

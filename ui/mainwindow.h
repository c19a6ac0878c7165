#pragma once

#include "core/prom/connectionprofile.h"
#include "core/prom/requesthandle.h"
#include "core/prom/scrapeinterval.h"
#include "core/timerange.h"

#include <QMainWindow>
#include <QMap>
#include <QUrl>

#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QTabWidget;
class QTimer;

namespace vitals {

namespace prom {
class ConnectionStore;
class PromClient;
} // namespace prom
class AlertsPage;
class DashboardFiles;
class DashboardPage;
class ExplorePage;
class StackAgeFollower;
class TimeRangePicker;
class VariableBar;

// The console's top-level window: the pages (Dashboard, and the others as they exist) in tabs,
// the connection selector and time controls in the tool bar, and in the status bar the backend
// and its version, the scrape interval queries are planned with, the time of the last refresh
// and the current error.
//
// Keys: Ctrl+R refresh, Ctrl+1…4 pages, F11 full screen, Alt+Left back (undo zoom).
// Window geometry, the connection and the time range are kept in QSettings; the connections'
// secrets in the OS keychain (prom::ConnectionStore). Without a keychain the status bar says
// once, in a permanent note, that secrets are kept in memory for this session.
// GUI thread only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Options {
        QUrl server;        // overrides the saved connection when valid
        QString connection; // the saved connection to open (--connection NAME), if not empty
        // Overrides the saved range when it parses ("15m", "1h", …), and the first dashboard
        // file's own default range.
        QString range;
        bool restoreSettings = true;
        // Query the connection at once; false when another part (the local stack) will call
        // setConnection() with the server to use.
        bool connectOnStart = true;
        // Secrets of the connections in the OS keychain; false keeps them in memory only
        // (--no-keychain). Without restoreSettings the keychain is never touched.
        bool keychain = true;
        // Dashboard files to open at start (`vitals FILE…`, --dashboard): the first is shown,
        // the others go to File › Open Recent.
        QStringList dashboardFiles;
        // Variable selections that win over the first dashboard's own (--var NAME=VALUE).
        QMap<QString, QStringList> pinnedVariables;
    };

    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    prom::ConnectionProfile connection() const { return m_profile; }
    // The saved connections and their secrets.
    prom::ConnectionStore *connectionStore() const { return m_store; }
    // The status bar's note about where secrets are kept (empty with a working keychain).
    QString keychainNotice() const;
    prom::PromClient *client() const { return m_client.get(); }
    DashboardPage *dashboardPage() const { return m_dashboard; }
    AlertsPage *alertsPage() const { return m_alerts; }
    QTabWidget *pages() const { return m_pages; }
    TimeRangePicker *rangePicker() const { return m_picker; }
    ExplorePage *explorePage() const { return m_explore; }
    VariableBar *variableBar() const { return m_variables; }
    DashboardFiles *dashboardFiles() const { return m_files; }
    // The scrape interval queries are planned with: the connection's own setting, or what the
    // server said (PromClient::scrapeInterval), 15 s until it has answered.
    prom::ScrapeInterval scrapeInterval() const { return m_scrapeInterval; }

    // Adds a page after the Dashboard (Explore, Alerts, Stack); it gets the next Ctrl+digit.
    void addPage(QWidget *page, const QString &title);

    // Connects to `profile` (after the local stack started, or from the dialog). With the local
    // stack, the range follows the age of its data at first and empty panels say "Starting…"
    // while it starts (StackAgeFollower).
    void setConnection(const prom::ConnectionProfile &profile);
    enum class ScreenshotMoment {
        Settled,   // after a second refresh at the charts' real widths and 300 ms of settling
        FirstData, // as soon as the first refresh's answers are drawn (bench-startup)
    };
    // Saves a PNG of the window once the panels have refreshed as `moment` says (or after
    // `maxWaitMs`), then emits screenshotSaved. For --screenshot, reports and the README.
    void screenshotWhenReady(const QString &path, int maxWaitMs,
                             ScreenshotMoment moment = ScreenshotMoment::Settled);
    // Saves a PNG of the window after `delayMs`, then emits screenshotSaved.
    void screenshotAfter(const QString &path, int delayMs);

public Q_SLOTS:
    void refresh();
    void editConnection();
    void toggleFullScreen();
    // Shows `message` in the status bar's error field (empty clears it).
    void showStatusError(const QString &message);

Q_SIGNALS:
    void connectionChanged(const vitals::prom::ConnectionProfile &profile);
    // The scrape interval of the connection is known (after each connection change).
    void scrapeIntervalChanged(const vitals::prom::ScrapeInterval &interval);
    void screenshotSaved(const QString &path, bool ok);

protected:
    void closeEvent(QCloseEvent *event) override;
    // A dashboard file (Vitals or Grafana JSON) dropped on the window is opened.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildToolBar();
    void buildShortcuts();
    void buildExplore();
    void buildDashboardFiles();
    void updateWindowTitle();
    void probeBackend();
    void applyScrapeInterval(const prom::ScrapeInterval &interval);
    void setRefreshInterval(int ms);
    void saveScreenshot(const QString &path);
    void saveSettings() const;
    // Fills the saved profiles' secrets from the keychain; reopens the current connection with
    // them when `reopenCurrent` (false while the local stack is about to choose the connection).
    void loadSecrets(bool reopenCurrent);
    void showKeychainNotice(const QString &text, const QString &details);

    prom::ConnectionStore *m_store = nullptr;
    QLabel *m_keychainLabel = nullptr;
    prom::ConnectionProfile m_profile;
    QList<prom::ConnectionProfile> m_profiles;
    std::unique_ptr<prom::PromClient> m_client;
    prom::RequestHandle m_probe;
    prom::RequestHandle m_scrapeProbe;
    prom::ScrapeInterval m_scrapeInterval;

    QTabWidget *m_pages = nullptr;
    DashboardPage *m_dashboard = nullptr;
    AlertsPage *m_alerts = nullptr;
    TimeRangePicker *m_picker = nullptr;
    QComboBox *m_connections = nullptr;
    QAction *m_backAction = nullptr;
    QTimer *m_autoRefresh = nullptr;
    QLabel *m_backendLabel = nullptr;
    QLabel *m_scrapeLabel = nullptr;
    QLabel *m_refreshLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    ExplorePage *m_explore = nullptr;
    VariableBar *m_variables = nullptr;
    // The command line's --range while the first dashboard file opens; spent by that load.
    std::optional<TimeRange> m_pinnedRange;
    DashboardFiles *m_files = nullptr;
    StackAgeFollower *m_stackAge = nullptr; // child; while connected to the local stack
};

} // namespace vitals

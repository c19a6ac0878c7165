#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/variableresolver.h"
#include "ui/reportwriter.h"

#include <QDateTime>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QSize>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>

namespace vitals {

namespace prom {
class PromClient;
}
namespace snapshot {
struct Snapshot;
}
class DashboardPage;
class ReportDataService;

// A time on the report command line, against `nowMs` (Unix ms): "now", "now-1h", "-1h",
// "now+5m", an ISO 8601 date-time ("2026-11-25T10:00:00Z", local time without a zone), or Unix
// seconds ("1764064800"). nullopt when it is none of these.
std::optional<qint64> parseReportTime(const QString &text, qint64 nowMs);

// One export of a dashboard to a file (PDF or PNG), from start to written file: it builds a
// DashboardPage of its own that is never shown on screen, lays it out at the requested size,
// learns the server's scrape interval and resolves the variables when asked to (as the window
// does), refreshes every panel for the fixed span [fromMs, toMs] while it asks the server for
// the alerts firing now, then writes the file with ReportWriter. The user's window is not touched,
// and its time range may keep moving while the report is made.
//
// Progress: refresh answers (one step per panel), then one step per PDF page. A panel that does
// not answer within `timeoutMs` is reported as such, and the file is written with what has
// arrived. GUI thread only; the client is not owned and must outlive the job. The alerts and the
// scrape interval come from a ReportDataService (core/services) the job owns.
class ReportJob : public QObject
{
    Q_OBJECT
public:
    // Snapshot: a snapshot file of what the panels answered (core/snapshot/snapshot.h).
    enum class Format { Pdf, Png, Snapshot };

    struct Options {
        QString path;
        Format format = Format::Pdf;
        dashboard::Dashboard dashboard; // variables as selected (their `current` values)
        qint64 fromMs = 0;
        qint64 toMs = 0;
        QString rangeLabel; // "Last 1 hour"; empty for an absolute span
        QString connection; // shown on the title page (the server URL)
        // Layout size in pixels. Width: the dashboard's width (the PNG's width; for a PDF the
        // width the queries' steps are planned for). Height 0 = every panel at its natural
        // height; a larger height stretches the panels to fill it.
        QSize size{1600, 0};
        // The backend's scrape interval in ms; 0 = ask the server (PromClient::scrapeInterval).
        qint64 scrapeIntervalMs = 0;
        // Resolve the dashboard's variables against the server first (dashboard::
        // VariableResolver), with `pinnedVariables` (--var) winning over the file's selections;
        // false when the variables are already resolved (the window's variable bar).
        bool resolveVariables = false;
        // The panels' own empty hints apply (a report of the local stack).
        bool panelHintsApply = false;
        QMap<QString, QStringList> pinnedVariables;
        // Without resolveVariables: the variables whose options the window could not read.
        QSet<QString> unresolvedVariables;
        int timeoutMs = 120000;
        // Renders this snapshot instead of asking a server: no request is sent (the client
        // may be null), the panels, alerts, variables and span are the snapshot's.
        std::shared_ptr<const snapshot::Snapshot> snapshot;
    };

    // Format from a path's extension: ".pdf", ".png" or ".vitals-snapshot" (any case);
    // nullopt otherwise.
    static std::optional<Format> formatForPath(const QString &path);

    ReportJob(prom::PromClient *client, Options options, QObject *parent = nullptr);
    ~ReportJob() override;

    // Starts the export; finished() follows, from the event loop.
    void start();
    // Stops the export; finished(false, "canceled") follows. No file is written.
    void cancel();

    const Options &options() const { return m_options; }
    // The page being rendered (exists after start()).
    DashboardPage *page() const { return m_page.get(); }
    // After finished(): "<panel title>: <message>" for each panel that failed or did not answer.
    QStringList panelErrors() const { return m_panelErrors; }
    // After finished(): why the alerts could not be read, or empty.
    QString alertsError() const { return m_context.alertsError; }
    // After finished(): problems resolving the variables ("job: …"), or empty.
    QStringList variableProblems() const { return m_variableProblems; }
    int pageCount() const { return m_pageCount; }
    bool isCanceled() const { return m_canceled; }

Q_SIGNALS:
    // `value` of `maximum` steps done; `step` says what is happening, for a progress dialog.
    void progressChanged(int value, int maximum, const QString &step);
    // The file was written (written == true) or not, with the reason in `error`.
    void finished(bool written, const QString &error);

private:
    void planScrapeInterval();
    void resolveVariables();
    void refreshPanels();
    void onPanelAnswered();
    void maybeRender();
    void fitCanvasHeight();
    void render();
    void finish(bool written, const QString &error);
    void startFromSnapshot();
    bool writeSnapshot(QString *error);

    prom::PromClient *m_client;
    Options m_options;
    std::unique_ptr<DashboardPage> m_page;
    std::unique_ptr<ReportWriter> m_writer;
    ReportContext m_context;
    ReportDataService *m_data = nullptr;
    dashboard::VariableResolver *m_resolver = nullptr;
    QStringList m_variableProblems;
    QTimer m_timeout;
    int m_answered = 0;
    int m_steps = 0;
    bool m_refreshed = false;
    bool m_alertsDone = false;
    bool m_done = false;
    bool m_canceled = false;
    int m_pageCount = 0;
    QStringList m_panelErrors;
};

} // namespace vitals

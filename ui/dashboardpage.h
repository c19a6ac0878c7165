#pragma once

#include "core/alertshading.h"
#include "core/dashboard/dashboard.h"
#include "core/prom/requesthandle.h"
#include "core/prom/scrapeinterval.h"
#include "core/timerange.h"

#include <QElapsedTimer>
#include <QSet>
#include <QWidget>

#include <optional>
#include <vector>

class QGridLayout;
class QScrollArea;

namespace vitals {

namespace prom {
class MetricNameCache;
class PromClient;
} // namespace prom
namespace panel {
class DashboardDataService;
}
class AlertSpanFetcher;
class PanelController;

// The Dashboard page: a dashboard's panels laid out on its 24-column grid, all showing the same
// time range. Dragging on any chart zooms every panel (Back undoes it), Shift+drag and the arrow
// keys pan, and the crosshair of the hovered chart is mirrored on every other chart.
// GUI thread only; owns its panels through the Qt parent tree.
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardPage(prom::PromClient *client, QWidget *parent = nullptr);
    ~DashboardPage() override;

    void setClient(prom::PromClient *client);
    // The data service that owns the panels' requests and holds their PanelData.
    panel::DashboardDataService *dataService() const { return m_service; }
    void setDashboard(const dashboard::Dashboard &dashboard);
    const dashboard::Dashboard &dashboard() const { return m_dashboard; }
    // Replaces the variables (resolved against the server: new options and selections from the
    // variable bar or the report's resolver) without rebuilding the panels; the next refresh()
    // uses them, and an empty panel may then blame a variable that matched nothing.
    // `unresolved` names the variables whose options could not be read (never blamed).
    void setVariables(const std::vector<dashboard::Variable> &variables,
                      const QSet<QString> &unresolved = {});
    // True once setVariables() was called for the dashboard shown.
    bool variablesResolved() const { return m_variablesResolved; }
    // The panels' own empty hints (the file's emptyHint) apply to the server shown: Model
    // health's are written for the local stack. Default false.
    void setPanelHintsApply(bool apply) { m_panelHintsApply = apply; }
    // The local stack shown is starting: empty panels say "Starting…" from the next refresh.
    void setStackStarting(bool starting) { m_stackStarting = starting; }
    bool stackStarting() const { return m_stackStarting; }
    // Puts `header` (the variable bar) above the panels; the page takes ownership.
    void setHeader(QWidget *header);

    TimeRange range() const { return m_range; }
    // Sets the range without touching the zoom history (the range picker, a restored setting).
    void setRange(const TimeRange &range);
    // The backend's scrape interval in ms, for steps, $__interval and $__rate_interval
    // (default: Prometheus's 15 s until the window learns the server's).
    void setScrapeIntervalMs(qint64 ms) { m_scrapeIntervalMs = ms; }
    qint64 scrapeIntervalMs() const { return m_scrapeIntervalMs; }

    bool canGoBack() const { return m_history.canGoBack(); }
    const std::vector<PanelController *> &panels() const { return m_panels; }
    // When the dashboard's alerts fired in the range shown (Unix ms), shaded on every chart:
    // the union of the alerts' periods (alertshading::shadedRanges()).
    const std::vector<std::pair<qint64, qint64>> &alertSpans() const { return m_alertSpanRanges; }
    // True from a refresh until its alert spans have arrived (alertSpansChanged).
    bool alertSpansPending() const { return m_alertSpansPending; }
    // The same spans with the alerts' names and labels, for a snapshot.
    const std::vector<alertshading::Span> &namedAlertSpans() const { return m_namedAlertSpans; }
    // Shades these spans (Unix ms) instead of asking the server: a snapshot's alerts.
    void setSavedAlertSpans(const std::vector<std::pair<qint64, qint64>> &spans)
    {
        std::vector<alertshading::Span> named;
        for (const auto &[from, to] : spans)
            named.push_back({QString(), from, to, {}});
        m_savedAlertSpans = std::move(named);
    }
    void setSavedAlertSpans(const std::vector<alertshading::Span> &spans)
    {
        m_savedAlertSpans = spans;
    }
    // True while any panel waits for an answer.
    bool isRefreshing() const;
    // Milliseconds from the start of the last refresh to its last panel's answer; -1 before.
    qint64 lastRefreshMs() const { return m_lastRefreshMs; }

public Q_SLOTS:
    void refresh();
    // Zooms every panel to [fromMs, toMs], remembering the current range for back().
    void zoomTo(qint64 fromMs, qint64 toMs);
    void panBy(qint64 deltaMs);
    void back();
    // Edit mode: opens the panel editor for a panel, for a new one at the bottom, or removes
    // a panel; the dashboard is rebuilt and refreshed, the zoom kept, dashboardEdited emitted.
    void editPanel(const QString &panelId);
    void addPanel();
    void removePanel(const QString &panelId);
    // Replaces the model (after an edit) without forgetting the zoom history.
    void replaceDashboard(const dashboard::Dashboard &dashboard);

Q_SIGNALS:
    // The range changed from inside the page (zoom, pan, back): the picker should show it.
    void rangeChanged(const vitals::TimeRange &range);
    void canGoBackChanged(bool canGoBack);
    // Every panel has answered the refresh started last.
    void refreshFinished();
    // The alert spans of the refresh started last have arrived (alertSpans()).
    void alertSpansChanged();
    // The first failing panel's message after a refresh, or empty when all succeeded.
    void errorChanged(const QString &message);
    // The user changed the dashboard (edited, added or removed a panel).
    void dashboardEdited(const vitals::dashboard::Dashboard &dashboard);

private:
    void rebuild();
    void onPanelFinished();
    void fetchAlertSpans(qint64 fromMs, qint64 toMs, qint64 stepMs);
    int chartWidthPx() const;
    // Zoom and crosshair of a heatmap panel (and of a chart onto the heatmaps).
    void connectHeatmap(PanelController *controller);

    panel::DashboardDataService *m_service; // child: owns the panels' requests
    dashboard::Dashboard m_dashboard;
    std::vector<dashboard::Panel> m_shownPanels; // m_dashboard's panels, repeats expanded
    TimeRange m_range;
    ZoomHistory m_history;
    qint64 m_scrapeIntervalMs = prom::kDefaultScrapeIntervalMs;
    bool m_variablesResolved = false;
    QSet<QString> m_unresolved;
    bool m_panelHintsApply = false;
    bool m_stackStarting = false;
    prom::MetricNameCache *m_metricNames = nullptr;
    QScrollArea *m_scroll = nullptr;
    QWidget *m_canvas = nullptr;
    QGridLayout *m_grid = nullptr;
    std::vector<PanelController *> m_panels;
    int m_outstanding = 0;
    AlertSpanFetcher *m_alertSpans = nullptr; // child
    std::vector<std::pair<qint64, qint64>> m_alertSpanRanges;
    std::vector<alertshading::Span> m_namedAlertSpans;
    bool m_alertSpansPending = false;
    std::optional<std::vector<alertshading::Span>> m_savedAlertSpans;
    QElapsedTimer m_refreshClock;
    qint64 m_lastRefreshMs = -1;
};

} // namespace vitals

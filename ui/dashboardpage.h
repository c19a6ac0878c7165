#pragma once

#include "core/dashboard/dashboard.h"
#include "core/prom/requesthandle.h"
#include "core/timerange.h"

#include <QElapsedTimer>
#include <QWidget>

#include <vector>

class QGridLayout;
class QScrollArea;

namespace vitals {

namespace prom {
class PromClient;
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
    void setDashboard(const dashboard::Dashboard &dashboard);
    const dashboard::Dashboard &dashboard() const { return m_dashboard; }
    // Replaces the variables (new selections from the variable bar) without rebuilding the
    // panels; the next refresh() uses them.
    void setVariables(const std::vector<dashboard::Variable> &variables);
    // Puts `header` (the variable bar) above the panels; the page takes ownership.
    void setHeader(QWidget *header);

    TimeRange range() const { return m_range; }
    // Sets the range without touching the zoom history (the range picker, a restored setting).
    void setRange(const TimeRange &range);
    // The backend's scrape interval, for steps and $__rate_interval (default 1 s, the local stack's).
    void setScrapeIntervalMs(qint64 ms) { m_scrapeIntervalMs = ms; }

    bool canGoBack() const { return m_history.canGoBack(); }
    const std::vector<PanelController *> &panels() const { return m_panels; }
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
    // The first failing panel's message after a refresh, or empty when all succeeded.
    void errorChanged(const QString &message);
    // The user changed the dashboard (edited, added or removed a panel).
    void dashboardEdited(const vitals::dashboard::Dashboard &dashboard);

private:
    void rebuild();
    void onPanelFinished();
    void fetchAlertSpans(qint64 fromMs, qint64 toMs, qint64 stepMs);
    int chartWidthPx() const;

    prom::PromClient *m_client = nullptr;
    dashboard::Dashboard m_dashboard;
    TimeRange m_range;
    ZoomHistory m_history;
    qint64 m_scrapeIntervalMs = 1000;
    QScrollArea *m_scroll = nullptr;
    QWidget *m_canvas = nullptr;
    QGridLayout *m_grid = nullptr;
    std::vector<PanelController *> m_panels;
    int m_outstanding = 0;
    AlertSpanFetcher *m_alertSpans = nullptr;  // child
    QElapsedTimer m_refreshClock;
    qint64 m_lastRefreshMs = -1;
};

} // namespace vitals

#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/emptypanel.h"
#include "core/dashboard/templating.h"
#include "core/prom/requesthandle.h"
#include "core/prom/results.h"
#include "core/prom/scrapeinterval.h"

#include <QObject>

#include <vector>

class QTableWidget;

namespace vitals {

namespace prom {
class MetricNameCache;
class PromClient;
} // namespace prom
class PanelFrame;
class TimeSeriesChart;
class StatTile;
class DistributionChart;
class DriftPanel;
class ModelQualityPanel;

// What one refresh asks of every panel: the time span, the chart width the step is planned
// for, and the values of the dashboard's variables. Times in Unix ms.
struct RefreshContext {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    int widthPx = 1000;
    qint64 scrapeIntervalMs = prom::kDefaultScrapeIntervalMs;
    dashboard::VariableValues variables;
    // The dashboard's variables once resolved against the server (empty before): an empty
    // panel blames a variable that matched nothing only then.
    std::vector<dashboard::Variable> resolvedVariables;
    // The server's metric names, for explaining empty panels; not owned, may be null.
    prom::MetricNameCache *metricNames = nullptr;
    // The panels' own empty hints (the file's emptyHint) apply to this server: Model health's
    // are written for the local stack.
    bool panelHintsApply = false;
    // The local stack is starting: an empty panel says so (dashboard::EmptyPanelFacts).
    bool stackStarting = false;

    // The time frame queries are expanded for ($__range, $__rate_interval, …), with `stepMs`
    // as $__interval (0 = the scrape interval).
    dashboard::TemplateContext templateContext(qint64 stepMs = 0) const
    {
        dashboard::TemplateContext t;
        t.fromMs = fromMs;
        t.toMs = toMs;
        t.rangeMs = toMs - fromMs;
        t.intervalMs = stepMs;
        t.scrapeIntervalMs = scrapeIntervalMs;
        return t;
    }
};

// Runs one dashboard panel: builds its widget (a chart, a stat tile, bars, a table or text in a
// PanelFrame), sends its queries on refresh() and turns the answers into what the widget shows,
// or into the frame's error or empty state. It owns its requests: a refresh cancels the panel's
// previous one (STYLE.md rule 4), so a slow panel never piles up requests and never holds up the
// others. GUI thread only; the frame belongs to the widget parent given, the controller to its
// QObject parent.
class PanelController : public QObject
{
    Q_OBJECT
public:
    PanelController(const dashboard::Panel &panel, prom::PromClient *client, QWidget *widgetParent,
                    QObject *parent = nullptr);
    ~PanelController() override;

    const dashboard::Panel &panel() const { return m_panel; }
    PanelFrame *frame() const { return m_frame; }
    // The chart of a time-series panel; nullptr for other types.
    TimeSeriesChart *chart() const { return m_chart; }
    StatTile *tile() const { return m_tile; }
    DistributionChart *bars() const { return m_bars; }
    DriftPanel *drift() const { return m_drift; }
    ModelQualityPanel *quality() const { return m_quality; }

    // The client used for the next refresh (after a connection change).
    void setClient(prom::PromClient *client) { m_client = client; }

    void refresh(const RefreshContext &context);
    // True while queries of the last refresh are outstanding.
    bool isBusy() const { return m_pending > 0; }
    // The expressions the last refresh sent, expanded (for error messages and reports).
    QStringList lastExpressions() const { return m_lastExprs; }
    // The first error of the last refresh; ErrorType::None when it succeeded.
    prom::Error lastError() const { return m_error; }
    // Why the last refresh showed no data (dashboard::explainEmptyPanel); empty text when it
    // showed data or failed.
    dashboard::EmptyPanelExplanation emptyExplanation() const { return m_empty; }
    // What the last refresh returned, one result per query in the panel's order: Matrix for a
    // range query, Vector for an instant one (a scalar as one sample without labels); a query
    // that failed gives an empty one. Complete only when !isBusy(). For CSV export and reports.
    std::vector<prom::QueryResult> lastResults() const;

Q_SIGNALS:
    // Every query of the last refresh has answered (or failed).
    void refreshFinished();
    // The user chose "Edit panel…" / "Remove panel" in the panel's context menu.
    void editRequested(const QString &panelId);
    void removeRequested(const QString &panelId);

private:
    void buildWidget(QWidget *widgetParent);
    void addEditActions();
    // The frame's context menu: "Export data as CSV…" (ui/csvexport.h).
    void addExportAction();
    void onRange(std::size_t queryIndex, const prom::RangeResult &result);
    void onInstant(std::size_t queryIndex, const prom::QueryResult &result);
    void queryDone(const prom::Error &error, const QString &expr);
    void finish();
    // Shows the panel as empty with the reason (asks the server for its metric names first),
    // then ends the refresh.
    void finishEmpty();
    void showEmpty();

    dashboard::Panel m_panel;
    prom::PromClient *m_client = nullptr;
    PanelFrame *m_frame = nullptr;
    TimeSeriesChart *m_chart = nullptr;
    StatTile *m_tile = nullptr;
    DistributionChart *m_bars = nullptr;
    DriftPanel *m_drift = nullptr;
    ModelQualityPanel *m_quality = nullptr;
    QTableWidget *m_table = nullptr;

    std::vector<prom::RequestHandle> m_requests;
    int m_pending = 0;
    RefreshContext m_context;
    QStringList m_lastExprs;
    prom::Error m_error;
    QString m_errorExpr;
    dashboard::EmptyPanelExplanation m_empty;
    std::optional<QSet<QString>> m_serverMetrics;
    quint64 m_generation = 0; // counts refreshes, so a late answer of an older one is dropped
    // Answers of the current refresh, per query, until all have arrived.
    std::vector<prom::SeriesList> m_rangeAnswers;
    std::vector<std::vector<prom::VectorSample>> m_instantAnswers;
};

} // namespace vitals

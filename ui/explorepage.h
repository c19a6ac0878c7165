#pragma once

#include "core/dashboard/dashboard.h"
#include "core/prom/results.h"
#include "core/prom/scrapeinterval.h"
#include "core/timerange.h"
#include "widgets/promqleditor.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSettings;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace vitals {

namespace prom {
class PromClient;
}
class ExploreService;
class PromQLLinter;
class TimeSeriesChart;

// The queries run on the Explore page, most recent first, without duplicates, at most
// kMaxEntries. Stored in QSettings under "explore/history". Plain value type.
class QueryHistory
{
public:
    static constexpr int kMaxEntries = 50;

    // Puts `query` first (moving it up if it was there already); blank queries are ignored.
    void add(const QString &query);
    const QStringList &entries() const { return m_entries; }
    void clear() { m_entries.clear(); }

    void load(const QSettings &settings);
    void save(QSettings &settings) const;

private:
    QStringList m_entries;
};

// An instant query's answer as a table: one row per element, a column per label name (sorted,
// the metric name "__name__" first) and a last "Value" column. Scalars and strings give one row
// with only the value; a range vector (e.g. up[1m]) gives each series' samples as
// "value @ time" lines. Values keep NaN and ±Inf as Prometheus writes them.
// Qt::DisplayRole is text; Qt::UserRole of the value column is the number (for sorting).
class InstantResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit InstantResultModel(QObject *parent = nullptr);

    void setResult(const prom::QueryResult &result);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The label columns, in order (without the value column).
    const QStringList &labelColumns() const { return m_labels; }

private:
    struct Row {
        QMap<QString, QString> labels;
        QString valueText;
        double value = 0;
    };
    QStringList m_labels;
    std::vector<Row> m_rows;
};

// Builds the panel "Add to dashboard" adds for `expr`: a time series titled after the query,
// full width. The id and the position are left for appendPanel().
dashboard::Panel panelForQuery(const QString &expr);
// Appends `panel` to `dashboard` below its lowest panel, with an id not used yet ("explore-N").
// Returns the id given.
QString appendPanel(dashboard::Dashboard &dashboard, dashboard::Panel panel);

// The Explore page: a PromQL editor with completion (functions, metric names with their HELP,
// label names and values from the server), Run (Ctrl+Enter), the query history, the result of a
// range query over the window's time range in a Graph tab and of an instant query at its end in
// a Table tab. Prometheus's errors are shown under the editor, and a parse error's line:column
// is marked in the editor. "Add to dashboard" hands a panel built from the query to the window.
//
// GUI thread only. The client is not owned (the window's; setClient() after a change); every
// request belongs to the page's ExploreService and is canceled by the next run or by the page's
// destruction.
class ExplorePage : public QWidget, private PromQLCompletionProvider
{
    Q_OBJECT
public:
    // `settingsFile`: an INI file for the history; empty = the application's QSettings.
    explicit ExplorePage(prom::PromClient *client, QWidget *parent = nullptr,
                         const QString &settingsFile = {});
    ~ExplorePage() override;

    // Sets the client and reloads the metric names and their metadata.
    void setClient(prom::PromClient *client);
    void setRange(const TimeRange &range) { m_range = range; }
    TimeRange range() const { return m_range; }
    // The backend's scrape interval in ms: the smallest step of the graph, and the base of
    // $__rate_interval (default: Prometheus's 15 s until the window learns the server's).
    void setScrapeIntervalMs(qint64 ms) { m_scrapeIntervalMs = ms; }

    PromQLEditor *editor() const { return m_editor; }
    // Marks parse errors as the user types where the server can say (else on run).
    PromQLLinter *linter() const { return m_linter; }
    TimeSeriesChart *chart() const { return m_chart; }
    InstantResultModel *tableModel() const { return m_model; }
    QTableView *tableView() const { return m_table; }
    QTabWidget *resultTabs() const { return m_tabs; }
    const QueryHistory &history() const { return m_history; }
    // The error shown under the editor; empty when the last run succeeded.
    QString errorText() const;
    // The line next to the buttons: series count and step, "Running…" or "Failed".
    QString statusText() const;
    // True while a query of the last run is outstanding.
    bool isRunning() const;

public Q_SLOTS:
    // Runs the editor's query (range and instant) and records it in the history.
    void run();
    // Asks the server for metric names (/api/v1/label/__name__/values) and their metadata.
    void reloadMetricNames();

Q_SIGNALS:
    // Both queries of a run have answered (or failed).
    void runFinished();
    // The metric names arrived (count of names; 0 on failure).
    void metricNamesLoaded(int count);
    // "Add to dashboard": a panel built with panelForQuery().
    void addToDashboardRequested(const vitals::dashboard::Panel &panel);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void requestLabelNames(const QString &metric, Reply reply) override;
    void requestLabelValues(const QString &metric, const QString &label, Reply reply) override;
    void onRange(const prom::RangeResult &result);
    void onInstant(const prom::QueryResult &result);
    void showError(const prom::Error &error);
    void finishOne();
    void onMetricNames(const QStringList &names, const QHash<QString, QString> &help, bool ok);
    void refreshHistoryCombo();
    void saveHistory() const;

    ExploreService *m_service = nullptr; // child
    QString m_settingsFile;
    TimeRange m_range;
    qint64 m_scrapeIntervalMs = prom::kDefaultScrapeIntervalMs;
    QueryHistory m_history;
    QString m_runningExpr;
    int m_pending = 0;
    bool m_namesLoaded = false;
    bool m_errorShown = false;

    PromQLEditor *m_editor = nullptr;
    PromQLLinter *m_linter = nullptr; // child
    QPushButton *m_runButton = nullptr;
    QPushButton *m_addButton = nullptr;
    QComboBox *m_historyCombo = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;
    TimeSeriesChart *m_chart = nullptr;
    QTableView *m_table = nullptr;
    InstantResultModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
};

} // namespace vitals

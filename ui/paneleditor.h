#pragma once

#include "core/dashboard/dashboard.h"
#include "core/prom/scrapeinterval.h"
#include "core/timerange.h"
#include "core/units.h"

#include <QDialog>
#include <QTimer>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QVBoxLayout;

namespace vitals {

namespace panel {
class DashboardDataService;
}

namespace prom {
class PromClient;
}
class PanelController;
class PromQLEditor;
class PromQLLinter;
class PromQLServerCompletion;

// Edits one dashboard panel, laid out as in Grafana: a live preview of the panel as edited on
// the left with its queries under it, the panel's options on the right. Each query is edited in
// the Explore page's PromQL editor (highlighting, completion from the server, parse errors
// marked as you type where the server can say), with its legend format ({{class}}), name and
// instant switch. Thresholds are typed in the panel's unit ("50 ms" on a seconds panel, "20 %"
// on a ratio panel) and stored in the unit the query returns (0.05, 0.2). accept() is refused,
// with the reason shown, while the panel would not pass the dashboard file's validation or a
// threshold does not read.
//
// The preview re-runs the panel (PanelController, as on the dashboard) 400 ms after the last
// change of a query, the type, the unit or a threshold, once setPreview() gave it a server.
// GUI thread only.
class PanelEditor : public QDialog
{
    Q_OBJECT
public:
    // `context` is the dashboard the panel belongs to: the id check and its variables.
    PanelEditor(const dashboard::Panel &panel, const dashboard::Dashboard &context,
                QWidget *parent = nullptr);
    ~PanelEditor() override;

    // Shows the live preview over `range`, asking `client` (not owned; may be null: no preview)
    // with the dashboard's scrape interval.
    void setPreview(prom::PromClient *client, const TimeRange &range,
                    qint64 scrapeIntervalMs = prom::kDefaultScrapeIntervalMs);

    // The panel as edited.
    dashboard::Panel panel() const;
    // Why the panel cannot be saved as it is, or empty.
    QString problem() const;

    void accept() override;

    // The parts a test or the walk drives.
    int queryCount() const { return int(m_rows.size()); }
    PromQLEditor *queryEditor(int index) const;
    QLineEdit *legendEdit(int index) const;
    void addQuery();
    void removeQuery(int index);
    QComboBox *typeBox() const { return m_type; }
    QComboBox *unitBox() const { return m_unit; }
    QLineEdit *titleEdit() const { return m_title; }
    QCheckBox *thresholdsBox() const { return m_useThresholds; }
    QLineEdit *amberEdit() const { return m_amber; }
    QLineEdit *redEdit() const { return m_red; }
    QSpinBox *widthBox() const { return m_w; }
    // The preview's panel; nullptr before the first preview ran.
    PanelController *preview() const { return m_preview; }
    PromQLLinter *linter() const { return m_linter; }
    // The preview's refreshes so far (each change that settled gives one).
    int previewRuns() const { return m_previewRuns; }
    // The preview's refreshes started (queries sent), answered or not.
    int previewStarts() const { return m_previewStarts; }

Q_SIGNALS:
    // The preview has shown the panel as edited (its queries answered or failed).
    void previewRefreshed();

private:
    struct QueryRow {
        QWidget *box = nullptr;
        PromQLEditor *expr = nullptr;
        QLineEdit *legend = nullptr;
        QLineEdit *refId = nullptr;
        QCheckBox *instant = nullptr;
    };

    QWidget *buildOptions();
    void addQueryRow(const dashboard::Query &query);
    void onUnitChanged();
    // Checks both threshold fields; returns the first error (empty when both read).
    QString checkThresholds() const;
    void showThresholdState();
    void schedulePreview();
    void runPreview();

    dashboard::Panel m_original;
    dashboard::Dashboard m_context;
    QLineEdit *m_title = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_unit = nullptr;
    units::Unit m_shownUnit = units::Unit::None; // the unit the threshold fields are written in
    QCheckBox *m_stacked = nullptr;
    QLineEdit *m_amber = nullptr;
    QLineEdit *m_red = nullptr;
    QLabel *m_thresholdNote = nullptr;
    QCheckBox *m_useThresholds = nullptr;
    QCheckBox *m_higherIsBetter = nullptr;
    QVBoxLayout *m_queryList = nullptr;
    std::vector<QueryRow> m_rows;
    QSpinBox *m_x = nullptr;
    QSpinBox *m_y = nullptr;
    QSpinBox *m_w = nullptr;
    QSpinBox *m_h = nullptr;
    QLabel *m_problem = nullptr;

    PromQLServerCompletion *m_completion = nullptr; // child
    PromQLLinter *m_linter = nullptr;               // child
    prom::PromClient *m_client = nullptr;
    // The preview's requests (child; created by setPreview()).
    panel::DashboardDataService *m_previewService = nullptr;
    TimeRange m_range;
    qint64 m_scrapeIntervalMs = prom::kDefaultScrapeIntervalMs;
    QWidget *m_previewHost = nullptr;
    QVBoxLayout *m_previewLayout = nullptr;
    QLabel *m_previewNote = nullptr;
    PanelController *m_preview = nullptr;     // child; its frame is in m_previewHost
    PanelController *m_nextPreview = nullptr; // refreshing, replaces m_preview when it answered
    QTimer m_previewTimer;
    int m_previewRuns = 0;
    int m_previewStarts = 0;
};

} // namespace vitals

#pragma once

#include "core/drift/statistics.h"
#include "core/panel/paneldata.h"
#include "core/prom/error.h"
#include "core/prom/results.h"
#include "widgets/timeserieschart.h"

#include <QSet>
#include <QWidget>

#include <map>
#include <memory>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QTableView;

namespace vitals {

namespace prom {
class PromClient;
}
class QueryBatch;
class StatTile;
class TableModel;
struct BatchQuery;
struct BatchResult;

// The drift view: is the model being fed data unlike what it was trained on — now, and since
// when? Everything comes from Prometheus, so it works for any window and any backend.
//
// First, **now**, with the statistic and window the alerts use: iris-server's own drift gauges,
// iris_feature_drift_psi{feature} = PSI of the last N predictions (N = iris_drift_window_size,
// 500 by default) against the training data, the value FeatureDrift compares with 0.25. Per
// feature: PSI now, level, since when it has been at that level (from the gauge's history over
// the selected range), and whether FeatureDrift fires (ALERTS). A feature whose alert fires is
// shown as drifting whatever the thresholds say. The timeline plots the same gauge, with the
// amber and red thresholds drawn.
//
// Second, **the selected range**: the increase of iris-server's iris_feature_value histogram
// over the whole range (every value counts once, so a score reflects the share of drifted
// inputs), against the training distribution (iris_feature_reference_proportion) or the window
// just before. Per feature: PSI, Jensen–Shannon distance, KS, mean shift, share outside the
// training range, the number of values; and for the class mix the JS distance and chi-square
// p-value against the prior. Each part is titled with its window ("last 500 predictions",
// "12:03–12:18 vs training").
//
// GUI thread only. Its requests belong to a QueryBatch (a refresh cancels the previous one);
// both tables are TableModels.
class DriftPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Baseline { Training, PreviousWindow };

    // What the server's gauges say now about one feature.
    struct NowFeature {
        double psi = drift::kNoValue; // largest over the servers; NaN while warming up
        drift::Level level = drift::Level::Unknown; // Red whenever the alert fires
        bool alertFiring = false; // FeatureDrift fires for this feature (any server)
        // Start of the current run at this level (Unix ms); 0 when ok or unknown. When the run
        // began before the range, sinceBeforeRange is true and sinceMs is the range start.
        qint64 sinceMs = 0;
        bool sinceBeforeRange = false;
    };

    explicit DriftPanel(QWidget *parent = nullptr);
    ~DriftPanel() override;

    // The server to ask; not owned. Aborts a refresh in flight.
    void setClient(prom::PromClient *client);
    // The label selector every query carries, e.g. `job="iris"`; empty = all series.
    void setSelector(const QString &selector) { m_selector = selector; }
    void setBaseline(Baseline baseline);
    Baseline baseline() const { return m_baseline; }
    void setThresholds(const drift::Thresholds &thresholds);
    drift::Thresholds thresholds() const { return m_thresholds; }

    // Queries and recomputes for [fromMs, toMs] with range-query step `stepMs` (the caller's
    // plan: at least the backend's scrape interval). Range windows are at least two steps.
    void refresh(qint64 fromMs, qint64 toMs, qint64 stepMs);
    // What the last refresh computed from (its answers, span, baseline and thresholds), for a
    // snapshot; null before the first refresh has ended.
    std::shared_ptr<const panel::ExternalAnswers> answers() const { return m_answers; }
    // Shows saved answers (a snapshot) as they were drawn, without asking a server: the same
    // tables, tiles and timeline. The baseline is fixed (changing it would need new queries);
    // the thresholds can still be edited. Answers that are not this view's (another count)
    // show an error instead. Emits nothing.
    void showSaved(const panel::ExternalAnswers &saved);

    // Results of the last refresh (for tests and reports).
    // The selected range, per feature name.
    const std::map<QString, drift::FeatureComparison> &features() const { return m_features; }
    // Now, per feature name; empty when the server exports no drift gauges.
    const std::map<QString, NowFeature> &now() const { return m_now; }
    // Predictions in the server's drift window now (largest over the servers); NaN if unknown.
    double nowWindowSize() const { return m_nowWindow; }
    // Titles of the two parts, e.g. "Now — last 500 predictions …" and
    // "12:03–12:18 against the training data — 4,210 values".
    QString nowTitle() const;
    QString rangeTitle() const;
    // A note on the range part when it has nothing to compare (empty window before), or empty.
    QString rangeNote() const { return m_rangeNote; }
    // The timeline's lines: one per feature, then the amber and red thresholds.
    const std::vector<ChartSeries> &timelineSeries() const { return m_timelineSeries; }
    double mixJsDistance() const { return m_mixJs; }
    double mixChiSquareP() const { return m_mixP; }
    // True when the last refresh found anything to show (gauges or histograms).
    bool hasData() const { return !m_now.empty() || !m_features.empty(); }
    // The first error of the last refresh, or empty.
    QString errorText() const { return m_error; }
    // The first failed request of the last refresh (ErrorType::None when all answered).
    prom::Error lastError() const { return m_firstError; }
    bool isBusy() const;

    // The tables' models ("now" per feature; the range per feature) and the views, for the
    // frame, the report and tests.
    TableModel *nowModel() const { return m_nowModel; }
    TableModel *tableModel() const { return m_tableModel; }
    QTableView *nowTable() const { return m_nowTable; }
    QTableView *table() const { return m_table; }
    TimeSeriesChart *timeline() const { return m_timeline; }

    // Level names as the tables show them ("ok", "watch", "drift", "no data").
    static QString levelText(drift::Level level);

Q_SIGNALS:
    void refreshFinished();

private:
    void done(const BatchResult &result);
    // Takes the answers of a refresh (done()) or of a snapshot (showSaved()) and draws them.
    void use(const BatchResult &result);
    void compute();
    void computeNow();
    void showTables();
    QString selectorFor(const QString &extra = {}) const;
    QString spanText(qint64 fromMs, qint64 toMs) const;

    QueryBatch *m_batch = nullptr; // child
    QString m_selector;
    Baseline m_baseline = Baseline::Training;
    drift::Thresholds m_thresholds = drift::kPsiThresholds;

    QComboBox *m_baselineCombo = nullptr;
    QDoubleSpinBox *m_amber = nullptr;
    QDoubleSpinBox *m_red = nullptr;
    StatTile *m_nowPsiTile = nullptr;
    StatTile *m_maxPsiTile = nullptr;
    StatTile *m_mixJsTile = nullptr;
    StatTile *m_mixPTile = nullptr;
    QLabel *m_nowHeading = nullptr;
    TableModel *m_nowModel = nullptr;
    TableModel *m_tableModel = nullptr;
    QTableView *m_nowTable = nullptr;
    QLabel *m_timelineHeading = nullptr;
    TimeSeriesChart *m_timeline = nullptr;
    QLabel *m_rangeHeading = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_status = nullptr;

    QString m_error;
    prom::Error m_firstError;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    qint64 m_stepMs = 0;
    qint64 m_windowMs = 0;
    std::vector<BatchQuery> m_queries; // of the refresh in flight
    std::shared_ptr<const panel::ExternalAnswers> m_answers;

    // Answers of the current refresh.
    std::vector<prom::VectorSample> m_observed;
    std::vector<prom::VectorSample> m_reference;
    std::vector<prom::VectorSample> m_classes;
    std::vector<prom::VectorSample> m_priors;
    std::vector<prom::VectorSample> m_gauges;
    std::vector<prom::VectorSample> m_windowSizes;
    std::vector<prom::VectorSample> m_alerts;
    prom::SeriesList m_gaugeHistory;

    std::map<QString, drift::FeatureComparison> m_features;
    std::map<QString, NowFeature> m_now;
    QSet<QString> m_firing;
    std::vector<ChartSeries> m_timelineSeries;
    double m_nowWindow = qQNaN();
    int m_nowServers = 0;
    double m_rangeValues = 0;
    QString m_rangeNote;
    double m_mixJs = qQNaN();
    double m_mixP = qQNaN();
};

} // namespace vitals

#pragma once

#include "core/drift/statistics.h"
#include "core/prom/requesthandle.h"
#include "core/prom/results.h"

#include <QWidget>

#include <map>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QTableWidget;

namespace vitals {

namespace prom {
class PromClient;
}
class StatTile;
class TimeSeriesChart;

// The drift view: is the model being fed data unlike what it was trained on?
//
// Everything comes from Prometheus, so it works for any window and any backend:
//  - the live distribution of each feature: increase() of iris-server's iris_feature_value
//    histogram over the window (its buckets are the model's reference bin edges);
//  - the reference: the training distribution iris-server exports as
//    iris_feature_reference_proportion, or, in baseline mode, the same histogram over the
//    window just before (e.g. the last 15 min against the 15 min before);
//  - the class mix: increase(prediction_output_total) against iris_model_class_prior.
// Per feature it shows PSI, Jensen–Shannon distance, KS, mean shift and the share of values
// outside the training range, coloured by the PSI thresholds (0.1 amber, 0.25 red by default,
// editable); a PSI timeline per feature (each point compares the `timelineWindow` before it
// with the reference); and for the class mix the JS distance and the chi-square p-value.
// One line under the table says what each number means.
//
// GUI thread only; owns its requests (a refresh cancels the previous one).
class DriftPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Baseline { Training, PreviousWindow };

    // The label selector every query carries, e.g. `job="iris"`; empty = all series.
    explicit DriftPanel(QWidget *parent = nullptr);
    ~DriftPanel() override;

    void setClient(prom::PromClient *client) { m_client = client; }
    void setSelector(const QString &selector) { m_selector = selector; }
    void setBaseline(Baseline baseline);
    Baseline baseline() const { return m_baseline; }
    void setThresholds(const drift::Thresholds &thresholds);
    drift::Thresholds thresholds() const { return m_thresholds; }

    // Queries and recomputes for [fromMs, toMs] with range-query step `stepMs`.
    void refresh(qint64 fromMs, qint64 toMs, qint64 stepMs);

    // Results of the last refresh, per feature name (for tests and reports).
    const std::map<QString, drift::FeatureComparison> &features() const { return m_features; }
    double mixJsDistance() const { return m_mixJs; }
    double mixChiSquareP() const { return m_mixP; }
    // The first error of the last refresh, or empty.
    QString errorText() const { return m_error; }
    // The first failed request of the last refresh (ErrorType::None when all answered).
    prom::Error lastError() const { return m_firstError; }
    bool isBusy() const { return m_pending > 0; }

    // Widgets, for the frame and for tests.
    QTableWidget *table() const { return m_table; }
    TimeSeriesChart *timeline() const { return m_timeline; }

Q_SIGNALS:
    void refreshFinished();

private:
    void done(const prom::Error &error);
    void compute();
    void showTable();
    QString selectorFor(const QString &extra = {}) const;

    prom::PromClient *m_client = nullptr;
    QString m_selector;
    Baseline m_baseline = Baseline::Training;
    drift::Thresholds m_thresholds = drift::kPsiThresholds;

    QComboBox *m_baselineCombo = nullptr;
    QDoubleSpinBox *m_amber = nullptr;
    QDoubleSpinBox *m_red = nullptr;
    StatTile *m_maxPsiTile = nullptr;
    StatTile *m_mixJsTile = nullptr;
    StatTile *m_mixPTile = nullptr;
    QTableWidget *m_table = nullptr;
    TimeSeriesChart *m_timeline = nullptr;
    QLabel *m_status = nullptr;

    std::vector<prom::RequestHandle> m_requests;
    int m_pending = 0;
    QString m_error;
    prom::Error m_firstError;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    qint64 m_stepMs = 0;

    // Answers of the current refresh.
    std::vector<prom::VectorSample> m_observed;
    std::vector<prom::VectorSample> m_reference;
    std::vector<prom::VectorSample> m_classes;
    std::vector<prom::VectorSample> m_priors;
    prom::SeriesList m_timelineBuckets;

    std::map<QString, drift::FeatureComparison> m_features;
    double m_mixJs = qQNaN();
    double m_mixP = qQNaN();
};

} // namespace vitals

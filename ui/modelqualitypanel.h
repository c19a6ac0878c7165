#pragma once

#include "core/panel/paneldata.h"
#include "core/prom/error.h"
#include "core/prom/results.h"
#include "widgets/timeserieschart.h"

#include <QStringList>
#include <QWidget>

#include <map>
#include <memory>
#include <vector>

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

// Model quality: is the model right? Drift detectors see inputs; this view sees answers, from
// the labels clients send back to iris-server (POST /feedback), joined there with the
// prediction they are for. Everything comes from Prometheus:
//  - iris_feedback_total{predicted, actual}: the confusion matrix of the selected range
//    (increase over the range), shown as counts and row shares (of each actual class), the
//    diagonal green and the rest red by their share; per class, precision (right among the
//    predictions of that class) and recall (found among the flowers of that class);
//  - accuracy over time: iris_feedback_correct_total / iris_feedback_total over a window of two
//    steps (at least a minute), with the AccuracyDrop threshold (0.8) drawn;
//  - labelled share: labels over predictions (prediction_output_total) in the range;
//  - label delay: mean and 95th percentile of iris_feedback_delay_seconds in the range.
//
// GUI thread only. Its requests belong to a QueryBatch (a refresh cancels the previous one);
// both tables are TableModels.
class ModelQualityPanel : public QWidget
{
    Q_OBJECT
public:
    // The threshold of the bundled AccuracyDrop rule (resources/prometheus/vitals-rules.yml).
    static constexpr double kAccuracyAlert = 0.8;

    explicit ModelQualityPanel(QWidget *parent = nullptr);
    ~ModelQualityPanel() override;

    // The server to ask; not owned. Aborts a refresh in flight.
    void setClient(prom::PromClient *client);
    // The label selector every query carries, e.g. `job="iris"`; empty = all series.
    void setSelector(const QString &selector) { m_selector = selector; }

    // Queries and recomputes for [fromMs, toMs] with range-query step `stepMs` (the caller's
    // plan, at least the backend's scrape interval).
    void refresh(qint64 fromMs, qint64 toMs, qint64 stepMs);
    // What the last refresh computed from (its answers and span), for a snapshot; null before
    // the first refresh has ended.
    std::shared_ptr<const panel::ExternalAnswers> answers() const { return m_answers; }
    // Shows saved answers (a snapshot) as they were drawn, without asking a server. Answers
    // that are not this view's (another count) show an error instead. Emits nothing.
    void showSaved(const panel::ExternalAnswers &saved);

    // Results of the last refresh (for tests and reports).
    // Classes in the order of the matrix (rows = actual, columns = predicted).
    const QStringList &classes() const { return m_classes; }
    // Labels with actual class `actual` the model predicted as `predicted` (rounded increase).
    double count(const QString &actual, const QString &predicted) const;
    double labels() const { return m_labels; }               // labels in the range
    double accuracy() const { return m_accuracy; }           // 0–1, NaN without labels
    double precision(const QString &cls) const;              // 0–1, NaN when never predicted
    double recall(const QString &cls) const;                 // 0–1, NaN when never labelled
    double labelledShare() const { return m_labelledShare; } // labels / predictions, 0–1
    double meanDelaySeconds() const { return m_meanDelay; }
    double p95DelaySeconds() const { return m_p95Delay; }
    // "Range 12:03–12:18 — 420 labels".
    QString rangeTitle() const;
    const std::vector<ChartSeries> &timelineSeries() const { return m_timelineSeries; }
    bool hasData() const { return m_labels > 0 || !m_timelineSeries.empty(); }
    QString errorText() const { return m_error; }
    prom::Error lastError() const { return m_firstError; }

    // The confusion matrix (row and column headers name the classes) and the per-class table.
    TableModel *matrixModel() const { return m_matrixModel; }
    TableModel *classModel() const { return m_classModel; }
    QTableView *matrixTable() const { return m_matrix; }
    QTableView *classTable() const { return m_perClass; }
    TimeSeriesChart *timeline() const { return m_timeline; }

Q_SIGNALS:
    void refreshFinished();

private:
    void done(const BatchResult &result);
    // Takes the answers of a refresh (done()) or of a snapshot (showSaved()) and draws them.
    void use(const BatchResult &result);
    void compute();
    void showResults();
    QString selectorFor() const;

    QueryBatch *m_batch = nullptr; // child
    QString m_selector;

    StatTile *m_accuracyTile = nullptr;
    StatTile *m_shareTile = nullptr;
    StatTile *m_delayTile = nullptr;
    QLabel *m_heading = nullptr;
    TableModel *m_matrixModel = nullptr;
    TableModel *m_classModel = nullptr;
    QTableView *m_matrix = nullptr;
    QTableView *m_perClass = nullptr;
    QLabel *m_timelineHeading = nullptr;
    TimeSeriesChart *m_timeline = nullptr;

    QString m_error;
    prom::Error m_firstError;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    qint64 m_stepMs = 0;
    std::vector<BatchQuery> m_queries; // of the refresh in flight
    std::shared_ptr<const panel::ExternalAnswers> m_answers;

    std::vector<prom::VectorSample> m_matrixAnswer;
    std::vector<prom::VectorSample> m_predictionsAnswer;
    std::vector<prom::VectorSample> m_meanDelayAnswer;
    std::vector<prom::VectorSample> m_p95DelayAnswer;
    std::vector<prom::VectorSample> m_priorAnswer;
    prom::SeriesList m_accuracyAnswer;

    QStringList m_classes;
    std::map<std::pair<QString, QString>, double> m_counts; // (actual, predicted)
    double m_labels = 0;
    double m_accuracy = qQNaN();
    double m_labelledShare = qQNaN();
    double m_meanDelay = qQNaN();
    double m_p95Delay = qQNaN();
    std::vector<ChartSeries> m_timelineSeries;
};

} // namespace vitals

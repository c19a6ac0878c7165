#include "ui/modelqualitypanel.h"

#include "core/services/querybatch.h"
#include "core/units.h"
#include "ui/tables.h"
#include "widgets/levelcolors.h"
#include "widgets/stattile.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>
#include <set>

namespace vitals {

namespace {

QTableView *makeTable(TableModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    return table;
}

QLabel *heading(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

QString percent(double ratio)
{
    return std::isfinite(ratio) ? units::formatPercent(100.0 * ratio) : QStringLiteral("—");
}

StatTile::Level accuracyLevel(double accuracy)
{
    if (!std::isfinite(accuracy))
        return StatTile::Level::Unknown;
    if (accuracy < ModelQualityPanel::kAccuracyAlert)
        return StatTile::Level::Critical;
    return accuracy < 0.9 ? StatTile::Level::Warning : StatTile::Level::Ok;
}

} // namespace

ModelQualityPanel::ModelQualityPanel(QWidget *parent)
    : QWidget(parent)
    , m_batch(new QueryBatch(this))
    , m_accuracyTile(new StatTile(tr("Accuracy, range"), this))
    , m_shareTile(new StatTile(tr("Labelled share"), this))
    , m_delayTile(new StatTile(tr("Label delay (mean)"), this))
    , m_heading(heading(this))
    , m_matrixModel(new TableModel({}, this))
    , m_classModel(new TableModel({tr("Class"), tr("Precision"), tr("Recall"), tr("Labels")}, this))
    , m_matrix(makeTable(m_matrixModel, this))
    , m_perClass(makeTable(m_classModel, this))
    , m_timelineHeading(heading(this))
    , m_timeline(new TimeSeriesChart(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_accuracyTile->setUnit(units::Unit::PercentUnit);
    m_shareTile->setUnit(units::Unit::PercentUnit);
    m_delayTile->setUnit(units::Unit::Seconds);
    auto *tiles = new QHBoxLayout;
    tiles->addWidget(m_accuracyTile);
    tiles->addWidget(m_shareTile);
    tiles->addWidget(m_delayTile);
    layout->addLayout(tiles);

    auto *body = new QGridLayout;
    m_matrix->setToolTip(tr("Rows: the true class the label gave; columns: what the model "
                            "predicted. Each cell: labels, and their share of the row."));
    body->addWidget(m_heading, 0, 0);
    body->addWidget(m_matrix, 1, 0);
    body->addWidget(m_perClass, 2, 0);
    m_timeline->setUnit(units::Unit::PercentUnit);
    m_timeline->setValueBounds(0.0, 1.0);
    body->addWidget(m_timelineHeading, 0, 1);
    body->addWidget(m_timeline, 1, 1, 2, 1);
    body->setColumnStretch(0, 1);
    body->setColumnStretch(1, 1);
    body->setRowStretch(1, 1);
    body->setRowStretch(2, 1);
    layout->addLayout(body, 1);

    auto *explain = new QLabel(this);
    explain->setWordWrap(true);
    explain->setText(
        tr("<small><b>Accuracy</b>: share of labelled predictions that were right. "
           "<b>Precision</b> of a class: of the flowers predicted as that class, the share "
           "that were. <b>Recall</b>: of the flowers of that class, the share the model found. "
           "<b>Labelled share</b>: labels received per prediction made. Labels come from "
           "clients (POST /feedback); inputs can look normal while answers go wrong (concept "
           "drift).</small>"));
    layout->addWidget(explain);
    showResults();
}

ModelQualityPanel::~ModelQualityPanel() = default;

QString ModelQualityPanel::selectorFor() const
{
    return QLatin1Char('{') + m_selector + QLatin1Char('}');
}

double ModelQualityPanel::count(const QString &actual, const QString &predicted) const
{
    const auto it = m_counts.find({actual, predicted});
    return it == m_counts.end() ? 0.0 : it->second;
}

double ModelQualityPanel::precision(const QString &cls) const
{
    double predicted = 0;
    for (const QString &actual : m_classes)
        predicted += count(actual, cls);
    return predicted > 0 ? count(cls, cls) / predicted : qQNaN();
}

double ModelQualityPanel::recall(const QString &cls) const
{
    double labelled = 0;
    for (const QString &predicted : m_classes)
        labelled += count(cls, predicted);
    return labelled > 0 ? count(cls, cls) / labelled : qQNaN();
}

QString ModelQualityPanel::rangeTitle() const
{
    const QString format = m_toMs - m_fromMs < 24 * 3600 * 1000 ? QStringLiteral("HH:mm")
                                                                : QStringLiteral("MM-dd HH:mm");
    return tr("Range %1–%2 — %3 labels")
        .arg(QDateTime::fromMSecsSinceEpoch(m_fromMs).toString(format),
             QDateTime::fromMSecsSinceEpoch(m_toMs).toString(format),
             QLocale().toString(qint64(std::llround(m_labels))));
}

void ModelQualityPanel::setClient(prom::PromClient *client)
{
    m_batch->setClient(client);
}

void ModelQualityPanel::refresh(qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    m_batch->cancel();
    m_error.clear();
    m_firstError = {};
    m_fromMs = fromMs;
    m_toMs = toMs;
    m_stepMs = stepMs;
    if (!m_batch->hasClient()) {
        Q_EMIT refreshFinished();
        return;
    }
    // The timeline's grid: the dashboard's plan for this span (its step, aligned start and end).
    const prom::RangePlan plan = prom::RangePlan::atStep(fromMs, toMs, stepMs);
    const qint64 step = plan.stepMs();
    // increase() needs two samples in its window: two steps hold at least two scrapes.
    const qint64 windowMs = std::max<qint64>(std::max<qint64>(toMs - fromMs, 2 * step), 1000);
    const QString window = QString::number(windowMs / 1000) + QLatin1Char('s');
    const QString sel = selectorFor();
    // Accuracy over time: a window of two steps holds two scrapes; at least a minute, so a
    // point rests on more than a handful of labels.
    const qint64 rateMs = std::max<qint64>(2 * step, 60000);
    // The order of done()'s answers.
    m_queries = {
        BatchQuery::instant(
            QStringLiteral("sum by (predicted, actual) (increase(iris_feedback_total%1[%2]))")
                .arg(sel, window),
            toMs),
        BatchQuery::instant(
            QStringLiteral("sum(increase(prediction_output_total%1[%2]))").arg(sel, window), toMs),
        BatchQuery::instant(QStringLiteral("sum(increase(iris_feedback_delay_seconds_sum%1[%2])) / "
                                           "sum(increase(iris_feedback_delay_seconds_count%1[%2]))")
                                .arg(sel, window),
                            toMs),
        BatchQuery::instant(QStringLiteral("histogram_quantile(0.95, sum by (le) "
                                           "(increase(iris_feedback_delay_seconds_bucket%1[%2])))")
                                .arg(sel, window),
                            toMs),
        BatchQuery::instant(QStringLiteral("max by (class) (iris_model_class_prior%1)").arg(sel),
                            toMs),
        BatchQuery::range(QStringLiteral("sum(increase(iris_feedback_correct_total%1[%2s])) / "
                                         "(sum(increase(iris_feedback_total%1[%2s])) > 0)")
                              .arg(sel)
                              .arg(rateMs / 1000),
                          plan),
    };
    m_batch->run(m_queries, [this](const BatchResult &result) { done(result); });
}

void ModelQualityPanel::done(const BatchResult &result)
{
    auto answers = std::make_shared<panel::ExternalAnswers>();
    answers->fromMs = m_fromMs;
    answers->toMs = m_toMs;
    answers->stepMs = m_stepMs;
    answers->answers = toQueryAnswers(m_queries, result);
    answers->firstError = result.firstError;
    m_answers = std::move(answers);
    use(result);
    Q_EMIT refreshFinished();
}

void ModelQualityPanel::showSaved(const panel::ExternalAnswers &saved)
{
    // The answers of a refresh: refresh() asks this many queries.
    constexpr std::size_t kAnswerCount = 6;
    m_batch->cancel();
    m_fromMs = saved.fromMs;
    m_toMs = saved.toMs;
    m_stepMs = saved.stepMs;
    BatchResult result = fromQueryAnswers(saved.answers);
    result.firstError = saved.firstError;
    if (result.answers.size() != kAnswerCount) {
        result = {};
        result.answers.resize(kAnswerCount);
        result.firstError.type = prom::ErrorType::BadResponse;
        result.firstError.message =
            tr("The snapshot's model-quality answers are incomplete (%1 of %2)")
                .arg(saved.answers.size())
                .arg(kAnswerCount);
    }
    use(result);
}

void ModelQualityPanel::use(const BatchResult &result)
{
    m_firstError = result.firstError;
    m_error = result.firstError.isError() ? result.firstError.message : QString();
    const auto &a = result.answers;
    m_matrixAnswer = a[0].vector;
    m_predictionsAnswer = a[1].vector;
    m_meanDelayAnswer = a[2].vector;
    m_p95DelayAnswer = a[3].vector;
    m_priorAnswer = a[4].vector;
    m_accuracyAnswer = series::clone(a[5].series);
    compute();
    showResults();
}

void ModelQualityPanel::compute()
{
    std::set<QString> classes;
    for (const auto &s : m_priorAnswer)
        if (const QString c = s.labels.value(u"class"); !c.isEmpty())
            classes.insert(c);
    m_counts.clear();
    m_labels = 0;
    for (const auto &s : m_matrixAnswer) {
        const QString actual = s.labels.value(u"actual");
        const QString predicted = s.labels.value(u"predicted");
        if (actual.isEmpty() || predicted.isEmpty() || !std::isfinite(s.value))
            continue;
        // increase() extrapolates to the window's edges: counts of labels are whole.
        const double n = std::round(s.value);
        m_counts[{actual, predicted}] += n;
        m_labels += n;
        classes.insert(actual);
        classes.insert(predicted);
    }
    m_classes = QStringList(classes.begin(), classes.end());
    double right = 0;
    for (const QString &c : m_classes)
        right += count(c, c);
    m_accuracy = m_labels > 0 ? right / m_labels : qQNaN();
    // Whole predictions, as the labels: increase() extrapolates both to the window's edges.
    const double predictions =
        m_predictionsAnswer.empty() ? 0.0 : std::round(m_predictionsAnswer.front().value);
    m_labelledShare = predictions > 0 ? std::min(1.0, m_labels / predictions) : qQNaN();
    m_meanDelay = m_meanDelayAnswer.empty() ? qQNaN() : m_meanDelayAnswer.front().value;
    m_p95Delay = m_p95DelayAnswer.empty() ? qQNaN() : m_p95DelayAnswer.front().value;

    m_timelineSeries.clear();
    for (const auto &s : m_accuracyAnswer) {
        ChartSeries line;
        line.name = tr("accuracy");
        line.samples = s.clone();
        m_timelineSeries.push_back(std::move(line));
    }
    if (!m_timelineSeries.empty()) {
        ChartSeries threshold;
        threshold.name = tr("AccuracyDrop below %1").arg(percent(kAccuracyAlert));
        threshold.samples.append(m_fromMs, kAccuracyAlert);
        threshold.samples.append(m_toMs, kAccuracyAlert);
        threshold.color = levelcolors::critical();
        threshold.dashed = true;
        m_timelineSeries.push_back(std::move(threshold));
    }
}

void ModelQualityPanel::showResults()
{
    m_heading->setText(m_toMs > m_fromMs
                           ? rangeTitle() + tr(": true class (rows) by prediction (columns)")
                           : tr("Confusion matrix"));
    const int n = int(m_classes.size());
    QStringList predictedHeader, actualHeader;
    for (const QString &c : m_classes) {
        predictedHeader << tr("predicted %1").arg(c);
        actualHeader << tr("actual %1").arg(c);
    }
    std::vector<TableRow> matrix;
    for (int r = 0; r < n; ++r) {
        double rowTotal = 0;
        for (int c = 0; c < n; ++c)
            rowTotal += count(m_classes[r], m_classes[c]);
        TableRow row;
        row.key = m_classes[r];
        for (int c = 0; c < n; ++c) {
            const double v = count(m_classes[r], m_classes[c]);
            const double share = rowTotal > 0 ? v / rowTotal : qQNaN();
            TableCell cell(
                QStringLiteral("%1 (%2)").arg(QLocale().toString(qint64(v)), percent(share)));
            cell.alignment = Qt::AlignCenter;
            if (std::isfinite(share) && v > 0) {
                QColor colour = r == c ? levelcolors::ok() : levelcolors::critical();
                colour.setAlpha(int(40 + 160 * share));
                cell.background = colour;
            }
            row.cells.push_back(std::move(cell));
        }
        matrix.push_back(std::move(row));
    }
    m_matrixModel->setColumns(predictedHeader);
    m_matrixModel->setRowHeaders(actualHeader);
    m_matrixModel->setRows(std::move(matrix));

    m_perClass->verticalHeader()->hide();
    std::vector<TableRow> perClass;
    for (int r = 0; r < n; ++r) {
        double labelled = 0;
        for (const QString &p : m_classes)
            labelled += count(m_classes[r], p);
        perClass.push_back(TableRow::fromTexts({m_classes[r], percent(precision(m_classes[r])),
                                                percent(recall(m_classes[r])),
                                                QLocale().toString(qint64(labelled))}));
    }
    m_classModel->setRows(std::move(perClass));

    m_timelineHeading->setText(tr("Accuracy of labelled predictions over time (dashed: the "
                                  "AccuracyDrop threshold)"));
    m_timeline->setTimeSpan(m_fromMs, m_toMs);
    m_timeline->setSeries(clone(m_timelineSeries));

    m_accuracyTile->setValue(m_accuracy, accuracyLevel(m_accuracy));
    m_shareTile->setValue(m_labelledShare, std::isfinite(m_labelledShare)
                                               ? StatTile::Level::Ok
                                               : StatTile::Level::Unknown);
    m_delayTile->setValue(m_meanDelay, std::isfinite(m_meanDelay) ? StatTile::Level::Ok
                                                                  : StatTile::Level::Unknown);
    m_delayTile->setToolTip(
        std::isfinite(m_p95Delay)
            ? tr("95th percentile: %1").arg(units::format(m_p95Delay, units::Unit::Seconds))
            : QString());
}

} // namespace vitals

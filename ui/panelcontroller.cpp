#include "ui/panelcontroller.h"

#include "core/prom/metricnamecache.h"
#include "core/prom/promclient.h"
#include "core/prom/rangeplan.h"
#include "core/units.h"
#include "ui/csvexport.h"
#include "ui/driftpanel.h"
#include "ui/modelqualitypanel.h"
#include "widgets/distributionchart.h"
#include "widgets/panelframe.h"
#include "widgets/stattile.h"
#include "widgets/timeserieschart.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>

#include <cmath>
#include <map>

namespace vitals {

namespace {

QMap<QString, QString> labelMap(const series::LabelSet &labels)
{
    QMap<QString, QString> map;
    for (const auto &label : labels.labels())
        map.insert(label.name, label.value);
    return map;
}

QString legendFor(const dashboard::Query &query, const series::LabelSet &labels)
{
    QString name = dashboard::renderLegend(query.legendFormat, labelMap(labels));
    if (name.isEmpty())
        name = labels.toString();
    return name;
}

StatTile::Level tileLevel(std::optional<dashboard::ThresholdLevel> level)
{
    if (!level)
        return StatTile::Level::Unknown;
    switch (*level) {
    case dashboard::ThresholdLevel::Ok:
        return StatTile::Level::Ok;
    case dashboard::ThresholdLevel::Warning:
        return StatTile::Level::Warning;
    case dashboard::ThresholdLevel::Critical:
        return StatTile::Level::Critical;
    }
    return StatTile::Level::Unknown;
}

} // namespace

PanelController::PanelController(const dashboard::Panel &panel, prom::PromClient *client,
                                 QWidget *widgetParent, QObject *parent)
    : QObject(parent)
    , m_panel(panel)
    , m_client(client)
{
    buildWidget(widgetParent);
    addExportAction();
    addEditActions();
}

void PanelController::addEditActions()
{
    auto *edit = new QAction(tr("Edit panel…"), m_frame);
    connect(edit, &QAction::triggered, this, [this] { Q_EMIT editRequested(m_panel.id); });
    auto *remove = new QAction(tr("Remove panel"), m_frame);
    connect(remove, &QAction::triggered, this, [this] { Q_EMIT removeRequested(m_panel.id); });
    m_frame->addAction(edit);
    m_frame->addAction(remove);
    m_frame->setContextMenuPolicy(Qt::ActionsContextMenu);
}

PanelController::~PanelController() = default;

void PanelController::buildWidget(QWidget *widgetParent)
{
    using dashboard::PanelType;
    const units::Unit unit = units::unitFromName(m_panel.unit);
    QWidget *content = nullptr;
    switch (m_panel.type) {
    case PanelType::TimeSeries: {
        m_chart = new TimeSeriesChart;
        m_chart->setUnit(unit);
        m_chart->setStyle(m_panel.stacked ? TimeSeriesChart::Style::StackedArea
                                          : TimeSeriesChart::Style::Lines);
        m_chart->setValueBounds(m_panel.min, m_panel.max);
        content = m_chart;
        break;
    }
    case PanelType::Stat: {
        m_tile = new StatTile(m_panel.title);
        m_tile->setUnit(unit);
        content = m_tile;
        break;
    }
    case PanelType::Bar:
    case PanelType::Distribution:
        m_bars = new DistributionChart;
        m_bars->setUnit(unit);
        content = m_bars;
        break;
    case PanelType::DriftTable:
        m_drift = new DriftPanel;
        content = m_drift;
        connect(m_drift, &DriftPanel::refreshFinished, this, [this] {
            m_pending = 0;
            m_error = m_drift->lastError();
            if (m_error.isError())
                m_errorExpr = m_panel.queries.empty() ? QString() : m_panel.queries.front().expr;
            if (!m_drift->errorText().isEmpty()) {
                m_frame->setError(m_drift->errorText());
            } else if (!m_drift->hasData()) {
                finishEmpty();
                return;
            } else {
                m_frame->setReady();
            }
            Q_EMIT refreshFinished();
        });
        break;
    case PanelType::ModelQuality:
        m_quality = new ModelQualityPanel;
        content = m_quality;
        connect(m_quality, &ModelQualityPanel::refreshFinished, this, [this] {
            m_pending = 0;
            m_error = m_quality->lastError();
            if (m_error.isError())
                m_errorExpr = m_panel.queries.empty() ? QString() : m_panel.queries.front().expr;
            if (!m_quality->errorText().isEmpty()) {
                m_frame->setError(m_quality->errorText());
            } else if (!m_quality->hasData()) {
                finishEmpty();
                return;
            } else {
                m_frame->setReady();
            }
            Q_EMIT refreshFinished();
        });
        break;
    case PanelType::Table:
        m_table = new QTableWidget;
        m_table->verticalHeader()->hide();
        m_table->horizontalHeader()->setStretchLastSection(true);
        m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        content = m_table;
        break;
    case PanelType::Text: {
        auto *label = new QLabel(m_panel.content);
        label->setWordWrap(true);
        label->setTextFormat(Qt::MarkdownText);
        label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        content = label;
        break;
    }
    }
    // A stat tile carries its own title; its frame shows only the state.
    m_frame = new PanelFrame(m_panel.type == PanelType::Stat ? QString() : m_panel.title, content,
                             widgetParent);
    m_frame->setDescription(m_panel.description);
    if (m_tile)
        m_frame->setFrameShape(QFrame::NoFrame); // the tile draws its own frame
    m_frame->setObjectName(QStringLiteral("panel-") + m_panel.id);
}

void PanelController::refresh(const RefreshContext &context)
{
    m_requests.clear(); // cancels what the previous refresh still has in flight
    m_context = context;
    m_error = {};
    m_errorExpr.clear();
    m_lastExprs.clear();
    m_empty = {};
    ++m_generation;
    if (m_panel.type == dashboard::PanelType::Text
        || (m_panel.queries.empty() && !m_drift && !m_quality) || !m_client) {
        m_pending = 0;
        m_frame->setReady();
        Q_EMIT refreshFinished();
        return;
    }
    m_frame->setLoading();
    if (m_quality) {
        // Like the drift view: its own queries, the panel's first query is the label selector.
        const dashboard::TemplateContext tctx = context.templateContext();
        m_quality->setClient(m_client);
        m_quality->setSelector(m_panel.queries.empty()
                                   ? QString()
                                   : dashboard::expandVariables(m_panel.queries.front().expr,
                                                                context.variables, tctx));
        const prom::RangeQuery plan = prom::planRange(QString(), context.fromMs, context.toMs,
                                                      context.widthPx, context.scrapeIntervalMs);
        m_pending = 1;
        m_quality->refresh(context.fromMs, context.toMs, plan.stepMs);
        return;
    }
    if (m_drift) {
        // The drift view sends its own queries; the panel's first query, if any, is the label
        // selector they carry (e.g. job="$job").
        const dashboard::TemplateContext tctx = context.templateContext();
        m_drift->setClient(m_client);
        m_drift->setSelector(m_panel.queries.empty()
                                 ? QString()
                                 : dashboard::expandVariables(m_panel.queries.front().expr,
                                                              context.variables, tctx));
        const prom::RangeQuery plan = prom::planRange(QString(), context.fromMs, context.toMs,
                                                      context.widthPx, context.scrapeIntervalMs);
        m_pending = 1;
        m_drift->refresh(context.fromMs, context.toMs, plan.stepMs);
        return;
    }
    const std::size_t n = m_panel.queries.size();
    m_rangeAnswers.assign(n, {});
    m_instantAnswers.assign(n, {});
    m_pending = int(n);

    const bool range = m_panel.type == dashboard::PanelType::TimeSeries;
    for (std::size_t i = 0; i < n; ++i) {
        const dashboard::Query &q = m_panel.queries[i];
        dashboard::TemplateContext tctx = context.templateContext();
        if (range && !q.instant) {
            const qint64 minStep = q.interval.isEmpty()
                                       ? 0
                                       : units::parseDurationMs(dashboard::expandVariables(
                                           q.interval, context.variables, tctx));
            prom::RangeQuery rq =
                prom::planRange(QString(), context.fromMs, context.toMs, context.widthPx,
                                std::max(context.scrapeIntervalMs, minStep));
            tctx.intervalMs = rq.stepMs;
            rq.expr = dashboard::expandVariables(q.expr, context.variables, tctx);
            m_lastExprs << rq.expr;
            m_requests.push_back(m_client->queryRange(
                rq, this, [this, i](const prom::RangeResult &r) { onRange(i, r); }));
        } else {
            tctx.intervalMs =
                std::max<qint64>(context.scrapeIntervalMs,
                                 (context.toMs - context.fromMs) / std::max(1, context.widthPx));
            prom::InstantQuery iq;
            iq.expr = dashboard::expandVariables(q.expr, context.variables, tctx);
            iq.timeMs = context.toMs;
            m_lastExprs << iq.expr;
            m_requests.push_back(m_client->query(
                iq, this, [this, i](const prom::QueryResult &r) { onInstant(i, r); }));
        }
    }
}

void PanelController::onRange(std::size_t queryIndex, const prom::RangeResult &result)
{
    if (result.ok())
        m_rangeAnswers[queryIndex] = result.series;
    queryDone(result.error, m_lastExprs.value(qsizetype(queryIndex)));
}

void PanelController::onInstant(std::size_t queryIndex, const prom::QueryResult &result)
{
    if (result.ok()) {
        if (result.type == prom::ResultType::Vector) {
            m_instantAnswers[queryIndex] = result.vector;
        } else if (result.type == prom::ResultType::Scalar) {
            prom::VectorSample s;
            s.tMs = result.tMs;
            s.value = result.scalar;
            m_instantAnswers[queryIndex] = {s};
        } else if (result.type == prom::ResultType::Matrix) {
            // A range selector in an instant query: show each series' last sample.
            for (const auto &series : result.matrix) {
                if (series.isEmpty())
                    continue;
                prom::VectorSample s;
                s.labels = series.labels();
                s.tMs = series.lastTimestampMs();
                s.value = series.value(series.size() - 1);
                m_instantAnswers[queryIndex].push_back(s);
            }
        }
    }
    queryDone(result.error, m_lastExprs.value(qsizetype(queryIndex)));
}

void PanelController::queryDone(const prom::Error &error, const QString &expr)
{
    if (error.isError() && error.type != prom::ErrorType::Canceled && !m_error.isError()) {
        m_error = error;
        m_errorExpr = expr;
    }
    if (--m_pending == 0)
        finish();
}

void PanelController::finish()
{
    using dashboard::PanelType;
    m_requests.clear();
    bool empty = false;
    auto fail = [&] {
        QString message = m_error.message;
        if (!m_error.detail.isEmpty() && !message.contains(m_error.detail))
            message += QStringLiteral(" — ") + m_error.detail;
        m_frame->setError(message, m_errorExpr);
        if (m_tile)
            m_tile->setText(tr("error"));
    };

    if (m_panel.type == PanelType::TimeSeries) {
        std::vector<ChartSeries> lines;
        for (std::size_t q = 0; q < m_rangeAnswers.size(); ++q) {
            for (const auto &s : m_rangeAnswers[q]) {
                ChartSeries line;
                line.name = legendFor(m_panel.queries[q], s.labels());
                line.samples = s;
                lines.push_back(std::move(line));
            }
        }
        m_chart->setTimeSpan(m_context.fromMs, m_context.toMs);
        m_chart->setSeries(std::move(lines));
        if (m_error.isError())
            fail();
        else if (m_chart->seriesCount() == 0)
            empty = true;
        else
            m_frame->setReady();
    } else if (m_panel.type == PanelType::Stat) {
        double value = qQNaN();
        for (const auto &answer : m_instantAnswers)
            if (!answer.empty()) {
                value = answer.front().value;
                break;
            }
        if (m_error.isError())
            fail();
        else {
            m_tile->setToolTip(QString());
            if (std::isnan(value)) {
                m_tile->setText(tr("no data"));
                empty = true;
            } else {
                m_tile->setValue(value, tileLevel(m_panel.thresholds.levelFor(value)));
            }
            m_frame->setReady();
        }
    } else if (m_bars) {
        // Categories are the legend names (e.g. one per class or per bucket); each query is a
        // group of bars named by its refId.
        QStringList categories;
        std::vector<std::map<QString, double>> perQuery(m_instantAnswers.size());
        for (std::size_t q = 0; q < m_instantAnswers.size(); ++q)
            for (const auto &sample : m_instantAnswers[q]) {
                const QString name = legendFor(m_panel.queries[q], sample.labels);
                if (!categories.contains(name))
                    categories << name;
                perQuery[q][name] = sample.value;
            }
        std::vector<BarGroup> groups;
        for (std::size_t q = 0; q < perQuery.size(); ++q) {
            BarGroup group;
            group.name = m_panel.queries[q].refId;
            for (const QString &c : categories) {
                const auto it = perQuery[q].find(c);
                group.values.push_back(it == perQuery[q].end() ? qQNaN() : it->second);
            }
            groups.push_back(std::move(group));
        }
        m_bars->setData(categories, groups);
        if (m_error.isError())
            fail();
        else if (categories.isEmpty())
            empty = true;
        else
            m_frame->setReady();
    } else if (m_table) {
        QStringList labelNames;
        int rows = 0;
        for (const auto &answer : m_instantAnswers)
            for (const auto &sample : answer) {
                ++rows;
                for (const auto &l : sample.labels.labels())
                    if (!labelNames.contains(l.name))
                        labelNames << l.name;
            }
        labelNames.sort();
        m_table->clear();
        m_table->setColumnCount(int(labelNames.size()) + 1);
        m_table->setHorizontalHeaderLabels(labelNames + QStringList{tr("Value")});
        m_table->setRowCount(rows);
        const units::Unit unit = units::unitFromName(m_panel.unit);
        int row = 0;
        for (const auto &answer : m_instantAnswers)
            for (const auto &sample : answer) {
                for (int c = 0; c < labelNames.size(); ++c)
                    m_table->setItem(row, c,
                                     new QTableWidgetItem(sample.labels.value(labelNames[c])));
                m_table->setItem(row, int(labelNames.size()),
                                 new QTableWidgetItem(units::format(sample.value, unit)));
                ++row;
            }
        if (m_error.isError())
            fail();
        else if (rows == 0)
            empty = true;
        else
            m_frame->setReady();
    }
    if (empty && !m_error.isError()) {
        finishEmpty();
        return;
    }
    Q_EMIT refreshFinished();
}

void PanelController::finishEmpty()
{
    if (!m_context.metricNames) {
        m_serverMetrics.reset();
        showEmpty();
        return;
    }
    m_pending = 1; // still busy: the report waits for the explanation
    m_context.metricNames->get(
        this, [this, generation = m_generation](const prom::MetricNameCache::Names &names) {
            if (generation != m_generation)
                return; // a newer refresh has started
            m_serverMetrics = names;
            m_pending = 0;
            showEmpty();
        });
}

void PanelController::showEmpty()
{
    dashboard::EmptyPanelFacts facts;
    for (const dashboard::Query &q : m_panel.queries)
        facts.rawExpressions << q.expr;
    facts.sentExpressions = m_lastExprs;
    facts.resolvedVariables = m_context.resolvedVariables;
    facts.serverMetrics = m_serverMetrics;
    facts.scrapeIntervalMs = m_context.scrapeIntervalMs;
    facts.panelHint = m_panel.emptyHint;
    facts.panelHintApplies = m_context.panelHintsApply;
    facts.stackStarting = m_context.stackStarting;
    if (m_drift) {
        // The drift view's own queries read iris-server's feature histogram and its reference
        // shares (core/driftquery.h), filtered by the panel's selector.
        const QString selector =
            m_panel.queries.empty()
                ? QString()
                : dashboard::expandVariables(m_panel.queries.front().expr, m_context.variables,
                                             m_context.templateContext());
        facts.sentExpressions = {
            QStringLiteral("iris_feature_value_bucket{%1}").arg(selector),
            QStringLiteral("iris_feature_reference_proportion{%1}").arg(selector)};
    }
    if (m_quality) {
        // Model quality reads the labels iris-server joined (POST /feedback).
        const QString selector =
            m_panel.queries.empty()
                ? QString()
                : dashboard::expandVariables(m_panel.queries.front().expr, m_context.variables,
                                             m_context.templateContext());
        facts.sentExpressions = {QStringLiteral("iris_feedback_total{%1}").arg(selector)};
    }
    m_empty = dashboard::explainEmptyPanel(facts);
    if (m_tile)
        m_tile->setToolTip(m_empty.query.isEmpty()
                               ? m_empty.text
                               : m_empty.text + QStringLiteral("\n\n") + m_empty.query);
    else
        m_frame->setEmpty(m_empty.text, m_empty.query);
    Q_EMIT refreshFinished();
}

std::vector<prom::QueryResult> PanelController::lastResults() const
{
    const bool range = m_panel.type == dashboard::PanelType::TimeSeries;
    std::vector<prom::QueryResult> results(m_panel.queries.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (range && !m_panel.queries[i].instant) {
            if (i < m_rangeAnswers.size()) {
                results[i].type = prom::ResultType::Matrix;
                results[i].matrix = m_rangeAnswers[i];
            }
        } else if (i < m_instantAnswers.size()) {
            results[i].type = prom::ResultType::Vector;
            results[i].vector = m_instantAnswers[i];
        }
    }
    return results;
}

void PanelController::addExportAction()
{
    if (m_panel.queries.empty())
        return;
    auto *action = new QAction(tr("Export data as CSV…"), m_frame);
    connect(action, &QAction::triggered, this,
            [this] { exportPanelCsvInteractively(*this, m_frame); });
    m_frame->addAction(action);
    m_frame->setContextMenuPolicy(Qt::ActionsContextMenu);
}

} // namespace vitals

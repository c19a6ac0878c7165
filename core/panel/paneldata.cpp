#include "core/panel/paneldata.h"

#include "core/dashboard/seriesoverride.h"
#include "core/dashboard/valuemapping.h"

#include "core/dashboard/templating.h"
#include "core/panel/heatmapcalc.h"
#include "core/panel/percentstack.h"
#include "core/panel/tableframes.h"

#include <QObject>

#include <cmath>
#include <map>

namespace vitals::panel {

namespace {

QString displayName(const dashboard::Query &query, const series::LabelSet &labels)
{
    QString name = dashboard::renderLegend(query.legendFormat, labels.toMap());
    if (name.isEmpty())
        name = labels.toString();
    return name;
}

} // namespace

QString PanelData::errorText() const
{
    QString message = error.message;
    if (!error.detail.isEmpty() && !message.contains(error.detail))
        message += QStringLiteral(" — ") + error.detail;
    return message;
}

bool PanelData::hasData() const
{
    using dashboard::PanelType;
    switch (type) {
    case PanelType::TimeSeries:
        return !series.empty();
    case PanelType::Stat:
        return !std::isnan(statValue());
    case PanelType::Bar:
    case PanelType::Distribution:
    case PanelType::Table:
        return !values.empty();
    case PanelType::Text:
        return true;
    case PanelType::Heatmap:
        return !heatmap.t.empty();
    case PanelType::DriftTable:
    case PanelType::ModelQuality:
        // These panels query on their own; the data service is told whether they have data
        // and leaves `empty` set when they had none.
        return empty.text.isEmpty();
    }
    return false;
}

double PanelData::statValue() const
{
    return values.empty() ? qQNaN() : values.front().value;
}

std::optional<dashboard::ThresholdLevel> PanelData::statLevel() const
{
    const double value = statValue();
    if (std::isnan(value))
        return std::nullopt;
    return thresholds.levelFor(value);
}

std::vector<prom::VectorSample> instantValues(const prom::QueryResult &result)
{
    std::vector<prom::VectorSample> out;
    if (!result.ok())
        return out;
    if (result.type == prom::ResultType::Vector) {
        out = result.vector;
    } else if (result.type == prom::ResultType::Scalar) {
        prom::VectorSample s;
        s.tMs = result.tMs;
        s.value = result.scalar;
        out.push_back(s);
    } else if (result.type == prom::ResultType::Matrix) {
        // A range selector in an instant query: each series' last sample.
        for (const auto &series : result.matrix) {
            if (series.isEmpty())
                continue;
            prom::VectorSample s;
            s.labels = series.labels();
            s.tMs = series.lastTimestampMs();
            s.value = series.value(series.size() - 1);
            out.push_back(s);
        }
    }
    return out;
}

PanelData buildPanelData(const dashboard::Panel &panel, std::vector<QueryAnswer> answers,
                         qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    PanelData data;
    data.panelId = panel.id;
    data.type = panel.type;
    data.fromMs = fromMs;
    data.toMs = toMs;
    data.stepMs = stepMs;
    data.unit = units::unitFromName(panel.unit);
    data.thresholds = panel.thresholds;
    data.mappings = panel.mappings;
    data.heatmapColors = panel.heatmapColors;
    for (const dashboard::Query &q : panel.queries)
        data.refIds << q.refId;

    const bool timeSeries = panel.type == dashboard::PanelType::TimeSeries;
    const bool heatmap = panel.type == dashboard::PanelType::Heatmap;
    series::SeriesList buckets;
    std::vector<PanelSeries> flatLines;
    for (std::size_t i = 0; i < answers.size() && i < panel.queries.size(); ++i) {
        QueryAnswer &answer = answers[i];
        const dashboard::Query &query = panel.queries[i];
        data.expressions << answer.expr;
        if (answer.error.isError() && answer.error.type != prom::ErrorType::Canceled
            && !data.error.isError()) {
            data.error = answer.error;
            data.errorExpr = answer.expr;
        }
        for (auto &s : answer.series) {
            if (heatmap) {
                buckets.push_back(std::move(s));
                continue;
            }
            PanelSeries line;
            line.name = displayName(query, s.labels());
            // Per-series overrides imported from Grafana (seriesoverride.h).
            const dashboard::SeriesStyle style =
                dashboard::styleFor(panel.overrides, line.name, query.refId);
            if (style.hideGraph.value_or(false))
                continue;
            line.name = style.displayName.value_or(line.name);
            line.color = style.color.value_or(QString());
            line.style = style;
            line.refId = query.refId;
            line.query = i;
            line.samples = dashboard::drawnSamples(style, std::move(s));
            data.series.push_back(std::move(line));
        }
        for (const prom::VectorSample &sample : answer.values) {
            PanelValue value;
            value.name = displayName(query, sample.labels);
            value.refId = query.refId;
            value.query = i;
            value.labels = sample.labels;
            value.tMs = sample.tMs;
            value.value = sample.value;
            value.color = dashboard::styleFor(panel.overrides, value.name, query.refId)
                              .color.value_or(QString());
            if (timeSeries) {
                PanelSeries line;
                line.name = value.name;
                line.refId = value.refId;
                line.query = i;
                line.instant = true;
                line.samples = series::Series(sample.labels);
                line.samples.append(fromMs, sample.value);
                line.samples.append(std::max(toMs, fromMs + 1), sample.value);
                flatLines.push_back(std::move(line));
            }
            data.values.push_back(std::move(value));
        }
    }
    for (auto &line : flatLines)
        data.series.push_back(std::move(line));
    if (timeSeries && panel.stacked && panel.stackPercent) {
        toStackShares(data.series);
        data.unit = units::Unit::PercentUnit;
    }
    attachTransformedTable(panel, data);
    if (heatmap && !buckets.empty() && !data.error.isError()) {
        QString why;
        if (panel.heatmapCalc.enabled) {
            // Grafana buckets the values of every series itself (heatmapcalc.h).
            if (!calculateHeatmap(buckets, panel.heatmapCalc, fromMs, toMs, data.heatmap, why)) {
                data.heatmap = {};
                data.error.type = prom::ErrorType::BadResponse;
                data.error.message = QObject::tr("Cannot bucket the values: %1").arg(why);
                data.errorExpr = data.expressions.value(0);
            }
        } else if (!series::heatmapBuckets(buckets, data.heatmap, why)) {
            data.heatmap = {};
            data.error.type = prom::ErrorType::BadResponse;
            data.error.message = QObject::tr("Not a histogram: %1").arg(why);
            data.errorExpr = data.expressions.value(0);
        }
    }
    return data;
}

void attachTransformedTable(const dashboard::Panel &panel, PanelData &data)
{
    if (panel.type != dashboard::PanelType::Table
        || (panel.transformations.empty() && panel.overrides.empty()))
        return;
    const dashboard::Frames frames =
        dashboard::applyTransformations(panel.transformations, answerFrames(panel, data.values));
    data.table = std::make_shared<const PanelTable>(framesTable(frames, panel, data.unit));
}

PanelBars panelBars(const PanelData &data)
{
    PanelBars bars;
    std::vector<std::map<QString, double>> perQuery(std::size_t(data.refIds.size()));
    for (const PanelValue &v : data.values) {
        if (v.query >= perQuery.size())
            continue;
        if (!bars.categories.contains(v.name)) {
            bars.categories << v.name;
            bars.categoryColors << v.color;
        }
        perQuery[v.query][v.name] = v.value;
    }
    for (std::size_t q = 0; q < perQuery.size(); ++q) {
        PanelBars::Group group;
        group.name = data.refIds[qsizetype(q)];
        for (const QString &c : bars.categories) {
            const auto it = perQuery[q].find(c);
            group.values.push_back(it == perQuery[q].end() ? qQNaN() : it->second);
        }
        bars.groups.push_back(std::move(group));
    }
    return bars;
}

PanelTable panelTable(const PanelData &data)
{
    if (data.table)
        return *data.table;
    PanelTable table;
    QStringList labelNames;
    for (const PanelValue &v : data.values)
        for (const auto &l : v.labels.labels())
            if (!labelNames.contains(l.name))
                labelNames << l.name;
    labelNames.sort();
    table.header = labelNames;
    table.header << QObject::tr("Value");
    for (const PanelValue &v : data.values) {
        QStringList row;
        for (const QString &name : labelNames)
            row << v.labels.value(name);
        const auto mapped = dashboard::mapValue(data.mappings, v.value);
        row << (mapped && !mapped->text.isEmpty() ? mapped->text
                                                  : units::format(v.value, data.unit));
        table.rows.push_back(std::move(row));
    }
    return table;
}

QString heatmapBucketName(const series::HeatmapBuckets &buckets, std::size_t bucket,
                          units::Unit unit)
{
    if (bucket >= buckets.upperBounds.size())
        return {};
    auto bound = [unit](double v) {
        return std::isinf(v) ? QStringLiteral("+Inf") : units::format(v, unit);
    };
    return (buckets.lowerInclusive ? QStringLiteral("[%1, %2)") : QStringLiteral("(%1, %2]"))
        .arg(bound(buckets.lowerBound(bucket)), bound(buckets.upperBounds[bucket]));
}

SeriesStats seriesStats(const series::Series &s)
{
    SeriesStats stats;
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const double v = s.value(i);
        if (std::isnan(v))
            continue;
        stats.last = v;
        if (std::isfinite(v)) {
            sum += v;
            ++n;
        }
    }
    stats.min = s.minValue();
    stats.max = s.maxValue();
    if (n > 0)
        stats.mean = sum / double(n);
    return stats;
}

} // namespace vitals::panel

#include "ui/reporttables.h"

#include <QAbstractItemModel>

#include "core/units.h"
#include "ui/driftpanel.h"
#include "ui/modelqualitypanel.h"

#include <QObject>

#include <cmath>

namespace vitals::report {

namespace {

QColor levelColor(std::optional<dashboard::ThresholdLevel> level)
{
    if (!level)
        return ink();
    switch (*level) {
    case dashboard::ThresholdLevel::Ok:
        return ok();
    case dashboard::ThresholdLevel::Warning:
        return warning();
    case dashboard::ThresholdLevel::Critical:
        return critical();
    }
    return ink();
}

QString levelName(std::optional<dashboard::ThresholdLevel> level)
{
    if (!level)
        return QStringLiteral("—");
    switch (*level) {
    case dashboard::ThresholdLevel::Ok:
        return QObject::tr("OK");
    case dashboard::ThresholdLevel::Warning:
        return QObject::tr("Warning");
    case dashboard::ThresholdLevel::Critical:
        return QObject::tr("Critical");
    }
    return QStringLiteral("—");
}

QColor driftColor(drift::Level level)
{
    switch (level) {
    case drift::Level::Ok:
        return ok();
    case drift::Level::Amber:
        return warning();
    case drift::Level::Red:
        return critical();
    case drift::Level::Unknown:
        break;
    }
    return {};
}

} // namespace

Table vitalSignsTable(const std::vector<StatRow> &stats)
{
    Table table;
    table.header = {QObject::tr("Panel"), QObject::tr("Value"), QObject::tr("Status")};
    table.widths = {0.34, 0.16, 0.5};
    table.coloredColumn = 1;
    for (const StatRow &stat : stats) {
        const panel::PanelData *data = stat.data;
        if (data && data->failed()) {
            table.rows.push_back({stat.title, QObject::tr("error"), data->error.message});
            table.rowColors.push_back(critical());
            continue;
        }
        // As the tile shows it: the value in the panel's unit, "no data" when there is none.
        QString value = QStringLiteral("—");
        std::optional<dashboard::ThresholdLevel> level;
        if (data) {
            const double v = data->statValue();
            value = std::isnan(v) ? QObject::tr("no data") : units::format(v, data->unit);
            level = data->statLevel();
        }
        table.rows.push_back({stat.title, value, levelName(level)});
        table.rowColors.push_back(levelColor(level));
    }
    return table;
}

Table alertsTable(const std::vector<prom::Alert> &alerts)
{
    Table table;
    table.header = {QObject::tr("Alert"), QObject::tr("Severity"), QObject::tr("Active since"),
                    QObject::tr("Value"), QObject::tr("Summary")};
    table.widths = {0.22, 0.1, 0.16, 0.1, 0.42};
    table.coloredColumn = 1;
    for (const prom::Alert &alert : alerts) {
        QString summary = alert.annotations.value(u"summary");
        if (summary.isEmpty())
            summary = alert.annotations.value(u"description");
        const QString severity = alert.labels.value(u"severity");
        table.rows.push_back(
            {alert.labels.value(u"alertname"), severity,
             alert.activeAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
             alert.value, summary});
        table.rowColors.push_back(severity == u"critical" ? critical() : warning());
    }
    return table;
}

Table seriesTable(const panel::PanelData &data, const std::vector<QColor> &colors)
{
    Table table;
    table.header = {QObject::tr("Series"), QObject::tr("Last"), QObject::tr("Min"),
                    QObject::tr("Mean"), QObject::tr("Max")};
    table.widths = {0.44, 0.14, 0.14, 0.14, 0.14};
    auto text = [unit = data.unit](double v) {
        return std::isnan(v) ? QStringLiteral("—") : units::format(v, unit);
    };
    for (std::size_t i = 0; i < data.series.size(); ++i) {
        const panel::PanelSeries &s = data.series[i];
        const panel::SeriesStats stats = panel::seriesStats(s.samples);
        table.rows.push_back(
            {s.name, text(stats.last), text(stats.min), text(stats.mean), text(stats.max)});
        table.rowColors.push_back(i < colors.size() ? colors[i] : QColor());
    }
    return table;
}

Table barsTable(const panel::PanelData &data)
{
    const panel::PanelBars bars = panel::panelBars(data);
    Table table;
    table.header << QObject::tr("Category");
    const int groups = int(bars.groups.size());
    for (const auto &group : bars.groups)
        table.header << group.name;
    table.widths.push_back(0.4);
    for (int g = 0; g < groups; ++g)
        table.widths.push_back(0.6 / std::max(1, groups));
    for (int c = 0; c < bars.categories.size(); ++c) {
        QStringList row{bars.categories[c]};
        for (const auto &group : bars.groups) {
            const double v = group.values[std::size_t(c)];
            row << (std::isnan(v) ? QStringLiteral("—") : units::format(v, data.unit));
        }
        table.rows.push_back(row);
    }
    return table;
}

Table tablePanelTable(const panel::PanelData &data)
{
    const panel::PanelTable rows = panel::panelTable(data);
    Table table;
    table.header = rows.header;
    for (qsizetype c = 0; c < rows.header.size(); ++c)
        table.widths.push_back(1.0 / double(std::max<qsizetype>(1, rows.header.size())));
    table.rows = rows.rows;
    return table;
}

Table driftNowTable(const DriftPanel &drift)
{
    Table table;
    table.header = {QObject::tr("Feature"), QObject::tr("PSI now"), QObject::tr("Level"),
                    QObject::tr("Since"), QObject::tr("FeatureDrift alert")};
    table.widths = {0.28, 0.14, 0.14, 0.24, 0.2};
    table.coloredColumn = 2;
    for (const auto &[feature, now] : drift.now()) {
        QString since;
        if (now.sinceMs > 0)
            since = (now.sinceBeforeRange ? QObject::tr("before %1") : QObject::tr("since %1"))
                        .arg(timeText(now.sinceMs));
        table.rows.push_back(
            {feature,
             std::isnan(now.psi) ? QObject::tr("warming up") : QString::number(now.psi, 'f', 3),
             DriftPanel::levelText(now.level), since,
             now.alertFiring ? QObject::tr("firing") : QString()});
        table.rowColors.push_back(driftColor(now.level));
    }
    return table;
}

Table confusionTable(const ModelQualityPanel &quality)
{
    Table table;
    const QStringList classes = quality.classes();
    table.header << QObject::tr("True class");
    table.widths.push_back(0.25);
    for (const QString &c : classes) {
        table.header << QObject::tr("predicted %1").arg(c);
        table.widths.push_back(0.75 / std::max<qsizetype>(1, classes.size()));
    }
    for (const QString &actual : classes) {
        double total = 0;
        for (const QString &predicted : classes)
            total += quality.count(actual, predicted);
        QStringList row{actual};
        for (const QString &predicted : classes) {
            const double n = quality.count(actual, predicted);
            row << QStringLiteral("%1 (%2)").arg(QString::number(n, 'f', 0),
                                                 total > 0 ? units::formatPercent(100.0 * n / total)
                                                           : QStringLiteral("—"));
        }
        table.rows.push_back(row);
    }
    return table;
}

Table perClassTable(const ModelQualityPanel &quality)
{
    Table table;
    table.header = {QObject::tr("Class"), QObject::tr("Precision"), QObject::tr("Recall")};
    table.widths = {0.4, 0.3, 0.3};
    auto percent = [](double v) {
        return std::isfinite(v) ? units::formatPercent(100.0 * v) : QStringLiteral("—");
    };
    for (const QString &c : quality.classes())
        table.rows.push_back({c, percent(quality.precision(c)), percent(quality.recall(c))});
    return table;
}

Table modelTable(const QAbstractItemModel &model)
{
    Table table;
    const int columns = model.columnCount();
    for (int c = 0; c < columns; ++c) {
        table.header << model.headerData(c, Qt::Horizontal).toString();
        table.widths.push_back(1.0 / std::max(1, columns));
    }
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < columns; ++c)
            row << model.index(r, c).data().toString();
        table.rows.push_back(row);
    }
    return table;
}

} // namespace vitals::report

#pragma once

#include "core/dashboard/dashboard.h"
#include "core/panel/paneldata.h"
#include "core/prom/results.h"
#include "ui/reportpager.h"

#include <QColor>

#include <vector>

class QAbstractItemModel;

namespace vitals {
class DriftPanel;
class ModelQualityPanel;
} // namespace vitals

// The report's tables, made from plain data: the panels' PanelData, the alerts, and the drift
// and model-quality views' results (those views keep their own widgets and data). Nothing here
// reads a widget back. GUI thread (the views are QObjects); the functions keep no state.
namespace vitals::report {

// A stat panel and its data (null before its first refresh ended).
struct StatRow {
    QString title;
    const panel::PanelData *data = nullptr;
};

// "Vital signs": per stat panel its value in its unit, and its threshold level (or the error).
Table vitalSignsTable(const std::vector<StatRow> &stats);
Table alertsTable(const std::vector<prom::Alert> &alerts);
// Last, min, mean and max per series of a time-series panel, each with the colour its line
// has in `colors` (by series name; may be empty).
Table seriesTable(const panel::PanelData &data, const std::vector<QColor> &colors);
// A bar panel's values: a row per category, a column per query (named by its refId).
Table barsTable(const panel::PanelData &data);
// A table panel's rows (panel::panelTable()).
Table tablePanelTable(const panel::PanelData &data);

// The drift view's "now" part: what the server's gauges and FeatureDrift say.
Table driftNowTable(const DriftPanel &drift);
// The model-quality view's confusion matrix (rows the true class, columns the prediction) and
// its precision and recall per class.
Table confusionTable(const ModelQualityPanel &quality);
Table perClassTable(const ModelQualityPanel &quality);
// Any item model's display text under its horizontal header, columns of equal width (the drift
// view's range table).
Table modelTable(const QAbstractItemModel &model);

} // namespace vitals::report

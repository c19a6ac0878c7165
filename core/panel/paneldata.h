#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/emptypanel.h"
#include "core/prom/error.h"
#include "core/prom/results.h"
#include "core/series/heatmapbuckets.h"
#include "core/series/labelset.h"
#include "core/series/series.h"
#include "core/units.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

// What a dashboard panel shows, as plain data: the one thing renderers, the report and CSV
// export read (docs: README "Architecture"). Built in core from query answers by the pure
// buildPanelData(); shared read-only as std::shared_ptr<const PanelData>, so a refresh never
// copies series again and a reader never sees a half-updated panel.
namespace vitals::panel {

// One line of a time-series panel, with the name its legend shows.
struct PanelSeries {
    QString name;           // display name: the query's legend format, else series::seriesName
    QString refId;          // the query it came from ("A", "B", …)
    std::size_t query = 0;  // index of that query in the panel
    series::Series samples; // Unix ms → value in the panel's unit; NaN is a gap
    QString color;          // a fixed colour from the panel's overrides; empty = the palette's
    // Every override of the panel that applies to this series, merged (dashboard::styleFor):
    // renderers draw its fill, width, dashes, stack group, axis, unit and legend/tooltip hiding.
    // displayName, colour, hideGraph and negativeY are applied above already.
    dashboard::SeriesStyle style = {};
    // Drawn from an instant query's value: a flat line over the whole span (samples at fromMs
    // and toMs), so an instant query in a time-series panel is seen, not dropped.
    bool instant = false;
};

// One value of an instant query (a stat, a bar, a table row; or an instant query of a
// time-series panel). A scalar answer is one value without labels; a range selector in an
// instant query gives each series' last sample.
struct PanelValue {
    QString name; // display name, as for PanelSeries
    QString refId;
    std::size_t query = 0;
    series::LabelSet labels;
    qint64 tMs = 0;
    double value = 0;
    QString color = QString(); // a fixed colour from the panel's overrides ("#rrggbb"); "" = none
};

// The answer to one of a panel's queries, as the data service received it.
struct QueryAnswer {
    bool range = false;                     // asked with query_range
    QString expr;                           // as sent (variables expanded)
    prom::SeriesList series;                // a range answer
    std::vector<prom::VectorSample> values; // an instant answer (see PanelValue)
    prom::Error error;                      // set when the query failed
};

// The drift and model-quality views send their own queries (ui/driftpanel.h,
// ui/modelqualitypanel.h) and compute their tables from the answers. These are the answers of
// their last refresh, as decoded, in the view's order, with what the view needs to compute the
// same tables and lines again: so a snapshot shows them offline exactly as they were drawn.
struct ExternalAnswers {
    // The span and step the view refreshed for (Unix ms, ms).
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 0;
    // Drift only: compared with the window before instead of the training data, and the PSI
    // thresholds it classified with.
    bool previousWindow = false;
    double amber = 0;
    double red = 0;
    std::vector<QueryAnswer> answers;
    prom::Error firstError;
};

struct PanelTable;

struct PanelData {
    QString panelId;
    dashboard::PanelType type = dashboard::PanelType::TimeSeries;
    // The span shown and the step range queries were planned with (Unix ms, ms).
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 0;
    units::Unit unit = units::Unit::None;
    dashboard::Thresholds thresholds;
    // Value mappings (text and colour for values), from the panel (valuemapping.h).
    std::vector<dashboard::ValueMapping> mappings;

    // Time-series panels: range answers, then instant answers drawn as flat lines, in query
    // order. Other panels: empty.
    std::vector<PanelSeries> series;
    // Instant answers in query order (every panel type that asks them).
    std::vector<PanelValue> values;
    // Heatmap panels: the range answers' histogram buckets, de-cumulated per time
    // (series::heatmapBuckets); counts in the query's unit (per second after rate(), per
    // window after increase()). Bounds in `unit`. Other panels: empty.
    series::HeatmapBuckets heatmap;
    QString heatmapColors; // the panel's colour scheme (dashboard::Panel::heatmapColors)
    // The expressions sent, expanded, in the panel's query order.
    QStringList expressions;

    // The first failure of the refresh (ErrorType::None when it succeeded) and the expression
    // that failed.
    prom::Error error;
    QString errorExpr;
    // Why the panel shows nothing; text empty when it shows data or failed.
    dashboard::EmptyPanelExplanation empty;

    bool failed() const { return error.isError(); }
    // The error as one line: message, then the detail when it adds something.
    QString errorText() const;
    // The panel answered without anything to show (no series, no value, no row).
    bool isEmpty() const { return !failed() && !hasData(); }
    bool hasData() const;
    // A stat's value: the first value of the first query that has one; NaN when none.
    double statValue() const;
    // The stat's threshold level; nullopt without thresholds or without a value.
    std::optional<dashboard::ThresholdLevel> statLevel() const;
    // The refId of every query of the panel, in order.
    QStringList refIds;
    // Tables with transformations or overrides: the rows after them (tableframes.h); null for
    // other panels, whose table panelTable() builds from `values`.
    std::shared_ptr<const PanelTable> table;
    // Drift and model-quality panels: the answers their view computed from; null otherwise.
    std::shared_ptr<const ExternalAnswers> external;
};

// Sets `data.table` to the rows of a table panel with transformations or overrides, built from
// `data.values` (tableframes.h); leaves other panels alone. buildPanelData calls it; so does a
// reader that restores `values` from a file (snapshots). Pure; any thread.
void attachTransformedTable(const dashboard::Panel &panel, PanelData &data);

// What a refresh of `panel` over [fromMs, toMs] with `stepMs` answered, one QueryAnswer per
// query in the panel's order, shaped into PanelData: display names (legend format, else
// series::seriesName), instant values (scalar → one value, matrix → last samples), instant
// queries of a time-series panel as flat lines over the span, a heatmap panel's buckets
// de-cumulated (a series that is not a bucket is the panel's error), the first error. The empty
// explanation is left for the caller (it may need the server's metric names). Pure, any thread.
PanelData buildPanelData(const dashboard::Panel &panel, std::vector<QueryAnswer> answers,
                         qint64 fromMs, qint64 toMs, qint64 stepMs);

// The instant values of an answer to /api/v1/query (see PanelValue): a vector as it is, a
// scalar as one value without labels, a matrix as each series' last sample.
std::vector<prom::VectorSample> instantValues(const prom::QueryResult &result);

// Bars and distributions: categories are the display names (one per class or bucket, in
// order of first appearance); each query is a group of bars named by its refId, with NaN where
// it has no value for a category.
struct PanelBars {
    QStringList categories;
    // A fixed colour per category from the panel's overrides ("#rrggbb"; empty = the group's
    // colour), e.g. Argo CD's Synced green, OutOfSync red. One per category.
    QStringList categoryColors;
    struct Group {
        QString name;
        std::vector<double> values; // one per category
    };
    std::vector<Group> groups;
};
PanelBars panelBars(const PanelData &data);

// Tables: PanelData::table when set; else one row per instant value, a column per label name
// (sorted), then "Value" formatted in the panel's unit.
struct PanelTable {
    QStringList header;
    std::vector<QStringList> rows;
};
PanelTable panelTable(const PanelData &data);

// Heatmaps: a bucket's bounds as people read them, "(100 ms, 250 ms]", in `unit`; the lowest
// bucket starts at 0 and the top one may end at "+Inf".
QString heatmapBucketName(const series::HeatmapBuckets &buckets, std::size_t bucket,
                          units::Unit unit);

// Last, minimum, mean and maximum of a series, skipping NaN (±Inf count for last/min/max, not
// for the mean); NaN when there is no such value.
struct SeriesStats {
    double last = qQNaN();
    double min = qQNaN();
    double mean = qQNaN();
    double max = qQNaN();
};
SeriesStats seriesStats(const series::Series &samples);

} // namespace vitals::panel

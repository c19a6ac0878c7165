#pragma once

#include "core/dashboard/seriesoverride.h"
#include "core/dashboard/transformations.h"
#include "core/dashboard/valuemapping.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// The dashboard model: what a dashboard shows, independent of how it is drawn or stored.
// Plain value types (no QObject): copy them freely, compare them with ==. Read and written by
// core/dashboard/dashboardfile.h, produced from Grafana files by core/dashboard/grafanaimport.h.
// The file format is documented field by field in docs/dashboard-format.md.
namespace vitals::dashboard {

// How a panel draws its queries' results.
enum class PanelType {
    TimeSeries,   // lines over the dashboard's time range
    Stat,         // one big number (last value of the first series), coloured by thresholds
    Bar,          // one bar per series (last value)
    Distribution, // shares of a whole: one bar per series, or per histogram bucket
    Table,        // one row per series with its labels and last value
    DriftTable,   // per-feature drift scores (filled in by the drift module)
    Text,         // static text from Panel::content; no queries
    ModelQuality, // accuracy against labels sent back: confusion matrix, precision, recall
    Heatmap,      // a histogram's buckets (`le`) over time, de-cumulated, coloured by count
};

// The file-format name of a panel type ("timeseries", "stat", "bar", "distribution", "table",
// "drifttable", "text", "modelquality", "heatmap") and back; nullopt for an unknown name.
QString panelTypeName(PanelType type);
std::optional<PanelType> panelTypeFromName(const QString &name);

// The colour a value earns from a panel's thresholds.
enum class ThresholdLevel {
    Ok,       // green
    Warning,  // amber
    Critical, // red
};

// "green", "amber", "red" and back ("ok"/"warning"/"critical" and "yellow"/"orange" are
// accepted as well); nullopt for an unknown name.
QString thresholdLevelName(ThresholdLevel level);
std::optional<ThresholdLevel> thresholdLevelFromName(const QString &name);

struct ThresholdStep {
    double value = 0.0; // in the panel's unit, as the query returns it (seconds, not ms)
    ThresholdLevel level = ThresholdLevel::Warning;

    bool operator==(const ThresholdStep &) const = default;
};

// Steps sorted by ascending value. A value with no step applying is green.
// - higherIsBetter == false (latency, errors): a value gets the level of the last step whose
//   value it reaches (value >= step.value), as in Grafana.
// - higherIsBetter == true (throughput, instances up): a value gets the level of the first step
//   it stays below (value < step.value); e.g. steps {1: red} make 0 instances red, 1 green.
// NaN gets no level (levelFor returns nullopt).
struct Thresholds {
    std::vector<ThresholdStep> steps;
    bool higherIsBetter = false;

    std::optional<ThresholdLevel> levelFor(double value) const;
    bool isEmpty() const { return steps.empty(); }
    bool operator==(const Thresholds &) const = default;
};

// Position on a 24-column grid, like Grafana's gridPos: x in [0, 24), w in [1, 24], x + w <= 24;
// y and h in grid rows (one row is about 30 px at normal density).
struct GridPos {
    int x = 0;
    int y = 0;
    int w = 12;
    int h = 8;

    bool operator==(const GridPos &) const = default;
};

inline constexpr int kGridColumns = 24;

struct Query {
    QString expr;         // PromQL, may contain $variables (see templating.h)
    QString legendFormat; // series name template, e.g. "{{class}}"; empty = the series' labels
    QString refId;        // "A", "B", ... unique within the panel
    bool instant = false; // one instant query at the range's end instead of a range query
    QString interval;     // minimum step ("30s", or a $variable); empty = automatic

    bool operator==(const Query &) const = default;
};

// Grafana's heatmap "calculate from data" (Grafana >= 9 `options.calculate: true` with
// `options.calculation`; the old heatmap's `dataFormat: "timeseries"` as Grafana migrates it):
// how one axis is cut into buckets (core/panel/heatmapcalc.h does the cutting).
struct HeatmapAxisBuckets {
    // "count": `value` is a number of buckets; "size": `value` is a bucket size (y: in the
    // panel's unit; x: a duration "1m" or milliseconds); empty: a size when `value` is set.
    QString mode;
    QString value; // empty = Grafana's default (x: 20 buckets, y: 10 buckets)
    int logBase =
        0; // y only: 2 or 10 for buckets of equal ratio (value = split factor); 0 = linear

    bool operator==(const HeatmapAxisBuckets &) const = default;
};

struct HeatmapCalculation {
    bool enabled = false; // the panel buckets its series' values itself
    HeatmapAxisBuckets x;
    HeatmapAxisBuckets y;

    bool operator==(const HeatmapCalculation &) const = default;
};

struct Panel {
    QString id; // unique within the dashboard
    QString title;
    PanelType type = PanelType::TimeSeries;
    std::vector<Query> queries;
    QString unit; // core/units.h unitFromName names: "s", "percent", "percentunit", "bytes",
                  // "reqps", "short", or empty for a plain number
    Thresholds thresholds;
    GridPos gridPos;
    bool stacked = false; // time series and bars: stack the series
    QString description;
    std::optional<double> min; // axis or gauge bounds, in the panel's unit
    std::optional<double> max;
    QString emptyHint;        // shown when every query returns no series
    QString content;          // Text panels: the text (Markdown subset); empty for other types
    bool contentHtml = false; // Text panels: `content` is HTML (Grafana's mode "html"), drawn
                              // in the subset Qt's rich text knows, without loading anything
    std::vector<SeriesOverride> overrides; // per-series style, later entries win (styleFor)
    std::vector<ValueMapping> mappings;    // values shown as texts (mapValue), first match wins
    // Grafana heatmap: the queries return histogram buckets (`le`), cumulative counts that are
    // de-cumulated per bucket (Grafana's "format: heatmap") and drawn as buckets over time.
    bool heatmap = false;
    // Heatmap panels: the colour of a cell by its count. A d3 scheme name as Grafana offers
    // them ("Oranges", "Reds", "Blues", "Greens", "Purples", "Greys", "Viridis", "Magma",
    // "Inferno", "Plasma", "Spectral", "RdYlGn", "RdYlBu", "YlOrRd", "YlGnBu"; Grafana's
    // "interpolate" prefix is dropped), or "opacity:<colour>" (one colour, more opaque with
    // the count: "opacity:#b4ff00"). Empty = Grafana's default, "Oranges".
    QString heatmapColors;
    // Heatmap panels: Grafana buckets the values of every series itself instead of reading `le`
    // buckets (HeatmapCalculation); disabled = the queries return histogram buckets.
    HeatmapCalculation heatmapCalc;
    QString timeFrom;  // the panel's own "last ..." range (Prometheus duration); empty = the
                       // dashboard's range
    QString timeShift; // the panel's range moved back by this duration; empty = none
    bool hideTimeOverride = false; // do not name timeFrom/timeShift in the panel's title
    QString repeat;              // a variable: one copy of the panel per selected value (repeats.h)
    bool repeatVertical = false; // copies below each other instead of side by side
    int maxPerRow = 0;           // side by side: at most this many per row; 0 = Grafana's 4
    // A row's header (a Text panel across the grid). With `repeat` set, the header and the
    // panels of its row (down to the next row header) are repeated per value (repeats.h).
    bool rowHeader = false;
    // Tables: Grafana's transformations, run in order over the queries' answers
    // (transformations.h); the table shows their result.
    std::vector<Transformation> transformations;
    // Grafana's format "table" on the queries: an instant answer is one table (Time, a column
    // per label, "Value" or "Value #refId") for the transformations; otherwise a table per series.
    bool tableFormat = false;
    // Grafana's 100 % stacking (with `stacked`): each series drawn as its share of the stack.
    bool stackPercent = false;

    bool operator==(const Panel &) const = default;
};

enum class VariableKind {
    Query,    // options from Prometheus: label_values(...), query_result(...), metrics(...)
    Custom,   // options listed in `query`, comma separated
    Interval, // durations listed in `query`, comma separated ("1m,5m,1h")
    Constant, // one value, the `query` text
};

// "query", "custom", "interval", "constant" and back; nullopt for an unknown name.
QString variableKindName(VariableKind kind);
std::optional<VariableKind> variableKindFromName(const QString &name);

// The value of `current` that selects every option (as in Grafana).
inline constexpr char kAllValue[] = "$__all";

struct Variable {
    QString name;  // referenced as $name, ${name} or [[name]] in queries
    QString label; // shown next to the selector; empty = name
    VariableKind kind = VariableKind::Query;
    QString query; // see VariableKind
    QString regex; // filters and extracts options, "/pattern/" or "pattern" (see variablequery.h)
    bool multi = false;        // several values may be selected
    bool includeAll = false;   // an "All" option exists
    QString allValue;          // what "All" expands to (e.g. ".+"); empty = every option
    QStringList options;       // last known options (refreshed from Prometheus for Query)
    QString current;           // the selected value, kAllValue for All; the first one if multi
    QStringList currentValues; // every selected value of a multi variable; empty otherwise
    // Interval variables with an "auto" option: auto is the range / autoCount, rounded as
    // Grafana rounds intervals and not below autoMin (autoIntervalMs). 0 / empty = Grafana's
    // defaults, 30 and "10s".
    int autoCount = 0;
    QString autoMin;

    // The selection as a list: currentValues if set, else {current} (or empty if none).
    QStringList selection() const;

    bool operator==(const Variable &) const = default;
};

struct Dashboard {
    int schemaVersion = 1; // version of the file format it was read from; files are saved at
                           // the current version (dashboardfile.h kFormatVersion)
    QString title;
    QString uid;
    QString description;
    QString defaultRange = QStringLiteral("15m"); // Prometheus duration: the initial "last ..."
    QString refresh;                              // auto-refresh period, empty = off
    // Which firing alerts shade the time-series panels: "related" (alerts whose expression
    // reads a metric this dashboard's queries read), "all", or "none".
    QString alertShading = QStringLiteral("related");
    std::vector<Variable> variables;
    std::vector<Panel> panels;

    const Panel *panel(const QString &id) const;         // nullptr if absent
    const Variable *variable(const QString &name) const; // nullptr if absent

    bool operator==(const Dashboard &) const = default;
};

} // namespace vitals::dashboard

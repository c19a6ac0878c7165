#pragma once

#include "core/dashboard/dashboard.h"
#include "core/series/labelset.h"

#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>

// Template expansion of queries and legends, compatible with the Grafana syntax users already
// write: $var, ${var}, ${var:format}, [[var]], the built-ins $__range, $__range_s,
// $__range_ms, $__interval, $__interval_ms, $__rate_interval, $__from, $__to, and {{label}} in
// legends. Pure functions, thread-safe.
namespace vitals::dashboard {

// The time frame a query is expanded for. All values in milliseconds.
struct TemplateContext {
    qint64 rangeMs = 0;              // dashboard range (to - from): $__range, $__range_s/_ms
    qint64 intervalMs = 0;           // query step: $__interval, $__interval_ms; 0 = scrape interval
    qint64 scrapeIntervalMs = 15000; // the backend's scrape interval (Prometheus default 15 s)
    qint64 fromMs = 0;               // range start, Unix epoch ms: $__from
    qint64 toMs = 0;                 // range end, Unix epoch ms: $__to
};

// $__interval in ms: ctx.intervalMs, or the scrape interval when that is 0.
qint64 effectiveIntervalMs(const TemplateContext &ctx);

// $__rate_interval in ms: max(4 x scrape interval, interval + scrape interval), as in Grafana:
// wide enough that rate() always sees at least two samples, even with a missed scrape.
qint64 rateIntervalMs(const TemplateContext &ctx);

// Grafana's rounding of an interval to a clearer one (rangeutil.ts roundInterval, the old
// kbn.round_interval): 1 ms, 10 ms, 20 ms, 50 ms … 1 s, 2 s, 5 s, 10 s, 15 s, 20 s, 30 s, 1 m,
// 2 m, 5 m, 10 m, 15 m, 20 m, 30 m, 1 h, 2 h, 3 h, 6 h, 12 h, 1 d, 1 w, 30 d, 1 y, each taken for
// the intervals up to about halfway to the next.
qint64 roundIntervalMs(double intervalMs);

// The value of an interval variable's "auto" option for a range of `rangeMs`, as Grafana's
// calculateInterval: roundIntervalMs(rangeMs / autoCount), raised to autoMin when below it
// (autoCount 0 = 30, autoMin empty = "10s").
qint64 autoIntervalMs(const Variable &variable, qint64 rangeMs);

// What one variable expands to.
struct VariableValue {
    QStringList values;       // selected values, literal text
    bool multiValued = false; // multi or includeAll variable: values are regex-escaped inside
                              // =~ / !~ matchers and several values join as (a|b)
    bool verbatim = false;    // insert values as written (a custom All value such as ".+")
};
using VariableValues = QHash<QString, VariableValue>;

// The values each of the dashboard's variables expands to, from their current selection.
// "All" (kAllValue) becomes allValue verbatim if set, else every option (".+" verbatim when the
// options are still unknown). An Interval variable set to "auto" expands to
// autoIntervalMs(variable, ctx.rangeMs) ("2m"), so it follows the range.
// Constants expand to their query text.
VariableValues selectedValues(const Dashboard &dashboard, const TemplateContext &ctx = {});

// Expands variables and built-ins in a PromQL expression (or a variable query, or an interval).
// Inside label matchers the expansion respects PromQL string quoting:
//   job="$job"            -> job="iris"
//   instance=~"$instance" -> instance=~"(a:1|b:2)" (values regex-escaped, Grafana-style)
//   instance="$instance"  with several values -> instance=~"(a:1|b:2)": the matcher becomes a
//                            regex matcher, since = cannot match several values
// ${var:raw|text|csv|pipe|regex} select a format explicitly. Unknown variables are left as
// written (so a typo is visible in Prometheus's error rather than silently dropped).
QString expandVariables(const QString &expr, const VariableValues &values,
                        const TemplateContext &ctx);

// The names of the variables an expression refers to (built-ins excluded), in order of first
// use; for ordering the refresh of chained variables.
QStringList referencedVariables(const QString &expr);

// Renders a legend format: each {{ label }} becomes that label's value, or nothing when the
// series lacks it (as Grafana does). An empty format gives seriesName(labels).
QString renderLegend(const QString &format, const QMap<QString, QString> &labels);

// The text form of a series: one rule, core/series/labelset.h.
using series::seriesName;

} // namespace vitals::dashboard

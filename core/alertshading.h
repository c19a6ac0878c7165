#pragma once

#include "core/prom/results.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace vitals::alertshading {

// A time span during which one alert (one label set of an alerting rule) was firing, Unix ms.
struct Span {
    QString alertname;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    // The alert's labels as ALERTS has them (alertname, the rule's labels such as severity, and
    // the labels of the rule's expression such as feature or instance), without alertstate.
    series::LabelSet labels;
};

// The range query whose answer spansFromTimestamps() reads: for each alert (each label set of
// ALERTS but alertstate), the time (Unix seconds) of the ALERTS{alertstate="firing"} sample
// each step saw. Reading the sample's own time rather than its value tells a live alert from one
// Prometheus's 5-minute lookback still returns after a restart, when the series was never marked
// stale.
QString rangeQuery();

// Firing spans from the rangeQuery() answer (one series per alert label set; each span keeps its
// series' labels), queried with `stepMs`. A span ends at its last fresh sample:
// steps that only see a sample older than `staleAfterMs` (the rule evaluation interval ×2,
// at least two steps) are not firing. An alert whose name is in `firingNow` (the Alerts page's own
// source, /api/v1/rules or /api/v1/alerts, read at the same refresh) whose last span is fresh at
// the end of the data is drawn on to `toMs`; an alert not firing now never is. A span of one
// evaluation lasts staleAfterMs / 2 (at most a step).
std::vector<Span> spansFromTimestamps(const series::SeriesList &series, qint64 stepMs,
                                      qint64 staleAfterMs, qint64 toMs,
                                      const QSet<QString> &firingNow);

// The time ranges (Unix ms) the charts shade for `spans`: their union, sorted, overlapping or
// touching spans merged, so two alerts firing at once shade once, not darker.
std::vector<std::pair<qint64, qint64>> shadedRanges(const std::vector<Span> &spans);

// A metric a query reads: its name (histogram and summary series _bucket, _sum and _count are
// named after their family) and the value of an equality matcher on `job`, when it has a fixed
// one (a matcher with a $variable counts as none).
struct Selector {
    QString metric;
    QString job;
    bool operator==(const Selector &) const = default;
};

// The metrics a PromQL expression reads (a lexical scan: strings, label lists of by/without/
// on/ignoring, function names, keywords and numbers are skipped). Never fails; unusual syntax
// only finds fewer metrics.
std::vector<Selector> selectors(const QString &promql);

// The alerting rules of `rules` that read a metric one of `queries` reads, by alertname.
// Recording rules are followed: an alert on `iris:error_ratio:rate1m` reads what that rule's
// expression reads. Two selectors match when their metric names are equal and their job
// matchers do not name different jobs.
QSet<QString> relatedAlerts(const QStringList &queries, const std::vector<prom::RuleGroup> &rules);

// The names of the alerting rules firing now, per /api/v1/rules.
QSet<QString> firingAlerts(const std::vector<prom::RuleGroup> &rules);

// The longest rule evaluation interval of `rules` (ms), or 60 s (Prometheus's default) when
// none says.
qint64 evaluationIntervalMs(const std::vector<prom::RuleGroup> &rules);

} // namespace vitals::alertshading

#pragma once

#include "core/dashboard/dashboard.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

// Import of Grafana dashboard JSON (the schema of Grafana 9 to 12, as saved by "Export" or
// returned by /api/dashboards/uid/<uid>, with or without "Export for sharing externally"; and
// the Grafana <= 4 "rows" layout, placed as Grafana's own migration does, see grafanalayout.h).
// Understood: panels timeseries, graph, stat, singlestat, gauge, bargauge, barchart, piechart,
// table, text and row (expanded and collapsed, with nested panels); Prometheus targets (expr,
// legendFormat, interval, instant, refId, hide); fieldConfig.defaults unit, min, max and
// thresholds; the graph panel's yaxes and thresholds; gridPos; templating variables of type
// query (query as a string or an object), custom, interval, constant, textbox and datasource;
// datasource references by object, by name, by ${DS_...} placeholder from __inputs and by
// datasource variable; time and refresh.
// Everything else is skipped and listed in the ImportReport with its JSON path; only input that
// is not a Grafana dashboard at all fails. Pure function, thread-safe.
namespace vitals::dashboard {

struct ImportIssue {
    enum class Kind {
        Skipped,      // left out entirely (a heatmap panel, a Loki target, an alert rule)
        Approximated, // kept with a simpler meaning (a "ms" unit, a percentage threshold)
    };
    Kind kind = Kind::Skipped;
    QString path;    // JSON path in the Grafana file, e.g. "panels[4].targets[1]"
    QString message; // for people: what it was and what Vitals did

    bool operator==(const ImportIssue &) const = default;
};

struct ImportReport {
    std::vector<ImportIssue> issues;

    bool isEmpty() const { return issues.empty(); }
    // Issues whose path starts with `pathPrefix` (e.g. "panels[4]").
    std::vector<ImportIssue> issuesAt(const QString &pathPrefix) const;
    // One line per issue: "skipped panels[4] (heatmap \"Latency heatmap\"): panel type ...".
    QString toText() const;
};

struct GrafanaImport {
    std::optional<Dashboard> dashboard; // set unless the input is not a Grafana dashboard
    ImportReport report;
    QString error; // why there is no dashboard

    bool ok() const { return dashboard.has_value(); }
};

// Imports Grafana dashboard JSON. The result passes validateDashboard (dashboardfile.h): ids are
// unique, grid positions fit, units are Vitals names, thresholds sorted.
GrafanaImport importGrafanaDashboard(const QByteArray &json);

} // namespace vitals::dashboard

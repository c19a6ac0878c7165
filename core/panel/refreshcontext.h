#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/templating.h"
#include "core/prom/scrapeinterval.h"

#include <vector>

namespace vitals {

namespace prom {
class MetricNameCache;
}

// What one refresh asks of every panel: the time span, the chart width the step is planned
// for, and the values of the dashboard's variables. Times in Unix ms. Plain value, any thread
// (the metric name cache it points to is used on the GUI thread only).
struct RefreshContext {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    int widthPx = 1000;
    qint64 scrapeIntervalMs = prom::kDefaultScrapeIntervalMs;
    dashboard::VariableValues variables;
    // The dashboard's variables once resolved against the server (empty before): an empty
    // panel blames a variable that matched nothing only then.
    std::vector<dashboard::Variable> resolvedVariables;
    // The server's metric names, for explaining empty panels; not owned, may be null.
    prom::MetricNameCache *metricNames = nullptr;
    // The panels' own empty hints (the file's emptyHint) apply to this server: Model health's
    // are written for the local stack.
    bool panelHintsApply = false;
    // The local stack is starting: an empty panel says so (dashboard::EmptyPanelFacts).
    bool stackStarting = false;

    // The time frame queries are expanded for ($__range, $__rate_interval, …), with `stepMs`
    // as $__interval (0 = the scrape interval).
    dashboard::TemplateContext templateContext(qint64 stepMs = 0) const
    {
        dashboard::TemplateContext t;
        t.fromMs = fromMs;
        t.toMs = toMs;
        t.rangeMs = toMs - fromMs;
        t.intervalMs = stepMs;
        t.scrapeIntervalMs = scrapeIntervalMs;
        return t;
    }
};

} // namespace vitals

#pragma once

#include "core/dashboard/dashboard.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

// Why a panel shows no data, in words that tell the truth about this server: the metric does
// not exist here, the rate window is shorter than two scrapes, a variable matched nothing, or
// the metric exists but has no samples in this range for this selection. Pure, thread-safe.
namespace vitals::dashboard {

struct EmptyPanelFacts {
    // The panel's queries as written (with $variables) and as sent (expanded), in order.
    QStringList rawExpressions;
    QStringList sentExpressions;
    // The dashboard's variables after they were resolved against the server; empty when they
    // were not resolved (then no variable is blamed).
    std::vector<Variable> resolvedVariables;
    // Every metric name the server knows (/api/v1/label/__name__/values); nullopt when it
    // could not be read (then no metric is blamed).
    std::optional<QSet<QString>> serverMetrics;
    qint64 scrapeIntervalMs = 0;
    // The panel's own hint (the dashboard file's emptyHint) and whether it applies: it is
    // written for one setup (Model health's for the local stack) and shown only there.
    QString panelHint;
    bool panelHintApplies = false;
    // The local stack the panel reads is starting (core/stack/stackage.h): nothing is wrong yet.
    bool stackStarting = false;
};

struct EmptyPanelExplanation {
    QString text;  // one or two sentences for the panel
    QString query; // the expression concerned, shown under the text; may be empty
};

// The first of these that holds, in this order:
//  0. the local stack is starting: "Starting… the local stack's first scrapes are on their way.";
//  1. a variable the queries use resolved to no values: "The variable $job matched nothing …";
//  2. the panel's hint, where it applies (on the local stack it knows better: it is starting);
//  3. metrics the queries select are not on the server: "This server has no metric … — the
//     panel needs it.";
//  4. a range selector spans fewer than two scrapes: "The rate window [5s] is shorter than two
//     scrapes (every 15 s) …";
//  5. "The metrics exist, but have no samples in this range for this selection."
EmptyPanelExplanation explainEmptyPanel(const EmptyPanelFacts &facts);

} // namespace vitals::dashboard

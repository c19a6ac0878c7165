#pragma once

#include "core/prom/results.h"

#include <QSet>
#include <QString>

#include <vector>

namespace vitals {

// Follows the firing alerts of successive /api/v1/alerts answers and reports what changed:
// which alerts started firing and which stopped (resolved) since the previous answer. Pending
// alerts are not firing yet. An alert is identified by its labels (alertname included), as in
// Prometheus. Plain value type; not thread-safe.
class AlertTracker
{
public:
    struct Change {
        QString key;             // the alert's label set, {alertname="…", …}
        QString name;            // alertname
        QString summary;         // the summary annotation, when present
        bool firing = false;     // true: started firing; false: resolved
        series::LabelSet labels; // the alert's labels, alertname included
    };

    // Feeds one answer; returns the changes since the previous one. The first answer reports
    // nothing (the console just started: what fires now is not news).
    std::vector<Change> update(const std::vector<prom::Alert> &alerts);

    int firingCount() const { return int(m_firing.size()); }

private:
    QSet<QString> m_firing;
    QHash<QString, QString> m_names;
    QHash<QString, QString> m_summaries; // the last summary seen while firing
    QHash<QString, series::LabelSet> m_labels;
    bool m_primed = false;
};

} // namespace vitals

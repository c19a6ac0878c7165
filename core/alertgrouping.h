#pragma once

#include "core/prom/results.h"

#include <QString>

#include <vector>

// How the Alerts page folds Prometheus's active alerts into one row per alert name. Pure
// functions over plain values; any thread.
namespace vitals::alertgrouping {

// The alerts of one alertname, in the order the server gave them.
struct AlertNameGroup {
    QString name;
    std::vector<prom::Alert> alerts;

    // True when at least one of its alerts fires (its state is then "firing").
    bool isFiring() const;
};

// One group per alertname: firing groups first, then by name; alerts keep the server's order.
std::vector<AlertNameGroup> groupByName(const std::vector<prom::Alert> &alerts);

// "severity=warning; feature: sepal_length, petal_width": the labels every alert shares (but
// alertname), then each differing label with its values in first-seen order. Empty for none.
QString differingLabels(const std::vector<prom::Alert> &alerts);

} // namespace vitals::alertgrouping

#pragma once

#include "core/dashboard/dashboard.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <utility>
#include <vector>

// The panel fields that come from Grafana dashboards — overrides, value mappings, heatmap, time
// overrides, repeats — as members of a panel's object in dashboard files. dashboardfile.cpp
// writes and reads them through these two functions, so the file format keeps them in one place
// (docs/dashboard-format.md, "Imported from Grafana"). Pure functions, thread-safe.
namespace vitals::dashboard {

// Members to add to the panel's object, in order; only the fields that are set.
std::vector<std::pair<QString, QJsonValue>> panelExtrasToJson(const Panel &panel);

// Reads the members back into `panel`; returns "<member>: <problem>" on malformed input, "" when
// all is well.
QString readPanelExtras(const QJsonObject &object, Panel &panel);

} // namespace vitals::dashboard

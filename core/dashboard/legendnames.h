#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

namespace vitals::dashboard {

// Legend names for series shown together, when no legend format is given: each series as
// metric{labels}, but with the labels whose values differ between the series first, so that a
// legend cut at its end still tells the series apart:
//   inference_requests_total{status="503", instance="…", job="iris"}
// A single series keeps its labels in name order (as seriesName() gives them). Pure, any thread.
QStringList distinguishingNames(const std::vector<QMap<QString, QString>> &labels);

} // namespace vitals::dashboard

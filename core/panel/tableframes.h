#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/transformations.h"
#include "core/units.h"

#include <QStringList>

#include <vector>

// A table panel's instant answers as Grafana's Prometheus data source shapes them into frames,
// so the panel's transformations (core/dashboard/transformations.h) see what they see in
// Grafana, and the transformed frame as the rows the table shows. Pure functions, any thread.
namespace vitals::panel {

struct PanelValue;
struct PanelTable;

// Per query, in the panel's order: Panel::tableFormat gives one frame (Time, one column per label
// name sorted, then "Value" — "Value #<refId>" when the panel has several queries); any other
// format gives one frame per series (Time, and a value field named by the series' display name,
// carrying its labels). `values` are the panel's instant values (PanelValue::query says which
// query each belongs to).
dashboard::Frames answerFrames(const dashboard::Panel &panel,
                               const std::vector<PanelValue> &values);

// The first frame that has fields, as table rows: numbers formatted in the unit of the first
// override that matches the column's name (else `unit`), with the override's decimals and the
// value mappings; times as local "yyyy-MM-dd HH:mm:ss"; nulls as empty cells. Columns renamed by
// an override's displayName show that name.
PanelTable framesTable(const dashboard::Frames &frames, const dashboard::Panel &panel,
                       units::Unit unit);

} // namespace vitals::panel

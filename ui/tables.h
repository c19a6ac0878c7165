#pragma once

#include <QStringList>

class QTableWidget;
class QWidget;

namespace vitals {

// A read-only table with the given column headers, whole-row selection, no row numbers and a
// stretching last column: the tables of the Stack and Alerts pages. Owned by `parent`.
QTableWidget *makeReadOnlyTable(const QStringList &headers, QWidget *parent);

} // namespace vitals

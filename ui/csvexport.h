#pragma once

#include "core/panel/paneldata.h"
#include "core/prom/csv.h"

#include <QString>

#include <vector>

class QIODevice;
class QWidget;

namespace vitals {

class PanelController;

// A panel's data as CSV, in the layout of `vitals query --format csv` (core/prom/csv.h): one
// column per label name (sorted), then timestamp (Unix seconds) and value; one row per sample of
// the panel's last refresh — every sample of a range query, the one sample per series of an
// instant query. A panel with several queries gets a leading "query" column with each row's
// refId. Reads the panel's PanelData only (nothing before its first refresh ended).
std::vector<prom::CsvRow> panelCsvRows(const panel::PanelData &data);
std::vector<prom::CsvRow> panelCsvRows(const PanelController &panel);
QString panelCsv(const PanelController &panel);
// Writes panelCsv() as UTF-8 to `path`, atomically (QSaveFile). False with *error set on failure.
bool writePanelCsv(const PanelController &panel, const QString &path, QString *error = nullptr);

// The "Export data as CSV…" action: asks for a file name (the panel's id in the folder of the
// last export, remembered in QSettings) and writes it; a failure is shown in a message box.
// A panel still refreshing is exported once its refresh has finished.
void exportPanelCsvInteractively(const PanelController &panel, QWidget *parent);

} // namespace vitals

#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/grafanaimport.h"

#include <QByteArray>
#include <QString>

#include <optional>

// The Vitals dashboard file: JSON with a format version, documented in docs/dashboard-format.md.
// Reading never trusts the file: oversized input (over 16 MiB), malformed JSON, deep nesting,
// wrong types, out-of-range values and unknown names all give one clear error naming the field
// ("panels[3].queries[0].expr: expected a string, found a number"). Pure functions over bytes
// plus file helpers; thread-safe. Reading in dashboardfile.cpp, writing in dashboardwriter.cpp.
//
// openDashboardFile() is the one loader: the window (its built-in dashboards included, from
// the resource paths), the Dashboards menu and `vitals report` open dashboards through it.
namespace vitals::dashboard {

// The format version this build writes and the newest it reads (the "vitalsDashboard" key).
inline constexpr int kFormatVersion = 1;
// The key that holds it, and tells a Vitals file from a Grafana dashboard.
inline constexpr char kFormatVersionKey[] = "vitalsDashboard";

struct LoadResult {
    std::optional<Dashboard> dashboard; // set on success
    QString error;                      // set on failure: "<field path>: <what is wrong>"

    bool ok() const { return dashboard.has_value(); }
};

// Parses a Vitals dashboard file's bytes.
LoadResult parseDashboard(const QByteArray &json);

// Reads and parses a file; a file over the size cap is refused before it is read.
// Errors name the file: "<path>: <error>".
LoadResult loadDashboardFile(const QString &path);

// The file's bytes: indented JSON, keys in a stable order, defaults omitted where the format
// says a field is optional. parseDashboard(serializeDashboard(d)) == d for any d that
// parseDashboard produced or that passes validateDashboard.
QByteArray serializeDashboard(const Dashboard &dashboard);

// Writes atomically (QSaveFile): the old file stays intact if writing fails. Returns false and
// sets *error (if given) on failure; refuses a dashboard that fails validateDashboard.
bool saveDashboardFile(const Dashboard &dashboard, const QString &path, QString *error = nullptr);

// Checks what the file format requires of a model built in code (the editor, the importer):
// unique panel ids and variable names, valid names, grid bounds, sorted finite thresholds,
// known units. Returns the first problem as "<field path>: <what is wrong>", or an empty string.
QString validateDashboard(const Dashboard &dashboard);

// Opens either kind of file the console accepts: a Vitals dashboard (has "vitalsDashboard")
// or a Grafana dashboard JSON (imported, with its report).
struct OpenResult {
    std::optional<Dashboard> dashboard;
    QString error;
    bool importedFromGrafana = false;
    ImportReport report; // what the Grafana import skipped or approximated; empty otherwise

    bool ok() const { return dashboard.has_value(); }
};
OpenResult openDashboard(const QByteArray &json);
OpenResult openDashboardFile(const QString &path);

// The unit names the format accepts: "" and Grafana's unit ids and custom units
// (core/unitcatalogue.h isKnownUnit).
bool isKnownUnitName(const QString &unit);

} // namespace vitals::dashboard

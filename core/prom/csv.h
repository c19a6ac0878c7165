#pragma once

#include "core/prom/results.h"

#include <QString>

#include <vector>

class QTextStream;

// Query results as CSV, the one layout the console writes (`vitals query --format csv` and a
// panel's "Export data as CSV…"): a header with one column per label name (sorted, "__name__"
// included when present), then "timestamp" (Unix seconds with millisecond precision, e.g.
// "1700000000.250") and "value" (shortest round-trip decimal; "NaN", "+Inf", "-Inf"); one row per
// sample, in the server's series order. Rows of a panel with several queries carry the query's
// refId, written as a leading "query" column (only when some row has one). Fields with a comma,
// quote or line break are quoted (RFC 4180). A string result is written as "timestamp,value" with
// one row. Pure functions; thread-safe.
namespace vitals::prom {

// One sample with the labels of its series.
struct CsvRow {
    LabelSet labels;
    qint64 tMs = 0;
    double value = 0;
    QString query; // refId of the panel query the row comes from; empty for `vitals query`
};

// A sample value as the API writes it: shortest decimal that reads back to the same double,
// "NaN", "+Inf" or "-Inf".
QString sampleValueText(double value);
// Unix ms as seconds with three decimals: 1700000000250 → "1700000000.250".
QString csvTimestamp(qint64 ms);
// A field quoted when it holds a comma, a double quote or a line break.
QString csvField(const QString &text);

// Every sample of a result as rows: a scalar is one row without labels; a vector one row per
// series; a matrix one row per sample. A string result gives no rows (see writeCsv).
std::vector<CsvRow> csvRows(const QueryResult &result);
void appendCsvRows(std::vector<CsvRow> &rows, const SeriesList &series, const QString &query = {});
void appendCsvRows(std::vector<CsvRow> &rows, const std::vector<VectorSample> &samples,
                   const QString &query = {});

// Writes the header and `rows` (layout above).
void writeCsv(QTextStream &out, const std::vector<CsvRow> &rows);
// Writes any query result (layout above).
void writeCsv(QTextStream &out, const QueryResult &result);

} // namespace vitals::prom

#include "core/prom/csv.h"

#include <QTextStream>

#include <charconv>
#include <cmath>
#include <set>

namespace vitals::prom {

QString sampleValueText(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);
    return QString::fromLatin1(buffer, qsizetype(r.ptr - buffer));
}

QString csvTimestamp(qint64 ms)
{
    // Integer arithmetic on the absolute value, so times before 1970 keep one minus sign.
    const qint64 abs = ms < 0 ? -ms : ms;
    return QStringLiteral("%1%2.%3")
        .arg(ms < 0 ? QStringLiteral("-") : QString())
        .arg(abs / 1000)
        .arg(abs % 1000, 3, 10, QLatin1Char('0'));
}

QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n')
        && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u'"', QLatin1String("\"\""));
    return u'"' + quoted + u'"';
}

void appendCsvRows(std::vector<CsvRow> &rows, const SeriesList &series, const QString &query)
{
    for (const auto &s : series)
        for (std::size_t i = 0; i < s.size(); ++i)
            rows.push_back({s.labels(), s.timestampAt(i), s.value(i), query});
}

void appendCsvRows(std::vector<CsvRow> &rows, const std::vector<VectorSample> &samples,
                   const QString &query)
{
    for (const auto &s : samples)
        rows.push_back({s.labels, s.tMs, s.value, query});
}

std::vector<CsvRow> csvRows(const QueryResult &result)
{
    std::vector<CsvRow> rows;
    switch (result.type) {
    case ResultType::Scalar:
        rows.push_back({LabelSet(), result.tMs, result.scalar, {}});
        break;
    case ResultType::Vector:
        appendCsvRows(rows, result.vector);
        break;
    case ResultType::Matrix:
        appendCsvRows(rows, result.matrix);
        break;
    case ResultType::String:
    case ResultType::None:
        break;
    }
    return rows;
}

void writeCsv(QTextStream &out, const std::vector<CsvRow> &rows)
{
    std::set<QString> names;
    bool withQuery = false;
    for (const CsvRow &row : rows) {
        withQuery = withQuery || !row.query.isEmpty();
        for (const auto &l : row.labels.labels())
            names.insert(l.name);
    }
    if (withQuery)
        out << "query,";
    for (const QString &n : names)
        out << csvField(n) << ',';
    out << "timestamp,value\n";
    for (const CsvRow &row : rows) {
        if (withQuery)
            out << csvField(row.query) << ',';
        for (const QString &n : names)
            out << csvField(row.labels.value(n)) << ',';
        out << csvTimestamp(row.tMs) << ',' << sampleValueText(row.value) << '\n';
    }
}

void writeCsv(QTextStream &out, const QueryResult &result)
{
    if (result.type == ResultType::String) {
        out << "timestamp,value\n"
            << csvTimestamp(result.tMs) << ',' << csvField(result.string) << '\n';
        return;
    }
    writeCsv(out, csvRows(result));
}

} // namespace vitals::prom

#include "core/panel/heatmapcalc.h"

#include "core/units.h"

#include <QObject>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vitals::panel {

namespace {

// Grafana's defaults when a bucket setting is missing or not a positive number (heatmap.ts:
// "fall back to 10 buckets if invalid settings", 20 columns and 10 rows).
constexpr double kDefaultColumns = 20;
constexpr double kDefaultRows = 10;

double numberOf(const QString &text)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    return ok ? v : qQNaN();
}

bool positive(double v)
{
    return std::isfinite(v) && v > 0;
}

// A column width as Grafana reads it in "size" mode: plain digits are milliseconds, otherwise a
// duration ("1m", "30s", "500ms").
double columnSizeMs(const QString &value)
{
    const QString v = value.trimmed();
    if (v.isEmpty())
        return qQNaN();
    bool digits = false;
    const qint64 ms = v.toLongLong(&digits);
    if (digits)
        return double(ms);
    const qint64 parsed = units::parseDurationMs(v);
    return parsed > 0 ? double(parsed) : qQNaN();
}

double logOf(double v, int base)
{
    if (base == 2)
        return std::log2(v);
    if (base == 10)
        return std::log10(v);
    return std::log(v) / std::log(double(base));
}

} // namespace

const std::vector<double> &niceLinearSizes()
{
    static const std::vector<double> sizes = [] {
        // The multipliers of Grafana's allMults, 1 to 9.5 by halves.
        std::vector<double> out;
        for (int exp = -16; exp < 16; ++exp) {
            for (int half = 2; half <= 19; ++half) {
                // Built from its decimal text so 1.5e-3 is the double nearest 0.0015, as
                // Grafana's roundDecimals makes it.
                const double size = QStringLiteral("%1e%2").arg(half * 0.5).arg(exp).toDouble();
                if (exp == 0 && half % 2 != 0)
                    continue; // 1.5, 2.5…: the sizes from 1 up are whole (wholeIncrs)
                out.push_back(size);
            }
        }
        return out;
    }();
    return sizes;
}

const std::vector<double> &niceTimeSizes()
{
    constexpr double sec = 1e3, min = 60 * sec, hour = 60 * min, day = 24 * hour, year = 365 * day;
    static const std::vector<double> sizes{
        1,         2,        4,        5,        10,       20,        25,       40,       50,
        100,       200,      250,      400,      500,      sec,       2 * sec,  4 * sec,  5 * sec,
        10 * sec,  15 * sec, 20 * sec, 30 * sec, min,      2 * min,   4 * min,  5 * min,  10 * min,
        15 * min,  20 * min, 30 * min, hour,     2 * hour, 4 * hour,  6 * hour, 8 * hour, 12 * hour,
        18 * hour, day,      2 * day,  3 * day,  4 * day,  5 * day,   6 * day,  7 * day,  10 * day,
        15 * day,  30 * day, 45 * day, 60 * day, 90 * day, 180 * day, year,     2 * year, 3 * year,
        4 * year,  5 * year, 6 * year, 7 * year, 8 * year, 9 * year,  10 * year};
    return sizes;
}

double niceBucketSize(double min, double max, int count, const std::vector<double> &sizes)
{
    const double approx = (max - min) / double(std::max(count - 1, 1));
    const auto above = std::upper_bound(sizes.begin(), sizes.end(), approx);
    // Grafana: findIndex(size > approx) - 1, floored at 0 (also when no size is above).
    if (above == sizes.end() || above == sizes.begin())
        return sizes.front();
    return *(above - 1);
}

bool calculateHeatmap(const series::SeriesList &series, const dashboard::HeatmapCalculation &calc,
                      qint64 fromMs, qint64 toMs, series::HeatmapBuckets &out, QString &error)
{
    out = {};
    const int logBase = calc.y.logBase > 1 ? calc.y.logBase : 0;
    auto counted = [logBase](double v) { return std::isfinite(v) && (!logBase || v > 0); };

    double minY = std::numeric_limits<double>::infinity();
    double maxY = -minY;
    std::size_t values = 0;
    for (const series::Series &s : series) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const double v = s.value(i);
            if (!counted(v))
                continue;
            minY = std::min(minY, v);
            maxY = std::max(maxY, v);
            ++values;
        }
    }
    if (values == 0) {
        error = logBase ? QObject::tr("no value above 0 to count on a log scale")
                        : QObject::tr("no value to count");
        return false;
    }
    if (toMs < fromMs)
        std::swap(fromMs, toMs);

    // Columns: a size, else a count (Grafana: "size" reads a duration, "count" a number).
    double columnMs =
        calc.x.mode == QLatin1String("count") ? numberOf(calc.x.value) : columnSizeMs(calc.x.value);
    bool columnCount = calc.x.mode == QLatin1String("count");
    if (!positive(columnMs)) {
        columnCount = true;
        columnMs = kDefaultColumns;
    }
    if (columnCount)
        columnMs = niceBucketSize(double(fromMs), double(toMs), int(columnMs), niceTimeSizes());
    const qint64 width = std::max<qint64>(1, qint64(std::llround(columnMs)));
    const qint64 firstColumn = qint64(std::floor(double(fromMs) / double(width)));
    const qint64 lastColumn = qint64(std::floor(double(toMs) / double(width)));
    const double columns = double(lastColumn - firstColumn) + 1;

    // Rows: linear sizes aligned to multiples of the size, or powers of the log base split
    // into `split` rows each.
    double size = numberOf(calc.y.value);
    double split = 1;
    auto rowOf = [&](double v) {
        return logBase ? std::floor(logOf(v, logBase) * split) : std::floor(v / size);
    };
    if (logBase) {
        split = positive(size) ? size : 1.0;
    } else {
        const bool rowCount = calc.y.mode == QLatin1String("count") || !positive(size);
        if (!positive(size))
            size = kDefaultRows;
        if (rowCount)
            size = niceBucketSize(minY, maxY, int(size), niceLinearSizes());
    }
    const double firstRow = rowOf(minY);
    const double rows = rowOf(maxY) - firstRow + 1;
    if (!(rows * columns <= double(kMaxHeatmapCells))) {
        error = QObject::tr("%1 × %2 buckets are too many to draw (at most %3 cells); set "
                            "larger bucket sizes")
                    .arg(rows)
                    .arg(columns)
                    .arg(kMaxHeatmapCells);
        return false;
    }
    auto boundOf = [&](double row) {
        return logBase ? std::pow(double(logBase), row / split) : row * size;
    };

    const auto rowCount = std::size_t(rows);
    const auto columnTotal = std::size_t(columns);
    out.lowerInclusive = true;
    out.firstLowerBound = boundOf(firstRow);
    for (std::size_t b = 0; b < rowCount; ++b)
        out.upperBounds.push_back(boundOf(firstRow + double(b) + 1));
    for (std::size_t j = 0; j < columnTotal; ++j)
        out.t.push_back((firstColumn + qint64(j) + 1) * width);
    out.counts.assign(rowCount, std::vector<double>(columnTotal, 0.0));
    for (const series::Series &s : series) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const double v = s.value(i);
            if (!counted(v))
                continue;
            const qint64 column =
                qint64(std::floor(double(s.timestampAt(i)) / double(width))) - firstColumn;
            if (column < 0 || column >= qint64(columnTotal))
                continue; // outside the span
            const double row = std::clamp(rowOf(v) - firstRow, 0.0, rows - 1);
            out.counts[std::size_t(row)][std::size_t(column)] += 1;
        }
    }
    return true;
}

} // namespace vitals::panel

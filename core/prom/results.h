#pragma once

#include "core/prom/error.h"
#include "core/series/labelset.h"
#include "core/series/series.h"

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

// The requests and results of the Prometheus HTTP API endpoints (/api/v1/...), as plain value
// types. Results share ResultBase: the server's warnings and infos, and an error that is set
// (error.type != ErrorType::None) when the request failed; the other fields are then empty.
// Adding a field to a result breaks no caller (client_golang's rule).
//
// Times are milliseconds since the Unix epoch (qint64) throughout; durations are milliseconds.
namespace vitals::prom {

using series::LabelSet;
using series::Series;
using series::SeriesList;

struct ResultBase {
    QStringList warnings; // the envelope's "warnings" (e.g. partial data from a Thanos store)
    QStringList infos;    // the envelope's "infos" (Prometheus 2.50+ annotations)
    Error error;
    bool ok() const { return !error.isError(); }
};

// ---- Requests ---------------------------------------------------------------------------

// GET/POST /api/v1/query. timeMs 0 means "now" (the parameter is not sent).
// timeoutMs > 0 sends the server-side evaluation `timeout`; 0 keeps the server's default.
struct InstantQuery {
    QString expr;
    qint64 timeMs = 0;
    qint64 timeoutMs = 0;
};

// GET/POST /api/v1/query_range. Build one with planRange() (core/prom/rangeplan.h) to get a
// step that suits the plot and start/end aligned to it.
struct RangeQuery {
    QString expr;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 stepMs = 0;
    qint64 timeoutMs = 0;
};

// /api/v1/series, /api/v1/labels, /api/v1/label/<name>/values: series selectors (`match[]`)
// and an optional time window (0 = not sent, the server's default window).
struct SelectorQuery {
    QStringList match;
    qint64 startMs = 0;
    qint64 endMs = 0;
};

// ---- Results ----------------------------------------------------------------------------

enum class ResultType { None, Scalar, String, Vector, Matrix };

// One element of an instant vector.
struct VectorSample {
    LabelSet labels;
    qint64 tMs = 0;
    double value = 0;
};

// /api/v1/query: one of four shapes, given by `type`.
//  - Scalar: tMs + scalar;  String: tMs + string;
//  - Vector: `vector` (one sample per series);  Matrix: `matrix` (a range selector like up[5m]).
struct QueryResult : ResultBase {
    ResultType type = ResultType::None;
    qint64 tMs = 0;
    double scalar = 0;
    QString string;
    std::vector<VectorSample> vector;
    SeriesList matrix;

    // Move-only like the series it holds (declared, so traits and QMetaType see it); copy with
    // clone().
    QueryResult() = default;
    QueryResult(QueryResult &&) noexcept = default;
    QueryResult &operator=(QueryResult &&) noexcept = default;
    QueryResult(const QueryResult &) = delete;
    QueryResult &operator=(const QueryResult &) = delete;
    ~QueryResult() = default;

    // A deep copy (series are move-only, see series::Series).
    QueryResult clone() const
    {
        QueryResult copy;
        static_cast<ResultBase &>(copy) = *this;
        copy.type = type;
        copy.tMs = tMs;
        copy.scalar = scalar;
        copy.string = string;
        copy.vector = vector;
        copy.matrix = series::clone(matrix);
        return copy;
    }
};

// /api/v1/query_range: the query as sent (after alignment) and one Series per result series,
// decoded straight into the compact store.
struct RangeResult : ResultBase {
    RangeQuery query;
    SeriesList series;

    // Move-only like the series it holds (declared, so traits and QMetaType see it); copy with
    // clone().
    RangeResult() = default;
    RangeResult(RangeResult &&) noexcept = default;
    RangeResult &operator=(RangeResult &&) noexcept = default;
    RangeResult(const RangeResult &) = delete;
    RangeResult &operator=(const RangeResult &) = delete;
    ~RangeResult() = default;

    // A deep copy (series are move-only, see series::Series).
    RangeResult clone() const
    {
        RangeResult copy;
        static_cast<ResultBase &>(copy) = *this;
        copy.query = query;
        copy.series = series::clone(series);
        return copy;
    }
};

// /api/v1/series: the label sets of the matching series.
struct SeriesResult : ResultBase {
    std::vector<LabelSet> series;
};

// /api/v1/labels and /api/v1/label/<name>/values.
struct StringListResult : ResultBase {
    QStringList values;
};

struct MetricMetadata {
    QString type; // "counter", "gauge", "histogram", "summary", "unknown", …
    QString help;
    QString unit;
};

// /api/v1/metadata: metric name → its metadata (one entry per distinct definition).
struct MetadataResult : ResultBase {
    QMap<QString, QList<MetricMetadata>> metrics;
};

// One active scrape target of /api/v1/targets.
struct Target {
    LabelSet labels;           // target labels after relabelling (job, instance, …)
    LabelSet discoveredLabels; // labels before relabelling (__address__, …)
    QString scrapePool;
    QString scrapeUrl;
    QString health; // "up", "down", "unknown"
    QString lastError;
    QDateTime lastScrape;
    double lastScrapeDurationS = 0;
    qint64 scrapeIntervalMs = 0; // 0 when the server does not say (before Prometheus 2.33)
    qint64 scrapeTimeoutMs = 0;
};

struct TargetsResult : ResultBase {
    std::vector<Target> active;
    int droppedCount = 0;
};

// An alert of /api/v1/alerts, or one listed under an alerting rule of /api/v1/rules.
struct Alert {
    LabelSet labels;
    LabelSet annotations; // summary, description, … (stored as labels: interned name → value)
    QString state;        // "pending", "firing"
    QDateTime activeAt;
    QString value; // as the server formats it
};

struct Rule {
    QString type; // "alerting" or "recording"
    QString name;
    QString query;
    QString health; // "ok", "err", "unknown"
    QString lastError;
    QString state; // alerting rules: "inactive", "pending", "firing"
    LabelSet labels;
    LabelSet annotations;
    qint64 durationMs = 0; // alerting rules: the `for` duration
    std::vector<Alert> alerts;
    QDateTime lastEvaluation;
    double evaluationTimeS = 0;
};

struct RuleGroup {
    QString name;
    QString file;
    qint64 intervalMs = 0;
    std::vector<Rule> rules;
};

struct RulesResult : ResultBase {
    std::vector<RuleGroup> groups;
};

struct AlertsResult : ResultBase {
    std::vector<Alert> alerts;
};

// /api/v1/status/buildinfo (VictoriaMetrics answers it with its own version string).
struct BuildInfo {
    QString version;
    QString revision;
    QString branch;
    QString buildUser;
    QString buildDate;
    QString goVersion;
};

struct BuildInfoResult : ResultBase {
    BuildInfo info;
};

// /api/v1/status/config: the configuration the server has loaded, as YAML text.
struct ConfigResult : ResultBase {
    QString yaml;
};

// Which parts of the API a server offers, so the UI can hide what does not exist. Mimir and
// VictoriaMetrics lack /targets or /status/tsdb; a read-only query frontend may lack /rules.
// An endpoint counts as present when it answered with a success envelope.
struct Capabilities : ResultBase {
    bool query = false;
    bool buildInfo = false;
    bool labels = false;
    bool metadata = false;
    bool targets = false;
    bool rules = false;
    bool alerts = false;
    bool tsdbStatus = false;
    BuildInfo build;
};

// testConnection(): /status/buildinfo and then query("1"). On failure error.message tells, in
// plain words, what to fix (nothing listening, unknown host, certificate, credentials, path
// prefix, timeout). buildInfoAvailable is false for servers without the buildinfo endpoint,
// which still pass when the query works.
struct ConnectionTestResult : ResultBase {
    bool buildInfoAvailable = false;
    BuildInfo build;
    qint64 roundTripMs = 0; // of the query("1") request
};

} // namespace vitals::prom

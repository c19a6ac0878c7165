#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// Query variables: which Prometheus API call a variable query needs, and how its answer becomes
// the variable's options. The functions are Grafana's (label_values, label_names, metrics,
// query_result, or a bare series selector). Pure functions, thread-safe; the caller makes the
// HTTP call (core/prom) and hands the decoded result back here.
namespace vitals::dashboard {

// The API call a variable query needs.
enum class VariableQueryCall {
    LabelValues,  // GET /api/v1/label/<label>/values (match[] = `match` when set)
    Series,       // GET /api/v1/series?match[]=<match>; options = each series' `label` value,
                  // or the whole series text when `label` is empty (a bare selector)
    LabelNames,   // GET /api/v1/labels (match[] = `match` when set)
    InstantQuery, // GET /api/v1/query?query=<expr>; options from queryResultText()
};

struct VariableQuery {
    VariableQueryCall call = VariableQueryCall::LabelValues;
    QString label;      // LabelValues, Series: the label whose values become the options
    QString match;      // series selector for match[]; empty = none
    QString expr;       // InstantQuery: the PromQL expression
    QString nameFilter; // metrics(regex): keep metric names this regex finds (unanchored)

    bool operator==(const VariableQuery &) const = default;
};

struct VariableQueryParse {
    std::optional<VariableQuery> query;
    QString error; // e.g. "label_values(): expected a label name, found \"1abc\""

    bool ok() const { return query.has_value(); }
};

// Parses an already expanded variable query:
//   label_values(label)                 -> LabelValues
//   label_values(selector, label)       -> Series (works on every backend; servers that support
//                                          match[] on label values may use LabelValues instead)
//   label_names() / label_names(sel)    -> LabelNames
//   metrics(regex)                      -> LabelValues of __name__ filtered by nameFilter
//   query_result(expr)                  -> InstantQuery
//   anything else, e.g. up{job="x"}     -> Series with an empty label
// Brackets, braces and quotes must balance; empty arguments are errors.
VariableQueryParse parseVariableQuery(const QString &text);

// Grafana's text form of one instant query sample, which query_result options are cut from:
// `metric{a="1",b="2"} 42 1700000000000` (labels sorted, timestamp in ms).
QString queryResultText(const QMap<QString, QString> &labels, const QString &value,
                        qint64 timestampMs);

// Options from the values a call returned: distinct, in order, empty values dropped, each
// filtered and cut by `regex` (Grafana rules: "/pattern/flags" searches, with flag i for case
// insensitivity; a pattern without slashes must match the whole value; the named group
// "value" (else "text", else group 1, else the whole match) is the option). For
// metrics(regex), VariableQuery::nameFilter is applied first. An invalid regex gives no options
// and sets *error (if given) to "regex: <problem> at offset N".
QStringList extractOptions(const QStringList &candidates, const QString &regex,
                           QString *error = nullptr);

// The candidates of a Series answer: the `label` value of every series, or seriesName() of every
// series when `label` is empty. Feed them to extractOptions().
QStringList seriesCandidates(const std::vector<QMap<QString, QString>> &series,
                             const QString &label);

// Keeps the names that `nameFilter` finds (metrics(regex)); all when it is empty. An invalid
// filter gives nothing and sets *error.
QStringList filterMetricNames(const QStringList &names, const QString &nameFilter,
                              QString *error = nullptr);

// The options of a Custom variable's query: "a, b, c" and "label : value" pairs (the value is
// the option; "\," is a literal comma), as Grafana splits them. Interval variables use the same.
QStringList customOptions(const QString &query);

} // namespace vitals::dashboard

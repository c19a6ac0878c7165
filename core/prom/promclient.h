#pragma once

#include "core/prom/connectionprofile.h"
#include "core/prom/requesthandle.h"
#include "core/prom/results.h"
#include "core/prom/scrapeinterval.h"
#include "core/prom/transport.h"

#include <QObject>

#include <functional>

namespace vitals::prom {

// The endpoints of the Prometheus HTTP API (/api/v1), for one connection profile. Works
// unchanged against Prometheus, VictoriaMetrics, Thanos Query, Grafana Mimir and Cortex (set the
// profile's path prefix for the latter ones).
//
// Every call is asynchronous and follows one pattern:
//
//     m_handle = client->queryRange(q, this, [this](const RangeResult &r) { … });
//
//  - `done` runs exactly once, on the client's thread (the GUI thread), from the event loop —
//    unless the returned handle is reset, reassigned or destroyed first, or `context` is
//    destroyed first: then it never runs and the transfer is aborted. Keep the handle.
//  - `context` must live in the client's thread; nullptr means the client itself.
//  - Failures never throw: the result's `error` says what happened in plain words
//    (error.message) with the technical text in error.detail.
//  - Answers are decoded on the client's thread when they arrive (a 1M-sample range answer
//    takes tens of milliseconds; see bench-decode).
//
// Ownership: QObject parent. Destroying the client aborts everything it has in flight.
class PromClient : public QObject
{
    Q_OBJECT
public:
    explicit PromClient(ConnectionProfile profile = {}, QObject *parent = nullptr);
    ~PromClient() override;

    const ConnectionProfile &profile() const { return m_transport->profile(); }
    // Requests sent afterwards use the new profile; running ones finish with the old one.
    void setProfile(ConnectionProfile profile) { m_transport->setProfile(std::move(profile)); }

    // The HTTP layer (size cap, POST/GET state).
    Transport *transport() const { return m_transport; }

    // /api/v1/query (form POST, GET fallback).
    RequestHandle query(const InstantQuery &q, QObject *context,
                        std::function<void(const QueryResult &)> done);
    // /api/v1/query_range (form POST, GET fallback); result.query is `q`.
    RequestHandle queryRange(const RangeQuery &q, QObject *context,
                             std::function<void(const RangeResult &)> done);
    // /api/v1/series
    RequestHandle series(const SelectorQuery &q, QObject *context,
                         std::function<void(const SeriesResult &)> done);
    // /api/v1/labels
    RequestHandle labels(const SelectorQuery &q, QObject *context,
                         std::function<void(const StringListResult &)> done);
    // /api/v1/label/<name>/values
    RequestHandle labelValues(const QString &label, const SelectorQuery &q, QObject *context,
                              std::function<void(const StringListResult &)> done);
    // /api/v1/metadata (metric empty: all metrics; limit 0: no limit)
    RequestHandle metadata(const QString &metric, int limit, QObject *context,
                           std::function<void(const MetadataResult &)> done);
    // /api/v1/targets?state=active
    RequestHandle targets(QObject *context, std::function<void(const TargetsResult &)> done);
    // /api/v1/rules
    RequestHandle rules(QObject *context, std::function<void(const RulesResult &)> done);
    // /api/v1/alerts
    RequestHandle alerts(QObject *context, std::function<void(const AlertsResult &)> done);
    // /api/v1/parse_query (Prometheus 2.45 and later): result.ok() when `expr` parses; a parse
    // error is ErrorType::BadData with Prometheus's "L:C: parse error" text in error.detail.
    // Older servers answer 404 (ErrorType::Client, httpStatus 404).
    RequestHandle parseQuery(const QString &expr, QObject *context,
                             std::function<void(const ResultBase &)> done);
    // /api/v1/status/buildinfo
    RequestHandle buildInfo(QObject *context, std::function<void(const BuildInfoResult &)> done);
    // /api/v1/status/config
    RequestHandle config(QObject *context, std::function<void(const ConfigResult &)> done);

    // The scrape interval to plan queries with: the profile's own setting when it has one
    // (no request is sent), else asks /targets and /status/config in parallel and chooses as
    // chooseScrapeInterval() does. Never fails: a server that answers neither gives the 15 s
    // default. `done` runs from the event loop, as for every call.
    RequestHandle scrapeInterval(QObject *context,
                                 std::function<void(const ScrapeInterval &)> done);

    // Asks every optional endpoint in parallel and reports which answer with a success
    // envelope. result.error is set only when even query("1") fails.
    RequestHandle probeCapabilities(QObject *context,
                                    std::function<void(const Capabilities &)> done);

    // buildinfo, then query("1"): passes when the query returns the scalar 1. A missing
    // buildinfo endpoint (404/405 or a bad_data error) is not a failure; network, TLS,
    // credentials and timeout failures are reported with a plain message saying what to fix.
    RequestHandle testConnection(QObject *context,
                                 std::function<void(const ConnectionTestResult &)> done);

private:
    template<typename Result>
    RequestHandle call(const HttpRequest &request, QObject *context,
                       Result (*decode)(const HttpResponse &),
                       std::function<void(const Result &)> done);

    Transport *m_transport;
};

} // namespace vitals::prom

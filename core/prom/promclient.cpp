#include "core/prom/promclient.h"

#include "core/prom/envelope.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

#include <cmath>
#include <memory>
#include <vector>

namespace vitals::prom {

namespace {

QString seconds(qint64 ms)
{
    // Integral seconds print without a fraction, which some proxies' caches key on.
    if (ms % 1000 == 0)
        return QString::number(ms / 1000);
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

void addSelector(HttpRequest &request, const SelectorQuery &q)
{
    for (const QString &m : q.match)
        request.params.append({QStringLiteral("match[]"), m});
    if (q.startMs != 0)
        request.params.append({QStringLiteral("start"), seconds(q.startMs)});
    if (q.endMs != 0)
        request.params.append({QStringLiteral("end"), seconds(q.endMs)});
}

// An operation made of several requests (testConnection, probeCapabilities): canceling it
// resets the handles of its parts.
class CompositeRequest : public detail::Cancelable
{
public:
    using detail::Cancelable::Cancelable;

    std::vector<RequestHandle> parts;

    void cancel() override
    {
        if (isFinished())
            return;
        markFinished();
        parts.clear();
        deleteLater();
    }

    // Called by the last part's callback: the composite is done and goes away.
    void finish()
    {
        markFinished();
        deleteLater();
    }
};

} // namespace

PromClient::PromClient(ConnectionProfile profile, QObject *parent)
    : QObject(parent)
    , m_transport(new Transport(std::move(profile), this))
{}

PromClient::~PromClient() = default;

template<typename Result>
RequestHandle PromClient::call(const HttpRequest &request, QObject *context,
                               Result (*decode)(const HttpResponse &),
                               std::function<void(const Result &)> done)
{
    return m_transport->sendDecoded(request, context ? context : this, decode, std::move(done));
}

RequestHandle PromClient::query(const InstantQuery &q, QObject *context,
                                std::function<void(const QueryResult &)> done)
{
    HttpRequest request{QStringLiteral("/api/v1/query"), {{QStringLiteral("query"), q.expr}}, true};
    if (q.timeMs != 0)
        request.params.append({QStringLiteral("time"), seconds(q.timeMs)});
    if (q.timeoutMs > 0)
        request.params.append({QStringLiteral("timeout"), seconds(q.timeoutMs) + u's'});
    return call<QueryResult>(request, context, &decodeQueryResponse, std::move(done));
}

RequestHandle PromClient::queryRange(const RangeQuery &q, QObject *context,
                                     std::function<void(const RangeResult &)> done)
{
    HttpRequest request{QStringLiteral("/api/v1/query_range"),
                        {{QStringLiteral("query"), q.expr},
                         {QStringLiteral("start"), seconds(q.startMs)},
                         {QStringLiteral("end"), seconds(q.endMs)},
                         {QStringLiteral("step"), seconds(std::max<qint64>(q.stepMs, 1))}},
                        true};
    if (q.timeoutMs > 0)
        request.params.append({QStringLiteral("timeout"), seconds(q.timeoutMs) + u's'});
    return m_transport->send(request, context ? context : this,
                             [q, done = std::move(done)](const HttpResponse &response) {
                                 RangeResult result = decodeRangeResponse(response);
                                 result.query = q;
                                 if (done)
                                     done(result);
                             });
}

RequestHandle PromClient::series(const SelectorQuery &q, QObject *context,
                                 std::function<void(const SeriesResult &)> done)
{
    HttpRequest request{QStringLiteral("/api/v1/series"), {}, true};
    addSelector(request, q);
    return call<SeriesResult>(request, context, &decodeSeriesResponse, std::move(done));
}

RequestHandle PromClient::labels(const SelectorQuery &q, QObject *context,
                                 std::function<void(const StringListResult &)> done)
{
    HttpRequest request{QStringLiteral("/api/v1/labels"), {}, true};
    addSelector(request, q);
    return call<StringListResult>(request, context, &decodeStringListResponse, std::move(done));
}

RequestHandle PromClient::labelValues(const QString &label, const SelectorQuery &q,
                                      QObject *context,
                                      std::function<void(const StringListResult &)> done)
{
    HttpRequest request{QStringLiteral("/api/v1/label/")
                            + QString::fromLatin1(QUrl::toPercentEncoding(label))
                            + QStringLiteral("/values"),
                        {},
                        false};
    addSelector(request, q);
    return call<StringListResult>(request, context, &decodeStringListResponse, std::move(done));
}

RequestHandle PromClient::metadata(const QString &metric, int limit, QObject *context,
                                   std::function<void(const MetadataResult &)> done)
{
    HttpRequest request{QStringLiteral("/api/v1/metadata"), {}, false};
    if (!metric.isEmpty())
        request.params.append({QStringLiteral("metric"), metric});
    if (limit > 0)
        request.params.append({QStringLiteral("limit"), QString::number(limit)});
    return call<MetadataResult>(request, context, &decodeMetadataResponse, std::move(done));
}

RequestHandle PromClient::targets(QObject *context, std::function<void(const TargetsResult &)> done)
{
    HttpRequest request{QStringLiteral("/api/v1/targets"),
                        {{QStringLiteral("state"), QStringLiteral("active")}},
                        false};
    return call<TargetsResult>(request, context, &decodeTargetsResponse, std::move(done));
}

RequestHandle PromClient::rules(QObject *context, std::function<void(const RulesResult &)> done)
{
    return call<RulesResult>({QStringLiteral("/api/v1/rules"), {}, false}, context,
                             &decodeRulesResponse, std::move(done));
}

RequestHandle PromClient::alerts(QObject *context, std::function<void(const AlertsResult &)> done)
{
    return call<AlertsResult>({QStringLiteral("/api/v1/alerts"), {}, false}, context,
                              &decodeAlertsResponse, std::move(done));
}

RequestHandle PromClient::parseQuery(const QString &expr, QObject *context,
                                     std::function<void(const ResultBase &)> done)
{
    return call<ResultBase>(
        {QStringLiteral("/api/v1/parse_query"), {{QStringLiteral("query"), expr}}, true}, context,
        &decodeEnvelopeOnly, std::move(done));
}

RequestHandle PromClient::buildInfo(QObject *context,
                                    std::function<void(const BuildInfoResult &)> done)
{
    return call<BuildInfoResult>({QStringLiteral("/api/v1/status/buildinfo"), {}, false}, context,
                                 &decodeBuildInfoResponse, std::move(done));
}

RequestHandle PromClient::config(QObject *context, std::function<void(const ConfigResult &)> done)
{
    return call<ConfigResult>({QStringLiteral("/api/v1/status/config"), {}, false}, context,
                              &decodeConfigResponse, std::move(done));
}

RequestHandle PromClient::scrapeInterval(QObject *context,
                                         std::function<void(const ScrapeInterval &)> done)
{
    auto *op = new CompositeRequest(this);
    QPointer<CompositeRequest> guard(op);
    const qint64 overrideMs = profile().scrapeIntervalMs;
    if (overrideMs > 0) {
        // Answered from the event loop like every other call, never from inside this one.
        QTimer::singleShot(0, context ? context : this, [op, guard, overrideMs, done] {
            if (!guard || op->isFinished())
                return;
            op->finish();
            if (done)
                done(chooseScrapeInterval(overrideMs, nullptr, nullptr));
        });
        return RequestHandle(op);
    }
    struct Answers {
        std::optional<TargetsResult> targets;
        std::optional<ConfigResult> config;
    };
    auto answers = std::make_shared<Answers>();
    auto partDone = [op, guard, answers, done] {
        if (!guard || !answers->targets || !answers->config)
            return;
        op->finish();
        if (done)
            done(chooseScrapeInterval(0, &*answers->targets, &*answers->config));
    };
    op->parts.push_back(targets(context, [answers, partDone](const TargetsResult &r) {
        answers->targets = r;
        partDone();
    }));
    op->parts.push_back(config(context, [answers, partDone](const ConfigResult &r) {
        answers->config = r;
        partDone();
    }));
    return RequestHandle(op);
}

RequestHandle PromClient::probeCapabilities(QObject *context,
                                            std::function<void(const Capabilities &)> done)
{
    auto *op = new CompositeRequest(this);
    auto result = std::make_shared<Capabilities>();
    auto pending = std::make_shared<int>(0);
    QPointer<CompositeRequest> guard(op);
    auto partDone = [op, guard, result, pending, done]() {
        if (--*pending > 0 || !guard)
            return;
        op->finish();
        if (done)
            done(*result);
    };

    struct Probe {
        const char *path;
        bool Capabilities::*flag;
        QList<QPair<QString, QString>> params;
    };
    const Probe probes[] = {
        {"/api/v1/labels",
         &Capabilities::labels,
         {{QStringLiteral("match[]"), QStringLiteral("up")}}},
        {"/api/v1/metadata",
         &Capabilities::metadata,
         {{QStringLiteral("limit"), QStringLiteral("1")}}},
        {"/api/v1/targets",
         &Capabilities::targets,
         {{QStringLiteral("state"), QStringLiteral("active")}}},
        {"/api/v1/rules", &Capabilities::rules, {}},
        {"/api/v1/alerts", &Capabilities::alerts, {}},
        {"/api/v1/status/tsdb", &Capabilities::tsdbStatus, {}},
    };
    *pending = int(std::size(probes)) + 2;

    for (const Probe &p : probes) {
        HttpRequest request{QString::fromLatin1(p.path), p.params, false};
        op->parts.push_back(
            m_transport->send(request, context ? context : this,
                              [result, flag = p.flag, partDone](const HttpResponse &response) {
                                  (*result).*flag = decodeEnvelopeOnly(response).ok();
                                  partDone();
                              }));
    }
    op->parts.push_back(buildInfo(context, [result, partDone](const BuildInfoResult &r) {
        result->buildInfo = r.ok();
        result->build = r.info;
        partDone();
    }));
    op->parts.push_back(
        query({QStringLiteral("1")}, context, [result, partDone](const QueryResult &r) {
            result->query = r.ok();
            if (!r.ok())
                result->error = r.error;
            partDone();
        }));
    return RequestHandle(op);
}

RequestHandle PromClient::testConnection(QObject *context,
                                         std::function<void(const ConnectionTestResult &)> done)
{
    auto *op = new CompositeRequest(this);
    QPointer<CompositeRequest> guard(op);
    QPointer<PromClient> self(this);
    op->parts.push_back(buildInfo(context, [=](const BuildInfoResult &info) {
        if (!guard || !self)
            return;
        ConnectionTestResult result;
        const bool endpointMissing =
            info.error.type == ErrorType::BadData
            || (info.error.type == ErrorType::Client
                && (info.error.httpStatus == 404 || info.error.httpStatus == 405))
            || info.error.type == ErrorType::BadResponse;
        if (!info.ok() && !endpointMissing) {
            result.error = info.error;
            op->finish();
            if (done)
                done(result);
            return;
        }
        result.buildInfoAvailable = info.ok();
        result.build = info.info;
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        op->parts.push_back(
            self->query({QStringLiteral("1")}, context, [=](const QueryResult &q) mutable {
                if (!guard)
                    return;
                result.roundTripMs = clock->elapsed();
                result.warnings = q.warnings;
                result.infos = q.infos;
                if (!q.ok()) {
                    result.error = q.error;
                } else if (!((q.type == ResultType::Scalar && q.scalar == 1.0)
                             || (q.type == ResultType::Vector && q.vector.size() == 1
                                 && q.vector[0].value == 1.0))) {
                    // VictoriaMetrics answers a scalar expression with a one-sample vector.
                    result.error.type = ErrorType::BadResponse;
                    result.error.message = QStringLiteral(
                        "The server answered, but the test query \"1\" did not return 1. Is this "
                        "a Prometheus-compatible API?");
                }
                op->finish();
                if (done)
                    done(result);
            }));
    }));
    return RequestHandle(op);
}

} // namespace vitals::prom

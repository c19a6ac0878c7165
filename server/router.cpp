#include "server/router.h"

#include "server/jsonwriter.h"
#include "server/requestheaders.h"
#include "server/requestparser.h"

namespace iris {

namespace {

// One parser per thread: its buffers are reused by every request the thread serves.
RequestParser &threadParser()
{
    thread_local RequestParser parser;
    return parser;
}

std::string_view pathOf(std::string_view target)
{
    const auto q = target.find('?');
    return q == std::string_view::npos ? target : target.substr(0, q);
}

} // namespace

Router::Router(const Model &model, Metrics &metrics, Faults &faults, std::string version,
               FeedbackStore *feedback)
    : m_model(model)
    , m_metrics(metrics)
    , m_faults(faults)
    , m_feedback(feedback)
{
    JsonWriter w(m_serverMetadata);
    w.raw("{\"name\":\"iris-server\",\"version\":");
    w.string(version);
    w.raw(",\"extensions\":[]}");

    JsonWriter mw(m_modelMetadata);
    mw.raw("{\"name\":\"iris\",\"versions\":[\"1\"],\"platform\":\"iris-server\","
           "\"inputs\":[{\"name\":\"input-0\",\"datatype\":\"FP32\",\"shape\":[-1,4]}],"
           "\"outputs\":[{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[-1]},"
           "{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,3]}],"
           "\"model_card\":");
    mw.raw(modelCardJson(model));
    mw.raw("}");

    m_modelReady = "{\"name\":\"iris\",\"ready\":true}";
    for (int c = 0; c < kClassCount; ++c) {
        JsonWriter cw(m_classJson[c]);
        cw.string(model.classNames[c].toStdString());
    }
}

Method Router::methodOf(std::string_view method) noexcept
{
    if (method == "GET")
        return Method::Get;
    if (method == "POST")
        return Method::Post;
    if (method == "HEAD")
        return Method::Head;
    return Method::Other;
}

Endpoint Router::endpointOf(std::string_view target) noexcept
{
    const std::string_view path = pathOf(target);
    if (path == "/predict")
        return Endpoint::Predict;
    if (path == "/v2/models/iris/infer")
        return Endpoint::V2Infer;
    if (path == "/metrics")
        return Endpoint::Metrics;
    if (path == "/v2/models/iris")
        return Endpoint::V2Model;
    if (path == "/v2/models/iris/ready")
        return Endpoint::V2ModelReady;
    if (path == "/v2/health/live")
        return Endpoint::V2Live;
    if (path == "/v2/health/ready")
        return Endpoint::V2Ready;
    if (path == "/v2")
        return Endpoint::V2;
    if (path == "/admin/faults")
        return Endpoint::AdminFaults;
    if (path == "/feedback")
        return Endpoint::Feedback;
    return Endpoint::Other;
}

void Router::error(HttpResponse &response, int status, ErrorReason reason,
                   std::string_view detail) const
{
    m_metrics.recordError(reason);
    response.status = status;
    response.contentType = "application/json";
    response.body.clear();
    JsonWriter w(response.body);
    w.raw("{\"error\":");
    w.string(name(reason));
    w.raw(",\"detail\":");
    w.string(detail);
    w.raw("}");
}

void Router::handle(const HttpRequest &request, HttpResponse &response) const
{
    response.status = 200;
    response.contentType = "application/json";
    response.allow = {};
    response.delayUs = 0;
    response.requestIdLength = 0;
    response.body.clear();
    response.method = methodOf(request.method);
    response.endpoint = endpointOf(request.target);
    const bool get = response.method == Method::Get || response.method == Method::Head;
    const bool post = response.method == Method::Post;

    auto notAllowed = [&](std::string_view allow) {
        response.allow = allow;
        error(response, 405, ErrorReason::MethodNotAllowed,
              std::string(request.method.substr(0, 16)) + " is not allowed here; use "
                  + std::string(allow));
    };
    auto fixed = [&](const std::string &body) {
        if (get)
            response.body = body;
        else
            notAllowed("GET, HEAD");
    };

    switch (response.endpoint) {
    case Endpoint::Predict:
    case Endpoint::V2Infer:
        if (!post) {
            notAllowed("POST");
            return;
        }
        if (m_faults.shouldFail()) {
            response.delayUs = m_faults.latencyUs();
            error(response, 503, ErrorReason::Injected, "error injected by the fault settings");
            return;
        }
        response.delayUs = m_faults.latencyUs();
        if (response.endpoint == Endpoint::Predict)
            predict(request, response);
        else
            infer(request, response);
        return;
    case Endpoint::Metrics:
        if (get) {
            response.contentType = "text/plain; version=0.0.4; charset=utf-8";
            response.body = m_metrics.expose();
        } else {
            notAllowed("GET, HEAD");
        }
        return;
    case Endpoint::V2Model:
        fixed(m_modelMetadata);
        return;
    case Endpoint::V2ModelReady:
        fixed(m_modelReady);
        return;
    case Endpoint::V2Live:
        fixed("{\"live\":true}");
        return;
    case Endpoint::V2Ready:
        fixed("{\"ready\":true}");
        return;
    case Endpoint::V2:
        fixed(m_serverMetadata);
        return;
    case Endpoint::AdminFaults:
        faults(request, response);
        return;
    case Endpoint::Feedback:
        if (post)
            feedback(request, response);
        else
            notAllowed("POST");
        return;
    case Endpoint::Other:
    case Endpoint::Count:
        break;
    }
    error(response, 404, ErrorReason::NotFound,
          "no such path: " + std::string(pathOf(request.target).substr(0, 200)));
}

void Router::predict(const HttpRequest &request, HttpResponse &response) const
{
    RequestParser &parser = threadParser();
    thread_local InferenceInput input;
    RequestError err;
    if (!parser.parsePredict(*request.body, input, err)) {
        error(response, err.reason == ErrorReason::BodyTooLarge ? 413 : 400, err.reason,
              err.detail);
        return;
    }
    JsonWriter w(response.body);
    const std::uint64_t firstId =
        m_feedback ? m_feedback->issue(std::uint32_t(input.rows.size())) : 0;
    char id[FeedbackStore::kMaxIdLength];
    if (m_feedback) {
        response.requestIdLength =
            std::uint8_t(m_feedback->formatId(firstId, response.requestId.data()));
        if (input.batch) {
            w.raw("{\"id\":\"");
            w.raw(response.requestIdView());
            w.raw("\",\"predictions\":[");
        }
    } else if (input.batch) {
        w.raw("{\"predictions\":[");
    }
    bool first = true;
    std::uint64_t sequence = firstId;
    for (const auto &row : input.rows) {
        const Prediction p = m_model.predict(row);
        m_metrics.recordPrediction(p.label, row);
        if (!first)
            w.raw(",");
        first = false;
        w.raw("{");
        if (m_feedback) {
            m_feedback->record(sequence, p.label);
            w.raw("\"id\":\"");
            w.raw(sequence == firstId ? response.requestIdView()
                                      : std::string_view(id, m_feedback->formatId(sequence, id)));
            ++sequence;
            w.raw("\",");
        }
        w.raw("\"prediction\":");
        w.integer(p.label);
        w.raw(",\"class\":");
        w.raw(m_classJson[p.label]);
        w.raw(",\"probabilities\":");
        w.numbers(p.probabilities);
        w.raw("}");
    }
    if (input.batch)
        w.raw("]}");
}

void Router::infer(const HttpRequest &request, HttpResponse &response) const
{
    RequestParser &parser = threadParser();
    thread_local InferenceInput input;
    thread_local std::vector<Prediction> predictions;
    RequestError err;
    if (!parser.parseInfer(*request.body, input, err)) {
        error(response, err.reason == ErrorReason::BodyTooLarge ? 413 : 400, err.reason,
              err.detail);
        return;
    }
    predictions.clear();
    const std::uint64_t firstId =
        m_feedback ? m_feedback->issue(std::uint32_t(input.rows.size())) : 0;
    for (const auto &row : input.rows) {
        predictions.push_back(m_model.predict(row));
        m_metrics.recordPrediction(predictions.back().label, row);
        if (m_feedback)
            m_feedback->record(firstId + predictions.size() - 1, predictions.back().label);
    }
    if (m_feedback)
        response.requestIdLength =
            std::uint8_t(m_feedback->formatId(firstId, response.requestId.data()));
    JsonWriter w(response.body);
    w.raw("{\"model_name\":\"iris\",\"model_version\":\"1\",");
    if (input.hasId) {
        w.raw("\"id\":");
        w.string(input.id);
        w.raw(",");
    }
    w.raw("\"outputs\":[{\"name\":\"label\",\"shape\":[");
    w.integer(static_cast<long long>(predictions.size()));
    w.raw("],\"datatype\":\"INT64\",\"data\":[");
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        if (i)
            w.raw(",");
        w.integer(predictions[i].label);
    }
    w.raw("]},{\"name\":\"probabilities\",\"shape\":[");
    w.integer(static_cast<long long>(predictions.size()));
    w.raw(",3],\"datatype\":\"FP32\",\"data\":[");
    for (std::size_t i = 0; i < predictions.size(); ++i)
        for (int c = 0; c < kClassCount; ++c) {
            if (i || c)
                w.raw(",");
            w.number(float(predictions[i].probabilities[c]));
        }
    w.raw("]}]");
    if (m_feedback) {
        char id[FeedbackStore::kMaxIdLength];
        w.raw(",\"parameters\":{\"prediction_ids\":[");
        for (std::size_t i = 0; i < predictions.size(); ++i) {
            w.raw(i ? ",\"" : "\"");
            w.raw(std::string_view(id, m_feedback->formatId(firstId + i, id)));
            w.raw("\"");
        }
        w.raw("]}");
    }
    w.raw("}");
}

void Router::feedback(const HttpRequest &request, HttpResponse &response) const
{
    if (!m_feedback) {
        error(response, 404, ErrorReason::UnknownId,
              "this server keeps no predictions for feedback");
        return;
    }
    RequestParser &parser = threadParser();
    thread_local std::vector<FeedbackItem> items;
    bool batch = false;
    RequestError err;
    if (!parser.parseFeedback(*request.body, m_model.classNames, items, &batch, err)) {
        error(response, err.reason == ErrorReason::BodyTooLarge ? 413 : 400, err.reason,
              err.detail);
        return;
    }
    auto className = [this](int c) { return std::string_view(m_classJson[std::size_t(c)]); };
    if (!batch) {
        const FeedbackItem &item = items.front();
        const FeedbackStore::LabelResult r = m_feedback->label(item.id, item.actual);
        const std::string shown(item.id.substr(0, FeedbackStore::kMaxIdLength));
        switch (r.outcome) {
        case FeedbackStore::Outcome::Joined: {
            JsonWriter w(response.body);
            w.raw("{\"id\":");
            w.string(item.id);
            w.raw(",\"predicted\":");
            w.raw(className(r.predicted));
            w.raw(",\"actual\":");
            w.raw(className(item.actual));
            w.raw(r.predicted == item.actual ? ",\"correct\":true" : ",\"correct\":false");
            w.raw(",\"delay_seconds\":");
            w.number(r.delaySeconds);
            w.raw("}");
            return;
        }
        case FeedbackStore::Outcome::Duplicate:
            error(response, 409, ErrorReason::DuplicateLabel,
                  "prediction " + shown + " already has its label");
            return;
        case FeedbackStore::Outcome::Expired:
            error(response, 404, ErrorReason::UnknownId,
                  "prediction " + shown + " is older than the feedback age limit");
            return;
        case FeedbackStore::Outcome::Evicted:
            error(response, 404, ErrorReason::UnknownId,
                  "prediction " + shown + " was pushed out of the feedback store by newer ones");
            return;
        case FeedbackStore::Outcome::Unknown:
            break;
        }
        error(response, 404, ErrorReason::UnknownId,
              "no prediction with id " + shown + " was made by this server");
        return;
    }
    JsonWriter w(response.body);
    std::size_t joined = 0;
    w.raw("{\"results\":[");
    for (std::size_t i = 0; i < items.size(); ++i) {
        const FeedbackStore::LabelResult r = m_feedback->label(items[i].id, items[i].actual);
        w.raw(i ? ",{\"id\":" : "{\"id\":");
        w.string(items[i].id);
        if (r.outcome == FeedbackStore::Outcome::Joined) {
            ++joined;
            w.raw(",\"status\":200}");
        } else {
            w.raw(r.outcome == FeedbackStore::Outcome::Duplicate ? ",\"status\":409,\"error\":"
                                                                 : ",\"status\":404,\"error\":");
            w.string(FeedbackStore::reasonName(r.outcome));
            w.raw("}");
        }
    }
    w.raw("],\"joined\":");
    w.integer(static_cast<long long>(joined));
    w.raw(",\"refused\":");
    w.integer(static_cast<long long>(items.size() - joined));
    w.raw("}");
}

void Router::writeFaults(HttpResponse &response) const
{
    response.body.clear();
    JsonWriter w(response.body);
    w.raw("{\"latency_ms\":");
    w.number(m_faults.latencyMs());
    w.raw(",\"error_rate\":");
    w.number(m_faults.errorRate());
    w.raw("}");
}

void Router::faults(const HttpRequest &request, HttpResponse &response) const
{
    if (!request.fromLoopback) {
        error(response, 403, ErrorReason::Forbidden,
              "fault settings can only be changed from the loopback address");
        return;
    }
    if (request.host.count != 1 || !isLoopbackHost(request.host.value)) {
        error(response, 403, ErrorReason::Forbidden,
              "fault settings need a Host header naming a loopback host "
              "(127.0.0.1, localhost or [::1])");
        return;
    }
    if (request.origin.count > 1
        || (request.origin.count == 1 && !isLoopbackOrigin(request.origin.value))) {
        error(response, 403, ErrorReason::Forbidden,
              "fault settings cannot be read or changed by a page from another origin");
        return;
    }
    if (response.method == Method::Get || response.method == Method::Head) {
        writeFaults(response);
        return;
    }
    if (response.method != Method::Post) {
        response.allow = "GET, HEAD, POST";
        error(response, 405, ErrorReason::MethodNotAllowed, "use GET or POST");
        return;
    }
    if (request.contentType.count != 1 || !isJsonMediaType(request.contentType.value)) {
        error(response, 415, ErrorReason::UnsupportedMediaType,
              "fault settings must be sent with Content-Type: application/json");
        return;
    }
    RequestParser &parser = threadParser();
    double latency = 0, rate = 0;
    bool hasLatency = false, hasRate = false;
    RequestError err;
    if (!parser.parseFaults(*request.body, &latency, &rate, &hasLatency, &hasRate, err)) {
        error(response, err.reason == ErrorReason::BodyTooLarge ? 413 : 400, err.reason,
              err.detail);
        return;
    }
    if (hasLatency)
        m_faults.setLatencyMs(latency);
    if (hasRate)
        m_faults.setErrorRate(rate);
    writeFaults(response);
}

} // namespace iris

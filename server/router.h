#pragma once

#include "server/faults.h"
#include "server/feedbackstore.h"
#include "server/labels.h"
#include "server/metrics.h"
#include "server/model.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace iris {

// One request header as received. `count` is how often the request carried it (0 = absent);
// `value` is the first copy. The admin checks accept a header only when it is sent at most once,
// so that no copy can hide behind another.
struct HeaderField {
    std::string_view value;
    int count = 0;
};

// One request as the HTTP layer hands it over. `body` may be modified (padded) by the router.
// The header views must stay valid for the duration of Router::handle().
struct HttpRequest {
    std::string_view method; // as sent, e.g. "POST"
    std::string_view target; // path and optional query, e.g. "/predict?x=1"
    std::string *body = nullptr;
    bool fromLoopback = true; // peer address is 127.0.0.0/8 or ::1
    HeaderField host;         // checked by /admin/faults only (see Router)
    HeaderField origin;
    HeaderField contentType;
};

// The answer. Bodies are JSON except /metrics. `delayUs` asks the HTTP layer to wait before
// sending (injected latency), without blocking its thread.
struct HttpResponse {
    int status = 200;
    std::string body;
    std::string_view contentType = "application/json";
    std::string_view allow; // for 405: the methods the path accepts
    Method method = Method::Other;
    Endpoint endpoint = Endpoint::Other;
    std::int64_t delayUs = 0;
    // Sent as X-Request-Id when not empty: the id of the (first) prediction of the answer.
    std::array<char, FeedbackStore::kMaxIdLength> requestId{};
    std::uint8_t requestIdLength = 0;
    std::string_view requestIdView() const { return {requestId.data(), requestIdLength}; }
};

// The HTTP API of iris-server, independent of the transport so it can be tested without
// sockets:
//   POST /predict                 {"features":[4]} | {"instances":[[4],…]}
//   GET  /v2, /v2/health/live, /v2/health/ready, /v2/models/iris, /v2/models/iris/ready
//   POST /v2/models/iris/infer    Open Inference Protocol v2
//   GET  /metrics                 Prometheus text format 0.0.4
//   GET|POST /admin/faults        loopback only; see below
//   POST /feedback                {"id":"…","actual":"versicolor"} or a batch; see feedback()
// With a FeedbackStore, every prediction gets an id: /predict answers carry "id" (each item of
// a batch too, and the batch its first), /v2 answers carry them in
// "parameters":{"prediction_ids":[…]} (their "id" stays the client's request id), and every
// answer with predictions sends its first id as X-Request-Id.
// Errors are {"error":"<reason label>","detail":"<sentence>"} and are counted in
// inference_request_errors_total{reason}. Request counts and durations are recorded by the
// caller (it knows when the response is written), predictions here.
//
// /admin/faults refuses, in this order: a peer that is not loopback (403); a Host header that is
// absent, repeated or not a loopback host — 127.0.0.0/8, localhost or [::1], optional port —
// whatever address the server listens on, which defeats DNS rebinding (403); an Origin header
// that is repeated or not a loopback http(s) origin, e.g. "null" or a web site (403); a method
// other than GET, HEAD or POST (405); a POST whose Content-Type is not application/json,
// parameters allowed (415). A browser can only send that Content-Type cross-origin after a CORS
// preflight, and the server never grants one: no answer carries Access-Control-Allow-* headers.
//
// Threading: handle() may run on many threads at once; each thread uses its own parser.
// The model, metrics and faults must outlive the router.
class Router
{
public:
    // `feedback` may be null: no ids, and /feedback answers 404.
    Router(const Model &model, Metrics &metrics, Faults &faults, std::string version,
           FeedbackStore *feedback = nullptr);

    void handle(const HttpRequest &request, HttpResponse &response) const;

    // Fills an error response and counts the reason.
    void error(HttpResponse &response, int status, ErrorReason reason,
               std::string_view detail) const;

    static Method methodOf(std::string_view method) noexcept;
    static Endpoint endpointOf(std::string_view target) noexcept;

private:
    void predict(const HttpRequest &request, HttpResponse &response) const;
    void infer(const HttpRequest &request, HttpResponse &response) const;
    void faults(const HttpRequest &request, HttpResponse &response) const;
    // POST /feedback. One label: 200 {"id","predicted","actual","correct","delay_seconds"};
    // 404 unknown_id (never given, evicted or expired), 409 duplicate_label, 400 bad body.
    // A batch: 200 {"joined":n,"refused":m,"results":[{"id","status"[,"error"]},…]}.
    void feedback(const HttpRequest &request, HttpResponse &response) const;
    void writeFaults(HttpResponse &response) const;

    const Model &m_model;
    Metrics &m_metrics;
    Faults &m_faults;
    FeedbackStore *m_feedback;
    std::string m_serverMetadata;
    std::string m_modelMetadata;
    std::string m_modelReady;
    std::array<std::string, kClassCount> m_classJson; // "\"setosa\"" etc., pre-escaped
};

} // namespace iris

#pragma once

#include "server/labels.h"
#include "server/model.h"

#include <simdjson.h>

#include <array>
#include <string>
#include <vector>

namespace iris {

// Limits of the request bodies iris-server accepts.
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;
inline constexpr std::size_t kMaxJsonDepth = 16;
inline constexpr double kMaxLengthCm = 100.0; // lengths must be finite, > 0 and < 100 cm

// A rejected body: the reason (metric label and "error" field) and a sentence for people.
struct RequestError {
    ErrorReason reason = ErrorReason::MalformedJson;
    std::string detail;
};

// What a valid inference body asks for: one or more rows of four lengths in centimetres.
struct InferenceInput {
    std::vector<std::array<double, kFeatureCount>> rows;
    bool batch = false; // /predict: "instances" rather than "features"
    std::string id;     // v2: the request id, echoed back
    bool hasId = false;
};

// One label of a /feedback body. `id` points into the parser's buffers: valid until the next
// parse with the same parser.
struct FeedbackItem {
    std::string_view id;
    int actual = -1; // class index in the model's order
};
inline constexpr std::size_t kMaxFeedbackItems = 1000;

// Parses and validates request bodies. Holds a simdjson parser and its buffers, so keep one per
// thread and reuse it: after warm-up a parse allocates nothing. Not thread-safe.
//
// `body` is padded in place (its capacity grows by simdjson's padding), hence non-const.
class RequestParser
{
public:
    RequestParser();

    // /predict: {"features":[sl,sw,pl,pw]} or {"instances":[[…],[…]]}.
    bool parsePredict(std::string &body, InferenceInput &out, RequestError &error);
    // /v2/models/iris/infer: {"id":…,"inputs":[{"name":…,"shape":[N,4],
    //   "datatype":"FP32"|"FP64","data":[…flat or nested…]}]}.
    bool parseInfer(std::string &body, InferenceInput &out, RequestError &error);
    // /admin/faults: {"latency_ms":0…60000,"error_rate":0…1}, either key optional.
    bool parseFaults(std::string &body, double *latencyMs, double *errorRate, bool *hasLatency,
                     bool *hasRate, RequestError &error);

    // /feedback: {"id":"…","actual":"<class name>"|<class index>}, or a batch of such objects
    // as a JSON array or as {"feedback":[…]} (1 … kMaxFeedbackItems). `classNames` are the
    // model's. `batch` says which form was sent.
    bool parseFeedback(std::string &body, const QStringList &classNames,
                       std::vector<FeedbackItem> &out, bool *batch, RequestError &error);

private:
    bool parseDocument(std::string &body, simdjson::dom::element &root, RequestError &error);

    simdjson::dom::parser m_parser;
};

} // namespace iris

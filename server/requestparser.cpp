#include "server/requestparser.h"

#include <charconv>
#include <cmath>
#include <new>
#include <string_view>

namespace iris {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

bool fail(RequestError &error, ErrorReason reason, std::string detail)
{
    error.reason = reason;
    error.detail = std::move(detail);
    return false;
}

std::string_view typeName(element_type t)
{
    switch (t) {
    case element_type::ARRAY:
        return "an array";
    case element_type::OBJECT:
        return "an object";
    case element_type::STRING:
        return "a string";
    case element_type::BOOL:
        return "a boolean";
    case element_type::NULL_VALUE:
        return "null";
    default:
        return "a number";
    }
}

// Why a body simdjson rejected is bad, beyond "improper structure": finds NaN/Infinity
// literals and a complete value followed by more bytes. Only runs on the error path.
ErrorReason classifyStructureError(std::string_view text, std::size_t *valueEnd)
{
    int depth = 0;
    bool inString = false;
    bool started = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
        case '[':
            ++depth;
            started = true;
            break;
        case '}':
        case ']':
            if (--depth == 0 && started) {
                *valueEnd = i + 1;
                return ErrorReason::TrailingGarbage;
            }
            break;
        case 'N':
        case 'I':
            if (text.substr(i, 3) == "NaN" || text.substr(i, 8) == "Infinity")
                return ErrorReason::NonFinite;
            break;
        default:
            break;
        }
        if (depth < 0)
            return ErrorReason::MalformedJson;
    }
    return ErrorReason::MalformedJson;
}

// Reads one length in centimetres.
bool length(element e, std::string_view where, double &out, RequestError &error)
{
    const element_type t = e.type();
    if (e.get_double().get(out) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType,
                    std::string(where) + " must be numbers, found " + std::string(typeName(t)));
    if (!std::isfinite(out))
        return fail(error, ErrorReason::NonFinite, std::string(where) + " must be finite");
    if (!(out > 0.0 && out < kMaxLengthCm)) {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, out);
        return fail(error, ErrorReason::OutOfRange,
                    std::string(where) + " must be lengths in centimetres, > 0 and < 100; found "
                        + std::string(buf, r.ptr));
    }
    return true;
}

bool row(element e, std::string_view where, std::array<double, kFeatureCount> &out,
         RequestError &error)
{
    array a;
    if (e.get_array().get(a) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType,
                    std::string(where) + " must be an array of 4 numbers, found "
                        + std::string(typeName(e.type())));
    if (a.size() != kFeatureCount)
        return fail(error, ErrorReason::WrongArity,
                    std::string(where)
                        + " must have 4 values (sepal length, sepal width, petal "
                          "length, petal width), found "
                        + std::to_string(a.size()));
    std::size_t i = 0;
    for (element v : a)
        if (!length(v, where, out[i++], error))
            return false;
    return true;
}

} // namespace

RequestParser::RequestParser()
{
    // Starts small (the parser grows to the largest body seen); the depth limit stays, so
    // deeper documents fail with DEPTH_ERROR.
    if (m_parser.allocate(4096, kMaxJsonDepth) != simdjson::SUCCESS)
        throw std::bad_alloc();
}

bool RequestParser::parseDocument(std::string &body, element &root, RequestError &error)
{
    if (body.size() > kMaxBodyBytes)
        return fail(error, ErrorReason::BodyTooLarge, "request body is larger than 64 KiB");
    const std::size_t len = body.size();
    body.reserve(len + simdjson::SIMDJSON_PADDING);
    const auto err = m_parser.parse(body.data(), len, false).get(root);
    if (!err)
        return true;
    switch (err) {
    case simdjson::DEPTH_ERROR:
        return fail(error, ErrorReason::TooDeep,
                    "JSON nesting is deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    case simdjson::NUMBER_ERROR:
        if (std::size_t end = 0; classifyStructureError(std::string_view(body.data(), len), &end)
                                 == ErrorReason::NonFinite)
            return fail(error, ErrorReason::NonFinite,
                        "NaN and Infinity are not JSON numbers; lengths must be finite");
        return fail(error, ErrorReason::InvalidNumber,
                    "a number is malformed or out of the range of a double");
    case simdjson::EMPTY:
        return fail(error, ErrorReason::MalformedJson, "request body is empty; expected JSON");
    case simdjson::UTF8_ERROR:
    case simdjson::STRING_ERROR:
    case simdjson::UNESCAPED_CHARS:
        return fail(error, ErrorReason::MalformedJson, "request body has an invalid string");
    default:
        break;
    }
    std::size_t end = 0;
    const std::string_view text(body.data(), len);
    const ErrorReason reason = classifyStructureError(text, &end);
    if (reason == ErrorReason::TrailingGarbage) {
        element prefix;
        const bool prefixOk = !m_parser.parse(body.data(), end, false).get(prefix);
        if (prefixOk && text.find_first_not_of(" \t\r\n", end) != std::string_view::npos)
            return fail(error, ErrorReason::TrailingGarbage,
                        "unexpected bytes after the JSON document at offset "
                            + std::to_string(end));
    } else if (reason == ErrorReason::NonFinite) {
        return fail(error, ErrorReason::NonFinite,
                    "NaN and Infinity are not JSON numbers; lengths must be finite");
    }
    return fail(error, ErrorReason::MalformedJson,
                std::string("request body is not valid JSON: ") + simdjson::error_message(err));
}

bool RequestParser::parsePredict(std::string &body, InferenceInput &out, RequestError &error)
{
    out.rows.clear();
    out.batch = false;
    out.hasId = false;
    element root;
    if (!parseDocument(body, root, error))
        return false;
    object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType,
                    "body must be a JSON object with \"features\" or \"instances\", found "
                        + std::string(typeName(root.type())));
    element features, instances;
    const bool hasFeatures = obj["features"].get(features) == simdjson::SUCCESS;
    const bool hasInstances = obj["instances"].get(instances) == simdjson::SUCCESS;
    if (hasFeatures == hasInstances)
        return fail(error, ErrorReason::MissingKey,
                    hasFeatures ? "give either \"features\" or \"instances\", not both"
                                : "body needs a \"features\" array of 4 numbers or an "
                                  "\"instances\" array of such arrays");
    if (hasFeatures) {
        out.rows.emplace_back();
        return row(features, "\"features\"", out.rows.back(), error);
    }
    out.batch = true;
    array list;
    if (instances.get_array().get(list) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType,
                    "\"instances\" must be an array of arrays, found "
                        + std::string(typeName(instances.type())));
    if (list.size() == 0)
        return fail(error, ErrorReason::WrongArity, "\"instances\" must not be empty");
    for (element item : list) {
        out.rows.emplace_back();
        if (!row(item, "each instance", out.rows.back(), error))
            return false;
    }
    return true;
}

bool RequestParser::parseInfer(std::string &body, InferenceInput &out, RequestError &error)
{
    out.rows.clear();
    out.batch = true;
    out.hasId = false;
    element root;
    if (!parseDocument(body, root, error))
        return false;
    object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType,
                    "body must be a JSON object with \"inputs\", found "
                        + std::string(typeName(root.type())));
    element id;
    if (obj["id"].get(id) == simdjson::SUCCESS) {
        std::string_view s;
        if (id.get_string().get(s) != simdjson::SUCCESS)
            return fail(error, ErrorReason::WrongType, "\"id\" must be a string");
        out.id.assign(s);
        out.hasId = true;
    }
    element inputsEl;
    if (obj["inputs"].get(inputsEl) != simdjson::SUCCESS)
        return fail(error, ErrorReason::MissingKey, "body needs an \"inputs\" array");
    array inputs;
    if (inputsEl.get_array().get(inputs) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType, "\"inputs\" must be an array of tensors");
    if (inputs.size() != 1)
        return fail(error, ErrorReason::WrongArity,
                    "\"inputs\" must hold exactly one tensor, found "
                        + std::to_string(inputs.size()));
    object input;
    if (inputs.at(0).get_object().get(input) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType, "the input tensor must be an object");

    element datatypeEl, shapeEl, dataEl, nameEl;
    if (input["name"].get(nameEl) == simdjson::SUCCESS && !nameEl.is_string())
        return fail(error, ErrorReason::WrongType, "the tensor's \"name\" must be a string");
    if (input["datatype"].get(datatypeEl) != simdjson::SUCCESS)
        return fail(error, ErrorReason::MissingKey, "the input tensor needs a \"datatype\"");
    std::string_view datatype;
    if (datatypeEl.get_string().get(datatype) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType, "\"datatype\" must be a string");
    if (datatype != "FP32" && datatype != "FP64")
        return fail(error, ErrorReason::UnsupportedDatatype,
                    "datatype \"" + std::string(datatype.substr(0, 32))
                        + "\" is not supported; use FP32 or FP64");
    if (input["shape"].get(shapeEl) != simdjson::SUCCESS)
        return fail(error, ErrorReason::MissingKey, "the input tensor needs a \"shape\"");
    array shape;
    if (shapeEl.get_array().get(shape) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType, "\"shape\" must be an array of integers");
    int64_t dims[2] = {0, 0};
    if (shape.size() != 2)
        return fail(error, ErrorReason::ShapeMismatch,
                    "\"shape\" must be [N,4], found " + std::to_string(shape.size())
                        + " dimensions");
    std::size_t d = 0;
    for (element dim : shape) {
        if (dim.get_int64().get(dims[d]) != simdjson::SUCCESS)
            return fail(error, ErrorReason::WrongType, "\"shape\" must hold integers");
        ++d;
    }
    if (dims[1] != kFeatureCount || dims[0] < 1)
        return fail(error, ErrorReason::ShapeMismatch,
                    "\"shape\" must be [N,4] with N >= 1, found [" + std::to_string(dims[0]) + ","
                        + std::to_string(dims[1]) + "]");
    if (input["data"].get(dataEl) != simdjson::SUCCESS)
        return fail(error, ErrorReason::MissingKey, "the input tensor needs \"data\"");
    array data;
    if (dataEl.get_array().get(data) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType, "\"data\" must be an array");
    const std::size_t n = std::size_t(dims[0]);
    const std::size_t count = data.size();
    element first;
    const bool nested = count > 0 && data.at(0).get(first) == simdjson::SUCCESS && first.is_array();
    if (count == n * kFeatureCount && !nested) {
        out.rows.resize(n);
        std::size_t i = 0;
        for (element v : data) {
            if (!length(v, "\"data\" values", out.rows[i / kFeatureCount][i % kFeatureCount],
                        error))
                return false;
            ++i;
        }
        return true;
    }
    if (count == n && nested) {
        for (element item : data) {
            out.rows.emplace_back();
            array r;
            if (item.get_array().get(r) == simdjson::SUCCESS && r.size() != kFeatureCount)
                return fail(error, ErrorReason::ShapeMismatch,
                            "each row of \"data\" must have 4 values to match shape [N,4]");
            if (!row(item, "rows of \"data\"", out.rows.back(), error))
                return false;
        }
        return true;
    }
    return fail(error, ErrorReason::ShapeMismatch,
                "\"data\" has " + std::to_string(count) + " elements; shape ["
                    + std::to_string(dims[0]) + ",4] needs " + std::to_string(n * kFeatureCount)
                    + " values or " + std::to_string(n) + " rows of 4");
}

bool RequestParser::parseFaults(std::string &body, double *latencyMs, double *errorRate,
                                bool *hasLatency, bool *hasRate, RequestError &error)
{
    element root;
    if (!parseDocument(body, root, error))
        return false;
    object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS)
        return fail(error, ErrorReason::WrongType,
                    "body must be an object with \"latency_ms\" and/or \"error_rate\"");
    element e;
    *hasLatency = obj["latency_ms"].get(e) == simdjson::SUCCESS;
    if (*hasLatency) {
        if (e.get_double().get(*latencyMs) != simdjson::SUCCESS)
            return fail(error, ErrorReason::WrongType, "\"latency_ms\" must be a number");
        if (!(*latencyMs >= 0 && *latencyMs <= 60000))
            return fail(error, ErrorReason::OutOfRange, "\"latency_ms\" must be in 0…60000");
    }
    *hasRate = obj["error_rate"].get(e) == simdjson::SUCCESS;
    if (*hasRate) {
        if (e.get_double().get(*errorRate) != simdjson::SUCCESS)
            return fail(error, ErrorReason::WrongType, "\"error_rate\" must be a number");
        if (!(*errorRate >= 0 && *errorRate <= 1))
            return fail(error, ErrorReason::OutOfRange, "\"error_rate\" must be in 0…1");
    }
    if (!*hasLatency && !*hasRate)
        return fail(error, ErrorReason::MissingKey,
                    "body needs \"latency_ms\" and/or \"error_rate\"");
    return true;
}

bool RequestParser::parseFeedback(std::string &body, const QStringList &classNames,
                                  std::vector<FeedbackItem> &out, bool *batch, RequestError &error)
{
    out.clear();
    element root;
    if (!parseDocument(body, root, error))
        return false;
    auto item = [&](element e, std::size_t index) {
        const std::string where = *batch ? "feedback[" + std::to_string(index) + "]" : "body";
        object obj;
        if (e.get_object().get(obj) != simdjson::SUCCESS)
            return fail(error, ErrorReason::WrongType,
                        where + " must be an object with \"id\" and \"actual\"");
        FeedbackItem f;
        element v;
        if (obj["id"].get(v) != simdjson::SUCCESS)
            return fail(error, ErrorReason::MissingKey, where + " needs \"id\"");
        if (v.get_string().get(f.id) != simdjson::SUCCESS)
            return fail(error, ErrorReason::WrongType,
                        where + ": \"id\" must be a string (the X-Request-Id of the answer)");
        if (obj["actual"].get(v) != simdjson::SUCCESS)
            return fail(error, ErrorReason::MissingKey, where + " needs \"actual\"");
        std::string_view name;
        std::int64_t index64 = -1;
        if (v.get_string().get(name) == simdjson::SUCCESS) {
            for (qsizetype c = 0; c < classNames.size(); ++c)
                if (classNames[c].toUtf8() == QByteArray(name.data(), qsizetype(name.size())))
                    f.actual = int(c);
        } else if (v.get_int64().get(index64) == simdjson::SUCCESS) {
            if (index64 >= 0 && index64 < classNames.size())
                f.actual = int(index64);
        } else {
            return fail(error, ErrorReason::WrongType,
                        where + ": \"actual\" must be a class name or index");
        }
        if (f.actual < 0)
            return fail(error, ErrorReason::UnknownClass,
                        where + ": \"actual\" is not a class of the model ("
                            + classNames.join(QStringLiteral(", ")).toStdString() + ")");
        out.push_back(f);
        return true;
    };
    array list;
    object obj;
    if (root.get_object().get(obj) == simdjson::SUCCESS
        && obj["feedback"].get(root) == simdjson::SUCCESS) {
        if (root.get_array().get(list) != simdjson::SUCCESS)
            return fail(error, ErrorReason::WrongType, "\"feedback\" must be an array");
    } else if (root.get_array().get(list) != simdjson::SUCCESS) {
        *batch = false;
        return item(root, 0);
    }
    *batch = true;
    const std::size_t n = list.size();
    if (n == 0 || n > kMaxFeedbackItems)
        return fail(error, ErrorReason::WrongArity,
                    "a batch holds 1 to " + std::to_string(kMaxFeedbackItems) + " labels");
    std::size_t i = 0;
    for (element e : list)
        if (!item(e, i++))
            return false;
    return true;
}

} // namespace iris

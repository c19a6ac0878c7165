#pragma once

#include <array>
#include <cstdint>
#include <string_view>

// The fixed label values of iris-server's metrics. Fixed sets keep the label cardinality bounded
// whatever clients send, and let counters live in flat arrays indexed by these enums.
namespace iris {

enum class Method : std::uint8_t { Get, Post, Head, Other, Count };

// Routes; `Other` is every unknown path (label "other"), `Metrics` is never counted.
enum class Endpoint : std::uint8_t {
    Predict,
    V2Infer,
    V2Model,
    V2ModelReady,
    V2Live,
    V2Ready,
    V2,
    AdminFaults,
    Feedback,
    Metrics,
    Other,
    Count
};

// Values of inference_request_errors_total{reason}; also the "error" field of 4xx/503 bodies.
enum class ErrorReason : std::uint8_t {
    MalformedJson,        // not JSON, or truncated
    TrailingGarbage,      // a valid document followed by more bytes
    TooDeep,              // nesting beyond the parser's depth limit
    InvalidNumber,        // overflowing or otherwise unrepresentable number literal
    NonFinite,            // NaN / Infinity literals
    MissingKey,           // required key absent (or only unknown keys)
    WrongType,            // string/null/bool/object/array where something else belongs
    WrongArity,           // not 4 features, empty batch, not exactly one input tensor
    OutOfRange,           // a length not in (0, 100) cm, or a fault setting out of bounds
    ShapeMismatch,        // v2 shape disagrees with the data or is not [N,4]
    UnsupportedDatatype,  // v2 datatype other than FP32/FP64
    BodyTooLarge,         // 413, body over 64 KiB
    HeaderTooLarge,       // 431, request line + headers over 8 KiB
    BadHttp,              // unparsable request line or headers
    MethodNotAllowed,     // 405
    NotFound,             // 404
    Timeout,              // 408, request not complete within the read timeout
    Forbidden,            // 403, admin call from a non-loopback address, Host or Origin
    UnsupportedMediaType, // 415, admin POST whose Content-Type is not application/json
    Injected,             // 503 from fault injection
    UnknownId,            // 404, /feedback for an id the server never gave or no longer keeps
    DuplicateLabel,       // 409, /feedback for a prediction that already has its label
    UnknownClass,         // 400, /feedback "actual" is not a class of the model
    Count
};

inline constexpr std::array<std::string_view, std::size_t(Method::Count)> kMethodNames = {
    "GET", "POST", "HEAD", "other"};

inline constexpr std::array<std::string_view, std::size_t(Endpoint::Count)> kEndpointNames = {
    "/predict",
    "/v2/models/iris/infer",
    "/v2/models/iris",
    "/v2/models/iris/ready",
    "/v2/health/live",
    "/v2/health/ready",
    "/v2",
    "/admin/faults",
    "/feedback",
    "/metrics",
    "other"};

inline constexpr std::array<std::string_view, std::size_t(ErrorReason::Count)> kReasonNames = {
    "malformed_json",
    "trailing_garbage",
    "too_deep",
    "invalid_number",
    "non_finite",
    "missing_key",
    "wrong_type",
    "wrong_arity",
    "out_of_range",
    "shape_mismatch",
    "unsupported_datatype",
    "body_too_large",
    "header_too_large",
    "bad_http",
    "method_not_allowed",
    "not_found",
    "timeout",
    "forbidden",
    "unsupported_media_type",
    "injected",
    "unknown_id",
    "duplicate_label",
    "unknown_class"};

// The HTTP statuses the server sends; anything else is counted under the last slot ("other").
inline constexpr std::array<int, 13> kStatusCodes = {200, 400, 403, 404, 405, 408, 409,
                                                     413, 415, 431, 500, 503, 0};

inline constexpr std::size_t statusIndex(int status) noexcept
{
    for (std::size_t i = 0; i + 1 < kStatusCodes.size(); ++i)
        if (kStatusCodes[i] == status)
            return i;
    return kStatusCodes.size() - 1;
}

inline constexpr std::string_view name(Method m) noexcept
{
    return kMethodNames[std::size_t(m)];
}
inline constexpr std::string_view name(Endpoint e) noexcept
{
    return kEndpointNames[std::size_t(e)];
}
inline constexpr std::string_view name(ErrorReason r) noexcept
{
    return kReasonNames[std::size_t(r)];
}

} // namespace iris

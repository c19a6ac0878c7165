#pragma once

#include <QString>

namespace vitals::prom {

// What went wrong with a request, after client_golang's api/v1 error types plus the failures a
// desktop client meets before a server ever answers (network, TLS, an answer too large).
enum class ErrorType {
    None,      // success
    BadData,   // "bad_data": the server rejected the request (PromQL syntax, bad parameter) — 400
    Timeout,   // "timeout": the server's query timeout, or our own request timeout
    Canceled,  // "canceled": the server or the user canceled the query
    Execution, // "execution": the query failed while running (422 usually)
    BadResponse, // the answer could not be decoded (not JSON, truncated, wrong shape)
    Server,      // 5xx, or "internal"/"unavailable" from the server
    Client,      // other 4xx: 401/403 (credentials), 404 (path), 413, 429…
    Network,     // connection refused, host not found, connection reset
    Tls,         // certificate could not be verified, handshake failed
    TooLarge,    // the answer exceeded the response size cap (see Transport::setMaxResponseBytes)
};

// A failed request, ready to show: `message` is one or two plain sentences for the person
// using the console (what happened and what to try); `detail` holds the technical text (the
// server's error string, the raw body of an unexpected answer, Qt's network error) for a
// "details" box or a log. httpStatus is 0 when no HTTP answer arrived.
struct Error {
    ErrorType type = ErrorType::None;
    QString message;
    QString detail;
    int httpStatus = 0;

    bool isError() const { return type != ErrorType::None; }
    explicit operator bool() const { return isError(); }
};

// The API's name for a type ("bad_data", "timeout", … "network", "tls", "too_large"; "" for
// None) and back. Unknown names map to Server for "internal"/"unavailable", Client for
// "not_found"/"not_acceptable", and BadResponse otherwise.
QString errorTypeName(ErrorType type);
ErrorType errorTypeFromName(QStringView name);

} // namespace vitals::prom

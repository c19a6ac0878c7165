#pragma once

#include "core/prom/results.h"
#include "core/prom/transport.h"

#include <QByteArray>
#include <QUrl>

// The envelope layer: turns an HttpResponse into a typed result.
//
// A 2xx answer must be the API envelope `{"status":"success","data":…,"warnings":[…],
// "infos":[…]}`; `data` is decoded by the endpoint's decoder below. An error envelope
// (`{"status":"error","errorType":"bad_data","error":"…"}`, as Prometheus sends with 400, 422,
// 503…) becomes an Error of that type whose message quotes the server's error text (so a PromQL
// syntax error shows Prometheus's parse error). An errorType the API does not define (such as
// VictoriaMetrics's "422") is typed from the HTTP status: 400 bad_data, 422 execution, 5xx server.
// Any other non-2xx answer keeps its raw body in Error::detail and gets a plain message from its
// status (401/403 credentials, 404 path prefix, 5xx server). Transfer errors (HttpResponse::error)
// pass through unchanged.
//
// Query results are decoded with simdjson's On Demand API (its SIMD indexing kernel picked at
// run time) in one pass over the JSON straight into the series store. Sample values are parsed from
// their strings so "NaN", "+Inf" and "-Inf" survive; timestamps (float seconds) are rounded to
// milliseconds. Malformed, truncated or unexpected JSON gives ErrorType::BadResponse with the
// parser's reason in Error::detail, never a crash. Native histogram samples ("histogram" /
// "histograms") are skipped.
//
// Pure functions; each thread reuses its own parser, so they are safe to call from any thread.
// The body is read in place when it has kBodyPadding spare capacity (Transport keeps that),
// otherwise it is copied once.
namespace vitals::prom {

QueryResult decodeQueryResponse(const HttpResponse &response);
// Expects a matrix; RangeResult::query is left for the caller to fill.
RangeResult decodeRangeResponse(const HttpResponse &response);
SeriesResult decodeSeriesResponse(const HttpResponse &response);
// /labels and /label/<name>/values: an array of strings.
StringListResult decodeStringListResponse(const HttpResponse &response);
MetadataResult decodeMetadataResponse(const HttpResponse &response);
TargetsResult decodeTargetsResponse(const HttpResponse &response);
RulesResult decodeRulesResponse(const HttpResponse &response);
AlertsResult decodeAlertsResponse(const HttpResponse &response);
BuildInfoResult decodeBuildInfoResponse(const HttpResponse &response);
// /status/config: data.yaml.
ConfigResult decodeConfigResponse(const HttpResponse &response);

// Decodes only the envelope: status, error, warnings and infos (data is skipped).
ResultBase decodeEnvelopeOnly(const HttpResponse &response);

// The error for a non-2xx answer that is not an API error envelope.
Error httpStatusError(int httpStatus, const QByteArray &body, const QUrl &url);

// Convenience for tests and tools: a 200 answer with this body.
HttpResponse okResponse(QByteArray body);

} // namespace vitals::prom

#pragma once

#include "core/alertmanager/alertmanagertypes.h"
#include "core/prom/transport.h"

// Decoders of Alertmanager API v2 answers (plain JSON, no envelope). A transfer error passes
// through unchanged; a non-2xx answer becomes a typed error whose message quotes Alertmanager's
// own text when it sent one (a bad matcher, an unknown silence); a body that is not JSON, is
// truncated, nests too deep or has the wrong shape gives ErrorType::BadResponse with the reason
// in Error::detail. Members the API marks optional may be absent; a member of the wrong type is
// an error, never a crash. Pure functions, safe from any thread.
namespace vitals::alertmanager {

// GET /api/v2/alerts
AlertsResult decodeAlerts(const prom::HttpResponse &response);
// GET /api/v2/alerts/groups
AlertGroupsResult decodeAlertGroups(const prom::HttpResponse &response);
// GET /api/v2/silences
SilencesResult decodeSilences(const prom::HttpResponse &response);
// POST /api/v2/silences → {"silenceID": "…"}
CreateSilenceResult decodeCreateSilence(const prom::HttpResponse &response);
// DELETE /api/v2/silence/{id}: any 2xx is success, the body is ignored.
ExpireSilenceResult decodeExpireSilence(const prom::HttpResponse &response);
// GET /api/v2/status
StatusResult decodeStatus(const prom::HttpResponse &response);

// The JSON body of POST /api/v2/silences for `draft`; `now` fills an invalid startsAt.
QByteArray silenceJson(const SilenceDraft &draft, const QDateTime &now);

// RFC 3339 with any number of fractional digits (Go writes nanoseconds) and Z or ±hh:mm, as
// UTC; invalid when it is not one.
QDateTime parseTime(const QString &text);

} // namespace vitals::alertmanager

#pragma once

// Shared by the envelope decoder (envelope.cpp) and the decoders of the server's status and
// management answers (statusdecode.cpp, httperror.cpp). Not for use outside core/prom.

#include "core/prom/results.h"

#include <QByteArray>
#include <QJsonValue>

#include <optional>

namespace vitals::prom {

// The first 4 KiB of a body as text, with its full size when cut: what an error's details show.
QString bodyExcerpt(const QByteArray &body);

// Decodes the envelope of a small, irregular answer (targets, rules, alerts, metadata, build
// info, configuration) and returns its "data" member as a QJsonValue, whose convenience
// outweighs its speed there. On any failure returns nothing and `out.error` says why; warnings
// and infos are set in both cases.
std::optional<QJsonValue> decodeJsonEnvelope(const HttpResponse &response, ResultBase &out);

} // namespace vitals::prom

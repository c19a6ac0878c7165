// How an HTTP status that is not 2xx (and carries no Prometheus error envelope) reads for a user.
#include "core/prom/envelope.h"
#include "core/prom/envelopeinternal.h"

#include <QUrl>

namespace vitals::prom {

Error httpStatusError(int httpStatus, const QByteArray &body, const QUrl &url)
{
    Error e;
    e.httpStatus = httpStatus;
    e.detail = QStringLiteral("HTTP %1 from %2\n%3")
                   .arg(httpStatus)
                   .arg(url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery), bodyExcerpt(body));
    switch (httpStatus) {
    case 401:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("The server asks for credentials (401 Unauthorized). Check the "
                                   "user name and password, or the token.");
        break;
    case 403:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("Access denied (403 Forbidden). The credentials or the tenant "
                                   "are not allowed to read from this server.");
        break;
    case 404:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("Nothing found at %1 (404). The path prefix is probably wrong: "
                                   "Prometheus needs none, Mimir uses /prometheus, a "
                                   "VictoriaMetrics cluster /select/0/prometheus.")
                        .arg(url.path());
        break;
    case 413:
    case 414:
    case 431:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("The request is too large for the server (HTTP %1). Shorten "
                                   "the query.")
                        .arg(httpStatus);
        break;
    case 429:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("The server is limiting requests (429 Too Many Requests). Try "
                                   "again in a moment or refresh less often.");
        break;
    default:
        if (httpStatus >= 500) {
            e.type = ErrorType::Server;
            e.message = QStringLiteral("The server failed with HTTP %1. It may be overloaded or "
                                       "misconfigured; the details show what it said.")
                            .arg(httpStatus);
        } else if (httpStatus >= 400) {
            e.type = ErrorType::Client;
            e.message = QStringLiteral("The server refused the request (HTTP %1).").arg(httpStatus);
        } else {
            e.type = ErrorType::BadResponse;
            e.message = QStringLiteral("The server answered with an unexpected HTTP status %1.")
                            .arg(httpStatus);
        }
        break;
    }
    return e;
}

} // namespace vitals::prom

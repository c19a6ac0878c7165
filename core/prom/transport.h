#pragma once

#include "core/prom/connectionprofile.h"
#include "core/prom/error.h"
#include "core/prom/requesthandle.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace vitals::prom {

// One HTTP request to the API, relative to the profile's base URL and prefix.
struct HttpRequest {
    QString apiPath;                       // e.g. "/api/v1/query_range"
    QList<QPair<QString, QString>> params; // sent percent-encoded ('+' included)
    bool postAllowed = false; // send as a form POST (long queries fit; GET when refused)
    int timeoutMs = 0;        // 0: the profile's timeoutMs
    // Other verbs, for APIs beside Prometheus's (Alertmanager's silences): "POST" sends
    // `jsonBody` as application/json, "DELETE" sends no body. Empty: GET, or the form POST above.
    QByteArray verb = {};
    QByteArray jsonBody = {};
};

// What came back. Either `error` is set (the transfer failed: network, TLS, timeout, too
// large, not HTTP), or httpStatus holds the status and body the whole (decompressed) answer,
// whatever the status. Deciding what a 4xx/5xx means is the envelope decoder's job.
struct HttpResponse {
    QUrl url;
    int httpStatus = 0;
    QByteArray body; // keeps at least kBodyPadding bytes of spare capacity (see below)
    QByteArray contentType;
    Error error;
    bool usedPost = false;
    qint64 elapsedMs = 0;
};

// Spare capacity kept after a response body so the JSON decoder can read it in place.
inline constexpr qsizetype kBodyPadding = 64;

// Default cap on the size of one (decompressed) answer.
inline constexpr qint64 kDefaultMaxResponseBytes = 64LL * 1024 * 1024;

// The HTTP layer: sends API requests for one connection profile over a QNetworkAccessManager.
//
//  - Form POST for endpoints that accept it, falling back to GET (and remembering to use GET
//    from then on) when the server or a proxy answers 403, 405 or 501.
//  - gzip/deflate: Accept-Encoding is left to QNetworkAccessManager, which then advertises
//    and transparently decompresses; the size cap applies to the decompressed bytes.
//  - Timeout per request (the whole transfer, and no-progress via setTransferTimeout).
//  - Cancellation through the returned RequestHandle.
//  - A cap on the answer's size (default 64 MiB), checked as bytes arrive; over it the
//    transfer stops with ErrorType::TooLarge.
//  - Authentication headers (bearer token, else basic auth), X-Scope-OrgID, extra headers;
//    the profile's CA file is added to the request's TLS configuration. Certificate errors are
//    never ignored.
//
// Threading: a Transport and every callback belong to the thread that created it (the GUI
// thread). Callbacks run from that thread's event loop, never from inside send(), one per turn
// of the loop (core/turnqueue.h): answers that arrive together (a dashboard's refresh) are
// handed over one at a time, so input and paints never wait for all of their decoding.
// Ownership: QObject parent; requests still running when it is destroyed are aborted silently.
class Transport : public QObject
{
    Q_OBJECT
public:
    explicit Transport(ConnectionProfile profile = {}, QObject *parent = nullptr);
    ~Transport() override;

    const ConnectionProfile &profile() const { return m_profile; }
    // Applies to requests sent afterwards; resets the POST→GET memory.
    void setProfile(ConnectionProfile profile);

    qint64 maxResponseBytes() const { return m_maxResponseBytes; }
    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }

    // True once the server refused a form POST: every later request is a GET.
    bool postRejected() const { return m_postRejected; }

    // Sends `request`. `done` runs exactly once unless the handle is reset/destroyed first or
    // `context` is destroyed first (then never). `context` must live in this thread; nullptr
    // means the Transport itself.
    RequestHandle send(const HttpRequest &request, QObject *context,
                       std::function<void(const HttpResponse &)> done);

    // send(), with the answer turned into a typed result by `decode` before `done` sees it (the
    // API clients' calls: PromClient, AlertmanagerClient). Same lifetime rules as send().
    template<typename Result>
    RequestHandle sendDecoded(const HttpRequest &request, QObject *context,
                              Result (*decode)(const HttpResponse &),
                              std::function<void(const Result &)> done)
    {
        return send(request, context,
                    [decode, done = std::move(done)](const HttpResponse &response) {
                        const Result result = decode(response);
                        if (done)
                            done(result);
                    });
    }

private:
    friend class PendingRequest;
    ConnectionProfile m_profile;
    QNetworkAccessManager *m_nam = nullptr;
    qint64 m_maxResponseBytes = kDefaultMaxResponseBytes;
    bool m_postRejected = false;
};

} // namespace vitals::prom

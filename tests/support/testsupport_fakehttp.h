#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

#include <functional>

namespace vitals::testsupport {

// A deliberately misbehaving HTTP/1.1 server on 127.0.0.1 (ephemeral port) for fault tests:
// the things a real Prometheus will not do on demand (answer late, cut the body short, send
// garbage, reset the connection, answer a 500 page). For everything else use a real server.
//
// Each connection reads one request (headers and Content-Length body), records it, asks the
// handler what to do, does it and closes. Lives in the test's thread; needs its event loop.
class FakeHttpServer : public QObject
{
public:
    struct Request {
        QByteArray method;
        QByteArray target;                            // path and query, as sent
        QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
        QByteArray body;
        QByteArray header(const QByteArray &lowerName) const;
    };

    struct Action {
        QByteArray bytes;       // written as is (use httpResponse() for a well-formed one)
        int delayMs = 0;        // wait before writing anything
        qint64 writeLimit = -1; // write only this many bytes of `bytes`, then close (truncation)
        bool reset = false;     // abort the connection instead of answering
    };

    using Handler = std::function<Action(const Request &)>;

    explicit FakeHttpServer(Handler handler, QObject *parent = nullptr);

    QUrl baseUrl() const;
    const QList<Request> &requests() const { return m_requests; }

    // A complete HTTP/1.1 response with Content-Length and Connection: close.
    static QByteArray httpResponse(int status, const QByteArray &body,
                                   const QByteArray &contentType = "application/json",
                                   const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});

private:
    void onConnection();
    QTcpServer m_server;
    Handler m_handler;
    QList<Request> m_requests;
};

} // namespace vitals::testsupport

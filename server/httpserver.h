#pragma once

#include "server/metrics.h"
#include "server/router.h"

#include <QString>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace iris {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8000; // 0 = any free port; see HttpServer::port()
    int threads = 0;           // worker threads; 0 = one per core
    bool accessLog = false;    // one stderr line per request
    // A request must arrive completely within this time of the connection becoming ready for
    // it (also the idle keep-alive timeout, and the limit for a client to take a response).
    std::chrono::milliseconds readTimeout{10000};
    // true (default): one io_context run by all threads, a strand per connection; false: one
    // io_context per thread, connections spread round-robin. Measured with wrk -t2 -c64 on
    // 2 cores: similar throughput, but p99 2–7 ms shared against 8–19 ms per thread, because a
    // descheduled thread strands its connections only in the per-thread layout.
    bool sharedContext = true;
};

// The HTTP/1.1 transport of iris-server (Boost.Beast parser over Asio sockets): keep-alive,
// pipelining, HTTP/1.0, limits (8 KiB of headers → 431, 64 KiB of body → 413, read timeout →
// 408), then Router::handle() for each request and request metrics for each answer.
//
// Lifetime: listen(), then start(); stop() (or the destructor) stops accepting, lets requests
// already read finish for up to `grace`, then closes every connection and joins the threads.
// The router and metrics must outlive the server. Methods are for one controlling thread.
class HttpServer
{
public:
    HttpServer(ServerOptions options, const Router &router, Metrics &metrics);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    // Binds and listens; false with `error` set when the address is unusable or taken.
    bool listen(QString *error);
    std::uint16_t port() const;
    const std::string &host() const;
    int threadCount() const;

    void start();
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(1500));

    struct Impl; // the Asio side; named here only so the connection class can reach it

private:
    std::unique_ptr<Impl> d;
};

} // namespace iris

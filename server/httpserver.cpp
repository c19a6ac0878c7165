// GCC 12 with Boost 1.74's Asio needs <utility> before any Asio header.
#include <utility>

#include "server/httpserver.h"

#include "server/requestheaders.h"
#include "server/requestparser.h"
#include "server/serverlogging.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <ctime>
#include <optional>
#include <thread>
#include <vector>

namespace iris {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxHeaderBytes = 8 * 1024;

std::string_view sv(beast::string_view s)
{
    return {s.data(), s.size()};
}

std::string_view reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Internal Server Error";
    }
}

// The Date header changes once a second; each thread formats it at most that often.
std::string_view httpDate()
{
    thread_local std::time_t last = 0;
    thread_local char text[40];
    const std::time_t now = std::time(nullptr);
    if (now != last) {
        last = now;
        std::tm tm{};
        gmtime_r(&now, &tm);
        std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    }
    return text;
}

} // namespace

struct HttpServer::Impl {
    ServerOptions options;
    const Router &router;
    Metrics &metrics;
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<std::thread> threads;
    std::optional<tcp::acceptor> acceptor;
    std::optional<asio::steady_timer> acceptRetry; // backs off while out of descriptors
    bool acceptBackingOff = false;
    std::optional<tcp::socket> pending; // the next connection, on its worker's executor
    std::size_t nextContext = 0;
    std::uint16_t port = 0;
    int threadCount = 1;
    std::atomic<bool> stopping{false};
    std::atomic<int> inFlight{0};
    bool started = false;

    Impl(ServerOptions o, const Router &r, Metrics &m)
        : options(std::move(o))
        , router(r)
        , metrics(m)
    {
        threadCount = options.threads > 0 ? options.threads
                                          : int(qMax(1u, std::thread::hardware_concurrency()));
        const int contextCount = options.sharedContext ? 1 : threadCount;
        for (int i = 0; i < contextCount; ++i)
            contexts.push_back(
                std::make_unique<asio::io_context>(options.sharedContext ? threadCount : 1));
    }

    void accept();
};

namespace {

class Session : public std::enable_shared_from_this<Session>
{
public:
    Session(tcp::socket socket, HttpServer::Impl &server)
        : m_socket(std::move(socket))
        , m_timer(m_socket.get_executor())
        , m_delay(m_socket.get_executor())
        , m_server(server)
    {
        boost::system::error_code ec;
        const auto peer = m_socket.remote_endpoint(ec);
        m_loopback = !ec && peer.address().is_loopback();
        m_socket.set_option(tcp::no_delay(true), ec);
    }

    void run()
    {
        m_deadline = Clock::now() + m_server.options.readTimeout;
        watchDeadline();
        read();
    }

private:
    // One timer per connection, re-armed only when it fires: moving the deadline per request
    // is a plain store instead of a timer operation.
    void watchDeadline()
    {
        m_timer.expires_at(m_deadline);
        m_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec || self->m_closed)
                return;
            if (Clock::now() >= self->m_deadline) {
                self->m_timedOut = true;
                boost::system::error_code ignored;
                self->m_socket.cancel(ignored);
                if (self->m_draining || self->m_writing)
                    self->m_socket.close(ignored);
                return;
            }
            self->watchDeadline();
        });
    }

    void read()
    {
        if (m_server.stopping.load(std::memory_order_relaxed)) {
            close();
            return;
        }
        m_parser.emplace();
        m_parser->header_limit(kMaxHeaderBytes);
        m_parser->body_limit(kMaxBodyBytes);
        m_deadline = Clock::now() + m_server.options.readTimeout;
        http::async_read(
            m_socket, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
    }

    void onRead(beast::error_code ec)
    {
        m_started = Clock::now();
        m_deadline = Clock::time_point::max();
        if (!ec) {
            handle();
            return;
        }
        if (m_timedOut) {
            if (m_parser->got_some() || m_buffer.size() > 0)
                fail(408, ErrorReason::Timeout, "the request did not arrive in time");
            else
                close();
            return;
        }
        if (ec == http::error::header_limit)
            fail(431, ErrorReason::HeaderTooLarge, "the request line and headers exceed 8 KiB");
        else if (ec == http::error::body_limit)
            fail(413, ErrorReason::BodyTooLarge, "the request body exceeds 64 KiB");
        else if (ec.category() == beast::error_code(http::error::end_of_stream).category()
                 && ec != http::error::end_of_stream && ec != http::error::partial_message)
            fail(400, ErrorReason::BadHttp, "malformed HTTP request: " + ec.message());
        else
            close();
    }

    void handle()
    {
        auto &req = m_parser->get();
        m_keepAlive = req.keep_alive();
        m_http10 = req.version() == 10;
        m_head = req.method() == http::verb::head;
        m_target = sv(req.target());
        m_request.method = sv(req.method_string());
        m_request.target = m_target;
        m_request.body = &req.body();
        m_request.fromLoopback = m_loopback;
        copyCheckedHeaders(req.base(), m_request);
        m_server.inFlight.fetch_add(1, std::memory_order_relaxed);
        m_counted = true;
        // Scrapes are not traffic: they stay out of inference_in_flight as out of the counters.
        m_gauged = Router::endpointOf(m_target) != Endpoint::Metrics;
        if (m_gauged)
            m_server.metrics.requestStarted();
        m_server.router.handle(m_request, m_response);
        if (m_response.delayUs > 0) {
            m_delay.expires_after(std::chrono::microseconds(m_response.delayUs));
            m_delay.async_wait(
                [self = shared_from_this()](boost::system::error_code) { self->send(); });
            return;
        }
        send();
    }

    // Answers a request that could not be read completely, then closes the connection.
    void fail(int status, ErrorReason reason, const std::string &detail)
    {
        m_keepAlive = false;
        m_head = false;
        m_http10 = false;
        m_response.method = Method::Other;
        m_response.endpoint = Endpoint::Other;
        m_response.allow = {};
        if (m_parser && m_parser->is_header_done()) {
            m_response.method = Router::methodOf(sv(m_parser->get().method_string()));
            m_response.endpoint = Router::endpointOf(sv(m_parser->get().target()));
            m_target = sv(m_parser->get().target());
        } else {
            m_target.clear();
        }
        m_server.router.error(m_response, status, reason, detail);
        send();
    }

    void send()
    {
        const auto elapsed = Clock::now() - m_started;
        m_server.metrics.recordRequest(m_response.method, m_response.endpoint, m_response.status,
                                       elapsed);
        // The gauge drops before the answer leaves, so a scrape that follows an answer never
        // still counts that request as in flight; shutdown still waits for the write (inFlight).
        if (m_gauged) {
            m_gauged = false;
            m_server.metrics.requestFinished();
        }
        if (m_server.options.accessLog)
            qCInfo(lcServer).noquote()
                << name(m_response.method).data()
                << QString::fromUtf8(m_target.data(),
                                     qsizetype(qMin<std::size_t>(m_target.size(), 200)))
                << m_response.status << std::chrono::duration<double, std::milli>(elapsed).count()
                << "ms";
        const bool close = !m_keepAlive || m_server.stopping.load(std::memory_order_relaxed);
        m_closeAfterWrite = close;

        std::string &h = m_header;
        h.clear();
        h.append("HTTP/1.1 ");
        char num[16];
        auto r = std::to_chars(num, num + sizeof num, m_response.status);
        h.append(num, r.ptr).append(" ").append(reasonPhrase(m_response.status));
        h.append("\r\nServer: iris-server\r\nDate: ").append(httpDate());
        h.append("\r\nContent-Type: ").append(m_response.contentType);
        h.append("\r\nContent-Length: ");
        r = std::to_chars(num, num + sizeof num, m_response.body.size());
        h.append(num, r.ptr);
        if (!m_response.allow.empty())
            h.append("\r\nAllow: ").append(m_response.allow);
        if (m_response.requestIdLength)
            h.append("\r\nX-Request-Id: ").append(m_response.requestIdView());
        if (close)
            h.append("\r\nConnection: close");
        else if (m_http10)
            h.append("\r\nConnection: keep-alive");
        h.append("\r\n\r\n");

        std::array<asio::const_buffer, 2> buffers = {
            asio::buffer(m_header), m_head ? asio::const_buffer() : asio::buffer(m_response.body)};
        m_writing = true;
        m_deadline = Clock::now() + m_server.options.readTimeout;
        asio::async_write(m_socket, buffers,
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                              self->onWrite(ec);
                          });
    }

    void onWrite(boost::system::error_code ec)
    {
        m_writing = false;
        if (m_counted) {
            m_counted = false;
            m_server.inFlight.fetch_sub(1, std::memory_order_relaxed);
        }
        if (ec) {
            close();
            return;
        }
        if (m_closeAfterWrite) {
            drainAndClose();
            return;
        }
        read();
    }

    // Closing with unread request bytes makes the kernel send a reset, which can destroy the
    // error response before the client reads it; so half-close and drain for a moment first.
    void drainAndClose()
    {
        boost::system::error_code ignored;
        m_socket.shutdown(tcp::socket::shutdown_send, ignored);
        m_draining = true;
        m_deadline = Clock::now() + std::chrono::milliseconds(500);
        drain();
    }

    void drain()
    {
        m_socket.async_read_some(
            asio::buffer(m_scratch),
            [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                if (ec)
                    self->close();
                else
                    self->drain();
            });
    }

    void close()
    {
        m_closed = true;
        boost::system::error_code ignored;
        m_timer.cancel();
        m_delay.cancel();
        m_socket.shutdown(tcp::socket::shutdown_both, ignored);
        m_socket.close(ignored);
    }

    tcp::socket m_socket;
    asio::steady_timer m_timer;
    asio::steady_timer m_delay;
    HttpServer::Impl &m_server;
    beast::flat_buffer m_buffer{kMaxHeaderBytes + kMaxBodyBytes + 4096};
    std::optional<http::request_parser<http::string_body>> m_parser;
    HttpRequest m_request;
    HttpResponse m_response;
    std::string m_header;
    std::string m_target;
    std::array<char, 4096> m_scratch;
    Clock::time_point m_deadline;
    Clock::time_point m_started;
    bool m_loopback = false;
    bool m_keepAlive = true;
    bool m_http10 = false;
    bool m_head = false;
    bool m_timedOut = false;
    bool m_writing = false;
    bool m_draining = false;
    bool m_closed = false;
    bool m_counted = false;
    bool m_gauged = false;
    bool m_closeAfterWrite = false;
};

} // namespace

void HttpServer::Impl::accept()
{
    if (options.sharedContext)
        pending.emplace(asio::make_strand(*contexts[0]));
    else
        pending.emplace(contexts[nextContext++ % contexts.size()]->get_executor());
    acceptor->async_accept(*pending, [this](boost::system::error_code ec) {
        if (ec == asio::error::operation_aborted || !acceptor || !acceptor->is_open())
            return;
        if (!ec) {
            acceptBackingOff = false;
            std::make_shared<Session>(std::move(*pending), *this)->run();
        } else if (ec == asio::error::no_descriptors || ec.value() == ENFILE
                   || ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
            // The connection stays in the kernel's backlog, so accepting again at once would
            // fail again at once: a busy loop. Retry when connections may have closed.
            if (!acceptBackingOff)
                qCWarning(lcServer) << "accept failed:" << QString::fromStdString(ec.message())
                                    << "- retrying every 50 ms until descriptors are free";
            acceptBackingOff = true;
            acceptRetry->expires_after(std::chrono::milliseconds(50));
            acceptRetry->async_wait([this](boost::system::error_code waitError) {
                if (!waitError && !stopping.load())
                    accept();
            });
            return;
        } else {
            qCWarning(lcServer) << "accept failed:" << QString::fromStdString(ec.message());
        }
        accept();
    });
}

HttpServer::HttpServer(ServerOptions options, const Router &router, Metrics &metrics)
    : d(std::make_unique<Impl>(std::move(options), router, metrics))
{}

HttpServer::~HttpServer()
{
    stop(std::chrono::milliseconds(0));
}

bool HttpServer::listen(QString *error)
{
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(d->options.host, ec);
    if (ec) {
        if (error)
            *error = QStringLiteral("invalid address %1: %2")
                         .arg(QString::fromStdString(d->options.host),
                              QString::fromStdString(ec.message()));
        return false;
    }
    const tcp::endpoint endpoint(address, d->options.port);
    d->acceptor.emplace(*d->contexts[0]);
    d->acceptRetry.emplace(*d->contexts[0]);
    auto failed = [&](const char *what) {
        if (error)
            *error = QStringLiteral("cannot %1 %2:%3: %4")
                         .arg(QLatin1String(what), QString::fromStdString(d->options.host))
                         .arg(d->options.port)
                         .arg(QString::fromStdString(ec.message()));
        d->acceptor.reset();
        return false;
    };
    if (d->acceptor->open(endpoint.protocol(), ec))
        return failed("open");
    d->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (d->acceptor->bind(endpoint, ec))
        return failed("bind");
    if (d->acceptor->listen(asio::socket_base::max_listen_connections, ec))
        return failed("listen on");
    d->port = d->acceptor->local_endpoint(ec).port();
    return true;
}

std::uint16_t HttpServer::port() const
{
    return d->port;
}

const std::string &HttpServer::host() const
{
    return d->options.host;
}

int HttpServer::threadCount() const
{
    return d->threadCount;
}

void HttpServer::start()
{
    if (d->started || !d->acceptor)
        return;
    d->started = true;
    d->accept();
    for (int i = 0; i < d->threadCount; ++i) {
        asio::io_context &ctx = *d->contexts[std::size_t(i) % d->contexts.size()];
        d->threads.emplace_back([&ctx] {
            auto guard = asio::make_work_guard(ctx);
            ctx.run();
        });
    }
}

void HttpServer::stop(std::chrono::milliseconds grace)
{
    if (!d->started) {
        d->acceptor.reset();
        return;
    }
    d->stopping = true;
    asio::post(*d->contexts[0], [this] {
        boost::system::error_code ignored;
        if (d->acceptor)
            d->acceptor->close(ignored);
        if (d->acceptRetry)
            d->acceptRetry->cancel();
    });
    const auto until = Clock::now() + grace;
    while (d->inFlight.load() > 0 && Clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    for (auto &ctx : d->contexts)
        ctx->stop();
    for (auto &t : d->threads)
        t.join();
    d->threads.clear();
    d->acceptor.reset();
    d->started = false;
}

} // namespace iris

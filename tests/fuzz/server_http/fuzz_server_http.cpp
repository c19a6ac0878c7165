// Fuzz target: raw bytes on an iris-server connection. They go through the same Boost.Beast
// request parser, with the same limits, as server/httpserver.cpp uses, one message after
// another (pipelining), and every complete request is routed through Router::handle().
#include <utility> // GCC 12 with Boost 1.74's Asio needs <utility> before any Asio header.

#include "server/requestheaders.h"
#include "server/requestparser.h"
#include "serverfixture.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace http = boost::beast::http;

namespace {

constexpr std::size_t kMaxHeaderBytes = 8 * 1024; // as server/httpserver.cpp

std::string_view sv(boost::beast::string_view s)
{
    return {s.data(), s.size()};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    ServerFixture &f = ServerFixture::instance();
    const char *at = reinterpret_cast<const char *>(data);
    std::size_t left = size;
    // Bytes arrive in pieces of varying size, as from a socket: the first byte sets the size.
    std::size_t piece = size > 0 ? std::size_t(data[0] % 64) + 1 : 1;
    for (int messages = 0; left > 0 && messages < 64; ++messages) {
        std::optional<http::request_parser<http::string_body>> parser(std::in_place);
        parser->header_limit(kMaxHeaderBytes);
        parser->body_limit(iris::kMaxBodyBytes);
        parser->eager(true);
        boost::beast::error_code ec;
        std::string pending;
        while (!parser->is_done() && left > 0) {
            const std::size_t n = std::min(piece, left);
            pending.append(at, n);
            at += n;
            left -= n;
            const std::size_t used = parser->put(boost::asio::buffer(pending), ec);
            FUZZ_CHECK(used <= pending.size(), "the parser consumed more than it was given");
            pending.erase(0, used);
            if (ec == http::error::need_more) {
                ec = {};
                continue;
            }
            if (ec)
                break;
        }
        if (!ec && !parser->is_done() && parser->need_eof()) {
            parser->put_eof(ec);
        }
        if (ec || !parser->is_done())
            return 0; // the server answers 400/413/431 or closes: nothing more on this connection
        auto &req = parser->get();
        std::string target(sv(req.target()));
        iris::HttpRequest request;
        request.method = sv(req.method_string());
        request.target = target;
        request.body = &req.body();
        iris::copyCheckedHeaders(req.base(), request);
        iris::HttpResponse response;
        f.router->handle(request, response);
        f.checkResponse(response);
        f.checkFaultsAndReset(response);
        // Bytes past the message belong to the next pipelined request.
        if (!pending.empty()) {
            at -= pending.size();
            left += pending.size();
        }
        if (!req.keep_alive())
            return 0;
    }
    return 0;
}

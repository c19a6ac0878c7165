// End-to-end tests of the iris-server executable's fault injection (POST /admin/faults and the
// --inject-* flags), on an ephemeral loopback port.
#include "server/irisserver_http.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"

#include <QElapsedTimer>
#include <QUrl>

#include <gtest/gtest.h>

using vitals::testsupport::IrisServerProcess;
using namespace irisserver_itest;

TEST(IrisServer, AdminFaultsInjectErrorsAndLatency)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    Connection c;
    ASSERT_TRUE(c.open(server.port()));
    auto set = c.request("POST", "/admin/faults", "{\"error_rate\":1}");
    ASSERT_TRUE(set);
    EXPECT_EQ(set->status, 200);
    auto r = c.request("POST", "/predict", kSetosa);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_NE(r->body.find("\"error\":\"injected\""), std::string::npos);
    set = c.request("POST", "/admin/faults", "{\"error_rate\":0,\"latency_ms\":200}");
    ASSERT_TRUE(set);
    QElapsedTimer timer;
    timer.start();
    r = c.request("POST", "/predict", kSetosa);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_GE(timer.elapsed(), 190); // 200 ms injected, minus timer granularity
    const auto get = c.request("GET", "/admin/faults");
    ASSERT_TRUE(get);
    EXPECT_EQ(get->body, "{\"latency_ms\":200,\"error_rate\":0}");
    const std::string text = scrape(server.port());
    EXPECT_EQ(sample(text, predictCount(503)), 1);
    EXPECT_EQ(sample(text, "inference_request_errors_total{reason=\"injected\"}"), 1);
    // The 200 ms answer lands in the (0.1, 0.25] duration bucket.
    EXPECT_EQ(sample(text, "inference_duration_seconds_bucket{method=\"POST\",endpoint="
                           "\"/predict\",le=\"0.1\"}"),
              1);
    EXPECT_EQ(sample(text, "inference_duration_seconds_bucket{method=\"POST\",endpoint="
                           "\"/predict\",le=\"0.25\"}"),
              2);
}

TEST(IrisServer, AdminFaultsRefuseWhatAWebPageCanSend)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    const std::string port = std::to_string(server.port());
    const QUrl admin(server.baseUrl() + QStringLiteral("/admin/faults"));

    // A client on this machine: Qt sends "Host: 127.0.0.1:<port>" and the JSON type.
    QByteArray body;
    EXPECT_EQ(vitals::testsupport::httpPost(admin, "{\"latency_ms\":3}", &body, kTimeoutMs), 200)
        << body.toStdString();
    EXPECT_EQ(body, "{\"latency_ms\":3,\"error_rate\":0}");

    Connection c;
    ASSERT_TRUE(c.open(server.port()));
    auto send = [&](const std::string &method, const std::string &headers,
                    const std::string &payload = {}) {
        c.send(method + " /admin/faults HTTP/1.1\r\n" + headers
               + "Content-Length: " + std::to_string(payload.size()) + "\r\n\r\n" + payload);
        return c.read();
    };
    const std::string host = "Host: 127.0.0.1:" + port + "\r\n";
    const std::string change = "{\"error_rate\":1}";
    struct Refused {
        const char *what;
        std::string method;
        std::string headers;
        int status;
        const char *error;
    };
    const Refused refused[] = {
        // What an HTML form or a no-preflight fetch() can send cross-origin.
        {"text/plain", "POST", host + "Content-Type: text/plain;charset=UTF-8\r\n", 415,
         "unsupported_media_type"},
        {"form", "POST", host + "Content-Type: application/x-www-form-urlencoded\r\n", 415,
         "unsupported_media_type"},
        {"no type", "POST", host, 415, "unsupported_media_type"},
        // A page elsewhere that got its JSON through somehow, or reads the settings.
        {"foreign origin", "POST",
         host + "Origin: https://evil.example\r\nContent-Type: application/json\r\n", 403,
         "forbidden"},
        {"null origin", "GET", host + "Origin: null\r\n", 403, "forbidden"},
        // DNS rebinding: the page's own name resolved to 127.0.0.1.
        {"rebound host", "POST",
         "Host: evil.example:" + port + "\r\nContent-Type: application/json\r\n", 403, "forbidden"},
        {"rebound host, read", "GET", "Host: evil.example:" + port + "\r\n", 403, "forbidden"},
    };
    for (const Refused &r : refused) {
        SCOPED_TRACE(r.what);
        auto reply = send(r.method, r.headers, r.method == "POST" ? change : std::string());
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status, r.status) << reply->body;
        EXPECT_EQ(reply->headers["content-type"], "application/json");
        EXPECT_NE(reply->body.find(std::string("\"error\":\"") + r.error + "\""), std::string::npos)
            << reply->body;
    }

    // A browser's CORS preflight is never granted: no Access-Control-Allow-* header.
    const auto preflight =
        send("OPTIONS", host
                            + "Origin: https://evil.example\r\n"
                              "Access-Control-Request-Method: POST\r\n"
                              "Access-Control-Request-Headers: content-type\r\n");
    ASSERT_TRUE(preflight);
    EXPECT_EQ(preflight->status, 403); // the foreign Origin is refused before the method
    for (const auto &[name, value] : preflight->headers)
        EXPECT_NE(name.rfind("access-control-", 0), 0u) << name << ": " << value;

    // A page served from this machine may use it, with JSON.
    const auto local = send("POST",
                            host
                                + "Origin: http://localhost:3000\r\n"
                                  "Content-Type: application/json; charset=utf-8\r\n",
                            "{\"latency_ms\":4}");
    ASSERT_TRUE(local);
    EXPECT_EQ(local->status, 200) << local->body;
    for (const auto &[name, value] : local->headers)
        EXPECT_NE(name.rfind("access-control-", 0), 0u) << name << ": " << value;

    // Nothing refused changed the settings: the error rate is still the 0 set first.
    const auto get = c.request("GET", "/admin/faults");
    ASSERT_TRUE(get);
    EXPECT_EQ(get->body, "{\"latency_ms\":4,\"error_rate\":0}");
    const std::string text = scrape(server.port());
    EXPECT_EQ(sample(text, "inference_request_errors_total{reason=\"unsupported_media_type\"}"), 3);
    // Four refused above, and the preflight.
    EXPECT_EQ(sample(text, "inference_request_errors_total{reason=\"forbidden\"}"), 5);
    EXPECT_EQ(sample(text, "inference_requests_total{method=\"POST\",endpoint=\"/admin/faults\","
                           "status=\"415\"}"),
              3);
}

TEST(IrisServer, InjectionFlagsApplyFromTheStart)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--inject-error-rate"), QStringLiteral("1"),
                              QStringLiteral("--inject-latency-ms"), QStringLiteral("5")}))
        << server.errorString().toStdString();
    Connection c;
    ASSERT_TRUE(c.open(server.port()));
    const auto r = c.request("POST", "/predict", kSetosa);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    const auto get = c.request("GET", "/admin/faults");
    ASSERT_TRUE(get);
    EXPECT_EQ(get->body, "{\"latency_ms\":5,\"error_rate\":1}");
}

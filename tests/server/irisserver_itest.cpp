// End-to-end tests of the iris-server executable on an ephemeral loopback port.
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <map>
#include <optional>
#include <thread>

using vitals::testsupport::IrisServerProcess;

namespace {

constexpr int kTimeoutMs = 20000; // generous: the machine is small and shared

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

// A blocking HTTP/1.1 client over one TCP connection, so tests control exactly what goes on
// the wire (pipelining, HTTP/1.0, partial requests). Usable from any thread without an event loop.
class Connection
{
public:
    bool open(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return m_socket.waitForConnected(kTimeoutMs);
    }
    void send(const std::string &raw)
    {
        m_socket.write(raw.data(), qint64(raw.size()));
        m_socket.waitForBytesWritten(kTimeoutMs);
    }
    std::optional<Reply> read()
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            if (auto r = parse())
                return r;
            if (timer.elapsed() > kTimeoutMs)
                return std::nullopt;
            if (!m_socket.waitForReadyRead(200)
                && m_socket.state() != QAbstractSocket::ConnectedState
                && m_socket.bytesAvailable() == 0)
                return parse();
            m_buffer += m_socket.readAll().toStdString();
        }
    }
    std::optional<Reply> request(const std::string &method, const std::string &target,
                                 const std::string &body = {})
    {
        send(method + " " + target
             + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
               "application/json\r\nContent-Length: "
             + std::to_string(body.size()) + "\r\n\r\n" + body);
        return read();
    }
    // True when the server closes the connection within the timeout.
    bool closedByPeer(int timeoutMs = kTimeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (m_socket.state() != QAbstractSocket::ConnectedState)
                return true;
            m_socket.waitForReadyRead(100);
            m_socket.readAll();
        }
        return m_socket.state() != QAbstractSocket::ConnectedState;
    }
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

private:
    std::optional<Reply> parse()
    {
        const auto end = m_buffer.find("\r\n\r\n");
        if (end == std::string::npos)
            return std::nullopt;
        Reply r;
        const std::string head = m_buffer.substr(0, end);
        r.status = std::atoi(head.c_str() + head.find(' ') + 1);
        std::size_t at = head.find("\r\n");
        while (at != std::string::npos) {
            const std::size_t next = head.find("\r\n", at + 2);
            const std::string line =
                head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
            const auto colon = line.find(':');
            std::string key = line.substr(0, colon);
            for (auto &c : key)
                c = char(std::tolower(c));
            r.headers[key] = line.substr(colon + 2);
            at = next;
        }
        const std::size_t length = std::stoul(r.headers["content-length"]);
        if (m_buffer.size() < end + 4 + length)
            return std::nullopt;
        r.body = m_buffer.substr(end + 4, length);
        m_buffer.erase(0, end + 4 + length);
        return r;
    }

    QTcpSocket m_socket;
    std::string m_buffer;
};

const std::string kSetosa = "{\"features\":[5.1,3.5,1.4,0.2]}";
const std::string kVirginica = "{\"features\":[6.3,3.3,6.0,2.5]}";

std::string scrape(quint16 port)
{
    Connection c;
    EXPECT_TRUE(c.open(port));
    const auto r = c.request("GET", "/metrics");
    EXPECT_TRUE(r && r->status == 200);
    return r ? r->body : std::string();
}

// The value of one exposition line, e.g. `inference_requests_total{…}`; -1 when absent.
double sample(const std::string &text, const std::string &series)
{
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos)
        return -1;
    return std::strtod(text.c_str() + at + series.size() + 2, nullptr);
}

std::string predictCount(int status)
{
    return "inference_requests_total{method=\"POST\",endpoint=\"/predict\",status=\""
           + std::to_string(status) + "\"}";
}

} // namespace

TEST(IrisServer, PrintsOneListeningLineAndAnswersHealth)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    EXPECT_GT(server.port(), 0);
    EXPECT_TRUE(server.baseUrl().startsWith(QStringLiteral("http://127.0.0.1:")));
    Connection c;
    ASSERT_TRUE(c.open(server.port()));
    for (const char *path : {"/v2/health/live", "/v2/health/ready", "/v2/models/iris/ready"}) {
        const auto r = c.request("GET", path);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->status, 200) << path;
    }
}

TEST(IrisServer, KeepAliveServesManyRequestsOnOneConnection)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    Connection c;
    ASSERT_TRUE(c.open(server.port()));
    for (int i = 0; i < 200; ++i) {
        const auto r = c.request("POST", "/predict", i % 2 ? kSetosa : kVirginica);
        ASSERT_TRUE(r) << i;
        ASSERT_EQ(r->status, 200) << r->body;
        EXPECT_EQ(r->headers.count("connection"), 0u);
        EXPECT_NE(r->body.find(i % 2 ? "\"setosa\"" : "\"virginica\""), std::string::npos);
    }
    EXPECT_TRUE(c.connected());
}

TEST(IrisServer, PipelinedRequestsAreAnsweredInOrder)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    Connection c;
    ASSERT_TRUE(c.open(server.port()));
    auto req = [](const std::string &body) {
        return "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size())
               + "\r\n\r\n" + body;
    };
    c.send(req(kSetosa) + req(kVirginica) + "GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n"
           + req(kSetosa));
    const char *expected[] = {"\"setosa\"", "\"virginica\"", "\"live\":true", "\"setosa\""};
    for (const char *e : expected) {
        const auto r = c.read();
        ASSERT_TRUE(r) << e;
        EXPECT_EQ(r->status, 200);
        EXPECT_NE(r->body.find(e), std::string::npos) << r->body;
    }
}

TEST(IrisServer, Http10ClosesUnlessKeepAliveIsAsked)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    {
        Connection c;
        ASSERT_TRUE(c.open(server.port()));
        c.send("GET /v2/health/live HTTP/1.0\r\n\r\n");
        const auto r = c.read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->headers.at("connection"), "close");
        EXPECT_TRUE(c.closedByPeer());
    }
    {
        Connection c;
        ASSERT_TRUE(c.open(server.port()));
        for (int i = 0; i < 3; ++i) {
            c.send("POST /predict HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: "
                   + std::to_string(kSetosa.size()) + "\r\n\r\n" + kSetosa);
            const auto r = c.read();
            ASSERT_TRUE(r);
            EXPECT_EQ(r->status, 200);
            EXPECT_EQ(r->headers.at("connection"), "keep-alive");
        }
        EXPECT_TRUE(c.connected());
    }
}

TEST(IrisServer, MetricsCountExactlyTheRequestsSentByConcurrentClients)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--threads"), QStringLiteral("2")}))
        << server.errorString().toStdString();
    constexpr int kClients = 8;
    constexpr int kGood = 150; // per client
    constexpr int kBad = 10;   // per client: out-of-range lengths
    std::atomic<int> ok{0}, rejected{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < kClients; ++t)
        clients.emplace_back([&] {
            Connection c;
            if (!c.open(server.port()))
                return;
            for (int i = 0; i < kGood + kBad; ++i) {
                const auto r = c.request("POST", "/predict",
                                         i < kBad ? "{\"features\":[5.1,3.5,1.4,-1]}" : kSetosa);
                if (r && r->status == 200)
                    ++ok;
                else if (r && r->status == 400)
                    ++rejected;
            }
        });
    for (auto &t : clients)
        t.join();
    ASSERT_EQ(ok.load(), kClients * kGood);
    ASSERT_EQ(rejected.load(), kClients * kBad);

    // Several scrapes, possibly answered by different threads, all see the same totals and do
    // not count themselves.
    for (int i = 0; i < 4; ++i) {
        const std::string text = scrape(server.port());
        EXPECT_EQ(sample(text, predictCount(200)), kClients * kGood);
        EXPECT_EQ(sample(text, predictCount(400)), kClients * kBad);
        EXPECT_EQ(sample(text, "inference_request_errors_total{reason=\"out_of_range\"}"),
                  kClients * kBad);
        EXPECT_EQ(sample(text, "prediction_output_total{class=\"setosa\"}"), kClients * kGood);
        EXPECT_EQ(sample(text, "inference_duration_seconds_count{method=\"POST\",endpoint="
                               "\"/predict\"}"),
                  kClients * (kGood + kBad));
        EXPECT_EQ(sample(text, "iris_feature_value_count{feature=\"petal_width_cm\"}"),
                  kClients * kGood);
        EXPECT_EQ(text.find("endpoint=\"/metrics\""), std::string::npos);
        EXPECT_EQ(sample(text, "model_loaded"), 1);
        EXPECT_EQ(sample(text, "inference_in_flight"), 0);
    }
}

TEST(IrisServer, V2InferRoundTrip)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    Connection c;
    ASSERT_TRUE(c.open(server.port()));
    const auto meta = c.request("GET", "/v2/models/iris");
    ASSERT_TRUE(meta);
    EXPECT_NE(meta->body.find("\"model_card\":{\"accuracy\":"), std::string::npos);
    EXPECT_NE(meta->body.find("\"reference_bins\":{\"sepal_length_cm\":{\"edges\":["),
              std::string::npos);
    const auto r =
        c.request("POST", "/v2/models/iris/infer",
                  R"({"id":"abc","inputs":[{"name":"input-0","shape":[3,4],"datatype":"FP64",)"
                  R"("data":[[5.1,3.5,1.4,0.2],[7.0,3.2,4.7,1.4],[6.3,3.3,6.0,2.5]]}]})");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->body.find("\"id\":\"abc\""), std::string::npos);
    EXPECT_NE(r->body.find("{\"name\":\"label\",\"shape\":[3],\"datatype\":\"INT64\","
                           "\"data\":[0,1,2]}"),
              std::string::npos)
        << r->body;
    EXPECT_NE(r->body.find("{\"name\":\"probabilities\",\"shape\":[3,3],\"datatype\":\"FP32\""),
              std::string::npos);
    const std::string text = scrape(server.port());
    EXPECT_EQ(sample(text, "inference_requests_total{method=\"POST\",endpoint="
                           "\"/v2/models/iris/infer\",status=\"200\"}"),
              1);
}

TEST(IrisServer, PromtoolAcceptsTheLiveExposition)
{
    const QString promtool = QStringLiteral("/usr/bin/promtool");
    ASSERT_TRUE(QFile::exists(promtool)) << "install the Debian package prometheus";
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    {
        Connection c;
        ASSERT_TRUE(c.open(server.port()));
        c.request("POST", "/predict", kSetosa);
        c.request("POST", "/predict", "{\"features\":[1,2]}");
        c.request("POST", "/v2/models/iris/infer", "{}");
        c.request("GET", "/nowhere");
        c.request("GET", "/v2/models/iris");
    }
    const std::string text = scrape(server.port());
    ASSERT_FALSE(text.empty());
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    ASSERT_TRUE(check.waitForStarted(kTimeoutMs));
    check.write(text.data(), qint64(text.size()));
    check.closeWriteChannel();
    ASSERT_TRUE(check.waitForFinished(kTimeoutMs));
    EXPECT_EQ(check.exitCode(), 0) << check.readAllStandardOutput().toStdString()
                                   << check.readAllStandardError().toStdString();
}

TEST(IrisServer, TransportLimitsAreClear4xx)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    {
        Connection c;
        ASSERT_TRUE(c.open(server.port()));
        c.send("GET /v2/health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(10000, 'a')
               + "\r\n\r\n");
        const auto r = c.read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 431);
        EXPECT_NE(r->body.find("\"error\":\"header_too_large\""), std::string::npos);
        EXPECT_TRUE(c.closedByPeer());
    }
    {
        Connection c;
        ASSERT_TRUE(c.open(server.port()));
        c.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n"
               + std::string(70000, ' '));
        const auto r = c.read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 413);
        EXPECT_NE(r->body.find("\"error\":\"body_too_large\""), std::string::npos);
    }
    {
        Connection c;
        ASSERT_TRUE(c.open(server.port()));
        c.send("HELLO\r\n\r\n");
        const auto r = c.read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 400);
        EXPECT_NE(r->body.find("\"error\":\"bad_http\""), std::string::npos);
    }
    {
        Connection c;
        ASSERT_TRUE(c.open(server.port()));
        const auto r = c.request("GET", "/admin/../etc/passwd");
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 404);
    }
    const std::string text = scrape(server.port());
    EXPECT_EQ(sample(text, "inference_request_errors_total{reason=\"header_too_large\"}"), 1);
    EXPECT_EQ(sample(text, "inference_request_errors_total{reason=\"body_too_large\"}"), 1);
    EXPECT_EQ(sample(text, "inference_request_errors_total{reason=\"bad_http\"}"), 1);
    EXPECT_EQ(sample(text, "inference_request_errors_total{reason=\"not_found\"}"), 1);
}

TEST(IrisServer, StalledClientTimesOutWithoutBlockingOthers)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--threads"), QStringLiteral("1"),
                              QStringLiteral("--read-timeout-ms"), QStringLiteral("800")}))
        << server.errorString().toStdString();
    Connection stalled;
    ASSERT_TRUE(stalled.open(server.port()));
    stalled.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"feat");
    // One worker thread, and still the other client is answered while the first one stalls.
    Connection other;
    ASSERT_TRUE(other.open(server.port()));
    const auto r = other.request("POST", "/predict", kSetosa);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    const auto timedOut = stalled.read();
    ASSERT_TRUE(timedOut);
    EXPECT_EQ(timedOut->status, 408);
    EXPECT_TRUE(stalled.closedByPeer());
    const std::string text = scrape(server.port());
    EXPECT_EQ(sample(text, "inference_request_errors_total{reason=\"timeout\"}"), 1);
}

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

TEST(IrisServer, SigtermFinishesInFlightRequestsAndExitsWithinTwoSeconds)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--inject-latency-ms"), QStringLiteral("400")}))
        << server.errorString().toStdString();
    Connection idle; // an idle keep-alive connection must not hold up the exit
    ASSERT_TRUE(idle.open(server.port()));
    std::optional<Reply> reply;
    std::thread client([&] {
        Connection c;
        if (c.open(server.port()))
            reply = c.request("POST", "/predict", kSetosa);
    });
    // Give the request time to arrive, then ask the server to stop while it waits.
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    ::kill(pid_t(server.processId()), SIGTERM);
    QElapsedTimer timer;
    timer.start();
    client.join();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(reply->headers["connection"], "close");
    EXPECT_EQ(server.stop(5000), 0);
    EXPECT_LT(timer.elapsed(), 2000);
}

TEST(IrisServer, TrainWritesAModelFileThatServeLoads)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString model = dir.filePath(QStringLiteral("model.json"));
    QProcess train;
    train.start(IrisServerProcess::executablePath(),
                {QStringLiteral("train"), QStringLiteral("--data"),
                 QStringLiteral(VITALS_SOURCE_DIR "/resources/data/iris.csv"),
                 QStringLiteral("--out"), model});
    ASSERT_TRUE(train.waitForFinished(kTimeoutMs));
    EXPECT_EQ(train.exitCode(), 0) << train.readAllStandardError().toStdString();
    EXPECT_TRUE(QString::fromUtf8(train.readAllStandardOutput())
                    .contains(QStringLiteral("holdout accuracy")));
    ASSERT_TRUE(QFile::exists(model));

    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--model"), model}))
        << server.errorString().toStdString();
    Connection c;
    ASSERT_TRUE(c.open(server.port()));
    const auto r = c.request("POST", "/predict", kVirginica);
    ASSERT_TRUE(r);
    EXPECT_NE(r->body.find("\"virginica\""), std::string::npos);
    server.stop();

    QFile bad(dir.filePath(QStringLiteral("bad.json")));
    ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
    bad.write("{\"features\":[]}");
    bad.close();
    QProcess serveBad;
    serveBad.start(IrisServerProcess::executablePath(),
                   {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                    QStringLiteral("--model"), bad.fileName()});
    ASSERT_TRUE(serveBad.waitForFinished(kTimeoutMs));
    EXPECT_EQ(serveBad.exitCode(), 1);
    EXPECT_TRUE(QString::fromUtf8(serveBad.readAllStandardError()).contains(bad.fileName()));
    EXPECT_TRUE(serveBad.readAllStandardOutput().isEmpty());
}

// The HTTP layer and the client against a local fake server, for the faults a real Prometheus
// cannot produce on demand: late answers, cut bodies, garbage, resets, huge answers, 500 pages.
#include "core/prom/credentialheader.h"
#include "core/prom/promclient.h"
#include "core/prom/secretstore.h"

#include "support/testsupport_fakehttp.h"
#include "support/testsupport_prometheus.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSemaphore>
#include <QSettings>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>

using namespace vitals::prom;
using vitals::testsupport::FakeHttpServer;
using vitals::testsupport::waitUntil;

namespace {

const QByteArray kScalarOne =
    R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"1"]}})";

FakeHttpServer::Action answer(int status, const QByteArray &body,
                              const QByteArray &type = "application/json")
{
    return {FakeHttpServer::httpResponse(status, body, type)};
}

ConnectionProfile profileFor(const FakeHttpServer &server, int timeoutMs = 5000)
{
    ConnectionProfile p;
    p.name = QStringLiteral("fake");
    p.baseUrl = server.baseUrl();
    p.timeoutMs = timeoutMs;
    return p;
}

// Runs one query and waits (generously) for its callback.
QueryResult runQuery(PromClient &client, const QString &expr = QStringLiteral("1"))
{
    std::optional<QueryResult> result;
    RequestHandle h =
        client.query({expr}, nullptr, [&](const QueryResult &r) { result = r.clone(); });
    EXPECT_TRUE(waitUntil([&] { return result.has_value(); }, 30000));
    return std::move(result).value_or(QueryResult{});
}

} // namespace

TEST(PromTransport, PostFormWithHeaders)
{
    FakeHttpServer server([](const auto &) { return answer(200, kScalarOne); });
    ConnectionProfile p = profileFor(server);
    p.pathPrefix = QStringLiteral("prometheus/");
    p.tenant = QStringLiteral("team-a");
    p.username = QStringLiteral("ann");
    p.password = QStringLiteral("s3cret");
    p.extraHeaders = {{"X-Extra", "yes"}};
    PromClient client(p);
    const QueryResult r = runQuery(client, QStringLiteral("a+b / c{x=\"&\"}"));
    ASSERT_TRUE(r.ok()) << r.error.message.toStdString();
    EXPECT_EQ(r.scalar, 1.0);
    ASSERT_EQ(server.requests().size(), 1);
    const auto &req = server.requests()[0];
    EXPECT_EQ(req.method, "POST");
    EXPECT_EQ(req.target, "/prometheus/api/v1/query");
    EXPECT_EQ(req.header("content-type"), "application/x-www-form-urlencoded");
    // '+' must arrive encoded, or the server reads a space.
    EXPECT_EQ(req.body, "query=a%2Bb%20%2F%20c%7Bx%3D%22%26%22%7D");
    EXPECT_EQ(req.header("x-scope-orgid"), "team-a");
    EXPECT_EQ(req.header("authorization"), "Basic " + QByteArray("ann:s3cret").toBase64());
    EXPECT_EQ(req.header("x-extra"), "yes");
    // Compression is left to Qt, which advertises it.
    EXPECT_TRUE(req.header("accept-encoding").contains("gzip"));
}

TEST(PromTransport, BearerTokenWinsOverBasicAuth)
{
    FakeHttpServer server([](const auto &) { return answer(200, kScalarOne); });
    ConnectionProfile p = profileFor(server);
    p.username = QStringLiteral("ann");
    p.bearerToken = QStringLiteral("tok");
    PromClient client(p);
    ASSERT_TRUE(runQuery(client).ok());
    EXPECT_EQ(server.requests()[0].header("authorization"), "Bearer tok");
}

TEST(PromTransport, FallsBackToGetWhenPostRefused)
{
    for (int refusal : {403, 405, 501}) {
        SCOPED_TRACE(refusal);
        FakeHttpServer server([refusal](const FakeHttpServer::Request &req) {
            if (req.method == "POST")
                return answer(refusal, "method not allowed", "text/plain");
            return answer(200, kScalarOne);
        });
        PromClient client(profileFor(server));
        const QueryResult r = runQuery(client, QStringLiteral("a+b"));
        ASSERT_TRUE(r.ok()) << r.error.message.toStdString();
        ASSERT_EQ(server.requests().size(), 2);
        EXPECT_EQ(server.requests()[1].method, "GET");
        EXPECT_EQ(server.requests()[1].target, "/api/v1/query?query=a%2Bb");
        EXPECT_TRUE(client.transport()->postRejected());
        // Later requests go straight to GET.
        ASSERT_TRUE(runQuery(client).ok());
        EXPECT_EQ(server.requests().size(), 3);
        EXPECT_EQ(server.requests()[2].method, "GET");
    }
}

TEST(PromTransport, DeflateAnswerIsDecompressed)
{
    // qCompress is a 4-byte length and a zlib stream: the stream alone is HTTP "deflate".
    const QByteArray zlib = qCompress(kScalarOne).mid(4);
    FakeHttpServer server([zlib](const auto &) {
        return FakeHttpServer::Action{FakeHttpServer::httpResponse(
            200, zlib, "application/json", {{"Content-Encoding", "deflate"}})};
    });
    PromClient client(profileFor(server));
    const QueryResult r = runQuery(client);
    ASSERT_TRUE(r.ok()) << r.error.message.toStdString() << r.error.detail.toStdString();
    EXPECT_EQ(r.scalar, 1.0);
}

TEST(PromTransport, SlowerThanTimeout)
{
    FakeHttpServer server([](const auto &) {
        FakeHttpServer::Action a = answer(200, kScalarOne);
        a.delayMs = 5000;
        return a;
    });
    PromClient client(profileFor(server, 300));
    const QueryResult r = runQuery(client);
    EXPECT_EQ(r.error.type, ErrorType::Timeout);
    EXPECT_TRUE(r.error.message.contains("did not answer within 0.3 s"))
        << r.error.message.toStdString();
}

TEST(PromTransport, TruncatedBody)
{
    FakeHttpServer server([](const auto &) {
        FakeHttpServer::Action a = answer(200, kScalarOne);
        a.writeLimit = a.bytes.size() - 10; // Content-Length promises more than is sent
        return a;
    });
    PromClient client(profileFor(server));
    const QueryResult r = runQuery(client);
    EXPECT_TRUE(r.error.type == ErrorType::Network || r.error.type == ErrorType::BadResponse)
        << int(r.error.type);
    EXPECT_FALSE(r.error.message.isEmpty());
}

TEST(PromTransport, GarbageInsteadOfHttp)
{
    FakeHttpServer server([](const auto &) {
        return FakeHttpServer::Action{
            QByteArray("\x16\x03\x01 garbage garbage\r\n\r\n\xff\xfe", 24)};
    });
    PromClient client(profileFor(server));
    const QueryResult r = runQuery(client);
    EXPECT_TRUE(r.error.isError());
    EXPECT_NE(r.error.type, ErrorType::Timeout);
    EXPECT_FALSE(r.error.message.isEmpty());
}

TEST(PromTransport, Html500KeepsRawBody)
{
    FakeHttpServer server([](const auto &) {
        return answer(500, "<html><body>upstream crashed</body></html>", "text/html");
    });
    PromClient client(profileFor(server));
    const QueryResult r = runQuery(client);
    EXPECT_EQ(r.error.type, ErrorType::Server);
    EXPECT_EQ(r.error.httpStatus, 500);
    EXPECT_TRUE(r.error.detail.contains("upstream crashed"));
}

TEST(PromTransport, BadDataFromServerKeepsItsMessage)
{
    FakeHttpServer server([](const auto &) {
        return answer(
            400,
            R"({"status":"error","errorType":"bad_data","error":"1:3: parse error: unexpected <EOF>"})");
    });
    PromClient client(profileFor(server));
    const QueryResult r = runQuery(client, QStringLiteral("up{"));
    EXPECT_EQ(r.error.type, ErrorType::BadData);
    EXPECT_TRUE(r.error.message.contains("parse error: unexpected <EOF>"));
}

TEST(PromTransport, ConnectionReset)
{
    FakeHttpServer server([](const auto &) {
        FakeHttpServer::Action a;
        a.reset = true;
        return a;
    });
    PromClient client(profileFor(server));
    const QueryResult r = runQuery(client);
    EXPECT_EQ(r.error.type, ErrorType::Network) << r.error.message.toStdString();
}

TEST(PromTransport, OverTheSizeCap)
{
    // 3 MiB of valid JSON against a 1 MiB cap, with and without Content-Length.
    QByteArray big = R"({"status":"success","data":[)";
    while (big.size() < 3 * 1024 * 1024)
        big += R"("0123456789012345678901234567890123456789",)";
    big += R"("x"]})";
    for (bool chunked : {false, true}) {
        SCOPED_TRACE(chunked);
        FakeHttpServer server([&](const auto &) {
            if (!chunked)
                return answer(200, big);
            // No Content-Length: the cap must trip while bytes arrive.
            return FakeHttpServer::Action{"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                          "Connection: close\r\n\r\n"
                                          + big};
        });
        PromClient client(profileFor(server));
        client.transport()->setMaxResponseBytes(1024 * 1024);
        std::optional<StringListResult> result;
        RequestHandle h =
            client.labels({}, nullptr, [&](const StringListResult &r) { result = r; });
        ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 30000));
        EXPECT_EQ(result->error.type, ErrorType::TooLarge);
        EXPECT_TRUE(result->error.message.contains("larger than the 1 MiB limit"))
            << result->error.message.toStdString();
    }
}

TEST(PromTransport, RefusedConnectionSaysSo)
{
    const quint16 port = vitals::testsupport::freeLoopbackPort(); // nothing listens there
    ConnectionProfile p;
    p.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    PromClient client(p);
    const QueryResult r = runQuery(client);
    EXPECT_EQ(r.error.type, ErrorType::Network);
    EXPECT_TRUE(r.error.message.startsWith("Connection refused")) << r.error.message.toStdString();
}

TEST(PromTransport, UnknownHostSaysSo)
{
    ConnectionProfile p;
    p.baseUrl = QUrl(QStringLiteral("http://no-such-host.invalid:9090"));
    PromClient client(p);
    const QueryResult r = runQuery(client);
    EXPECT_EQ(r.error.type, ErrorType::Network);
    EXPECT_TRUE(r.error.message.contains("not found")) << r.error.message.toStdString();
}

TEST(PromTransport, TlsFailureIsNeverIgnored)
{
    // A server that answers https with plain text: the handshake must fail, never be bypassed.
    QTcpServer plain;
    ASSERT_TRUE(plain.listen(QHostAddress::LocalHost, 0));
    QObject::connect(&plain, &QTcpServer::newConnection, &plain, [&plain] {
        while (QTcpSocket *s = plain.nextPendingConnection()) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            s->disconnectFromHost();
        }
    });
    ConnectionProfile p;
    p.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(plain.serverPort()));
    PromClient client(p);
    const QueryResult r = runQuery(client);
    EXPECT_TRUE(r.error.type == ErrorType::Tls || r.error.type == ErrorType::Network)
        << int(r.error.type) << " " << r.error.message.toStdString();
    EXPECT_FALSE(r.ok());
}

TEST(PromTransport, ResettingTheHandleCancelsSilently)
{
    FakeHttpServer server([](const auto &) {
        FakeHttpServer::Action a = answer(200, kScalarOne);
        a.delayMs = 500;
        return a;
    });
    PromClient client(profileFor(server));
    int calls = 0;
    RequestHandle first =
        client.query({QStringLiteral("1")}, nullptr, [&](const auto &) { ++calls; });
    EXPECT_TRUE(first.isActive());
    // A refresh supersedes the first request: assigning its handle cancels the first.
    std::optional<QueryResult> second;
    first = client.query({QStringLiteral("1")}, nullptr,
                         [&](const QueryResult &r) { second = r.clone(); });
    ASSERT_TRUE(waitUntil([&] { return second.has_value(); }, 30000));
    EXPECT_TRUE(second->ok());
    EXPECT_FALSE(first.isActive());
    waitUntil([] { return false; }, 800); // the first answer would have arrived by now
    EXPECT_EQ(calls, 0);
}

TEST(PromTransport, DestroyedContextGetsNoCallback)
{
    FakeHttpServer server([](const auto &) {
        FakeHttpServer::Action a = answer(200, kScalarOne);
        a.delayMs = 300;
        return a;
    });
    PromClient client(profileFor(server));
    int calls = 0;
    auto context = std::make_unique<QObject>();
    RequestHandle h =
        client.query({QStringLiteral("1")}, context.get(), [&](const auto &) { ++calls; });
    context.reset();
    waitUntil([] { return false; }, 800);
    EXPECT_EQ(calls, 0);
    EXPECT_FALSE(h.isActive());
}

TEST(PromTransport, CallbackMayReplaceItsOwnHandle)
{
    FakeHttpServer server([](const auto &) { return answer(200, kScalarOne); });
    PromClient client(profileFor(server));
    RequestHandle handle;
    int calls = 0;
    std::function<void(const QueryResult &)> again = [&](const QueryResult &) {
        if (++calls < 3)
            handle = client.query({QStringLiteral("1")}, nullptr, again);
    };
    handle = client.query({QStringLiteral("1")}, nullptr, again);
    EXPECT_TRUE(waitUntil([&] { return calls == 3; }, 30000));
}

namespace {

// A FakeHttpServer in a thread of its own, so answers reach the network layer while the test's
// thread is busy (as a refresh's answers do while the GUI thread draws). Counts the requests;
// answers each 200 ms after it arrived.
class ThreadedServer
{
public:
    explicit ThreadedServer(QByteArray body)
    {
        QSemaphore ready;
        m_thread.reset(QThread::create([this, &ready, body] {
            FakeHttpServer server([this, body](const auto &) {
                ++m_requests;
                // Late enough that every request has arrived before the first answer leaves.
                FakeHttpServer::Action a = answer(200, body);
                a.delayMs = 200;
                return a;
            });
            m_url = server.baseUrl();
            ready.release();
            QEventLoop loop;
            QObject::connect(QThread::currentThread(), &QThread::finished, &loop,
                             &QEventLoop::quit);
            loop.exec();
        }));
        m_thread->start();
        ready.acquire();
    }
    ~ThreadedServer()
    {
        m_thread->exit();
        m_thread->wait();
    }
    QUrl url() const { return m_url; }
    int requests() const { return m_requests.load(); }

private:
    std::unique_ptr<QThread> m_thread;
    QUrl m_url;
    std::atomic<int> m_requests{0};
};

// Sends `n` queries and returns once the server has answered them all and the answers have
// had time to reach this thread's queue, before any callback could run.
std::vector<RequestHandle> sendAndLetAnswersArrive(PromClient &client, ThreadedServer &server,
                                                   int n, std::function<void(int)> callback)
{
    std::vector<RequestHandle> handles;
    for (int i = 0; i < n; ++i)
        handles.push_back(client.query({QStringLiteral("1")}, nullptr,
                                       [callback, i](const QueryResult &) { callback(i); }));
    // The requests leave from this thread's event loop; the answers come back through it, so
    // it sleeps while they arrive.
    waitUntil([&] { return server.requests() == n; }, 30000);
    QThread::msleep(600);
    return handles;
}

} // namespace

// A dashboard's answers arrive together; handing them all to their panels in one turn of the
// event loop would keep input and paints waiting for every panel's decoding and drawing.
TEST(PromTransport, AnswersThatArriveTogetherAreHandedOverOnePerTurn)
{
    ThreadedServer server(kScalarOne);
    ConnectionProfile p;
    p.baseUrl = server.url();
    PromClient client(p);
    int calls = 0;
    const auto handles = sendAndLetAnswersArrive(client, server, 4, [&](int) { ++calls; });
    ASSERT_EQ(server.requests(), 4);
    int most = 0;
    QElapsedTimer clock;
    clock.start();
    while (calls < 4 && clock.elapsed() < 30000) {
        const int before = calls;
        QCoreApplication::processEvents();
        most = std::max(most, calls - before);
    }
    EXPECT_EQ(calls, 4);
    EXPECT_EQ(most, 1) << "callbacks run in one turn of the event loop";
}

// An answer that arrived but waits for its turn can still be canceled: a panel that starts a
// new refresh before it gets its answer must not get the stale one.
TEST(PromTransport, AnAnswerWaitingForItsTurnIsCanceledByItsHandle)
{
    ThreadedServer server(kScalarOne);
    ConnectionProfile p;
    p.baseUrl = server.url();
    PromClient client(p);
    std::vector<int> called;
    std::vector<RequestHandle> handles;
    handles = sendAndLetAnswersArrive(client, server, 3, [&](int i) {
        called.push_back(i);
        if (i == 0)
            handles[1].reset(); // the first answer's callback cancels the second request
    });
    waitUntil([&] { return called.size() == 2; }, 30000);
    waitUntil([] { return false; }, 200);
    EXPECT_EQ(called, (std::vector<int>{0, 2}));
    EXPECT_FALSE(handles[1].isActive());
}

TEST(PromClient, TestConnectionExplainsWrongPrefix)
{
    FakeHttpServer server([](const FakeHttpServer::Request &req) {
        if (req.target.startsWith("/prometheus/"))
            return answer(200, kScalarOne);
        return answer(404, "404 page not found", "text/plain");
    });
    PromClient client(profileFor(server));
    std::optional<ConnectionTestResult> result;
    RequestHandle h = client.testConnection(nullptr, [&](const auto &r) { result = r; });
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 30000));
    EXPECT_EQ(result->error.httpStatus, 404);
    EXPECT_TRUE(result->error.message.contains("path prefix"))
        << result->error.message.toStdString();
}

TEST(PromClient, TestConnectionCredentials)
{
    FakeHttpServer server([](const auto &) { return answer(401, "Unauthorized", "text/plain"); });
    PromClient client(profileFor(server));
    std::optional<ConnectionTestResult> result;
    RequestHandle h = client.testConnection(nullptr, [&](const auto &r) { result = r; });
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }, 30000));
    EXPECT_EQ(result->error.type, ErrorType::Client);
    EXPECT_TRUE(result->error.message.contains("credentials"));
}

TEST(PromClient, CapabilitiesOfAServerWithoutTargets)
{
    // Like Mimir: queries work, /targets and /status/tsdb do not exist.
    FakeHttpServer server([](const FakeHttpServer::Request &req) {
        if (req.target.startsWith("/api/v1/targets")
            || req.target.startsWith("/api/v1/status/tsdb"))
            return answer(404, "404 page not found", "text/plain");
        if (req.target.startsWith("/api/v1/query"))
            return answer(200, kScalarOne);
        return answer(200, R"({"status":"success","data":{}})");
    });
    PromClient client(profileFor(server));
    std::optional<Capabilities> caps;
    RequestHandle h = client.probeCapabilities(nullptr, [&](const auto &c) { caps = c; });
    ASSERT_TRUE(waitUntil([&] { return caps.has_value(); }, 30000));
    EXPECT_TRUE(caps->ok());
    EXPECT_TRUE(caps->query);
    EXPECT_TRUE(caps->rules);
    EXPECT_TRUE(caps->alerts);
    EXPECT_TRUE(caps->labels);
    EXPECT_FALSE(caps->targets);
    EXPECT_FALSE(caps->tsdbStatus);
}

TEST(ConnectionProfile, ApiUrlJoinsPrefix)
{
    ConnectionProfile p;
    p.baseUrl = QUrl(QStringLiteral("https://metrics.example.com/base/"));
    p.pathPrefix = QStringLiteral("/select/0/prometheus/");
    EXPECT_EQ(p.apiUrl(QStringLiteral("/api/v1/query")).toString(),
              "https://metrics.example.com/base/select/0/prometheus/api/v1/query");
}

TEST(ConnectionProfile, SettingsNeverHoldSecrets)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("vitals.ini"));
    ConnectionProfile p;
    p.name = QStringLiteral("mimir");
    p.baseUrl = QUrl(QStringLiteral("http://mimir:8080"));
    p.pathPrefix = QStringLiteral("/prometheus");
    p.tenant = QStringLiteral("team-a");
    p.username = QStringLiteral("ann");
    p.password = QStringLiteral("hunter2-password");
    p.bearerToken = QStringLiteral("token-xyz");
    p.extraHeaders = {
        {"X-A", "1"}, {"Authorization", "Bearer abc-secret-1"}, {"X-API-Key", "k-secret-2"}};
    p.caFile = QStringLiteral("/etc/ssl/ca.pem");
    {
        QSettings settings(path, QSettings::IniFormat);
        ConnectionProfile::saveAll(settings, {p});
    }
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    EXPECT_FALSE(text.contains("hunter2")) << text.toStdString();
    EXPECT_FALSE(text.contains("token-xyz"));
    EXPECT_FALSE(text.contains("abc-secret-1"));
    EXPECT_FALSE(text.contains("k-secret-2"));

    QSettings settings(path, QSettings::IniFormat);
    const QList<ConnectionProfile> loaded = ConnectionProfile::loadAll(settings);
    ASSERT_EQ(loaded.size(), 1);
    EXPECT_EQ(loaded[0].name, "mimir");
    EXPECT_EQ(loaded[0].pathPrefix, "/prometheus");
    EXPECT_EQ(loaded[0].tenant, "team-a");
    EXPECT_EQ(loaded[0].username, "ann");
    EXPECT_EQ(loaded[0].caFile, "/etc/ssl/ca.pem");
    // Credential headers keep their place and name; their values are the keychain's.
    ASSERT_EQ(loaded[0].extraHeaders.size(), 3);
    EXPECT_EQ(loaded[0].extraHeaders[0], (QPair<QByteArray, QByteArray>{"X-A", "1"}));
    EXPECT_EQ(loaded[0].extraHeaders[1].first, "Authorization");
    EXPECT_TRUE(loaded[0].extraHeaders[1].second.isEmpty());
    EXPECT_TRUE(loaded[0].extraHeaders[2].second.isEmpty());
    EXPECT_TRUE(loaded[0].password.isEmpty());
}

TEST(ConnectionProfile, CredentialHeadersAreRecognisedByName)
{
    for (const char *name : {"Authorization", "proxy-authorization", "Cookie", "X-API-Key",
                             "X-Auth-Token", "Api-Secret", "X-Session-Id", "x-amz-signature"})
        EXPECT_TRUE(isCredentialHeader(name)) << name;
    for (const char *name : {"X-Scope-OrgID", "Accept", "X-Team", "User-Agent"})
        EXPECT_FALSE(isCredentialHeader(name)) << name;
}

TEST(SecretStore, MemoryBackendRoundTrip)
{
    SecretStore store(SecretStore::Backend::Memory);
    ConnectionProfile p;
    p.name = QStringLiteral("x");
    p.password = QStringLiteral("pw");
    p.bearerToken = QStringLiteral("tok");
    p.extraHeaders = {{"X-Team", "ml"}, {"X-API-Key", "key-1"}};
    std::optional<bool> stored;
    store.store(p, nullptr, [&](bool ok) { stored = ok; });
    EXPECT_FALSE(stored.has_value()); // never calls back synchronously
    ASSERT_TRUE(waitUntil([&] { return stored.has_value(); }, 5000));
    EXPECT_TRUE(*stored);

    ConnectionProfile bare;
    bare.name = QStringLiteral("x");
    bare.extraHeaders = {{"X-Team", "ml"}, {"X-API-Key", ""}}; // as read from the settings
    std::optional<ConnectionProfile> loaded;
    store.load(bare, nullptr, [&](const ConnectionProfile &l) { loaded = l; });
    ASSERT_TRUE(waitUntil([&] { return loaded.has_value(); }, 5000));
    EXPECT_EQ(loaded->password, "pw");
    EXPECT_EQ(loaded->bearerToken, "tok");
    ASSERT_EQ(loaded->extraHeaders.size(), 2);
    EXPECT_EQ(loaded->extraHeaders[1].second, "key-1");
    EXPECT_TRUE(store.isMemoryOnly());
}

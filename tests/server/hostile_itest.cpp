// iris-server under hostile traffic, end to end over loopback sockets: thousands of idle
// connections, huge headers, broken chunked bodies, bad Content-Length values, random bytes,
// pipelined bursts and HTTP/1.0. Each bad request must get a 4xx or a closed connection, valid
// requests must keep getting the right answer, and the server's memory must stay bounded.
//
// Plain POSIX sockets (no event loop), so the tests control every byte and can hold thousands
// of connections cheaply.
#include "support/testsupport_irisserver.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using vitals::testsupport::IrisServerProcess;
using Clock = std::chrono::steady_clock;
using namespace std::string_literals;

namespace {

constexpr int kTimeoutMs = 20000; // generous: the machine is small and shared

// {"features":[5.1,3.5,1.4,0.2]} is the first row of the Iris data set (setosa), and
// [6.3,3.3,6.0,2.5] row 101 (virginica); the built-in model classifies both correctly.
const std::string kSetosa = R"({"features":[5.1,3.5,1.4,0.2]})";
const std::string kVirginica = R"({"features":[6.3,3.3,6.0,2.5]})";

std::string post(const std::string &target, const std::string &body, const char *version = "1.1")
{
    return std::string("POST ") + target + " HTTP/" + version
           + "\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
           + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// One TCP connection as a file descriptor; closed by the destructor.
class Socket
{
public:
    Socket() = default;
    Socket(Socket &&o) noexcept
        : m_fd(std::exchange(o.m_fd, -1))
    {}
    Socket &operator=(Socket &&o) noexcept
    {
        std::swap(m_fd, o.m_fd);
        return *this;
    }
    ~Socket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool connect(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_fd < 0)
            return false;
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return ::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
    }

    // Writes everything, or as much as the peer takes before it closes (false then).
    bool send(std::string_view bytes)
    {
        while (!bytes.empty()) {
            pollfd p{m_fd, POLLOUT, 0};
            if (::poll(&p, 1, kTimeoutMs) <= 0)
                return false;
            const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            bytes.remove_prefix(std::size_t(n));
        }
        return true;
    }

    // Reads until the peer closes or `timeoutMs` passes; what arrived, and whether it closed.
    std::string readUntilClosed(int timeoutMs, bool *closed)
    {
        std::string out;
        *closed = false;
        const auto until = Clock::now() + std::chrono::milliseconds(timeoutMs);
        char buf[16384];
        while (Clock::now() < until) {
            pollfd p{m_fd, POLLIN, 0};
            const int left =
                int(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now())
                        .count());
            if (::poll(&p, 1, std::max(left, 1)) <= 0)
                continue;
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0) { // 0: orderly close; < 0: reset, also a close
                *closed = true;
                break;
            }
            out.append(buf, std::size_t(n));
        }
        return out;
    }

    // Reads exactly `count` complete responses (Content-Length framed); fewer on timeout/close.
    std::vector<std::pair<int, std::string>> readResponses(std::size_t count)
    {
        std::vector<std::pair<int, std::string>> out;
        const auto until = Clock::now() + std::chrono::milliseconds(kTimeoutMs);
        char buf[65536];
        while (out.size() < count && Clock::now() < until) {
            while (out.size() < count) {
                const auto end = m_pending.find("\r\n\r\n");
                if (end == std::string::npos)
                    break;
                const auto cl = m_pending.find("Content-Length: ");
                if (cl == std::string::npos || cl > end)
                    return out;
                const std::size_t length = std::stoul(m_pending.substr(cl + 16));
                if (m_pending.size() < end + 4 + length)
                    break;
                out.emplace_back(std::atoi(m_pending.c_str() + 9),
                                 m_pending.substr(end + 4, length));
                m_pending.erase(0, end + 4 + length);
            }
            if (out.size() == count)
                break;
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 200) <= 0)
                continue;
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            m_pending.append(buf, std::size_t(n));
        }
        return out;
    }

    int fd() const { return m_fd; }

private:
    int m_fd = -1;
    std::string m_pending;
};

// Status of a complete exchange: the HTTP status of the (first) answer, 0 when the server
// closed without answering, -1 when it neither answered nor closed in time.
int exchange(quint16 port, std::string_view bytes, int timeoutMs = kTimeoutMs,
             std::string *answer = nullptr)
{
    Socket s;
    if (!s.connect(port))
        return -2;
    s.send(bytes); // the server may close before taking everything: that is a valid answer
    ::shutdown(s.fd(), SHUT_WR);
    bool closed = false;
    const std::string reply = s.readUntilClosed(timeoutMs, &closed);
    if (answer)
        *answer = reply;
    if (reply.rfind("HTTP/1.1 ", 0) == 0)
        return std::atoi(reply.c_str() + 9);
    return closed ? 0 : -1;
}

bool isRejection(int status)
{
    return status == 0 || (status >= 400 && status < 500);
}

// A valid prediction on a fresh connection: the right class and a 200.
void expectServesCorrectly(quint16 port)
{
    Socket s;
    ASSERT_TRUE(s.connect(port));
    ASSERT_TRUE(s.send(post("/predict", kSetosa) + post("/predict", kVirginica)));
    const auto replies = s.readResponses(2);
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].first, 200);
    EXPECT_NE(replies[0].second.find("\"class\":\"setosa\""), std::string::npos)
        << replies[0].second;
    EXPECT_EQ(replies[1].first, 200);
    EXPECT_NE(replies[1].second.find("\"class\":\"virginica\""), std::string::npos)
        << replies[1].second;
}

// Resident memory of a process in KiB (VmRSS), or -1.
long rssKiB(qint64 pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

// Raises this process's soft limit of open files (children inherit it) to at least `wanted`,
// within the hard limit. Returns the soft limit now in force.
rlim_t raiseOpenFileLimit(rlim_t wanted)
{
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur < wanted) {
        lim.rlim_cur = std::min(wanted, lim.rlim_max);
        setrlimit(RLIMIT_NOFILE, &lim);
        getrlimit(RLIMIT_NOFILE, &lim);
    }
    return lim.rlim_cur;
}

// The malformed requests of the hostile rounds, each with what may come back.
std::vector<std::string> malformedRequests()
{
    const std::string chunkedHead =
        "POST /predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    return {
        // headers of hundreds of KB (the limit is 8 KiB → 431)
        "GET /v2/health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(300 * 1024, 'a')
            + "\r\n\r\n",
        "GET /v2/health/live HTTP/1.1\r\n" +
            [] {
                std::string many;
                for (int i = 0; i < 20000; ++i)
                    many += "X-" + std::to_string(i) + ": y\r\n";
                return many;
            }()
            + "\r\n",
        "GET /" + std::string(200 * 1024, 'p') + " HTTP/1.1\r\nHost: x\r\n\r\n",
        // broken chunked encoding
        chunkedHead + "zz\r\n{}\r\n0\r\n\r\n",
        chunkedHead + "5\r\n{\"features\"\r\n0\r\n\r\n",          // chunk longer than its size
        chunkedHead + "ffffffffffffffffffff\r\nabc\r\n0\r\n\r\n", // size overflows
        chunkedHead + "10000000\r\n" + std::string(1000, 'a'),    // 256 MiB announced
        chunkedHead + "3\r\nabc0\r\n\r\n",                        // missing CRLF
        "POST /predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        // Content-Length: negative, enormous, duplicated, not a number
        "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}",
        "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n{}",
        "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 9223372036854775807\r\n\r\n{}",
        "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n{}",
        "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n{}",
        "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked"
        "\r\n\r\n0\r\n\r\n",
        // not HTTP at all, or nearly
        "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"s + std::string(500, '\0'),
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "G\x00T /predict HTTP/1.1\r\n\r\n"s,
        "POST /predict HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        "POST /predict HTTP/1.1\r\nHost: x\r\n Folded: y\r\n\r\n",
        // HTTP/1.0 with bad bodies
        post("/predict", "{\"features\":[1,2,3]}", "1.0"),
        post("/v2/models/iris/infer", "[[[[", "1.0"),
    };
}

} // namespace

TEST(IrisServerHostile, MalformedRequestsGetA4xxOrAClose)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--read-timeout-ms"), QStringLiteral("2000")}))
        << server.errorString().toStdString();
    const auto requests = malformedRequests();
    for (std::size_t i = 0; i < requests.size(); ++i) {
        SCOPED_TRACE("request " + std::to_string(i) + ": " + requests[i].substr(0, 80));
        std::string answer;
        // A request the server keeps waiting for (a 256 MiB chunk announced, 1 GB promised)
        // must end with its read timeout (2 s): 408, or closed.
        const int status = exchange(server.port(), requests[i], kTimeoutMs, &answer);
        EXPECT_TRUE(isRejection(status)) << "status " << status << ": " << answer.substr(0, 300);
        if (status >= 400) {
            EXPECT_NE(answer.find("\"error\":"), std::string::npos) << answer.substr(0, 300);
        }
    }
    ASSERT_TRUE(server.isRunning());
    expectServesCorrectly(server.port());
}

TEST(IrisServerHostile, RandomBytesNeverCrashIt)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--read-timeout-ms"), QStringLiteral("1000")}))
        << server.errorString().toStdString();
    std::mt19937 rng(20240611); // fixed seed: a failure can be replayed
    int answered = 0;
    for (int i = 0; i < 300; ++i) {
        std::string bytes(1 + rng() % 4096, '\0');
        for (char &c : bytes)
            c = char(rng());
        // Half of them start like a request, so the parser gets past the first line.
        if (i % 2)
            bytes = "POST /predict HTTP/1.1\r\n" + bytes;
        const int status = exchange(server.port(), bytes, kTimeoutMs);
        EXPECT_TRUE(isRejection(status)) << "input " << i << " got " << status;
        answered += status > 0;
    }
    // Sanity check that the exchange saw answers at all, not only closes.
    EXPECT_GT(answered, 0);
    ASSERT_TRUE(server.isRunning());
    expectServesCorrectly(server.port());
}

TEST(IrisServerHostile, PipelinedBurstIsAnsweredInOrder)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    // 1000 requests in one write, alternating classes, with HTTP/1.0 keep-alive and a GET mixed
    // in: the answers come back in order and each names the class of its own request.
    constexpr int kCount = 1000;
    std::string burst;
    for (int i = 0; i < kCount; ++i) {
        if (i % 10 == 9)
            burst += "GET /v2/health/ready HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
        else
            burst += post("/predict", i % 2 ? kVirginica : kSetosa);
    }
    Socket s;
    ASSERT_TRUE(s.connect(server.port()));
    ASSERT_TRUE(s.send(burst));
    const auto replies = s.readResponses(kCount);
    ASSERT_EQ(replies.size(), std::size_t(kCount));
    for (int i = 0; i < kCount; ++i) {
        ASSERT_EQ(replies[i].first, 200) << i;
        const char *expected = i % 10 == 9 ? "\"ready\":true"
                               : i % 2     ? "\"class\":\"virginica\""
                                           : "\"class\":\"setosa\"";
        ASSERT_NE(replies[i].second.find(expected), std::string::npos)
            << i << ": " << replies[i].second;
    }
    // A bad request in the middle of a burst ends the connection after its 400; the valid
    // requests before it are answered.
    Socket t;
    ASSERT_TRUE(t.connect(server.port()));
    ASSERT_TRUE(t.send(post("/predict", kSetosa) + "BROKEN\r\n\r\n" + post("/predict", kSetosa)));
    const auto mixed = t.readResponses(3);
    ASSERT_GE(mixed.size(), 2u);
    EXPECT_EQ(mixed[0].first, 200);
    EXPECT_EQ(mixed[1].first, 400);
    EXPECT_EQ(mixed.size(), 2u);
}

TEST(IrisServerHostile, ThousandsOfIdleConnectionsDoNotStarveValidRequests)
{
    constexpr rlim_t kConnections = 2000;
    const rlim_t limit = raiseOpenFileLimit(kConnections + 256);
    // Debian's default hard limit (systemd: 524288; docker: 1048576) allows this; a lower one
    // is a host that cannot hold the connections a server must survive, so the test fails.
    ASSERT_GE(limit, kConnections + 64)
        << "the open-file limit (" << limit << ") is too low for this test: raise `ulimit -Hn`";
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--read-timeout-ms"), QStringLiteral("60000")}))
        << server.errorString().toStdString();
    std::vector<Socket> idle(kConnections);
    for (std::size_t i = 0; i < idle.size(); ++i) {
        ASSERT_TRUE(idle[i].connect(server.port())) << "connection " << i;
        // Some only connect, some send half a request line, some half a body.
        if (i % 3 == 1)
            idle[i].send("POST /predict HTT");
        else if (i % 3 == 2)
            idle[i].send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
    }
    for (int i = 0; i < 20; ++i)
        expectServesCorrectly(server.port());
    // The idle connections are still open (the read timeout is 60 s) and still usable: finish
    // the request of one that only connected.
    Socket &first = idle[0];
    ASSERT_TRUE(first.send(post("/predict", kSetosa)));
    const auto r = first.readResponses(1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first, 200);
    ASSERT_TRUE(server.isRunning());
}

// The sanitizer runtime opens files (/proc/self/maps) while it checks a call; with no
// descriptor left it reports false errors in the server, so this test exists in normal builds
// only (not registered at all under AddressSanitizer, rather than reported as skipped).
#if !defined(__SANITIZE_ADDRESS__)
TEST(IrisServerHostile, OutOfFileDescriptorsItWaitsAndRecovers)
{
    // The server gets a soft limit of 128 open files (inherited from this process); 300
    // connections exceed it. Accepting must back off rather than spin, and once connections
    // close the server accepts and answers again.
    rlimit saved{};
    getrlimit(RLIMIT_NOFILE, &saved);
    rlimit low = saved;
    low.rlim_cur = 128;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
    IrisServerProcess server;
    const bool started = server.start({QStringLiteral("--threads"), QStringLiteral("2")});
    setrlimit(RLIMIT_NOFILE, &saved);
    ASSERT_TRUE(started) << server.errorString().toStdString();
    {
        std::vector<Socket> flood(300);
        for (auto &s : flood)
            ASSERT_TRUE(s.connect(server.port())); // the kernel's backlog accepts them
        // While the flood is held the server is out of descriptors; it must not burn CPU.
        std::ifstream statBefore("/proc/" + std::to_string(server.processId()) + "/stat");
        std::string before((std::istreambuf_iterator<char>(statBefore)), {});
        ::usleep(1000 * 1000);
        std::ifstream statAfter("/proc/" + std::to_string(server.processId()) + "/stat");
        std::string after((std::istreambuf_iterator<char>(statAfter)), {});
        auto cpuTicks = [](const std::string &stat) {
            // fields 14 and 15 (utime, stime) after the ")" that ends the command name
            std::istringstream in(stat.substr(stat.rfind(')') + 2));
            std::string field;
            long ticks = 0;
            for (int i = 3; i <= 15 && in >> field; ++i)
                if (i >= 14)
                    ticks += std::stol(field);
            return ticks;
        };
        const long used = cpuTicks(after) - cpuTicks(before);
        // A spinning accept loop would use about 100 ticks (1 s of CPU) here; allow 30.
        EXPECT_LT(used, 30) << "CPU ticks while out of descriptors";
    }
    // The flood is closed: the server serves again (it may take a moment to see the closes).
    ASSERT_TRUE(server.isRunning());
    expectServesCorrectly(server.port());
}
#endif

TEST(IrisServerHostile, MemoryStaysBoundedUnderRepeatedAbuse)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--read-timeout-ms"), QStringLiteral("1000")}))
        << server.errorString().toStdString();
    const auto requests = malformedRequests();
    std::mt19937 rng(7);
    auto round = [&] {
        for (const auto &r : requests)
            exchange(server.port(), r, kTimeoutMs);
        for (int i = 0; i < 50; ++i) {
            std::string bytes(1 + rng() % 2048, '\0');
            for (char &c : bytes)
                c = char(rng());
            exchange(server.port(), bytes, kTimeoutMs);
        }
        std::vector<Socket> idle(200);
        for (auto &s : idle)
            s.connect(server.port());
        Socket burst;
        burst.connect(server.port());
        std::string many;
        for (int i = 0; i < 200; ++i)
            many += post("/predict", kSetosa);
        burst.send(many);
        burst.readResponses(200);
    };
    round(); // warm-up: thread-local buffers, allocator arenas
    const long after1 = rssKiB(server.processId());
    for (int i = 0; i < 4; ++i)
        round();
    const long after5 = rssKiB(server.processId());
    ASSERT_GT(after1, 0);
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer keeps freed memory in quarantine (up to 256 MiB), so VmRSS says nothing
    // here; in that build LeakSanitizer looks for leaks at the server's exit instead, and this
    // test checks that the server survived the abuse and still answers correctly.
    ASSERT_TRUE(server.isRunning());
    expectServesCorrectly(server.port());
    return;
#endif
    // Four more rounds of the same abuse may not keep growing the server: allow 8 MiB of
    // allocator noise. A leak of one buffer per bad request (64 KiB+) would exceed it.
    EXPECT_LT(after5 - after1, 8 * 1024) << "VmRSS " << after1 << " KiB → " << after5 << " KiB";
    ASSERT_TRUE(server.isRunning());
    expectServesCorrectly(server.port());
}

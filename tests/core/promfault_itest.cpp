// A real Prometheus that dies in the middle of a request and comes back on the same address:
// the client reports a network error (not a hang, not a timeout) and the next request, on the
// same client, succeeds without any reset.
#include "core/prom/promclient.h"

#include "support/testsupport_prometheus.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>
#include <optional>

#include <sys/types.h>

using namespace vitals::prom;
using vitals::testsupport::PrometheusProcess;
using vitals::testsupport::waitUntil;

namespace {

// A Prometheus child on a fixed loopback port with its data in a temporary directory, which
// can be frozen, killed and started again on the same port (PrometheusProcess picks a new port
// on each start).
class RestartablePrometheus
{
public:
    bool start(quint16 port)
    {
        m_port = port;
        const QString config = m_dir.filePath(QStringLiteral("prometheus.yml"));
        QFile f(config);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.write("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n"
                "    static_configs:\n      - targets: ['127.0.0.1:"
                + QByteArray::number(port) + "']\n");
        f.close();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process->start(
            PrometheusProcess::binary(PrometheusProcess::Kind::Prometheus),
            {QStringLiteral("--config.file=") + config,
             QStringLiteral("--storage.tsdb.path=") + m_dir.filePath(QStringLiteral("data")),
             QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
             QStringLiteral("--log.level=warn")});
        if (!m_process->waitForStarted(30000))
            return false;
        const QUrl ready(QStringLiteral("http://127.0.0.1:%1/-/ready").arg(port));
        return waitUntil(
            [&] {
                return m_process->state() == QProcess::Running
                       && vitals::testsupport::httpGet(ready, nullptr, 2000) == 200;
            },
            60000);
    }
    void signal(int sig) { ::kill(pid_t(m_process->processId()), sig); }
    void waitForExit() { m_process->waitForFinished(30000); }
    QUrl baseUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    ~RestartablePrometheus()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            ::kill(pid_t(m_process->processId()), SIGKILL);
            m_process->waitForFinished(30000);
        }
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

} // namespace

TEST(PromFaultIntegration, PrometheusKilledMidRequestThenRestartedRecovers)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus))
        << "prometheus is not installed (sudo apt-get install prometheus)";
    const quint16 port = vitals::testsupport::freeLoopbackPort();
    auto prometheus = std::make_unique<RestartablePrometheus>();
    ASSERT_TRUE(prometheus->start(port));

    ConnectionProfile profile;
    profile.baseUrl = prometheus->baseUrl();
    profile.timeoutMs = 30000;
    PromClient client(profile);
    auto query = [&](int waitMs) {
        std::optional<QueryResult> result;
        RequestHandle h = client.query({QStringLiteral("vector(42)")}, nullptr,
                                       [&](const QueryResult &r) { result = r.clone(); });
        waitUntil([&] { return result.has_value(); }, waitMs);
        return result;
    };
    const auto before = query(30000);
    ASSERT_TRUE(before && before->ok()) << (before ? before->error.message.toStdString() : "");
    ASSERT_EQ(before->vector.size(), 1u);

    // Freeze the server, so the next request is surely in flight (the kernel accepts the
    // connection and takes the request; nobody answers), then kill it.
    prometheus->signal(SIGSTOP);
    std::optional<QueryResult> inFlight;
    RequestHandle h = client.query({QStringLiteral("vector(42)")}, nullptr,
                                   [&](const QueryResult &r) { inFlight = r.clone(); });
    waitUntil([] { return false; }, 1000);
    ASSERT_FALSE(inFlight.has_value()) << "a frozen server answered";
    prometheus->signal(SIGKILL);
    prometheus->waitForExit();
    // The kill ends the request with a network error at once, well before the 30 s timeout.
    ASSERT_TRUE(waitUntil([&] { return inFlight.has_value(); }, 10000));
    EXPECT_EQ(inFlight->error.type, ErrorType::Network) << inFlight->error.message.toStdString();
    EXPECT_FALSE(inFlight->error.message.isEmpty());

    // While it is down: a network error too (connection refused), not a hang.
    const auto down = query(30000);
    ASSERT_TRUE(down.has_value());
    EXPECT_EQ(down->error.type, ErrorType::Network) << down->error.message.toStdString();

    // Restarted on the same port: the very next request of the same client succeeds.
    prometheus.reset();
    prometheus = std::make_unique<RestartablePrometheus>();
    ASSERT_TRUE(prometheus->start(port)) << "could not restart on port " << port;
    const auto after = query(30000);
    ASSERT_TRUE(after.has_value());
    ASSERT_TRUE(after->ok()) << after->error.message.toStdString();
    ASSERT_EQ(after->vector.size(), 1u);
    EXPECT_EQ(after->vector[0].value, 42.0);
}

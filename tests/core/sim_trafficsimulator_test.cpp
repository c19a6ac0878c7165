#include "core/sim/trafficsimulator.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include "support/testsupport_prometheus.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>

using namespace vitals::sim;

namespace {

// A minimal HTTP/1.1 server on 127.0.0.1 that records every request and answers like
// iris-server's /predict would (200 for four numbers, 400 otherwise), or holds the answer.
class FakeServer
{
public:
    struct Request {
        QByteArray method;
        QByteArray path;
        QByteArray body;
    };

    FakeServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                m_sockets.push_back(s);
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] { onRead(s); });
            }
        });
    }

    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
    }

    // While holding, requests are recorded but not answered.
    void setHold(bool hold)
    {
        m_hold = hold;
        if (!hold) {
            for (auto &[socket, count] : m_pending) {
                for (int i = 0; i < count; ++i)
                    answer(socket, 200, "{}");
            }
            m_pending.clear();
        }
    }

    const QList<Request> &requests() const { return m_requests; }
    int count(const QByteArray &path) const
    {
        int n = 0;
        for (const Request &r : m_requests)
            n += r.path == path;
        return n;
    }

private:
    static bool validFeatures(const QByteArray &body)
    {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        const QJsonArray f = doc.object().value(QStringLiteral("features")).toArray();
        if (!doc.isObject() || f.size() != 4)
            return false;
        for (const QJsonValue &v : f) {
            if (!v.isDouble())
                return false;
        }
        return true;
    }

    void answer(QTcpSocket *s, int status, const QByteArray &body)
    {
        s->write("HTTP/1.1 " + QByteArray::number(status) + (status == 200 ? " OK" : " Bad Request")
                 + "\r\nContent-Type: application/json\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    void onRead(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        for (;;) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buf.left(end).split('\n');
            qsizetype length = 0;
            for (const QByteArray &l : lines) {
                if (l.toLower().startsWith("content-length:"))
                    length = l.mid(15).trimmed().toLongLong();
            }
            if (buf.size() < end + 4 + length)
                return;
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            Request r{first.value(0), first.value(1), buf.mid(end + 4, length)};
            buf.remove(0, end + 4 + length);
            m_requests.push_back(r);
            if (m_hold)
                ++m_pending[s];
            else if (r.path == "/predict")
                answer(s, validFeatures(r.body) ? 200 : 400, "{}");
            else
                answer(s, 200, "{}");
        }
    }

    QTcpServer m_server;
    std::vector<QTcpSocket *> m_sockets;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    std::map<QTcpSocket *, int> m_pending;
    QList<Request> m_requests;
    bool m_hold = false;
};

bool runUntilStopped(TrafficSimulator &sim, int timeoutMs = 30000)
{
    return vitals::testsupport::waitUntil([&] { return !sim.isRunning(); }, timeoutMs);
}

} // namespace

TEST(TrafficSimulator, BuildsEndpointUrlsFromTargets)
{
    const QUrl base(QStringLiteral("http://127.0.0.1:8000"));
    EXPECT_EQ(TrafficSimulator::predictUrl(base).toString(),
              QStringLiteral("http://127.0.0.1:8000/predict"));
    EXPECT_EQ(TrafficSimulator::predictUrl(QUrl(QStringLiteral("http://h:1/predict"))).toString(),
              QStringLiteral("http://h:1/predict"));
    EXPECT_EQ(TrafficSimulator::faultsUrl(QUrl(QStringLiteral("http://h:1/predict"))).toString(),
              QStringLiteral("http://h:1/admin/faults"));
    EXPECT_EQ(TrafficSimulator::faultsUrl(QUrl(QStringLiteral("http://h:1/"))).toString(),
              QStringLiteral("http://h:1/admin/faults"));
}

TEST(TrafficSimulator, RejectsInvalidOptions)
{
    TrafficSimulator sim;
    QStringList errors;
    QObject::connect(&sim, &TrafficSimulator::errorOccurred,
                     [&](const QString &e) { errors << e; });
    SimulatorOptions o;
    EXPECT_FALSE(sim.start(o)); // no target
    o.targets = {QUrl(QStringLiteral("ftp://127.0.0.1:1"))};
    EXPECT_FALSE(sim.start(o));
    o.targets = {QUrl(QStringLiteral("http://127.0.0.1:1"))};
    o.rate = -1;
    EXPECT_FALSE(sim.start(o));
    o.rate = 2;
    o.errorFraction = 0.7;
    o.driftFraction = 0.5;
    EXPECT_FALSE(sim.start(o));
    EXPECT_EQ(errors.size(), 4);
    EXPECT_FALSE(sim.isRunning());
}

TEST(TrafficSimulator, NeverExceedsTheRate)
{
    FakeServer server;
    TrafficSimulator sim;
    SimulatorOptions o;
    o.targets = {server.url()};
    o.rate = 40;
    o.seed = 1;
    QElapsedTimer clock;
    clock.start();
    ASSERT_TRUE(sim.start(o));
    vitals::testsupport::spin(2000);
    const double elapsed = double(clock.elapsed()) / 1000.0;
    const quint64 sent = sim.counters().sent;
    sim.stop();
    ASSERT_TRUE(runUntilStopped(sim));
    // Upper bound from the token bucket: rate * elapsed, plus the initial token and one burst
    // (10 tokens at 40 req/s). The lower bound is loose on purpose: a loaded machine may starve
    // the timer, but not to a third of the rate.
    EXPECT_LE(double(sent), 40 * elapsed + 1 + TokenBucket::defaultBurst(40));
    EXPECT_GE(double(sent), 40 * elapsed / 3);
    const TrafficCounters c = sim.counters();
    EXPECT_EQ(c.ok, c.sent);
    EXPECT_EQ(c.failed, 0u);
    EXPECT_EQ(c.inFlight, 0);
    EXPECT_EQ(quint64(server.count("/predict")), c.sent);
}

TEST(TrafficSimulator, MixSendsAnExactShareOfMalformedBodies)
{
    FakeServer server;
    TrafficSimulator sim;
    SimulatorOptions o;
    o.scenario = Scenario::Mix;
    o.targets = {server.url()};
    o.rate = 200;
    o.errorFraction = 0.1;
    o.seed = 5;
    o.durationMs = 1500;
    QList<TrafficCounters> updates;
    QObject::connect(&sim, &TrafficSimulator::countersChanged,
                     [&](const TrafficCounters &c) { updates << c; });
    ASSERT_TRUE(sim.start(o));
    ASSERT_TRUE(runUntilStopped(sim)); // stops by itself after durationMs
    const TrafficCounters c = sim.counters();
    ASSERT_GT(c.sent, 20u);
    EXPECT_EQ(c.failed, c.sent / 10); // every tenth request is malformed
    EXPECT_EQ(c.ok + c.failed, c.sent);
    EXPECT_EQ(c.networkErrors, 0u);
    ASSERT_FALSE(updates.isEmpty());
    EXPECT_EQ(updates.last().sent, c.sent);
}

TEST(TrafficSimulator, ErrorsScenarioFailsEveryRequest)
{
    FakeServer server;
    TrafficSimulator sim;
    SimulatorOptions o;
    o.scenario = Scenario::Errors;
    o.targets = {server.url()};
    o.rate = 100;
    o.durationMs = 800;
    ASSERT_TRUE(sim.start(o));
    ASSERT_TRUE(runUntilStopped(sim));
    EXPECT_GT(sim.counters().sent, 5u);
    EXPECT_EQ(sim.counters().failed, sim.counters().sent);
}

TEST(TrafficSimulator, BoundsRequestsInFlight)
{
    FakeServer server;
    server.setHold(true);
    TrafficSimulator sim;
    SimulatorOptions o;
    o.scenario = Scenario::Spike;
    o.targets = {server.url()};
    o.maxInFlight = 5;
    ASSERT_TRUE(sim.start(o));
    ASSERT_TRUE(
        vitals::testsupport::waitUntil([&] { return server.count("/predict") == 5; }, 10000));
    vitals::testsupport::spin(300);
    EXPECT_EQ(sim.counters().sent, 5u);
    EXPECT_EQ(sim.counters().inFlight, 5);
    server.setHold(false);
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return sim.counters().ok >= 20; }, 10000));
    sim.stop();
    ASSERT_TRUE(runUntilStopped(sim));
    EXPECT_EQ(sim.counters().ok, sim.counters().sent);
}

TEST(TrafficSimulator, SpreadsRequestsRoundRobin)
{
    FakeServer a, b;
    TrafficSimulator sim;
    SimulatorOptions o;
    o.targets = {a.url(), b.url()};
    o.rate = 100;
    o.durationMs = 1000;
    ASSERT_TRUE(sim.start(o));
    ASSERT_TRUE(runUntilStopped(sim));
    const int total = a.count("/predict") + b.count("/predict");
    EXPECT_EQ(quint64(total), sim.counters().sent);
    EXPECT_LE(std::abs(a.count("/predict") - b.count("/predict")), 1);
}

TEST(TrafficSimulator, SlowSetsFaultsAndRestoresThemOnStop)
{
    FakeServer server;
    TrafficSimulator sim;
    SimulatorOptions o;
    o.scenario = Scenario::Slow;
    o.targets = {server.url()};
    o.faultLatencyMs = 250;
    o.rate = 50;
    ASSERT_TRUE(sim.start(o));
    ASSERT_TRUE(
        vitals::testsupport::waitUntil([&] { return server.count("/predict") >= 3; }, 10000));
    sim.stop();
    ASSERT_TRUE(runUntilStopped(sim));
    QList<QJsonObject> faults;
    qsizetype firstPredict = -1;
    for (qsizetype i = 0; i < server.requests().size(); ++i) {
        const auto &r = server.requests()[i];
        if (r.path == "/admin/faults") {
            EXPECT_EQ(r.method, "POST");
            faults << QJsonDocument::fromJson(r.body).object();
        } else if (firstPredict < 0) {
            firstPredict = i;
        }
    }
    ASSERT_EQ(faults.size(), 2);
    EXPECT_EQ(faults[0].value(QStringLiteral("latency_ms")).toInt(), 250);
    EXPECT_EQ(faults[1].value(QStringLiteral("latency_ms")).toInt(), 0);
    EXPECT_EQ(faults[1].value(QStringLiteral("error_rate")).toDouble(), 0.0);
    // Traffic only starts once the faults are in place, and they are restored last.
    EXPECT_EQ(server.requests().first().path, "/admin/faults");
    EXPECT_EQ(server.requests().last().path, "/admin/faults");
}

TEST(TrafficSimulator, CountsRefusedConnectionsAsNetworkErrors)
{
    quint16 port = 0;
    {
        QTcpServer probe;
        ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    TrafficSimulator sim;
    SimulatorOptions o;
    o.targets = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))};
    o.rate = 20;
    o.durationMs = 500;
    ASSERT_TRUE(sim.start(o));
    ASSERT_TRUE(runUntilStopped(sim));
    const TrafficCounters c = sim.counters();
    EXPECT_GT(c.sent, 0u);
    EXPECT_EQ(c.failed, c.sent);
    EXPECT_EQ(c.networkErrors, c.sent);
}

TEST(TrafficSimulator, CycleStartsWithNormalTraffic)
{
    FakeServer server;
    TrafficSimulator sim;
    QList<Scenario> phases;
    QObject::connect(&sim, &TrafficSimulator::phaseChanged, [&](Scenario s) { phases << s; });
    SimulatorOptions o;
    o.scenario = Scenario::Cycle;
    o.targets = {server.url()};
    o.rate = 50;
    o.durationMs = 500;
    ASSERT_TRUE(sim.start(o));
    ASSERT_TRUE(runUntilStopped(sim));
    ASSERT_EQ(phases.size(), 1);
    EXPECT_EQ(phases.first(), Scenario::Normal);
    EXPECT_EQ(sim.counters().ok, sim.counters().sent);
}

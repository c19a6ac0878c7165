// LocalStack and TrafficSimulator end to end: the real iris-server (build/bin) and the real
// Prometheus (/usr/bin/prometheus) on loopback ports, driven and queried over HTTP.
#include "core/sim/trafficsimulator.h"
#include "core/stack/localstack.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrlQuery>

#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"

#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <functional>
#include <limits>
#include <map>
#include <sys/prctl.h>
#include <sys/wait.h>

using namespace vitals::stack;
using namespace vitals::sim;

namespace {

const QString kIrisServer = QStringLiteral(VITALS_BIN_DIR "/iris-server");
const QString kPrometheus = QStringLiteral("/usr/bin/prometheus");
const QString kAlertmanager = QStringLiteral("/usr/bin/prometheus-alertmanager");
// The requests counted for the error rate: /predict only, not readiness checks.
const QString kPredict = QStringLiteral("endpoint=~\".*predict.*\"");

// A missing or silent component fails the test: a skip would hide a broken stack.
// Empty when `iris-server serve` announces itself within 5 s, else why not.
QString irisServerUnavailable()
{
    static const QString reason = [] {
        if (!QFile::exists(kIrisServer))
            return QStringLiteral("%1 is missing").arg(kIrisServer);
        QProcess p;
        p.start(kIrisServer,
                {QStringLiteral("serve"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                 QStringLiteral("--port"), QStringLiteral("0")});
        QElapsedTimer clock;
        clock.start();
        QByteArray out;
        while (clock.elapsed() < 5000 && !out.contains("listening on http://")) {
            if (!p.waitForReadyRead(200) && p.state() == QProcess::NotRunning)
                break;
            out += p.readAllStandardOutput();
        }
        p.terminate();
        if (!p.waitForFinished(5000))
            p.kill();
        p.waitForFinished(2000);
        return out.contains("listening on http://")
                   ? QString()
                   : QStringLiteral("`iris-server serve` did not print its listening line "
                                    "within 5 s");
    }();
    return reason;
}

#define REQUIRE_REAL_COMPONENTS()                                                                  \
    do {                                                                                           \
        if (const QString why = irisServerUnavailable(); !why.isEmpty())                           \
            FAIL() << why.toStdString();                                                           \
        if (!QFile::exists(kPrometheus))                                                           \
            FAIL() << "prometheus missing: sudo apt-get install prometheus";                       \
        if (!QFile::exists(kAlertmanager))                                                         \
            FAIL() << "alertmanager missing: sudo apt-get install prometheus-alertmanager";        \
    } while (0)

// GET /api/v1/query; the "result" array of a successful vector query, else empty.
QJsonArray promQuery(const QUrl &base, const QString &expr)
{
    QNetworkAccessManager nam;
    QUrl url = base;
    url.setPath(QStringLiteral("/api/v1/query"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("query"), expr);
    url.setQuery(q);
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    QNetworkReply *reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const QJsonObject doc = QJsonDocument::fromJson(reply->readAll()).object();
    if (doc.value(QStringLiteral("status")).toString() != QLatin1String("success"))
        return {};
    return doc.value(QStringLiteral("data")).toObject().value(QStringLiteral("result")).toArray();
}

// The value of a one-series query, or NaN.
double promScalar(const QUrl &base, const QString &expr)
{
    const QJsonArray r = promQuery(base, expr);
    if (r.size() != 1)
        return std::numeric_limits<double>::quiet_NaN();
    return r.at(0).toObject().value(QStringLiteral("value")).toArray().at(1).toString().toDouble();
}

struct Started {
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<LocalStack> stack;
};

Started startStack(int replicas, const QStringList &ruleFiles = {})
{
    Started s;
    s.dir = std::make_unique<QTemporaryDir>();
    LocalStackOptions o;
    o.replicas = replicas;
    o.irisServerPath = kIrisServer;
    o.prometheusPath = kPrometheus;
    o.alertmanagerPath = kAlertmanager;
    o.dataDir = s.dir->path();
    o.ruleFiles = ruleFiles;
    s.stack = std::make_unique<LocalStack>(o);
    bool ready = false;
    QObject::connect(s.stack.get(), &LocalStack::stackReady, [&ready] { ready = true; });
    EXPECT_TRUE(s.stack->start());
    // Generous: two processes starting on a loaded 2-core machine.
    EXPECT_TRUE(vitals::testsupport::waitUntil([&] { return ready; }, 60000)) << "stack not ready";
    return s;
}

bool processGone(qint64 pid)
{
    int status = 0;
    if (::waitpid(pid_t(pid), &status, WNOHANG) == pid_t(pid))
        return true; // re-parented to us (subreaper) and now reaped
    if (::kill(pid_t(pid), 0) != 0)
        return true;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');
    return paren > 0 && line.size() > paren + 2 && line.at(paren + 2) == 'Z';
}

// Runs a scenario against the stack's replicas until it stops by itself.
TrafficCounters runTraffic(const LocalStack &stack, SimulatorOptions options)
{
    TrafficSimulator sim;
    options.targets = stack.serverUrls();
    options.seed = 2024;
    EXPECT_TRUE(sim.start(options));
    EXPECT_TRUE(vitals::testsupport::waitUntil([&] { return !sim.isRunning(); },
                                               int(options.durationMs) + 30000));
    return sim.counters();
}

// Cumulative iris_feature_value bucket counts per feature: le -> count.
std::map<QString, std::map<double, double>> featureBuckets(const QUrl &prom)
{
    std::map<QString, std::map<double, double>> out;
    for (const QJsonValue &v :
         promQuery(prom, QStringLiteral("sum without (instance) (iris_feature_value_bucket)"))) {
        const QJsonObject metric = v.toObject().value(QStringLiteral("metric")).toObject();
        QStringList key;
        for (auto it = metric.begin(); it != metric.end(); ++it) {
            if (it.key() != QLatin1String("le") && it.key() != QLatin1String("job"))
                key << it.key() + QLatin1Char('=') + it.value().toString();
        }
        const QString le = metric.value(QStringLiteral("le")).toString();
        const double bound =
            le == QLatin1String("+Inf") ? std::numeric_limits<double>::infinity() : le.toDouble();
        out[key.join(QLatin1Char(','))][bound] =
            v.toObject().value(QStringLiteral("value")).toArray().at(1).toString().toDouble();
    }
    return out;
}

// Observations above the second-highest finite bound (the top bin and the overflow), and all.
std::pair<double, double> topAndTotal(const std::map<double, double> &buckets)
{
    std::vector<double> finite;
    for (const auto &[le, count] : buckets) {
        if (std::isfinite(le))
            finite.push_back(le);
    }
    const double total = buckets.count(std::numeric_limits<double>::infinity())
                             ? buckets.at(std::numeric_limits<double>::infinity())
                             : 0;
    if (finite.size() < 2)
        return {0, total};
    return {total - buckets.at(finite[finite.size() - 2]), total};
}

} // namespace

TEST(LocalStackIntegration, ReplicasAreScrapedAsOneJobWithAnInstanceEach)
{
    REQUIRE_REAL_COMPONENTS();
    // The bundled rules from disk, and a resource path that this test binary does not have
    // (the console links the resources; core's tests do not), which is skipped with a note.
    const QString rules =
        QStringLiteral(VITALS_SOURCE_DIR "/resources/prometheus/vitals-rules.yml");
    Started s = startStack(2, {QStringLiteral(":/vitals/prometheus/vitals-rules.yml"), rules});
    LocalStack &stack = *s.stack;
    const QUrl prom = stack.prometheusUrl();
    ASSERT_TRUE(prom.isValid());
    ASSERT_EQ(stack.serverUrls().size(), 2);
    EXPECT_NE(stack.serverUrls().at(0).port(), stack.serverUrls().at(1).port());
    EXPECT_TRUE(stack.prometheusConfigPath().startsWith(s.dir->path()));

    QProcess check;
    check.start(QStringLiteral("/usr/bin/promtool"),
                {QStringLiteral("check"), QStringLiteral("config"), stack.prometheusConfigPath()});
    ASSERT_TRUE(check.waitForFinished(60000));
    EXPECT_EQ(check.exitCode(), 0) << check.readAllStandardError().toStdString();

    // Scraped every second: both instances are up within a few scrapes.
    ASSERT_TRUE(vitals::testsupport::waitUntil(
        [&] { return promScalar(prom, QStringLiteral("count(up{job=\"iris\"} == 1)")) == 2; },
        30000));
    QStringList instances;
    for (const QJsonValue &v : promQuery(prom, QStringLiteral("up{job=\"iris\"}")))
        instances << v.toObject()
                         .value(QStringLiteral("metric"))
                         .toObject()
                         .value(QStringLiteral("instance"))
                         .toString();
    instances.sort();
    QStringList expected;
    for (const QUrl &u : stack.serverUrls())
        expected << QStringLiteral("%1:%2").arg(u.host()).arg(u.port());
    expected.sort();
    EXPECT_EQ(instances, expected);

    // The rule file is loaded: its group "iris" is listed by the rules API.
    EXPECT_TRUE(stack.logLines(LocalStack::prometheusName())
                    .join(QLatin1Char('\n'))
                    .contains(QStringLiteral("is not bundled; skipped")));
    QNetworkAccessManager nam;
    QUrl rulesUrl = prom;
    rulesUrl.setPath(QStringLiteral("/api/v1/rules"));
    QNetworkReply *reply = nam.get(QNetworkRequest(rulesUrl));
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return reply->isFinished(); }, 10000));
    const QJsonArray groups = QJsonDocument::fromJson(reply->readAll())
                                  .object()
                                  .value(QStringLiteral("data"))
                                  .toObject()
                                  .value(QStringLiteral("groups"))
                                  .toArray();
    reply->deleteLater();
    QStringList groupNames;
    for (const QJsonValue &g : groups)
        groupNames << g.toObject().value(QStringLiteral("name")).toString();
    EXPECT_TRUE(groupNames.contains(QStringLiteral("iris"))) << groupNames.join(',').toStdString();

    // A restarted replica comes back on the same port, so its target stays valid.
    const QUrl before = stack.process(LocalStack::replicaName(0)).url;
    stack.restartProcess(LocalStack::replicaName(0));
    ASSERT_TRUE(vitals::testsupport::waitUntil(
        [&] { return stack.process(LocalStack::replicaName(0)).state == ProcessState::Starting; },
        20000));
    ASSERT_TRUE(vitals::testsupport::waitUntil(
        [&] { return stack.process(LocalStack::replicaName(0)).state == ProcessState::Ready; },
        60000));
    EXPECT_EQ(stack.process(LocalStack::replicaName(0)).url, before);
}

TEST(LocalStackIntegration, AReplicaOnANewPortIsScrapedAfterTheSighupReload)
{
    REQUIRE_REAL_COMPONENTS();
    Started s = startStack(1);
    LocalStack &stack = *s.stack;
    const QUrl prom = stack.prometheusUrl();
    ASSERT_TRUE(prom.isValid());
    const ProcessStatus prometheus = stack.process(LocalStack::prometheusName());
    EXPECT_FALSE(prometheus.arguments.contains(QStringLiteral("--web.enable-lifecycle")))
        << prometheus.arguments.join(' ').toStdString();

    // Stop the replica and hold its port, so it comes back on another one: the configuration
    // Prometheus started with no longer names it.
    const QString replica = LocalStack::replicaName(0);
    const quint16 oldPort = quint16(stack.process(replica).url.port());
    stack.stopProcess(replica);
    ASSERT_TRUE(vitals::testsupport::waitUntil(
        [&] { return stack.process(replica).state == ProcessState::Stopped; }, 20000));
    QTcpServer holder;
    ASSERT_TRUE(holder.listen(QHostAddress::LocalHost, oldPort)) << "port " << oldPort;
    stack.startProcess(replica);
    ASSERT_TRUE(vitals::testsupport::waitUntil(
        [&] { return stack.process(replica).state == ProcessState::Ready; }, 60000));
    const quint16 newPort = quint16(stack.process(replica).url.port());
    ASSERT_NE(newPort, oldPort);
    EXPECT_TRUE(stack.logLines(LocalStack::prometheusName())
                    .join(QLatin1Char('\n'))
                    .contains(QStringLiteral("reload its configuration (SIGHUP)")));

    // Prometheus reloads asynchronously after the signal; only the reloaded configuration
    // scrapes the new port. Scrapes run every second, so this is up within a few seconds.
    const QString upNew = QStringLiteral("up{job=\"iris\",instance=\"127.0.0.1:%1\"}").arg(newPort);
    EXPECT_TRUE(vitals::testsupport::waitUntil([&] { return promScalar(prom, upNew) == 1; }, 30000))
        << "Prometheus never scraped the replica's new port " << newPort;
    // Prometheus logs each load of its configuration: once at start, once for the reload.
    EXPECT_TRUE(vitals::testsupport::waitUntil(
        [&] {
            return stack.logLines(LocalStack::prometheusName())
                       .filter(QStringLiteral("Completed loading of configuration file"))
                       .size()
                   == 2;
        },
        30000))
        << stack.logLines(LocalStack::prometheusName()).join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(stack.process(LocalStack::prometheusName()).pid, prometheus.pid)
        << "the reload must not restart Prometheus";

    // Without the lifecycle API, a page in a local browser cannot stop Prometheus.
    QUrl quit = prom;
    quit.setPath(QStringLiteral("/-/quit"));
    QByteArray answer;
    const int status = vitals::testsupport::httpPost(quit, "{}", &answer, 10000);
    EXPECT_EQ(status, 403) << answer.toStdString(); // "Lifecycle API is not enabled."
    QUrl reload = prom;
    reload.setPath(QStringLiteral("/-/reload"));
    EXPECT_EQ(vitals::testsupport::httpPost(reload, "{}", nullptr, 10000), 403);
    QUrl ready = prom;
    ready.setPath(QStringLiteral("/-/ready"));
    EXPECT_EQ(vitals::testsupport::httpGet(ready, nullptr, 10000), 200);
    EXPECT_EQ(stack.process(LocalStack::prometheusName()).state, ProcessState::Ready);
}

TEST(LocalStackIntegration, SlowScenarioSetsAndRestoresTheRealServersFaults)
{
    REQUIRE_REAL_COMPONENTS();
    // The simulator's fault requests must pass iris-server's admin checks (JSON type, loopback
    // Host): a refused one would leave the server's latency at 0 below.
    vitals::testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    const QUrl admin(server.baseUrl() + QStringLiteral("/admin/faults"));
    auto latencyMs = [&] {
        QByteArray body;
        if (vitals::testsupport::httpGet(admin, &body, 10000) != 200)
            return -1.0;
        return QJsonDocument::fromJson(body)
            .object()
            .value(QStringLiteral("latency_ms"))
            .toDouble(-1);
    };
    TrafficSimulator sim;
    SimulatorOptions o;
    o.scenario = Scenario::Slow;
    o.targets = {QUrl(server.baseUrl())};
    o.faultLatencyMs = 120;
    o.rate = 5;
    ASSERT_TRUE(sim.start(o));
    EXPECT_TRUE(vitals::testsupport::waitUntil([&] { return latencyMs() == 120; }, 20000));
    sim.stop();
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return !sim.isRunning(); }, 30000));
    EXPECT_EQ(latencyMs(), 0);
}

TEST(LocalStackIntegration, PrometheusSeesTheErrorRateOfAKnownMix)
{
    REQUIRE_REAL_COMPONENTS();
    Started s = startStack(1);
    const QUrl prom = s.stack->prometheusUrl();
    ASSERT_TRUE(prom.isValid());

    // 20 s of 90% normal and 10% malformed requests at 20 req/s: about 400 requests.
    SimulatorOptions o;
    o.scenario = Scenario::Mix;
    o.errorFraction = 0.10;
    o.rate = 20;
    o.durationMs = 20000;
    const TrafficCounters c = runTraffic(*s.stack, o);
    ASSERT_GT(c.sent, 100u);
    EXPECT_EQ(c.networkErrors, 0u);
    EXPECT_EQ(c.failed, c.sent / 10); // the server rejects exactly the malformed ones

    // Wait until Prometheus has scraped the last request (1 s interval).
    const QString total = QStringLiteral("sum(inference_requests_total{%1})").arg(kPredict);
    ASSERT_TRUE(vitals::testsupport::waitUntil(
        [&] { return promScalar(prom, total) == double(c.sent); }, 30000))
        << "Prometheus has " << promScalar(prom, total) << " of " << c.sent << " requests";
    const double ratio =
        promScalar(prom, QStringLiteral("sum(inference_requests_total{%1,status!~\"2..\"}) / %2")
                             .arg(kPredict, total));
    // The acceptance bound: about 10%, within 3 points.
    EXPECT_NEAR(ratio, 0.10, 0.03);
}

TEST(LocalStackIntegration, DriftMovesFeatureMassIntoTheOutermostBins)
{
    REQUIRE_REAL_COMPONENTS();
    Started s = startStack(1);
    const QUrl prom = s.stack->prometheusUrl();
    ASSERT_TRUE(prom.isValid());

    auto scrapedAll = [&](quint64 observations) {
        const auto buckets = featureBuckets(prom);
        if (buckets.size() != 4)
            return false;
        for (const auto &[feature, b] : buckets) {
            if (topAndTotal(b).second != double(observations))
                return false;
        }
        return true;
    };

    SimulatorOptions o;
    o.rate = 20;
    o.durationMs = 8000;
    o.scenario = Scenario::Normal;
    const TrafficCounters normal = runTraffic(*s.stack, o);
    ASSERT_GT(normal.ok, 50u);
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return scrapedAll(normal.ok); }, 30000));
    const auto before = featureBuckets(prom);

    o.scenario = Scenario::Drift;
    const TrafficCounters drift = runTraffic(*s.stack, o);
    ASSERT_GT(drift.ok, 50u);
    EXPECT_EQ(drift.ok, drift.sent); // drifted inputs are plausible, so they are served
    ASSERT_TRUE(
        vitals::testsupport::waitUntil([&] { return scrapedAll(normal.ok + drift.ok); }, 30000));
    const auto after = featureBuckets(prom);

    for (const auto &[feature, b] : after) {
        const auto [top0, total0] = topAndTotal(before.at(feature));
        const auto [top1, total1] = topAndTotal(b);
        // Training-like inputs rarely reach the top bin (the data set's largest values) ...
        EXPECT_LT(top0 / total0, 0.3) << feature.toStdString();
        // ... every drifted one lies beyond the data set's maximum.
        EXPECT_GE((top1 - top0) / (total1 - total0), 0.95) << feature.toStdString();
    }
}

TEST(LocalStackIntegration, StoppingTheStackLeavesNoChild)
{
    REQUIRE_REAL_COMPONENTS();
    Started s = startStack(2);
    QList<qint64> pids;
    for (const ProcessStatus &p : s.stack->processes()) {
        EXPECT_EQ(p.state, ProcessState::Ready) << p.name.toStdString();
        pids << p.pid;
    }
    ASSERT_EQ(pids.size(), 4); // two replicas, Prometheus, Alertmanager
    bool stopped = false;
    QObject::connect(s.stack.get(), &LocalStack::stackStopped, [&] { stopped = true; });
    s.stack->stop();
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return stopped; }, 30000));
    for (const ProcessStatus &p : s.stack->processes())
        EXPECT_EQ(p.state, ProcessState::Stopped) << p.name.toStdString();
    for (qint64 pid : pids)
        EXPECT_TRUE(processGone(pid)) << pid;
}

TEST(LocalStackIntegration, KillingTheConsoleLeavesNoChild)
{
    REQUIRE_REAL_COMPONENTS();
    // Orphans are re-parented to this process, so it can reap them and tell "gone" from
    // "zombie of someone else".
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    QTemporaryDir dir;
    QProcess probe;
    probe.start(QCoreApplication::applicationDirPath() + QStringLiteral("/stack-parent-probe"),
                {kIrisServer, dir.path(), QStringLiteral("2")});
    ASSERT_TRUE(probe.waitForStarted(10000)) << probe.errorString().toStdString();
    QByteArray out;
    ASSERT_TRUE(vitals::testsupport::waitUntil(
        [&] {
            out += probe.readAllStandardOutput();
            return out.contains("ready\n") || probe.state() == QProcess::NotRunning;
        },
        60000));
    ASSERT_TRUE(out.contains("ready\n")) << out.toStdString();
    QList<qint64> pids;
    for (const QByteArray &line : out.split('\n')) {
        if (line.startsWith("pid "))
            pids << line.split(' ').value(2).toLongLong();
    }
    ASSERT_EQ(pids.size(), 4) << out.toStdString();
    for (qint64 pid : pids)
        ASSERT_FALSE(processGone(pid)) << pid;

    ::kill(pid_t(probe.processId()), SIGKILL);
    ASSERT_TRUE(probe.waitForFinished(10000));
    // SIGTERM arrives through PR_SET_PDEATHSIG; iris-server exits within 2 s, Prometheus
    // after closing its TSDB.
    for (qint64 pid : pids)
        EXPECT_TRUE(vitals::testsupport::waitUntil([&] { return processGone(pid); }, 30000)) << pid;
    // When the test fails, do not leave the survivors running.
    for (qint64 pid : pids) {
        if (!processGone(pid)) {
            ::kill(pid_t(pid), SIGKILL);
            vitals::testsupport::waitUntil([&] { return processGone(pid); }, 5000);
        }
    }
}

TEST(LocalStackIntegration, MissingPrometheusIsReportedWithTheInstallLine)
{
    if (const QString why = irisServerUnavailable(); !why.isEmpty())
        FAIL() << why.toStdString();
    QTemporaryDir dir;
    LocalStackOptions o;
    o.irisServerPath = kIrisServer;
    o.prometheusPath = dir.filePath(QStringLiteral("prometheus"));
    o.dataDir = dir.path();
    LocalStack stack(o);
    QStringList errors;
    QObject::connect(&stack, &LocalStack::errorOccurred, [&](const QString &e) { errors << e; });
    ASSERT_TRUE(stack.start());
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return !errors.isEmpty(); }, 60000));
    EXPECT_TRUE(errors.first().contains(QStringLiteral("sudo apt-get install prometheus")));
    // The replicas run regardless, so traffic can still be sent.
    EXPECT_EQ(stack.process(LocalStack::replicaName(0)).state, ProcessState::Ready);
    EXPECT_TRUE(stack.logLines(LocalStack::prometheusName())
                    .contains(QStringLiteral("vitals: sudo apt-get install prometheus")));
}

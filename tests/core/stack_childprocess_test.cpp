#include "core/stack/childprocess.h"
#include "core/stack/localstack.h"
#include "core/stack/prometheusconfig.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include "support/testsupport_prometheus.h"

#include <gtest/gtest.h>

#include <csignal>
#include <functional>

using namespace vitals::stack;

// ChildProcess runs ordinary programs here (/bin/sh scripts given as arguments) to exercise
// exit codes, logs and stopping; the real iris-server and Prometheus are in stack_itest.cpp.

namespace {

LaunchSpec shell(const QString &script, int startTimeoutMs = 20000)
{
    LaunchSpec spec;
    spec.program = QStringLiteral("/bin/sh");
    spec.arguments = {QStringLiteral("-c"), script};
    spec.readinessPath = QStringLiteral("/ready");
    spec.startTimeoutMs = startTimeoutMs;
    return spec;
}

bool settled(const ChildProcess &c)
{
    return c.state() != ProcessState::Starting && c.state() != ProcessState::Ready;
}

// Answers every HTTP request with 200 and an empty body: a stand-in readiness endpoint.
class OkServer
{
public:
    OkServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                QObject::connect(s, &QTcpSocket::readyRead, s, [s] {
                    if (s->readAll().contains("\r\n\r\n"))
                        s->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
};

} // namespace

TEST(ChildProcess, ReportsACrashWithItsExitCodeAndOutput)
{
    QNetworkAccessManager nam;
    ChildProcess c(QStringLiteral("p"), &nam, 50);
    QList<ProcessState> states;
    QObject::connect(&c, &ChildProcess::stateChanged, [&](ProcessState s) { states << s; });
    c.start(shell(QStringLiteral("echo out-line; echo err-line >&2; exit 3")));
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return settled(c); }, 20000));
    EXPECT_EQ(c.state(), ProcessState::Crashed);
    EXPECT_EQ(c.exitCode(), 3);
    EXPECT_EQ(states, (QList<ProcessState>{ProcessState::Starting, ProcessState::Crashed}));
    const QStringList log = c.logLines();
    EXPECT_TRUE(log.contains(QStringLiteral("out-line")));
    EXPECT_TRUE(log.contains(QStringLiteral("err-line")));
    EXPECT_TRUE(c.errorString().contains(QStringLiteral("code 3")));
    EXPECT_EQ(c.pid(), 0);
}

TEST(ChildProcess, KeepsOnlyTheLastLines)
{
    QNetworkAccessManager nam;
    ChildProcess c(QStringLiteral("p"), &nam, 10);
    int emitted = 0;
    QObject::connect(&c, &ChildProcess::logLine, [&](const QString &) { ++emitted; });
    c.start(shell(QStringLiteral("i=1; while [ $i -le 100 ]; do echo line-$i; i=$((i+1)); done")));
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return settled(c); }, 20000));
    const QStringList log = c.logLines();
    ASSERT_EQ(log.size(), 10);
    // The last lines are the console's own notes about the exit; line-100 comes before them.
    EXPECT_TRUE(log.contains(QStringLiteral("line-100")));
    EXPECT_FALSE(log.contains(QStringLiteral("line-1")));
    EXPECT_GE(emitted, 100);
}

TEST(ChildProcess, CutsEndlessLines)
{
    QNetworkAccessManager nam;
    ChildProcess c(QStringLiteral("p"), &nam, 100);
    // 100,000 bytes without a newline.
    c.start(shell(QStringLiteral("head -c 100000 /dev/zero | tr '\\\\0' x; exit 0")));
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return settled(c); }, 20000));
    for (const QString &line : c.logLines())
        EXPECT_LE(line.size(), 4096);
}

TEST(ChildProcess, BecomesReadyFromItsListeningLine)
{
    OkServer http;
    QNetworkAccessManager nam;
    ChildProcess c(QStringLiteral("p"), &nam, 50);
    QUrl readyUrl;
    QObject::connect(&c, &ChildProcess::ready, [&](const QUrl &u) { readyUrl = u; });
    c.start(shell(
        QStringLiteral("echo 'listening on http://127.0.0.1:%1'; exec sleep 30").arg(http.port())));
    ASSERT_TRUE(
        vitals::testsupport::waitUntil([&] { return c.state() != ProcessState::Starting; }, 20000));
    EXPECT_EQ(c.state(), ProcessState::Ready);
    EXPECT_EQ(readyUrl, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(http.port())));
    EXPECT_EQ(c.url(), readyUrl);
    const qint64 pid = c.pid();
    EXPECT_GT(pid, 0);
    c.stop(5000);
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return settled(c); }, 20000));
    EXPECT_EQ(c.state(), ProcessState::Stopped);
    EXPECT_NE(::kill(pid_t(pid), 0), 0); // reaped: gone
}

TEST(ChildProcess, GivesUpWhenNeverReady)
{
    QNetworkAccessManager nam;
    ChildProcess c(QStringLiteral("p"), &nam, 50);
    c.start(shell(QStringLiteral("exec sleep 30"), 300));
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return settled(c); }, 20000));
    EXPECT_EQ(c.state(), ProcessState::Crashed);
    EXPECT_TRUE(c.errorString().contains(QStringLiteral("did not become ready")))
        << c.errorString().toStdString();
}

TEST(ChildProcess, KillsAChildThatIgnoresSigterm)
{
    QNetworkAccessManager nam;
    ChildProcess c(QStringLiteral("p"), &nam, 50);
    c.start(shell(QStringLiteral("trap '' TERM; echo trapped; while true; do sleep 0.1; done")));
    ASSERT_TRUE(vitals::testsupport::waitUntil(
        [&] { return c.logLines().contains(QStringLiteral("trapped")); }, 20000));
    c.stop(300);
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return settled(c); }, 20000));
    EXPECT_EQ(c.state(), ProcessState::Stopped);
    EXPECT_TRUE(c.logLines().join(QLatin1Char('\n')).contains(QStringLiteral("SIGKILL")));
}

TEST(ChildProcess, ReportsAProgramThatCannotStart)
{
    QNetworkAccessManager nam;
    ChildProcess c(QStringLiteral("p"), &nam, 50);
    LaunchSpec spec;
    spec.program = QStringLiteral("/nonexistent/iris-server");
    c.start(spec);
    ASSERT_TRUE(vitals::testsupport::waitUntil([&] { return settled(c); }, 20000));
    EXPECT_EQ(c.state(), ProcessState::Crashed);
    EXPECT_EQ(c.exitCode(), -1);
    EXPECT_TRUE(c.errorString().contains(QStringLiteral("could not start")));
}

TEST(ChildProcess, DestructorLeavesNoChild)
{
    qint64 pid = 0;
    {
        QNetworkAccessManager nam;
        ChildProcess c(QStringLiteral("p"), &nam, 50);
        c.start(shell(QStringLiteral("echo up; exec sleep 30")));
        ASSERT_TRUE(vitals::testsupport::waitUntil(
            [&] { return c.logLines().contains(QStringLiteral("up")); }, 20000));
        pid = c.pid();
        ASSERT_GT(pid, 0);
    }
    EXPECT_NE(::kill(pid_t(pid), 0), 0);
}

TEST(PrometheusConfig, ListsEveryReplicaAsATargetOfOneJob)
{
    PrometheusConfig config;
    config.targets = {QStringLiteral("127.0.0.1:4001"), QStringLiteral("127.0.0.1:4002")};
    config.ruleFiles = {QStringLiteral("/data/rules/vitals-rules.yml")};
    const QByteArray yaml = prometheusConfigYaml(config);
    EXPECT_TRUE(yaml.contains("scrape_interval: 1s\n"));
    EXPECT_TRUE(yaml.contains("evaluation_interval: 1s\n"));
    EXPECT_TRUE(yaml.contains("job_name: \"iris\"\n"));
    EXPECT_TRUE(yaml.contains("- \"127.0.0.1:4001\"\n"));
    EXPECT_TRUE(yaml.contains("- \"127.0.0.1:4002\"\n"));
    EXPECT_TRUE(yaml.contains("rule_files:\n  - \"/data/rules/vitals-rules.yml\"\n"));
}

TEST(PrometheusConfig, QuotesHostilePaths)
{
    PrometheusConfig config;
    config.scrapeIntervalSeconds = 0; // raised to 1
    config.ruleFiles = {QStringLiteral("/tmp/a \"b\"\\c\nd.yml")};
    const QByteArray yaml = prometheusConfigYaml(config);
    EXPECT_TRUE(yaml.contains("\"/tmp/a \\\"b\\\"\\\\c\\nd.yml\"")) << yaml.toStdString();
    EXPECT_TRUE(yaml.contains("scrape_interval: 1s"));
    EXPECT_TRUE(yaml.contains("targets: []"));
}

TEST(PrometheusConfig, PassesPromtool)
{
    const QString promtool = QStringLiteral("/usr/bin/promtool");
    ASSERT_TRUE(QFile::exists(promtool)) << "promtool missing: sudo apt-get install prometheus";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString rules = dir.filePath(QStringLiteral("rules with space.yml"));
    QFile r(rules);
    ASSERT_TRUE(r.open(QIODevice::WriteOnly));
    r.write("groups: []\n");
    r.close();
    for (const QStringList &targets :
         {QStringList{},
          QStringList{QStringLiteral("127.0.0.1:4001"), QStringLiteral("127.0.0.1:4002")}}) {
        PrometheusConfig config;
        config.targets = targets;
        config.ruleFiles = {rules};
        // The user's own model server beside iris-server (--local-stack --target).
        ScrapeJob model;
        model.name = QStringLiteral("model");
        model.metricsPath = QStringLiteral("/metrics/");
        model.targets = {QStringLiteral("127.0.0.1:8000")};
        config.extraJobs = {model};
        // The stack's Alertmanager, when it runs.
        if (!targets.isEmpty())
            config.alertmanagers = {QStringLiteral("127.0.0.1:4003")};
        QFile f(dir.filePath(QStringLiteral("prometheus.yml")));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(prometheusConfigYaml(config));
        f.close();
        QProcess check;
        check.start(promtool, {QStringLiteral("check"), QStringLiteral("config"), f.fileName()});
        ASSERT_TRUE(check.waitForFinished(60000));
        EXPECT_EQ(check.exitCode(), 0) << check.readAllStandardOutput().toStdString()
                                       << check.readAllStandardError().toStdString();
    }
}

TEST(PrometheusConfig, SendsAlertsToTheStacksAlertmanager)
{
    PrometheusConfig config;
    EXPECT_FALSE(prometheusConfigYaml(config).contains("alerting:"));
    config.alertmanagers = {QStringLiteral("127.0.0.1:4003")};
    const QByteArray yaml = prometheusConfigYaml(config);
    EXPECT_TRUE(yaml.contains("alerting:\n  alertmanagers:\n    - api_version: v2\n"));
    EXPECT_TRUE(yaml.contains("- \"127.0.0.1:4003\"\n"));
}

TEST(AlertmanagerConfig, PassesAmtoolAndNotifiesNobody)
{
    const QString amtool = QStringLiteral("/usr/bin/amtool");
    ASSERT_TRUE(QFile::exists(amtool))
        << "amtool missing: sudo apt-get install prometheus-alertmanager";
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("alertmanager.yml")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    const QByteArray yaml = alertmanagerConfigYaml();
    f.write(yaml);
    f.close();
    // One receiver and no *_configs: nothing is ever sent off this machine.
    EXPECT_FALSE(yaml.contains("_configs"));
    QProcess check;
    check.start(amtool, {QStringLiteral("check-config"), f.fileName()});
    ASSERT_TRUE(check.waitForFinished(60000));
    const QByteArray out = check.readAllStandardOutput() + check.readAllStandardError();
    EXPECT_EQ(check.exitCode(), 0) << out.toStdString();
    EXPECT_TRUE(out.contains("1 receivers")) << out.toStdString();
    EXPECT_TRUE(out.contains("1 inhibit rules")) << out.toStdString();
}

TEST(PrometheusConfig, TheUsersOwnModelServerIsItsOwnJob)
{
    PrometheusConfig config;
    config.targets = {QStringLiteral("127.0.0.1:4001")};
    ScrapeJob model;
    model.name = QStringLiteral("model");
    model.metricsPath = QStringLiteral("/metrics/");
    model.targets = {QStringLiteral("127.0.0.1:8000")};
    config.extraJobs = {model};
    const QByteArray yaml = prometheusConfigYaml(config);
    EXPECT_TRUE(yaml.contains("  - job_name: \"model\"\n    metrics_path: \"/metrics/\"\n"
                              "    scheme: \"http\"\n    static_configs:\n      - targets:\n"
                              "          - \"127.0.0.1:8000\"\n"))
        << yaml.toStdString();
}

TEST(PrometheusConfig, FindsAFreeLoopbackPort)
{
    const quint16 port = findFreeLoopbackPort();
    ASSERT_NE(port, 0);
    QTcpServer server;
    EXPECT_TRUE(server.listen(QHostAddress::LocalHost, port));
}

TEST(LocalStack, ReportsAMissingIrisServer)
{
    QTemporaryDir dir;
    LocalStackOptions o;
    o.irisServerPath = dir.filePath(QStringLiteral("no-such-iris-server"));
    o.dataDir = dir.path();
    LocalStack stack(o);
    QStringList errors;
    QObject::connect(&stack, &LocalStack::errorOccurred, [&](const QString &e) { errors << e; });
    EXPECT_FALSE(stack.start());
    ASSERT_EQ(errors.size(), 1);
    EXPECT_TRUE(errors.first().contains(QStringLiteral("no-such-iris-server")));
    EXPECT_FALSE(stack.isRunning());
    EXPECT_EQ(stack.process(LocalStack::replicaName(0)).state, ProcessState::NotStarted);
    EXPECT_FALSE(stack.process(LocalStack::replicaName(0)).error.isEmpty());
}

TEST(LocalStack, ClampsReplicasAndNamesProcesses)
{
    LocalStackOptions o;
    o.replicas = 20;
    LocalStack stack(o);
    const QList<ProcessStatus> all = stack.processes();
    ASSERT_EQ(all.size(), 10); // eight replicas at most, Prometheus and Alertmanager
    EXPECT_EQ(all.first().name, QStringLiteral("iris-server-1"));
    EXPECT_EQ(all.at(7).name, QStringLiteral("iris-server-8"));
    EXPECT_EQ(all.at(8).name, QStringLiteral("prometheus"));
    EXPECT_TRUE(all.at(8).isPrometheus);
    EXPECT_EQ(all.last().name, QStringLiteral("alertmanager"));
    EXPECT_TRUE(all.last().isAlertmanager);
    EXPECT_FALSE(all.last().isPrometheus);
    EXPECT_TRUE(stack.prometheusUrl().isEmpty());
    EXPECT_TRUE(stack.alertmanagerUrl().isEmpty());

    // Without Alertmanager the list ends with Prometheus.
    o.withAlertmanager = false;
    LocalStack without(o);
    EXPECT_EQ(without.processes().size(), 9);
    EXPECT_TRUE(without.processes().last().isPrometheus);
}

TEST(LocalStack, FindsExecutables)
{
    EXPECT_TRUE(LocalStack::findIrisServer(QStringLiteral("/nonexistent/iris-server")).isEmpty());
    EXPECT_TRUE(LocalStack::findPrometheus(QStringLiteral("/nonexistent/prometheus")).isEmpty());
    // A configured file that is not executable is refused.
    QTemporaryDir dir;
    QFile plain(dir.filePath(QStringLiteral("prometheus")));
    ASSERT_TRUE(plain.open(QIODevice::WriteOnly));
    plain.close();
    plain.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    EXPECT_TRUE(LocalStack::findPrometheus(plain.fileName()).isEmpty());
    EXPECT_EQ(LocalStack::findPrometheus(QStringLiteral("/bin/sh")), QStringLiteral("/bin/sh"));
    if (QFile::exists(QStringLiteral("/usr/bin/prometheus"))) {
        EXPECT_FALSE(LocalStack::findPrometheus(QString()).isEmpty());
    }
    EXPECT_TRUE(LocalStack::prometheusMissingMessage().endsWith(
        QStringLiteral("sudo apt-get install prometheus")));
}

// The client against real servers on loopback ports: the Debian `prometheus` and
// `victoria-metrics`, each scraping itself every second, and (when it can serve) the real
// iris-server under a known mix of requests.
#include "core/prom/promclient.h"
#include "core/prom/rangeplan.h"

#include "support/testsupport_prometheus.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

using namespace vitals::prom;
using vitals::testsupport::PrometheusProcess;
using vitals::testsupport::waitUntil;

namespace {

constexpr int kWaitMs = 60000; // generous: two cores shared with a whole build

template<typename Result, typename Start> Result await(Start start)
{
    std::optional<Result> result;
    RequestHandle h = start([&](const Result &r) {
        if constexpr (requires { r.clone(); })
            result = r.clone(); // results holding series are move-only
        else
            result = r;
    });
    EXPECT_TRUE(waitUntil([&] { return result.has_value(); }, kWaitMs)) << "no answer";
    return std::move(result).value_or(Result{});
}

QueryResult instant(PromClient &client, const QString &expr)
{
    return await<QueryResult>([&](auto done) { return client.query({expr}, nullptr, done); });
}

// Polls `expr` until its first vector sample satisfies `ok` (scrapes take a few seconds).
bool waitForValue(PromClient &client, const QString &expr, const std::function<bool(double)> &ok,
                  int timeoutMs = kWaitMs)
{
    return waitUntil(
        [&] {
            const QueryResult r = instant(client, expr);
            return r.ok() && !r.vector.empty() && ok(r.vector[0].value);
        },
        timeoutMs);
}

ConnectionProfile profileOf(const PrometheusProcess &server)
{
    ConnectionProfile p;
    p.name = QStringLiteral("test");
    p.baseUrl = server.baseUrl();
    p.timeoutMs = 30000;
    return p;
}

// Checks shared by both servers: the client reads real series of the server's own metrics.
void checkSelfScrape(PromClient &client, const QString &ownMetric)
{
    ASSERT_TRUE(waitForValue(client, QStringLiteral("up{job=\"self\"}"), [](double v) {
        return v == 1.0;
    })) << "the server never scraped itself";

    // PromQL with '+' must reach the server intact (form encoding).
    const QueryResult sum = instant(client, QStringLiteral("1+1"));
    ASSERT_TRUE(sum.ok()) << sum.error.message.toStdString();
    // Prometheus answers a scalar; VictoriaMetrics a one-sample vector with no labels.
    if (sum.type == ResultType::Scalar) {
        EXPECT_EQ(sum.scalar, 2.0);
    } else {
        ASSERT_EQ(sum.type, ResultType::Vector);
        ASSERT_EQ(sum.vector.size(), 1u);
        EXPECT_EQ(sum.vector[0].value, 2.0);
    }

    const QueryResult own = instant(client, ownMetric);
    ASSERT_TRUE(own.ok()) << own.error.message.toStdString();
    EXPECT_FALSE(own.vector.empty()) << ownMetric.toStdString();

    // A rate over real scrapes: wait until enough samples exist for rate() over 10 s.
    const QString rateExpr = QStringLiteral("sum(rate(%1[10s]))").arg(ownMetric);
    EXPECT_TRUE(waitForValue(client, rateExpr, [](double v) { return std::isfinite(v) && v >= 0; }))
        << rateExpr.toStdString();

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const RangeQuery q = planRange(QStringLiteral("up{job=\"self\"}"), now - 60000, now, 60, 1000);
    const RangeResult range =
        await<RangeResult>([&](auto done) { return client.queryRange(q, nullptr, done); });
    ASSERT_TRUE(range.ok()) << range.error.message.toStdString();
    ASSERT_EQ(range.series.size(), 1u);
    const auto &s = range.series[0];
    ASSERT_GE(s.size(), 1u);
    EXPECT_EQ(s.maxValue(), 1.0);
    EXPECT_EQ(s.labels().value(u"job"), "self");
    for (std::size_t i = 0; i < s.size(); ++i) {
        // Both servers evaluate on the aligned grid start + k·step.
        EXPECT_EQ((s.timestampAt(i) - q.startMs) % q.stepMs, 0) << i;
    }

    const QueryResult bad = instant(client, QStringLiteral("sum(up"));
    // Prometheus: 400 bad_data. VictoriaMetrics: 422 with errorType "422" (typed execution).
    EXPECT_TRUE(bad.error.type == ErrorType::BadData || bad.error.type == ErrorType::Execution)
        << bad.error.message.toStdString();
    EXPECT_TRUE(bad.error.message.contains("sum(up") || bad.error.message.contains("parse"))
        << bad.error.message.toStdString();

    const StringListResult jobs = await<StringListResult>(
        [&](auto done) { return client.labelValues(QStringLiteral("job"), {}, nullptr, done); });
    ASSERT_TRUE(jobs.ok()) << jobs.error.message.toStdString();
    EXPECT_TRUE(jobs.values.contains("self"));

    const SeriesResult series = await<SeriesResult>([&](auto done) {
        return client.series({{QStringLiteral("up")}, now - 300000, now + 60000}, nullptr, done);
    });
    ASSERT_TRUE(series.ok()) << series.error.message.toStdString();
    EXPECT_FALSE(series.series.empty());

    const StringListResult names =
        await<StringListResult>([&](auto done) { return client.labels({}, nullptr, done); });
    ASSERT_TRUE(names.ok()) << names.error.message.toStdString();
    EXPECT_TRUE(names.values.contains("job"));

    const ConnectionTestResult test = await<ConnectionTestResult>(
        [&](auto done) { return client.testConnection(nullptr, done); });
    EXPECT_TRUE(test.ok()) << test.error.message.toStdString();
}

} // namespace

TEST(PrometheusIntegration, ReadsItsOwnMetrics)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus))
        << "/usr/bin/prometheus is not installed (sudo apt-get install prometheus)";
    PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({})) << prometheus.log().toStdString();
    PromClient client(profileOf(prometheus));
    checkSelfScrape(client, QStringLiteral("prometheus_http_requests_total"));

    const BuildInfoResult build =
        await<BuildInfoResult>([&](auto done) { return client.buildInfo(nullptr, done); });
    ASSERT_TRUE(build.ok()) << build.error.message.toStdString();
    // The version Prometheus reports through its own metric must match /status/buildinfo.
    const QueryResult info = instant(client, QStringLiteral("prometheus_build_info"));
    ASSERT_TRUE(info.ok() && !info.vector.empty());
    EXPECT_EQ(info.vector[0].labels.value(u"version"), build.info.version);

    const TargetsResult targets =
        await<TargetsResult>([&](auto done) { return client.targets(nullptr, done); });
    ASSERT_TRUE(targets.ok()) << targets.error.message.toStdString();
    ASSERT_EQ(targets.active.size(), 1u);
    EXPECT_EQ(targets.active[0].health, "up");
    EXPECT_EQ(targets.active[0].scrapeIntervalMs, 1000);

    const RulesResult rules =
        await<RulesResult>([&](auto done) { return client.rules(nullptr, done); });
    EXPECT_TRUE(rules.ok());
    const AlertsResult alerts =
        await<AlertsResult>([&](auto done) { return client.alerts(nullptr, done); });
    EXPECT_TRUE(alerts.ok());
    const MetadataResult meta = await<MetadataResult>([&](auto done) {
        return client.metadata(QStringLiteral("prometheus_http_requests_total"), 0, nullptr, done);
    });
    ASSERT_TRUE(meta.ok());
    ASSERT_TRUE(meta.metrics.contains("prometheus_http_requests_total"));
    EXPECT_EQ(meta.metrics["prometheus_http_requests_total"].first().type, "counter");

    const Capabilities caps =
        await<Capabilities>([&](auto done) { return client.probeCapabilities(nullptr, done); });
    EXPECT_TRUE(caps.query && caps.buildInfo && caps.labels && caps.metadata && caps.targets
                && caps.rules && caps.alerts && caps.tsdbStatus);
}

TEST(PrometheusIntegration, WrongPathPrefixIsExplained)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus))
        << "/usr/bin/prometheus is not installed (sudo apt-get install prometheus)";
    PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({})) << prometheus.log().toStdString();
    ConnectionProfile p = profileOf(prometheus);
    p.pathPrefix = QStringLiteral("/prometheus"); // Mimir's prefix, wrong for Prometheus
    PromClient client(p);
    const ConnectionTestResult test = await<ConnectionTestResult>(
        [&](auto done) { return client.testConnection(nullptr, done); });
    EXPECT_EQ(test.error.httpStatus, 404);
    EXPECT_TRUE(test.error.message.contains("path prefix")) << test.error.message.toStdString();
}

TEST(PrometheusIntegration, QueryCommand)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus))
        << "/usr/bin/prometheus is not installed (sudo apt-get install prometheus)";
    PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({})) << prometheus.log().toStdString();
    PromClient client(profileOf(prometheus));
    // At least 10 s of scrapes, so a 30 s range on a 5 s grid has points.
    ASSERT_TRUE(waitForValue(client, QStringLiteral("count_over_time(up{job=\"self\"}[1m])"),
                             [](double v) { return v >= 10; }));

    const QString vitals = QStringLiteral(VITALS_BIN_DIR "/vitals");
    auto run = [&](const QStringList &args, QByteArray *out, QByteArray *err) {
        QProcess p;
        p.start(vitals, args);
        EXPECT_TRUE(p.waitForFinished(60000));
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitCode();
    };
    const QString server = prometheus.baseUrl().toString();
    QByteArray out, err;
    ASSERT_EQ(run({"query", "--server", server, "--format", "csv", "up"}, &out, &err), 0)
        << err.toStdString();
    const QList<QByteArray> lines = out.trimmed().split('\n');
    ASSERT_GE(lines.size(), 2);
    EXPECT_EQ(lines[0], "__name__,instance,job,timestamp,value");
    EXPECT_TRUE(lines[1].startsWith("up,127.0.0.1:") && lines[1].endsWith(",1"))
        << lines[1].toStdString();

    ASSERT_EQ(run({"query", "--server", server, "--range", "30s", "--step", "5s", "--format", "csv",
                   "up"},
                  &out, &err),
              0)
        << err.toStdString();
    EXPECT_GE(out.trimmed().split('\n').size(), 2);

    ASSERT_EQ(run({"query", "--server", server, "--format", "json", "up"}, &out, &err), 0);
    EXPECT_EQ(QJsonDocument::fromJson(out).object().value("resultType").toString(), "vector");

    EXPECT_NE(run({"query", "--server", server, "sum(up"}, &out, &err), 0);
    EXPECT_TRUE(err.contains("parse error")) << err.toStdString();

    const quint16 closed = vitals::testsupport::freeLoopbackPort();
    EXPECT_NE(run({"query", "--server", QStringLiteral("http://127.0.0.1:%1").arg(closed), "up"},
                  &out, &err),
              0);
    EXPECT_TRUE(err.startsWith("Connection refused")) << err.toStdString();
}

TEST(VictoriaMetricsIntegration, ReadsItsOwnMetrics)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::VictoriaMetrics))
        << "/usr/bin/victoria-metrics is not installed (sudo apt-get install victoria-metrics)";
    PrometheusProcess vm(PrometheusProcess::Kind::VictoriaMetrics);
    ASSERT_TRUE(vm.start({})) << vm.log().toStdString();
    PromClient client(profileOf(vm));
    checkSelfScrape(client, QStringLiteral("vm_http_requests_total"));

    const Capabilities caps =
        await<Capabilities>([&](auto done) { return client.probeCapabilities(nullptr, done); });
    EXPECT_TRUE(caps.query);
    EXPECT_TRUE(caps.labels);
}

namespace {

// Starts build/bin/iris-server serve --port 0 and returns its base URL, or empty when it
// printed no "listening on" line within 5 s.
QUrl startIris(QProcess &process)
{
    process.start(QStringLiteral(VITALS_BIN_DIR "/iris-server"),
                  {QStringLiteral("serve"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                   QStringLiteral("--port"), QStringLiteral("0")});
    if (!process.waitForStarted(5000))
        return {};
    QByteArray out;
    const QRegularExpression line(QStringLiteral("listening on (http://\\S+)"));
    QUrl url;
    waitUntil(
        [&] {
            out += process.readAllStandardOutput();
            const auto m = line.match(QString::fromUtf8(out));
            if (m.hasMatch())
                url = QUrl(m.captured(1));
            return url.isValid() || process.state() == QProcess::NotRunning;
        },
        5000);
    return url;
}

int post(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &body)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.post(request, body);
    waitUntil([&] { return reply->isFinished(); }, 30000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

} // namespace

TEST(IrisIntegration, RequestMixThroughPrometheusAndVictoriaMetrics)
{
    QProcess iris;
    const QUrl irisUrl = startIris(iris);
    if (!irisUrl.isValid()) {
        iris.kill();
        iris.waitForFinished(2000);
        FAIL() << "build/bin/iris-server serve printed no \"listening on\" line within 5 s";
    }
    const QString target = QStringLiteral("%1:%2").arg(irisUrl.host()).arg(irisUrl.port());

    // 200 valid and 20 invalid predictions, sent before the servers start so that the first
    // scrape already sees the final counters (a counter's first sample is its total).
    QNetworkAccessManager nam;
    const QUrl predict = irisUrl.resolved(QUrl(QStringLiteral("/predict")));
    int ok = 0, rejected = 0;
    for (int i = 0; i < 200; ++i)
        ok += post(nam, predict, R"({"features":[5.1,3.5,1.4,0.2]})") == 200;
    for (int i = 0; i < 20; ++i)
        rejected += post(nam, predict, R"({"features":[5.1,"x"]})") / 100 == 4;
    ASSERT_EQ(ok, 200);
    ASSERT_EQ(rejected, 20);

    for (auto kind :
         {PrometheusProcess::Kind::Prometheus, PrometheusProcess::Kind::VictoriaMetrics}) {
        SCOPED_TRACE(kind == PrometheusProcess::Kind::Prometheus ? "prometheus"
                                                                 : "victoria-metrics");
        ASSERT_TRUE(PrometheusProcess::isAvailable(kind)) << "backend not installed";
        PrometheusProcess server(kind);
        ASSERT_TRUE(server.start({target}, 1, QStringLiteral("iris")))
            << server.log().toStdString();
        PromClient client(profileOf(server));
        const QString expr = QStringLiteral(
            "sum by (status) (inference_requests_total{job=\"iris\",endpoint=\"/predict\"})");
        // Exact counts: both servers read the counters as exposed; no extrapolation involved.
        ASSERT_TRUE(waitUntil(
            [&] {
                const QueryResult r = instant(client, expr);
                double good = 0, bad = 0;
                for (const auto &s : r.vector)
                    (s.labels.value(u"status") == u"200" ? good : bad) += s.value;
                return r.ok() && good == 200 && bad == 20;
            },
            kWaitMs))
            << "sum by (status) never showed 200 valid and 20 invalid requests";

        // p95 of the cumulative histogram since the server started (the traffic happened
        // before the first scrape, so a rate() over the scrapes would be zero and give NaN).
        const QString p95 = QStringLiteral("histogram_quantile(0.95, sum by (le) "
                                           "(inference_duration_seconds_bucket{job=\"iris\"}))");
        EXPECT_TRUE(waitForValue(client, p95, [](double v) { return std::isfinite(v) && v > 0; }))
            << "p95 latency never finite";
    }
    iris.terminate();
    iris.waitForFinished(5000);
}

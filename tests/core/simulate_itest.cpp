// `vitals simulate`, the real binary, against a real iris-server: for each scenario the counts
// per status and the shape of the traffic (rate, latency, feature ranges) as iris-server's own
// /metrics reports them.
#include "core/sim/payloads.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"

#include <QProcess>
#include <QRegularExpression>
#include <QUrl>

#include <gtest/gtest.h>

#include <map>

using namespace vitals;

namespace {

// Requests a run of `seconds` at `rate` may send: the token bucket starts full with a quarter
// second's worth (TokenBucket::defaultBurst), and the end timer may fire up to 100 ms late on a
// busy machine; a run that stops early (a slow start) may send a few less.
void expectPaced(qint64 sent, double rate, double seconds)
{
    EXPECT_GE(double(sent), rate * seconds - std::max(2.0, 0.05 * rate * seconds));
    EXPECT_LE(double(sent), rate * (seconds + 0.25 + 0.1) + 1);
}

struct SimulateRun {
    int exitCode = -1;
    qint64 sent = 0, ok = 0, failed = 0, networkErrors = 0;
    QString output;
};

// Runs `vitals simulate --target URL ARGS…` to its end.
SimulateRun simulate(const QString &target, const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(VITALS_BIN_DIR "/vitals"),
            QStringList{QStringLiteral("simulate"), QStringLiteral("--target"), target} + args);
    SimulateRun r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.exitCode = p.exitCode();
    r.output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    const auto m = QRegularExpression(
                       QStringLiteral("sent (\\d+) ok (\\d+) failed (\\d+) network-errors (\\d+)"))
                       .match(r.output);
    if (m.hasMatch()) {
        r.sent = m.captured(1).toLongLong();
        r.ok = m.captured(2).toLongLong();
        r.failed = m.captured(3).toLongLong();
        r.networkErrors = m.captured(4).toLongLong();
    }
    return r;
}

// iris-server's /metrics, read as sample name with labels → value.
std::map<QString, double> scrape(const testsupport::IrisServerProcess &server)
{
    QByteArray body;
    const int status =
        testsupport::httpGet(QUrl(server.baseUrl() + QStringLiteral("/metrics")), &body);
    EXPECT_EQ(status, 200);
    std::map<QString, double> out;
    for (const QByteArray &line : body.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        out[QString::fromUtf8(line.left(space))] = line.mid(space + 1).toDouble();
    }
    return out;
}

// /predict requests counted by iris-server per HTTP status.
std::map<int, double> predictionsByStatus(const std::map<QString, double> &metrics)
{
    std::map<int, double> out;
    const QRegularExpression re(QStringLiteral(
        "^inference_requests_total\\{method=\"POST\",endpoint=\"/predict\",status=\"(\\d+)\"\\}$"));
    for (const auto &[name, value] : metrics)
        if (const auto m = re.match(name); m.hasMatch())
            out[m.captured(1).toInt()] += value;
    return out;
}

double count4xx(const std::map<int, double> &byStatus)
{
    double n = 0;
    for (const auto &[status, value] : byStatus)
        n += status / 100 == 4 ? value : 0;
    return n;
}

const char *const kFeatures[] = {"sepal_length_cm", "sepal_width_cm", "petal_length_cm",
                                 "petal_width_cm"};

// Mean of one input feature over every prediction, from the iris_feature_value histogram.
double featureMean(const std::map<QString, double> &metrics, const char *feature)
{
    const QString labels = QStringLiteral("{feature=\"%1\"}").arg(QLatin1String(feature));
    const double count = metrics.at(QStringLiteral("iris_feature_value_count") + labels);
    return count > 0 ? metrics.at(QStringLiteral("iris_feature_value_sum") + labels) / count : 0;
}

// Values of `feature` at or below `bound`, from the histogram bucket with the largest le <= bound.
double countAtOrBelow(const std::map<QString, double> &metrics, const char *feature, double bound)
{
    const QRegularExpression re(
        QStringLiteral("^iris_feature_value_bucket\\{feature=\"%1\",le=\"([^\"]+)\"\\}$")
            .arg(QLatin1String(feature)));
    double best = -1, n = 0;
    for (const auto &[name, value] : metrics)
        if (const auto m = re.match(name); m.hasMatch() && m.captured(1) != u"+Inf") {
            const double le = m.captured(1).toDouble();
            if (le <= bound && le > best) {
                best = le;
                n = value;
            }
        }
    return n;
}

class SimulateLive : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_server.start()) << m_server.errorString().toStdString(); }
    testsupport::IrisServerProcess m_server;
};

} // namespace

TEST_F(SimulateLive, NormalSendsValidIrisMeasurementsAtTheRate)
{
    // 20 req/s for 4 s: 80 requests, give or take the bucket's burst.
    const SimulateRun run =
        simulate(m_server.baseUrl(),
                 {QStringLiteral("--scenario"), QStringLiteral("normal"), QStringLiteral("--rate"),
                  QStringLiteral("20"), QStringLiteral("--duration"), QStringLiteral("4s"),
                  QStringLiteral("--seed"), QStringLiteral("1")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    expectPaced(run.sent, 20, 4);
    EXPECT_EQ(run.ok, run.sent);
    EXPECT_EQ(run.failed, 0);
    const auto metrics = scrape(m_server);
    const auto byStatus = predictionsByStatus(metrics);
    EXPECT_EQ(byStatus.at(200), double(run.ok));
    EXPECT_EQ(count4xx(byStatus), 0.0);
    // Drawn like the training data: the means of Fisher's iris data set are 5.84, 3.06, 3.76,
    // 1.20 cm; with 80 draws their standard errors are at most 0.2 cm (petal length).
    const double means[] = {5.84, 3.06, 3.76, 1.20};
    for (int f = 0; f < 4; ++f)
        EXPECT_NEAR(featureMean(metrics, kFeatures[f]), means[f], 0.6) << kFeatures[f];
}

TEST_F(SimulateLive, DriftSendsValidInputsOutsideTheTrainingRanges)
{
    const SimulateRun run =
        simulate(m_server.baseUrl(),
                 {QStringLiteral("--scenario"), QStringLiteral("drift"), QStringLiteral("--rate"),
                  QStringLiteral("20"), QStringLiteral("--duration"), QStringLiteral("4s")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    expectPaced(run.sent, 20, 4);
    EXPECT_EQ(run.ok, run.sent); // drifted inputs are still valid requests
    const auto metrics = scrape(m_server);
    EXPECT_EQ(predictionsByStatus(metrics).at(200), double(run.ok));
    // Every value lies within DriftRanges: the mean inside, nothing in a bucket below `low`.
    for (int f = 0; f < 4; ++f) {
        SCOPED_TRACE(kFeatures[f]);
        const double low = sim::DriftRanges::low[std::size_t(f)];
        const double high = sim::DriftRanges::high[std::size_t(f)];
        const double mean = featureMean(metrics, kFeatures[f]);
        EXPECT_GE(mean, low);
        EXPECT_LE(mean, high);
        EXPECT_EQ(countAtOrBelow(metrics, kFeatures[f], low - 0.05), 0.0);
    }
    // Sepal length 8–10 cm is beyond every flower of the data set (at most 7.9 cm).
    EXPECT_EQ(countAtOrBelow(metrics, "sepal_length_cm", 7.9), 0.0);
}

TEST_F(SimulateLive, ErrorsSendsOnlyMalformedRequests)
{
    const SimulateRun run =
        simulate(m_server.baseUrl(),
                 {QStringLiteral("--scenario"), QStringLiteral("errors"), QStringLiteral("--rate"),
                  QStringLiteral("20"), QStringLiteral("--duration"), QStringLiteral("3s")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    expectPaced(run.sent, 20, 3);
    EXPECT_EQ(run.ok, 0);
    EXPECT_EQ(run.failed, run.sent);
    const auto byStatus = predictionsByStatus(scrape(m_server));
    EXPECT_EQ(byStatus.count(200) ? byStatus.at(200) : 0.0, 0.0);
    EXPECT_EQ(count4xx(byStatus), double(run.sent));
}

TEST_F(SimulateLive, SpikeIsHundredsOfRequestsPerSecond)
{
    const SimulateRun run =
        simulate(m_server.baseUrl(), {QStringLiteral("--scenario"), QStringLiteral("spike"),
                                      QStringLiteral("--duration"), QStringLiteral("3s")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    // kDefaultSpikeRate is 300 req/s: at most 900 in 3 s plus the bucket's quarter second and
    // a late end timer; at least a third of it on a busy machine (the in-flight bound slows
    // it, it never speeds it up). Normal is 2 req/s.
    EXPECT_LE(double(run.sent), 300.0 * (3 + 0.25 + 0.1) + 1) << run.output.toStdString();
    EXPECT_GE(double(run.sent), 300.0) << run.output.toStdString();
    EXPECT_EQ(run.ok + run.networkErrors, run.sent);
    EXPECT_EQ(predictionsByStatus(scrape(m_server)).at(200), double(run.ok));
}

TEST_F(SimulateLive, SlowMakesTheServerAddLatency)
{
    const SimulateRun run =
        simulate(m_server.baseUrl(),
                 {QStringLiteral("--scenario"), QStringLiteral("slow"), QStringLiteral("--rate"),
                  QStringLiteral("10"), QStringLiteral("--latency-ms"), QStringLiteral("200"),
                  QStringLiteral("--duration"), QStringLiteral("3s")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    EXPECT_GE(run.ok, 20);
    const auto metrics = scrape(m_server);
    const QString labels = QStringLiteral("{method=\"POST\",endpoint=\"/predict\"}");
    const double count = metrics.at(QStringLiteral("inference_duration_seconds_count") + labels);
    const double sum = metrics.at(QStringLiteral("inference_duration_seconds_sum") + labels);
    ASSERT_GT(count, 0.0);
    // Every prediction waited the injected 200 ms (a prediction alone takes microseconds).
    EXPECT_GE(sum / count, 0.2);
    EXPECT_LT(sum / count, 1.0);
}

TEST_F(SimulateLive, MixSendsTheGivenShareOfMalformedRequests)
{
    const SimulateRun run =
        simulate(m_server.baseUrl(),
                 {QStringLiteral("--scenario"), QStringLiteral("mix"), QStringLiteral("--rate"),
                  QStringLiteral("40"), QStringLiteral("--error-fraction"), QStringLiteral("0.5"),
                  QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--duration"),
                  QStringLiteral("3s")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    ASSERT_GT(run.sent, 100);
    // Half malformed: with 120 draws the share lies within 0.5 ± 0.15 (more than 3 sigma).
    EXPECT_NEAR(double(run.failed) / double(run.sent), 0.5, 0.15) << run.output.toStdString();
    const auto byStatus = predictionsByStatus(scrape(m_server));
    EXPECT_EQ(byStatus.at(200), double(run.ok));
    EXPECT_EQ(count4xx(byStatus), double(run.failed));
}

TEST_F(SimulateLive, CycleStartsWithNormalThenErrors)
{
    // The cycle (core/sim/scenario.cpp cyclePhases) is normal for 20 s at 2 req/s, then 75 s of
    // malformed requests: after 23 s, 40 valid requests (2 req/s x 20 s, give or take the token
    // bucket's quarter-second burst) and a few refused ones.
    const SimulateRun run =
        simulate(m_server.baseUrl(), {QStringLiteral("--scenario"), QStringLiteral("cycle"),
                                      QStringLiteral("--duration"), QStringLiteral("23s")});
    ASSERT_EQ(run.exitCode, 0) << run.output.toStdString();
    EXPECT_GE(run.ok, 38) << run.output.toStdString();
    EXPECT_LE(run.ok, 42) << run.output.toStdString();
    EXPECT_GE(run.failed, 3) << run.output.toStdString();
    const auto byStatus = predictionsByStatus(scrape(m_server));
    EXPECT_EQ(byStatus.at(200), double(run.ok));
    EXPECT_EQ(count4xx(byStatus), double(run.failed));
}

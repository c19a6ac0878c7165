// End to end: the drift gauges of the iris-server executable, read from its live /metrics.
#include "support/testsupport_irisserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpSocket>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <string>

using vitals::testsupport::IrisServerProcess;

namespace {

constexpr int kTimeoutMs = 20000; // generous: the machine is small and shared

struct Reply {
    int status = 0;
    std::string body;
};

// One request over its own connection (Connection: close), read until the server closes it.
Reply request(quint16 port, const std::string &method, const std::string &target,
              const std::string &body = {})
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(kTimeoutMs))
        return {};
    const std::string raw = method + " " + target
                            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                              "Content-Type: application/json\r\nContent-Length: "
                            + std::to_string(body.size()) + "\r\n\r\n" + body;
    socket.write(raw.data(), qint64(raw.size()));
    std::string received;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kTimeoutMs) {
        socket.waitForReadyRead(200);
        received += socket.readAll().toStdString();
        if (socket.state() != QAbstractSocket::ConnectedState) {
            received += socket.readAll().toStdString();
            break;
        }
    }
    Reply r;
    const auto headEnd = received.find("\r\n\r\n");
    if (received.rfind("HTTP/1.", 0) != 0 || headEnd == std::string::npos)
        return r;
    r.status = std::atoi(received.c_str() + received.find(' ') + 1);
    r.body = received.substr(headEnd + 4);
    return r;
}

std::string scrape(quint16 port)
{
    const Reply r = request(port, "GET", "/metrics");
    EXPECT_EQ(r.status, 200);
    return r.body;
}

// The value of one exposition line; NaN when the line says NaN, -1 when it is absent.
double sample(const std::string &text, const std::string &series)
{
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos)
        return -1;
    return std::strtod(text.c_str() + at + series.size() + 2, nullptr);
}

// Values of a label over the lines of one family, e.g. every `le` of one feature's buckets.
std::set<std::string> labelValues(const std::string &text, const std::string &prefix,
                                  const std::string &label)
{
    std::set<std::string> values;
    for (std::size_t at = text.find("\n" + prefix); at != std::string::npos;
         at = text.find("\n" + prefix, at + 1)) {
        const auto start = text.find(label + "=\"", at);
        const auto end = text.find('"', start + label.size() + 2);
        values.insert(text.substr(start + label.size() + 2, end - start - label.size() - 2));
    }
    return values;
}

// A batch body of `n` inputs: training-like values (examples of resources/data/iris.csv, in a
// fixed shuffled order) or, `drifted`, the simulator's drift scenario (sepal length 8–10 cm,
// petal length 7–9 cm, the other two features kept).
std::string batch(int n, bool drifted, unsigned seed)
{
    QFile csv(QStringLiteral(VITALS_SOURCE_DIR "/resources/data/iris.csv"));
    EXPECT_TRUE(csv.open(QIODevice::ReadOnly));
    std::vector<std::array<double, 4>> rows;
    csv.readLine();
    while (!csv.atEnd()) {
        const QList<QByteArray> cells = csv.readLine().trimmed().split(',');
        if (cells.size() == 5)
            rows.push_back({cells[0].toDouble(), cells[1].toDouble(), cells[2].toDouble(),
                            cells[3].toDouble()});
    }
    std::mt19937 random(seed);
    std::string body = "{\"instances\":[";
    for (int i = 0; i < n; ++i) {
        auto x = rows[random() % rows.size()];
        if (drifted) {
            x[0] = 8.0 + 2.0 * double(random()) / double(std::mt19937::max());
            x[2] = 7.0 + 2.0 * double(random()) / double(std::mt19937::max());
        }
        char item[96];
        std::snprintf(item, sizeof item, "%s[%.3f,%.3f,%.3f,%.3f]", i ? "," : "", x[0], x[1], x[2],
                      x[3]);
        body += item;
    }
    return body + "]}";
}

const std::string kFeatures[] = {"sepal_length_cm", "sepal_width_cm", "petal_length_cm",
                                 "petal_width_cm"};

std::string psiSeries(const std::string &feature)
{
    return "iris_feature_drift_psi{feature=\"" + feature + "\"}";
}

} // namespace

TEST(IrisServerDrift, GaugesWarmUpScoreNormalLowAndDriftHigh)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--drift-window"), QStringLiteral("200")}))
        << server.errorString().toStdString();

    // Fresh: NaN scores, an empty window, the training distribution for comparison.
    std::string text = scrape(server.port());
    EXPECT_EQ(sample(text, "iris_drift_window_size"), 0.0);
    EXPECT_TRUE(std::isnan(sample(text, "iris_prediction_drift_js")));
    for (const auto &f : kFeatures)
        EXPECT_TRUE(std::isnan(sample(text, psiSeries(f)))) << f;
    double priors = 0;
    for (const char *c : {"setosa", "versicolor", "virginica"})
        priors += sample(text, std::string("iris_model_class_prior{class=\"") + c + "\"}");
    EXPECT_NEAR(priors, 1.0, 1e-9);
    for (const auto &f : kFeatures) {
        const std::string prefix = "iris_feature_reference_proportion{feature=\"" + f + "\"";
        const auto les = labelValues(text, prefix, "bucket_le");
        EXPECT_EQ(les, labelValues(text, "iris_feature_value_bucket{feature=\"" + f + "\"", "le"))
            << f;
        double share = 0;
        for (const auto &le : les)
            share += sample(text, prefix + ",bucket_le=\"" + le + "\"}");
        EXPECT_NEAR(share, 1.0, 1e-9) << f;
    }

    // 99 predictions: still warming up (the gauges need 100).
    ASSERT_EQ(request(server.port(), "POST", "/predict", batch(99, false, 1)).status, 200);
    text = scrape(server.port());
    EXPECT_EQ(sample(text, "iris_drift_window_size"), 99.0);
    EXPECT_TRUE(std::isnan(sample(text, psiSeries("sepal_length_cm"))));

    // 200 training-like predictions fill the window: every score is small. (Fixed seed, so a
    // fixed window; DriftMonitor.TrainingLikeWindowsScoreLowPsi measures the spread.)
    ASSERT_EQ(request(server.port(), "POST", "/predict", batch(200, false, 2)).status, 200);
    text = scrape(server.port());
    EXPECT_EQ(sample(text, "iris_drift_window_size"), 200.0);
    for (const auto &f : kFeatures) {
        const double psi = sample(text, psiSeries(f));
        EXPECT_GE(psi, 0.0) << f;
        EXPECT_LT(psi, 0.25) << f;
    }
    EXPECT_GE(sample(text, "iris_prediction_drift_js"), 0.0);
    EXPECT_LT(sample(text, "iris_prediction_drift_js"), 0.2);

    // 200 drifted predictions through the v2 protocol replace the whole window: the two
    // drifted features score far above FeatureDrift's 0.25, the two others stay low.
    std::string v2 = batch(200, true, 3);
    v2 = "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[200,4],\"datatype\":\"FP64\",\"data\":"
         + v2.substr(v2.find('['), v2.size() - v2.find('[') - 1) + "}]}";
    ASSERT_EQ(request(server.port(), "POST", "/v2/models/iris/infer", v2).status, 200);
    text = scrape(server.port());
    EXPECT_EQ(sample(text, "iris_drift_window_size"), 200.0);
    EXPECT_GT(sample(text, psiSeries("sepal_length_cm")), 1.0);
    EXPECT_GT(sample(text, psiSeries("petal_length_cm")), 1.0);
    for (const char *kept : {"sepal_width_cm", "petal_width_cm"}) {
        EXPECT_GE(sample(text, psiSeries(kept)), 0.0) << kept;
        EXPECT_LT(sample(text, psiSeries(kept)), 0.25) << kept;
    }
    // Long petals and sepals read as virginica: the mix is skewed.
    EXPECT_GT(sample(text, "iris_prediction_drift_js"), 0.2);

    // The warm exposition, drift families included, passes promtool's lint.
    const QString promtool = QStringLiteral("/usr/bin/promtool");
    ASSERT_TRUE(QFile::exists(promtool)) << "install the Debian package prometheus";
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    ASSERT_TRUE(check.waitForStarted(kTimeoutMs));
    check.write(text.data(), qint64(text.size()));
    check.closeWriteChannel();
    ASSERT_TRUE(check.waitForFinished(kTimeoutMs));
    EXPECT_EQ(check.exitCode(), 0) << check.readAllStandardOutput().toStdString()
                                   << check.readAllStandardError().toStdString();
}

TEST(IrisServerDrift, RejectsAWindowOutsideItsRange)
{
    for (const char *window : {"99", "100001", "many"}) {
        QProcess serve;
        serve.start(IrisServerProcess::executablePath(),
                    {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                     QStringLiteral("--drift-window"), QString::fromLatin1(window)});
        ASSERT_TRUE(serve.waitForFinished(kTimeoutMs)) << window;
        EXPECT_EQ(serve.exitCode(), 2) << window;
        EXPECT_TRUE(serve.readAllStandardError().contains("--drift-window must be 100..100000"))
            << window;
    }
}

// The history harness (tests/support/testsupport_backfill.h) against the real tools: promtool
// turns the generated OpenMetrics file into blocks, a real Prometheus at the history's scrape
// interval serves every metric over the whole hour, and still scrapes itself, so a client
// reading /api/v1/targets finds the interval.
#include "support/testsupport_backfill.h"
#include "support/testsupport_prometheus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrlQuery>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

// GET /api/v1/<path> with `query`; the "data" member of a successful answer, else null.
QJsonValue api(const testsupport::PrometheusProcess &prometheus, const QString &path,
               const QUrlQuery &query, QString *error)
{
    QUrl url(prometheus.baseUrl().toString() + QStringLiteral("/api/v1/") + path);
    url.setQuery(query);
    QByteArray body;
    const int status = testsupport::httpGet(url, &body, 30000);
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (status != 200 || root.value(QStringLiteral("status")).toString() != u"success") {
        *error = QStringLiteral("%1 → %2 %3")
                     .arg(url.toString())
                     .arg(status)
                     .arg(QString::fromUtf8(body));
        return {};
    }
    return root.value(QStringLiteral("data"));
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

class BackfilledPrometheus : public ::testing::TestWithParam<int>
{};

} // namespace

TEST_P(BackfilledPrometheus, ServesTheWholeHourOfEveryMetric)
{
    const int step = GetParam();
    testsupport::HistoryOptions options;
    options.stepSeconds = step;
    const testsupport::ModelServerHistory history(options);
    ASSERT_TRUE(history.openMetrics().endsWith("# EOF\n"));
    // 3600 s / step intervals, both ends included.
    const int points = 3600 / step + 1;
    EXPECT_EQ(history.startMs(), history.endMs() - 3'600'000);

    QTemporaryDir data;
    QString log;
    ASSERT_TRUE(testsupport::backfill(history.openMetrics(), data.path(), &log))
        << log.toStdString();
    testsupport::PrometheusProcess prometheus;
    prometheus.setDataDirectory(data.path());
    ASSERT_TRUE(prometheus.start({}, step)) << prometheus.log().toStdString();

    // Every metric of the file has a series at every step of the hour: a range query of its
    // series count, one point per step, has all `points` points.
    QString error;
    for (const QString &name : history.metricNames()) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"),
                       QStringLiteral("count({__name__=\"%1\", job=\"iris\"})").arg(name));
        q.addQueryItem(QStringLiteral("start"), seconds(history.startMs()));
        q.addQueryItem(QStringLiteral("end"), seconds(history.endMs()));
        q.addQueryItem(QStringLiteral("step"), QString::number(step));
        const QJsonArray result = api(prometheus, QStringLiteral("query_range"), q, &error)
                                      .toObject()
                                      .value(QStringLiteral("result"))
                                      .toArray();
        ASSERT_TRUE(error.isEmpty()) << error.toStdString();
        ASSERT_EQ(result.size(), 1) << name.toStdString();
        EXPECT_EQ(result[0].toObject().value(QStringLiteral("values")).toArray().size(), points)
            << name.toStdString();
    }
    // The Model health metrics are all there.
    for (const char *name :
         {"inference_requests_total", "inference_duration_seconds_bucket",
          "prediction_output_total", "inference_request_errors_total", "iris_feature_value_bucket",
          "iris_feature_reference_proportion", "iris_model_class_prior", "iris_prediction_drift_js",
          "iris_feature_drift_psi", "process_cpu_seconds_total", "process_resident_memory_bytes",
          "up"})
        EXPECT_TRUE(history.metricNames().contains(QLatin1String(name))) << name;

    // Counters read back exactly: the 200s at the last sample are the history's total.
    QUrlQuery total;
    total.addQueryItem(
        QStringLiteral("query"),
        QStringLiteral("sum(inference_requests_total{job=\"iris\", status=\"200\"})"));
    total.addQueryItem(QStringLiteral("time"), seconds(history.endMs()));
    const QJsonArray totals = api(prometheus, QStringLiteral("query"), total, &error)
                                  .toObject()
                                  .value(QStringLiteral("result"))
                                  .toArray();
    ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    ASSERT_EQ(totals.size(), 1);
    EXPECT_DOUBLE_EQ(
        totals[0].toObject().value(QStringLiteral("value")).toArray()[1].toString().toDouble(),
        history.predictRequests(QStringLiteral("200")));
    // 4 answered requests a second (HistoryOptions::okPerSecond) in each of the 241 steps of
    // 15 s (step 0 included), Poisson: 14460 ± 120 (one standard deviation); 5 sigma either way.
    if (step == 15) {
        EXPECT_NEAR(history.predictRequests(QStringLiteral("200")), 14460.0, 600.0);
    }

    // A rate over two scrapes has a value at every step after the first.
    QUrlQuery rate;
    rate.addQueryItem(
        QStringLiteral("query"),
        QStringLiteral("sum(rate(inference_requests_total{job=\"iris\"}[%1s]))").arg(2 * step));
    rate.addQueryItem(QStringLiteral("start"), seconds(history.startMs() + step * 1000));
    rate.addQueryItem(QStringLiteral("end"), seconds(history.endMs()));
    rate.addQueryItem(QStringLiteral("step"), QString::number(step));
    const QJsonArray rates = api(prometheus, QStringLiteral("query_range"), rate, &error)
                                 .toObject()
                                 .value(QStringLiteral("result"))
                                 .toArray();
    ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    ASSERT_EQ(rates.size(), 1);
    EXPECT_EQ(rates[0].toObject().value(QStringLiteral("values")).toArray().size(), points - 1);

    // The server scrapes itself at the history's interval: that is the target a client asks
    // for the scrape interval.
    ASSERT_TRUE(prometheus.waitForTargets(1));
    const QJsonArray targets = api(prometheus, QStringLiteral("targets"), {}, &error)
                                   .toObject()
                                   .value(QStringLiteral("activeTargets"))
                                   .toArray();
    ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    ASSERT_EQ(targets.size(), 1);
    // Prometheus writes the interval as a Prometheus duration: "15s", "1m".
    EXPECT_EQ(targets[0].toObject().value(QStringLiteral("scrapeInterval")).toString(),
              step == 60 ? QStringLiteral("1m") : QStringLiteral("%1s").arg(step));
    if (step <= 15) {
        // Blocks that end in the past leave the live scrape alone: its samples are stored (with
        // history ending in the future, Prometheus would drop them as out of bounds).
        QUrlQuery self;
        self.addQueryItem(QStringLiteral("query"), QStringLiteral("up{job=\"self\"}"));
        EXPECT_TRUE(testsupport::waitUntil(
            [&] {
                QString e;
                return api(prometheus, QStringLiteral("query"), self, &e)
                           .toObject()
                           .value(QStringLiteral("result"))
                           .toArray()
                           .size()
                       == 1;
            },
            (step + 10) * 1000))
            << "Prometheus stored no sample of its own scrape";
    }
}

INSTANTIATE_TEST_SUITE_P(ScrapeIntervals, BackfilledPrometheus, ::testing::Values(15, 60),
                         [](const auto &info) { return std::to_string(info.param) + "s"; });

TEST(BackfilledHistory, BlogFlavourHasTheBlogsContractAndNothingMore)
{
    testsupport::HistoryOptions options;
    options.flavour = testsupport::HistoryOptions::Flavour::Blog;
    options.job = QStringLiteral("ml-inference");
    const testsupport::ModelServerHistory history(options);
    const QByteArray &text = history.openMetrics();
    EXPECT_TRUE(text.contains("prediction_output_total{class=\"0\",job=\"ml-inference\""));
    EXPECT_TRUE(text.contains("endpoint=\"/metrics/\",status=\"200\""));
    EXPECT_TRUE(text.contains("status=\"422\""));
    EXPECT_TRUE(text.contains("le=\"0.005\""));
    for (const char *absent : {"inference_request_errors_total", "iris_feature_value",
                               "iris_model_class_prior", "iris_prediction_drift_js"})
        EXPECT_FALSE(text.contains(absent)) << absent;
    // One scrape of /metrics/ per step but the first, over 240 steps of 15 s.
    EXPECT_EQ(history.metricsEndpointRequests(), 240.0);
}

#include "server/builtinmodel.h"
#include "server/metrics.h"

#include <gtest/gtest.h>

#include <charconv>
#include <ctime>
#include <thread>

namespace {

iris::Model builtin()
{
    QString error;
    auto m = iris::fromJson(iris::builtinModelJson(), &error);
    EXPECT_TRUE(m) << error.toStdString();
    return m ? *m : iris::Model{};
}

bool contains(const std::string &text, const std::string &line)
{
    return text.find(line) != std::string::npos;
}

double nowSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// When this test binary's static objects were built: shortly after the process started (the
// dynamic loader ran first), an independent bound for process_start_time_seconds.
const double kStaticInitSeconds = nowSeconds();

} // namespace

TEST(Metrics, EveryScrapeSeesTheTotalsOfAllThreads)
{
    const auto model = builtin();
    iris::Metrics metrics(model, 4, "9.9.9");
    constexpr int kThreads = 6; // more threads than shards: shards are shared
    constexpr int kPerThread = 20000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < kPerThread; ++i) {
                metrics.recordRequest(iris::Method::Post, iris::Endpoint::Predict, 200,
                                      std::chrono::microseconds(30));
                metrics.recordPrediction(1, {6.0, 3.0, 4.5, 1.5});
            }
        });
    for (auto &t : threads)
        t.join();
    const std::string text = metrics.expose();
    EXPECT_EQ(metrics.requestCount(iris::Method::Post, iris::Endpoint::Predict, 200),
              std::uint64_t(kThreads * kPerThread));
    EXPECT_TRUE(contains(text, "inference_requests_total{method=\"POST\",endpoint=\"/predict\","
                               "status=\"200\"} 120000\n"));
    EXPECT_TRUE(contains(text, "prediction_output_total{class=\"versicolor\"} 120000\n"));
    EXPECT_TRUE(contains(text, "prediction_output_total{class=\"setosa\"} 0\n"));
    // 30 µs falls in the (25 µs, 50 µs] bucket.
    EXPECT_TRUE(contains(text, "inference_duration_seconds_bucket{method=\"POST\",endpoint="
                               "\"/predict\",le=\"2.5e-05\"} 0\n"));
    EXPECT_TRUE(contains(text, "inference_duration_seconds_bucket{method=\"POST\",endpoint="
                               "\"/predict\",le=\"5e-05\"} 120000\n"));
    EXPECT_TRUE(contains(text, "inference_duration_seconds_count{method=\"POST\",endpoint="
                               "\"/predict\"} 120000\n"));
    EXPECT_TRUE(contains(text, "iris_build_info{version=\"9.9.9\"} 1\n"));
    EXPECT_TRUE(contains(text, "inference_in_flight 0\n"));
}

TEST(Metrics, MetricsScrapesAreNotCountedAsTraffic)
{
    const auto model = builtin();
    iris::Metrics metrics(model, 1, "1");
    metrics.recordRequest(iris::Method::Get, iris::Endpoint::Metrics, 200,
                          std::chrono::microseconds(5));
    metrics.recordRequest(iris::Method::Post, iris::Endpoint::Predict, 200,
                          std::chrono::microseconds(5));
    const std::string text = metrics.expose();
    // The exposition is there and counts the prediction, and only it.
    EXPECT_TRUE(contains(text, "inference_requests_total{method=\"POST\",endpoint=\"/predict\","
                               "status=\"200\"} 1\n"))
        << text;
    EXPECT_TRUE(contains(text, "inference_duration_seconds_count{method=\"POST\",endpoint="
                               "\"/predict\"} 1\n"));
    EXPECT_FALSE(contains(text, "endpoint=\"/metrics\""));
}

TEST(Metrics, FeatureHistogramUsesTheReferenceBinEdges)
{
    const auto model = builtin();
    iris::Metrics metrics(model, 2, "1");
    const auto &edges = model.referenceBins[2].edges;               // petal length
    metrics.recordPrediction(0, {5.0, 3.0, edges[0], 0.2});         // on the first edge
    metrics.recordPrediction(0, {5.0, 3.0, edges.back() + 1, 0.2}); // beyond the last edge
    const std::string text = metrics.expose();
    std::string first;
    {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, edges[0]);
        first.assign(buf, r.ptr);
    }
    EXPECT_TRUE(contains(text, "iris_feature_value_bucket{feature=\"petal_length_cm\",le=\"" + first
                                   + "\"} 1\n"))
        << text;
    EXPECT_TRUE(contains(text, "iris_feature_value_bucket{feature=\"petal_length_cm\",le=\"+Inf\"} "
                               "2\n"));
    EXPECT_TRUE(contains(text, "iris_feature_value_count{feature=\"petal_length_cm\"} 2\n"));
    // One bucket line per edge plus +Inf.
    std::size_t buckets = 0;
    for (std::size_t at = 0;
         (at = text.find("iris_feature_value_bucket{feature=\"sepal_width_cm\"", at))
         != std::string::npos;
         ++at)
        ++buckets;
    EXPECT_EQ(buckets, model.referenceBins[1].edges.size() + 1);
}

TEST(Metrics, ErrorReasonsAreAlwaysExposedAndCounted)
{
    const auto model = builtin();
    iris::Metrics metrics(model, 1, "1");
    metrics.recordError(iris::ErrorReason::OutOfRange);
    metrics.recordError(iris::ErrorReason::OutOfRange);
    const std::string text = metrics.expose();
    EXPECT_TRUE(contains(text, "inference_request_errors_total{reason=\"out_of_range\"} 2\n"));
    EXPECT_TRUE(contains(text, "inference_request_errors_total{reason=\"injected\"} 0\n"));
    EXPECT_EQ(metrics.errorCount(iris::ErrorReason::OutOfRange), 2u);
}

TEST(Metrics, DisabledRecordingCountsNothing)
{
    const auto model = builtin();
    iris::Metrics metrics(model, 1, "1");
    metrics.setEnabled(false);
    metrics.recordRequest(iris::Method::Post, iris::Endpoint::Predict, 200,
                          std::chrono::microseconds(5));
    metrics.recordError(iris::ErrorReason::NotFound);
    EXPECT_EQ(metrics.requestCount(iris::Method::Post, iris::Endpoint::Predict, 200), 0u);
    EXPECT_EQ(metrics.errorCount(iris::ErrorReason::NotFound), 0u);
}

TEST(Metrics, RegisteredGaugesAppearInTheExposition)
{
    const auto model = builtin();
    iris::Metrics metrics(model, 1, "1");
    auto &psi = metrics.addGauge("example_drift_psi", "Drift score.", "feature",
                                 {"sepal_length_cm", "petal_width_cm"});
    auto &single = metrics.addGauge("example_single", "One value.");
    psi.set(1, 0.25);
    single.set(0, 3);
    const std::string text = metrics.expose();
    EXPECT_TRUE(contains(text, "# TYPE example_drift_psi gauge\n"));
    EXPECT_TRUE(contains(text, "example_drift_psi{feature=\"petal_width_cm\"} 0.25\n"));
    EXPECT_TRUE(contains(text, "example_drift_psi{feature=\"sepal_length_cm\"} 0\n"));
    EXPECT_TRUE(contains(text, "example_single 3\n"));
}

TEST(Metrics, ProcessMetricsComeFromProc)
{
    const auto model = builtin();
    iris::Metrics metrics(model, 1, "1");
    const std::string text = metrics.expose();
    for (const char *name : {"process_cpu_seconds_total ", "process_resident_memory_bytes ",
                             "process_virtual_memory_bytes ", "process_open_fds ",
                             "process_max_fds ", "process_start_time_seconds "})
        EXPECT_TRUE(contains(text, std::string("\n") + name)) << name;
    const auto at = text.find("\nprocess_resident_memory_bytes ");
    const double rss = std::strtod(text.c_str() + at + 31, nullptr);
    EXPECT_GT(rss, 1e6); // a test process holds at least a megabyte
    const auto st = text.find("\nprocess_start_time_seconds ");
    const double start = std::strtod(text.c_str() + st + 28, nullptr);
    // The kernel counts the start in clock ticks (10 ms); the loader and Qt's libraries ran
    // between the start and this binary's static initialisation, well under 5 s even when
    // sanitized.
    EXPECT_LE(start, kStaticInitSeconds + 0.02);
    EXPECT_GE(start, kStaticInitSeconds - 5.0);
}

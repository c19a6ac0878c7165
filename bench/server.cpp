// Costs inside one iris-server request: prediction, body parsing, metrics recording, routing.
#include "server/builtinmodel.h"
#include "server/driftmonitor.h"
#include "server/feedbackstore.h"
#include "server/metrics.h"
#include "server/requestparser.h"
#include "server/router.h"

#include <benchmark/benchmark.h>

namespace {

const iris::Model &model()
{
    static const iris::Model m = [] {
        QString error;
        return *iris::fromJson(iris::builtinModelJson(), &error);
    }();
    return m;
}

void BM_Predict(benchmark::State &state)
{
    const auto &m = model();
    std::array<double, iris::kFeatureCount> x = {5.1, 3.5, 1.4, 0.2};
    for (auto _ : state) {
        benchmark::DoNotOptimize(x);
        benchmark::DoNotOptimize(m.predict(x));
    }
}
BENCHMARK(BM_Predict);

void BM_ParsePredictBody(benchmark::State &state)
{
    iris::RequestParser parser;
    iris::InferenceInput input;
    iris::RequestError error;
    const std::string body = "{\"features\":[5.1,3.5,1.4,0.2]}";
    std::string copy;
    for (auto _ : state) {
        copy = body;
        benchmark::DoNotOptimize(parser.parsePredict(copy, input, error));
    }
}
BENCHMARK(BM_ParsePredictBody);

// What one answered /predict request records: its count and duration, its class and features.
void BM_RecordOneRequestsMetrics(benchmark::State &state)
{
    iris::Metrics metrics(model(), 4, "bench");
    const std::array<double, iris::kFeatureCount> x = {5.1, 3.5, 1.4, 0.2};
    for (auto _ : state) {
        metrics.requestStarted();
        metrics.recordPrediction(0, x);
        metrics.recordRequest(iris::Method::Post, iris::Endpoint::Predict, 200,
                              std::chrono::nanoseconds(2500));
        metrics.requestFinished();
    }
}
BENCHMARK(BM_RecordOneRequestsMetrics)->Threads(1)->Threads(2);

// Adding one prediction to the drift window alone (bins, timestamp, one ring slot per thread).
void BM_RecordDriftWindow(benchmark::State &state)
{
    static const auto monitor =
        iris::DriftMonitor::create(model(), iris::DriftMonitor::kDefaultCapacity, 3, nullptr);
    const std::array<double, iris::kFeatureCount> x = {5.1, 3.5, 1.4, 0.2};
    for (auto _ : state)
        monitor->record(0, x);
}
BENCHMARK(BM_RecordDriftWindow)->Threads(1)->Threads(2);

// The same as BM_RecordOneRequestsMetrics with the drift window attached, as iris-server runs.
void BM_RecordOneRequestsMetricsWithDrift(benchmark::State &state)
{
    static iris::Metrics metrics(model(), 3, "bench");
    static const auto monitor = [] {
        auto m =
            iris::DriftMonitor::create(model(), iris::DriftMonitor::kDefaultCapacity, 3, nullptr);
        metrics.setDriftMonitor(m.get());
        return m;
    }();
    const std::array<double, iris::kFeatureCount> x = {5.1, 3.5, 1.4, 0.2};
    for (auto _ : state) {
        metrics.requestStarted();
        metrics.recordPrediction(0, x);
        metrics.recordRequest(iris::Method::Post, iris::Endpoint::Predict, 200,
                              std::chrono::nanoseconds(2500));
        metrics.requestFinished();
    }
}
BENCHMARK(BM_RecordOneRequestsMetricsWithDrift)->Threads(1)->Threads(2);

// What a scrape adds: merging a full window of 500 and computing 4 PSIs and one JS distance.
void BM_DriftSnapshot(benchmark::State &state)
{
    const auto monitor =
        iris::DriftMonitor::create(model(), iris::DriftMonitor::kDefaultCapacity, 3, nullptr);
    const std::array<double, iris::kFeatureCount> x = {5.1, 3.5, 1.4, 0.2};
    for (std::size_t i = 0; i < 2 * iris::DriftMonitor::kDefaultCapacity; ++i)
        monitor->record(int(i % 3), x);
    for (auto _ : state)
        benchmark::DoNotOptimize(monitor->snapshot());
}
BENCHMARK(BM_DriftSnapshot);

void BM_RouteOnePredict(benchmark::State &state)
{
    iris::Metrics metrics(model(), 2, "bench");
    iris::Faults faults;
    const iris::Router router(model(), metrics, faults, "bench");
    std::string body;
    iris::HttpRequest req;
    req.method = "POST";
    req.target = "/predict";
    req.body = &body;
    iris::HttpResponse resp;
    for (auto _ : state) {
        body = "{\"features\":[5.1,3.5,1.4,0.2]}";
        router.handle(req, resp);
        benchmark::DoNotOptimize(resp.body.data());
    }
}
BENCHMARK(BM_RouteOnePredict);

// The same route as iris-server serves it: every prediction gets an id, is kept in the feedback
// store and the id is written into the answer.
void BM_RouteOnePredictWithFeedback(benchmark::State &state)
{
    iris::Metrics metrics(model(), 2, "bench");
    iris::Faults faults;
    const auto store = iris::FeedbackStore::create(iris::FeedbackStore::kDefaultCapacity,
                                                   iris::FeedbackStore::kDefaultMaxAge, nullptr);
    const iris::Router router(model(), metrics, faults, "bench", store.get());
    std::string body;
    iris::HttpRequest req;
    req.method = "POST";
    req.target = "/predict";
    req.body = &body;
    iris::HttpResponse resp;
    for (auto _ : state) {
        body = "{\"features\":[5.1,3.5,1.4,0.2]}";
        router.handle(req, resp);
        benchmark::DoNotOptimize(resp.body.data());
    }
}
BENCHMARK(BM_RouteOnePredictWithFeedback);

// One label joined: parse, look-up, compare-and-swap, counters. Labels go to fresh predictions
// (one prediction recorded per label, outside the timing).
void BM_RouteOneFeedback(benchmark::State &state)
{
    iris::Metrics metrics(model(), 2, "bench");
    iris::Faults faults;
    const auto store = iris::FeedbackStore::create(iris::FeedbackStore::kDefaultCapacity,
                                                   iris::FeedbackStore::kDefaultMaxAge, nullptr);
    const iris::Router router(model(), metrics, faults, "bench", store.get());
    std::string body;
    iris::HttpRequest req;
    req.method = "POST";
    req.target = "/feedback";
    req.body = &body;
    iris::HttpResponse resp;
    char id[iris::FeedbackStore::kMaxIdLength];
    for (auto _ : state) {
        state.PauseTiming();
        const std::uint64_t seq = store->issue(1);
        store->record(seq, 1);
        body = "{\"id\":\"" + std::string(id, store->formatId(seq, id))
               + "\",\"actual\":\"versicolor\"}";
        state.ResumeTiming();
        router.handle(req, resp);
        benchmark::DoNotOptimize(resp.body.data());
    }
    if (resp.status != 200)
        state.SkipWithError("feedback was not joined");
}
BENCHMARK(BM_RouteOneFeedback);

void BM_ExposeMetrics(benchmark::State &state)
{
    iris::Metrics metrics(model(), 4, "bench");
    metrics.recordRequest(iris::Method::Post, iris::Endpoint::Predict, 200,
                          std::chrono::nanoseconds(2500));
    for (auto _ : state)
        benchmark::DoNotOptimize(metrics.expose());
}
BENCHMARK(BM_ExposeMetrics);

} // namespace

BENCHMARK_MAIN();

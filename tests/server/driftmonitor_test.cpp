#include "core/drift/histogram.h"
#include "core/drift/statistics.h"
#include "server/builtinmodel.h"
#include "server/dataset.h"
#include "server/driftmonitor.h"
#include "server/metrics.h"

#include <gtest/gtest.h>

#include <QString>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <thread>

using iris::DriftMonitor;
using iris::DriftSnapshot;
using Features = std::array<double, iris::kFeatureCount>;

namespace {

const iris::Model &model()
{
    static const iris::Model m = [] {
        QString error;
        return *iris::fromJson(iris::builtinModelJson(), &error);
    }();
    return m;
}

const iris::Dataset &irisData()
{
    static const iris::Dataset d = [] {
        QString error;
        auto data =
            iris::loadCsv(QStringLiteral(VITALS_SOURCE_DIR "/resources/data/iris.csv"), &error);
        EXPECT_TRUE(data) << error.toStdString();
        return data ? *data : iris::Dataset{};
    }();
    return d;
}

// Draws inputs like the training data (examples of resources/data/iris.csv, with replacement)
// and, for the drift scenario of the traffic simulator, the same with sepal length 8–10 cm and
// petal length 7–9 cm. std::mt19937 is specified bit for bit; the draws avoid the
// implementation-defined distributions, so every platform sees the same sequence.
class Traffic
{
public:
    explicit Traffic(unsigned seed)
        : m_random(seed)
    {}

    Features normal()
    {
        const auto &examples = irisData().examples;
        return examples[m_random() % examples.size()].features;
    }
    Features drifted()
    {
        Features x = normal();
        x[0] = 8.0 + 2.0 * unit();
        x[2] = 7.0 + 2.0 * unit();
        return x;
    }

private:
    double unit() { return double(m_random()) / double(std::mt19937::max()); }
    std::mt19937 m_random;
};

void feed(DriftMonitor &monitor, const Features &x)
{
    monitor.record(model().predict(x).label, x);
}

std::unique_ptr<DriftMonitor> makeMonitor(std::size_t capacity = DriftMonitor::kDefaultCapacity,
                                          int shards = 3)
{
    std::string error;
    auto m = DriftMonitor::create(model(), capacity, shards, &error);
    EXPECT_TRUE(m) << error;
    return m;
}

double quantile(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    return values[std::size_t(q * double(values.size() - 1))];
}

double total(const std::vector<double> &counts)
{
    double t = 0;
    for (double c : counts)
        t += c;
    return t;
}

// Prometheus evaluating the FeatureDrift (PSI > 0.25 for 1m) and PredictionSkew (JS > 0.2 for
// 2m) rules of resources/prometheus/vitals-rules.yml every 15 s on the live gauges, with the
// scrape right before each evaluation. NaN compares false, as in PromQL.
class AlertClock
{
public:
    void evaluate(const DriftSnapshot &s, double now)
    {
        for (int f = 0; f < iris::kFeatureCount; ++f)
            step(m_psiSince[f], s.psi[f] > 0.25, now, 60, m_featureDriftAt);
        step(m_jsSince, s.predictionJs > 0.2, now, 120, m_skewAt);
    }
    double featureDriftAt() const { return m_featureDriftAt; } // seconds, NaN = never fired
    double skewAt() const { return m_skewAt; }

private:
    static void step(double &since, bool active, double now, double forSeconds, double &firedAt)
    {
        if (!active) {
            since = kNever;
            return;
        }
        if (std::isnan(since))
            since = now;
        if (now - since >= forSeconds && std::isnan(firedAt))
            firedAt = now;
    }
    static constexpr double kNever = std::numeric_limits<double>::quiet_NaN();
    std::array<double, iris::kFeatureCount> m_psiSince{kNever, kNever, kNever, kNever};
    double m_jsSince = kNever;
    double m_featureDriftAt = kNever;
    double m_skewAt = kNever;
};

constexpr double kRate = 2.0;             // requests per second of the simulator's normal scenario
constexpr double kEvaluationSeconds = 15; // the local stack's scrape and rule interval
constexpr int kPerEvaluation = int(kRate * kEvaluationSeconds);

} // namespace

TEST(DriftMonitor, CreateRejectsBadWindowsAndModels)
{
    std::string error;
    EXPECT_FALSE(DriftMonitor::create(model(), DriftMonitor::kWarmUp - 1, 2, &error));
    EXPECT_NE(error.find("drift window"), std::string::npos) << error;
    EXPECT_FALSE(DriftMonitor::create(model(), DriftMonitor::kMaxCapacity + 1, 2, &error));
    EXPECT_TRUE(DriftMonitor::create(model(), DriftMonitor::kMaxCapacity, 2, &error));

    iris::Model tooFine = model();
    tooFine.referenceBins[1].edges.resize(DriftMonitor::kMaxBins + 2);
    tooFine.referenceBins[1].proportions.resize(DriftMonitor::kMaxBins + 1);
    for (std::size_t i = 0; i < tooFine.referenceBins[1].edges.size(); ++i)
        tooFine.referenceBins[1].edges[i] = 2.0 + 0.1 * double(i);
    error.clear();
    EXPECT_FALSE(DriftMonitor::create(tooFine, 500, 2, &error));
    EXPECT_NE(error.find("sepal_width"), std::string::npos) << error;
}

TEST(DriftMonitor, ScoresAreNaNDuringWarmUp)
{
    auto monitor = makeMonitor();
    Traffic traffic(1);
    EXPECT_EQ(monitor->snapshot().windowSize, 0u);
    for (std::size_t i = 0; i + 1 < DriftMonitor::kWarmUp; ++i)
        feed(*monitor, traffic.drifted());
    DriftSnapshot s = monitor->snapshot();
    EXPECT_EQ(s.windowSize, DriftMonitor::kWarmUp - 1);
    EXPECT_FALSE(s.warm);
    for (double psi : s.psi)
        EXPECT_TRUE(std::isnan(psi));
    EXPECT_TRUE(std::isnan(s.predictionJs));

    feed(*monitor, traffic.drifted());
    s = monitor->snapshot();
    EXPECT_TRUE(s.warm);
    for (double psi : s.psi)
        EXPECT_FALSE(std::isnan(psi));
    EXPECT_FALSE(std::isnan(s.predictionJs));
}

TEST(DriftMonitor, TrainingLikeWindowsScoreLowPsi)
{
    // 200 windows per size, drawn with a fixed seed from all 150 examples (the reference bins
    // come from the 120 of the training split). With this seed the single-feature PSI
    // quantiles p50/p90/p99/max are 0.113/0.230/0.387/0.553 at 100 predictions,
    // 0.061/0.109/0.209/0.264 at 200 and 0.033/0.058/0.092/0.115 at 500; the largest JS
    // distances 0.156, 0.113 and 0.063. A Python simulation (4,000 windows, bins over all 150)
    // agreed: p95 0.251 at 100, 0.112 at 180, 0.035 at 500. Most of it is the epsilon floor of
    // bins a small window leaves empty. One window of 100 in ten or twenty crosses 0.25; the
    // alert's `for: 1m` (next test) is what keeps that from firing.
    Traffic traffic(42);
    std::map<std::size_t, std::vector<double>> psis;
    std::map<std::size_t, std::vector<double>> js;
    for (const std::size_t n : {std::size_t(100), std::size_t(200), std::size_t(500)}) {
        for (int w = 0; w < 200; ++w) {
            auto monitor = makeMonitor(n);
            for (std::size_t i = 0; i < n; ++i)
                feed(*monitor, traffic.normal());
            const DriftSnapshot s = monitor->snapshot();
            ASSERT_EQ(s.windowSize, n);
            for (double psi : s.psi)
                psis[n].push_back(psi);
            js[n].push_back(s.predictionJs);
        }
    }
    EXPECT_LT(quantile(psis[100], 0.5), 0.15);
    EXPECT_LT(quantile(psis[100], 0.9), 0.25);
    EXPECT_LT(quantile(psis[200], 0.99), 0.25);
    EXPECT_LT(quantile(psis[500], 1.0), 0.25);
    EXPECT_LT(quantile(psis[500], 0.99), 0.15);
    // JS of the predicted mix against the prior; PredictionSkew fires above 0.2.
    EXPECT_LT(quantile(js[100], 1.0), 0.2);
    EXPECT_LT(quantile(js[500], 1.0), 0.1);
}

TEST(DriftMonitor, NormalTrafficFiresNoDriftAlert)
{
    // 90 s of normal traffic at 2 req/s is 180 predictions: the gauges appear at 100 (50 s),
    // so FeatureDrift (for: 1m) cannot fire before 110 s. Beyond the 90 s, 20 streams
    // of 15 minutes each, warm-up through a full window, fire nothing either.
    for (unsigned seed = 1; seed <= 20; ++seed) {
        auto monitor = makeMonitor();
        Traffic traffic(seed);
        AlertClock alerts;
        for (double now = kEvaluationSeconds; now <= 15 * 60; now += kEvaluationSeconds) {
            for (int i = 0; i < kPerEvaluation; ++i)
                feed(*monitor, traffic.normal());
            const DriftSnapshot s = monitor->snapshot();
            if (now <= 45) {
                EXPECT_FALSE(s.warm) << "at " << now << " s";
            }
            alerts.evaluate(s, now);
        }
        EXPECT_TRUE(std::isnan(alerts.featureDriftAt()))
            << "seed " << seed << " fired at " << alerts.featureDriftAt() << " s";
        EXPECT_TRUE(std::isnan(alerts.skewAt())) << "seed " << seed;
    }
}

TEST(DriftMonitor, DriftedTrafficScoresHighPsiAndFiresWithinTwoMinutes)
{
    // A full window of the simulator's drift scenario: sepal and petal length beyond the
    // training maximum (7.9 and 6.9 cm) fold into the last reference bin, whose training share
    // is 3–5%, so PSI is far above 0.25; the other two features keep training values.
    {
        auto monitor = makeMonitor();
        Traffic traffic(7);
        for (std::size_t i = 0; i < monitor->capacity(); ++i)
            feed(*monitor, traffic.drifted());
        const DriftSnapshot s = monitor->snapshot();
        EXPECT_GT(s.psi[0], 1.0);
        EXPECT_GT(s.psi[2], 1.0);
        EXPECT_LT(s.psi[1], 0.1);
        EXPECT_LT(s.psi[3], 0.25);
        EXPECT_DOUBLE_EQ(s.featureCounts[0].back(), double(monitor->capacity()));
        EXPECT_DOUBLE_EQ(s.featureCounts[2].back(), double(monitor->capacity()));
    }
    // Drift from a fresh start at 2 req/s: 90 predictions at 45 s, 120 at 60 s, the first
    // evaluation with a value; firing 60 s later, at 120 s. (Real scrapes and evaluations are
    // not aligned with the traffic: up to 30 s more.)
    {
        auto monitor = makeMonitor();
        Traffic traffic(8);
        AlertClock alerts;
        for (double now = kEvaluationSeconds; now <= 300; now += kEvaluationSeconds) {
            for (int i = 0; i < kPerEvaluation; ++i)
                feed(*monitor, traffic.drifted());
            alerts.evaluate(monitor->snapshot(), now);
        }
        EXPECT_LE(alerts.featureDriftAt(), 120.0);
    }
    // Drift after 10 minutes of normal traffic (a full window of it): with this seed, 60
    // drifted predictions of 500 (30 s at 2 req/s) take petal length's PSI to 0.28, then
    // `for: 1m`: fires 90 s after the drift starts.
    {
        auto monitor = makeMonitor();
        Traffic traffic(9);
        AlertClock alerts;
        double now = 0;
        for (; now < 600; now += kEvaluationSeconds) {
            for (int i = 0; i < kPerEvaluation; ++i)
                feed(*monitor, traffic.normal());
            alerts.evaluate(monitor->snapshot(), now);
        }
        ASSERT_TRUE(std::isnan(alerts.featureDriftAt()));
        const double driftStart = now - kEvaluationSeconds; // right after the last evaluation
        for (; now <= driftStart + 300; now += kEvaluationSeconds) {
            for (int i = 0; i < kPerEvaluation; ++i)
                feed(*monitor, traffic.drifted());
            alerts.evaluate(monitor->snapshot(), now);
        }
        EXPECT_LE(alerts.featureDriftAt() - driftStart, 90.0);
    }
}

TEST(DriftMonitor, PsiMatchesTheConsolesComputationFromPrometheusBuckets)
{
    // The console computes PSI from increases of iris_feature_value_bucket with
    // compareFeature(); the server must report the same number for the same window, including
    // values outside the training range and values exactly on an edge.
    auto monitor = makeMonitor(300);
    Traffic traffic(11);
    std::vector<Features> window;
    for (int i = 0; i < 150; ++i)
        window.push_back(traffic.normal());
    for (int i = 0; i < 40; ++i)
        window.push_back(traffic.drifted());
    for (int f = 0; f < iris::kFeatureCount; ++f) {
        Features x = traffic.normal();
        x[f] = model().referenceBins[f].edges.front();
        window.push_back(x);
        x[f] = model().referenceBins[f].edges[3];
        window.push_back(x);
        x[f] = 0.01;
        window.push_back(x);
    }
    for (const auto &x : window)
        feed(*monitor, x);
    const DriftSnapshot s = monitor->snapshot();
    ASSERT_EQ(s.windowSize, window.size());

    for (int f = 0; f < iris::kFeatureCount; ++f) {
        const auto &ref = model().referenceBins[f];
        // Cumulative buckets as the server exposes them: le = each edge, then +Inf.
        std::vector<vitals::drift::Bucket> buckets;
        for (std::size_t b = 0; b <= ref.edges.size(); ++b) {
            const double le =
                b < ref.edges.size() ? ref.edges[b] : std::numeric_limits<double>::infinity();
            double count = 0;
            for (const auto &x : window)
                count += x[f] <= le ? 1 : 0;
            buckets.push_back({le, count});
        }
        const auto observed = vitals::drift::fromCumulativeBuckets(buckets);
        ASSERT_TRUE(observed.ok());
        const auto cmp =
            vitals::drift::compareFeature({ref.edges, ref.proportions}, observed.value.histogram);
        ASSERT_TRUE(cmp.ok());
        EXPECT_NEAR(s.psi[f], cmp.value.psi, 1e-12) << "feature " << f;
    }
}

TEST(DriftMonitor, WindowEvictsTheOldestPredictions)
{
    // One thread: a ring of 100 keeps exactly the last 100.
    {
        auto monitor = makeMonitor(100);
        Traffic traffic(3);
        for (int i = 0; i < 100; ++i)
            feed(*monitor, traffic.normal());
        for (int i = 0; i < 100; ++i)
            monitor->record(2, traffic.drifted());
        const DriftSnapshot s = monitor->snapshot();
        EXPECT_EQ(s.windowSize, 100u);
        EXPECT_DOUBLE_EQ(s.classCounts[2], 100.0);
        EXPECT_DOUBLE_EQ(s.featureCounts[0].back(), 100.0);
    }
    // Two threads on different shards: the newest 100 across shards win, by timestamp.
    {
        auto monitor = makeMonitor(100, 4);
        Traffic traffic(4);
        std::thread([&] {
            for (int i = 0; i < 100; ++i)
                monitor->record(0, traffic.normal());
        }).join();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        std::thread([&] {
            for (int i = 0; i < 60; ++i)
                monitor->record(1, traffic.drifted());
        }).join();
        const DriftSnapshot s = monitor->snapshot();
        EXPECT_EQ(s.windowSize, 100u);
        EXPECT_DOUBLE_EQ(s.classCounts[0], 40.0);
        EXPECT_DOUBLE_EQ(s.classCounts[1], 60.0);
    }
}

TEST(DriftMonitor, ConcurrentRecordingAndScraping)
{
    auto monitor = makeMonitor(500, 3);
    constexpr int kThreads = 4; // more threads than shards: two of them share one
    constexpr int kPerThread = 20000;
    std::atomic<bool> done{false};
    std::atomic<int> badSnapshots{0};
    std::thread scraper([&] {
        while (!done.load()) {
            const DriftSnapshot s = monitor->snapshot();
            double classes = 0;
            for (double c : s.classCounts)
                classes += c;
            if (s.windowSize > 500 || classes != double(s.windowSize)
                || total(s.featureCounts[0]) != double(s.windowSize))
                ++badSnapshots;
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t)
        writers.emplace_back([&, t] {
            // One example of each class and a fourth from the first class again: the data set
            // has 150 rows, 50 per class (found by ASan: t * 50 read past the end for t = 3).
            const auto &examples = irisData().examples;
            const Features x = examples[(std::size_t(t) * 50) % examples.size()].features;
            for (int i = 0; i < kPerThread; ++i)
                monitor->record(t % iris::kClassCount, x);
        });
    for (auto &w : writers)
        w.join();
    done = true;
    scraper.join();
    EXPECT_EQ(badSnapshots.load(), 0);
    const DriftSnapshot s = monitor->snapshot();
    EXPECT_EQ(s.windowSize, 500u);
    for (int f = 0; f < iris::kFeatureCount; ++f)
        EXPECT_DOUBLE_EQ(total(s.featureCounts[f]), 500.0);
}

TEST(DriftMonitor, MetricsExposeTheDriftFamilies)
{
    iris::Metrics metrics(model(), 2, "test");
    auto monitor = makeMonitor();
    metrics.setDriftMonitor(monitor.get());
    std::string text = metrics.expose();
    EXPECT_NE(text.find("\niris_feature_drift_psi{feature=\"sepal_length_cm\"} NaN\n"),
              std::string::npos);
    EXPECT_NE(text.find("\niris_prediction_drift_js NaN\n"), std::string::npos);
    EXPECT_NE(text.find("\niris_drift_window_size 0\n"), std::string::npos);
    EXPECT_NE(text.find("# TYPE iris_feature_drift_psi gauge\n"), std::string::npos);

    Traffic traffic(5);
    for (int i = 0; i < 300; ++i) {
        const Features x = traffic.drifted();
        metrics.recordPrediction(model().predict(x).label, x);
    }
    text = metrics.expose();
    EXPECT_NE(text.find("\niris_drift_window_size 300\n"), std::string::npos);
    EXPECT_EQ(text.find("iris_feature_drift_psi{feature=\"sepal_length_cm\"} NaN"),
              std::string::npos);
    const DriftSnapshot s = monitor->snapshot();
    EXPECT_NE(text.find("iris_feature_drift_psi{feature=\"petal_length_cm\"} "
                        + iris::formatNumber(s.psi[2]) + "\n"),
              std::string::npos);

    // Priors, and one reference proportion per iris_feature_value bucket, keyed by its le.
    EXPECT_NE(text.find("iris_model_class_prior{class=\"setosa\"} "
                        + iris::formatNumber(model().classPriors[0]) + "\n"),
              std::string::npos);
    for (int f = 0; f < iris::kFeatureCount; ++f) {
        const auto &ref = model().referenceBins[f];
        const std::string feature = model().featureNames[f].toStdString();
        for (std::size_t b = 0; b <= ref.edges.size(); ++b) {
            const std::string le = b < ref.edges.size() ? iris::formatNumber(ref.edges[b]) : "+Inf";
            const std::string bucket =
                "iris_feature_value_bucket{feature=\"" + feature + "\",le=\"" + le + "\"}";
            EXPECT_NE(text.find(bucket), std::string::npos) << bucket;
            const double share = b == 0 || b == ref.edges.size() ? 0.0 : ref.proportions[b - 1];
            const std::string line = "iris_feature_reference_proportion{feature=\"" + feature
                                     + "\",bucket_le=\"" + le + "\"} " + iris::formatNumber(share)
                                     + "\n";
            EXPECT_NE(text.find(line), std::string::npos) << line;
        }
    }

    // Disabled metrics record no drift either.
    metrics.setEnabled(false);
    metrics.recordPrediction(0, traffic.normal());
    EXPECT_EQ(monitor->snapshot().windowSize, 300u);
    metrics.setDriftMonitor(nullptr);
    EXPECT_EQ(metrics.expose().find("iris_feature_drift_psi"), std::string::npos);
}

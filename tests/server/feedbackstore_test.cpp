// The feedback store on its own: ids, joins, the size and age bounds, races.
#include "server/builtinmodel.h"
#include "server/feedbackstore.h"
#include "server/metrics.h"
#include "server/router.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using iris::FeedbackStore;
using Outcome = iris::FeedbackStore::Outcome;

namespace {

std::string idOf(const FeedbackStore &store, std::uint64_t sequence)
{
    char id[FeedbackStore::kMaxIdLength];
    return std::string(id, store.formatId(sequence, id));
}

std::unique_ptr<FeedbackStore> makeStore(std::size_t capacity = 100,
                                         std::chrono::seconds maxAge = std::chrono::seconds(60))
{
    return FeedbackStore::create(capacity, maxAge, nullptr);
}

} // namespace

TEST(FeedbackStore, JoinsALabelWithItsPrediction)
{
    auto store = makeStore();
    const auto first = store->issue(2);
    store->record(first, 1);
    store->record(first + 1, 2);
    const std::string id = idOf(*store, first + 1);
    EXPECT_EQ(id.size(), 10u); // 8 hex digits, '-', "1"
    EXPECT_EQ(id[8], '-');
    const auto r = store->label(id, 1);
    EXPECT_EQ(r.outcome, Outcome::Joined);
    EXPECT_EQ(r.predicted, 2);
    EXPECT_GE(r.delaySeconds, 0.0);
    EXPECT_LT(r.delaySeconds, 5.0);
    // One label per prediction.
    EXPECT_EQ(store->label(id, 1).outcome, Outcome::Duplicate);
    EXPECT_EQ(store->label(idOf(*store, first), 1).outcome, Outcome::Joined);
}

TEST(FeedbackStore, RefusesIdsItNeverGave)
{
    auto store = makeStore();
    store->record(store->issue(1), 0);
    const std::string id = idOf(*store, 0);
    EXPECT_EQ(store->label(idOf(*store, 5), 0).outcome, Outcome::Unknown); // not issued yet
    std::string otherProcess = id;
    otherProcess[0] = otherProcess[0] == 'a' ? 'b' : 'a';
    EXPECT_EQ(store->label(otherProcess, 0).outcome, Outcome::Unknown);
    for (const char *bad :
         {"", "-", "abc", "zzzzzzzz-1", "00000000_1", "0000000000000000000000000000000000-1"})
        EXPECT_EQ(store->label(bad, 0).outcome, Outcome::Unknown) << bad;
    EXPECT_EQ(store->label(id + "x", 0).outcome, Outcome::Unknown);
    EXPECT_EQ(store->label(id, 3).outcome, Outcome::Unknown); // no such class
    EXPECT_EQ(store->label(id, 0).outcome, Outcome::Joined);
}

TEST(FeedbackStore, EvictsTheOldestWhenFull)
{
    auto store = makeStore(3);
    for (int i = 0; i < 5; ++i)
        store->record(store->issue(1), i % 3);
    // Sequences 0 and 1 made room for 3 and 4.
    EXPECT_EQ(store->label(idOf(*store, 0), 0).outcome, Outcome::Evicted);
    EXPECT_EQ(store->label(idOf(*store, 1), 0).outcome, Outcome::Evicted);
    EXPECT_EQ(store->label(idOf(*store, 2), 2).outcome, Outcome::Joined);
    EXPECT_EQ(store->label(idOf(*store, 4), 1).outcome, Outcome::Joined);

    std::string text;
    iris::Exposition out(text);
    QString error;
    const auto model = iris::fromJson(iris::builtinModelJson(), &error);
    ASSERT_TRUE(model.has_value());
    store->expose(out, *model);
    EXPECT_NE(text.find("\niris_feedback_store_evictions_total 2\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\niris_feedback_store_predictions 3\n"), std::string::npos);
    EXPECT_NE(text.find("\niris_feedback_unmatched_total{reason=\"evicted\"} 2\n"),
              std::string::npos);
    EXPECT_NE(text.find("\niris_feedback_total{predicted=\"virginica\",actual=\"virginica\"} 1\n"),
              std::string::npos);
    EXPECT_NE(
        text.find("\niris_feedback_total{predicted=\"versicolor\",actual=\"versicolor\"} 1\n"),
        std::string::npos);
    EXPECT_NE(text.find("\niris_feedback_correct_total 2\n"), std::string::npos);
    EXPECT_NE(text.find("\niris_feedback_delay_seconds_count 2\n"), std::string::npos);
}

TEST(FeedbackStore, RefusesLabelsOlderThanTheAgeLimit)
{
    auto store = makeStore(10, std::chrono::seconds(1));
    store->record(store->issue(1), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    EXPECT_EQ(store->label(idOf(*store, 0), 0).outcome, Outcome::Expired);
}

TEST(FeedbackStore, TwoRacingLabelsJoinOnce)
{
    auto store = makeStore(1000);
    const auto first = store->issue(1000);
    for (std::uint64_t i = 0; i < 1000; ++i)
        store->record(first + i, int(i % 3));
    std::atomic<int> joined{0}, duplicates{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (std::uint64_t i = 0; i < 1000; ++i) {
                const auto r = store->label(idOf(*store, first + i), 0);
                (r.outcome == Outcome::Joined ? joined : duplicates).fetch_add(1);
            }
        });
    for (auto &t : threads)
        t.join();
    EXPECT_EQ(joined.load(), 1000);
    EXPECT_EQ(duplicates.load(), 3000);
}

TEST(FeedbackStore, RejectsBadLimits)
{
    std::string error;
    EXPECT_EQ(FeedbackStore::create(0, std::chrono::seconds(1), &error), nullptr);
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(FeedbackStore::create(10, std::chrono::seconds(0), &error), nullptr);
    EXPECT_NE(FeedbackStore::create(10, std::chrono::seconds(1), &error), nullptr);
}

// POST /feedback through the router, as iris-server serves it.
namespace {

struct RouterFixture {
    iris::Model model;
    iris::Faults faults;
    std::unique_ptr<iris::Metrics> metrics;
    std::unique_ptr<FeedbackStore> store;
    std::unique_ptr<iris::Router> router;
    RouterFixture()
    {
        QString error;
        model = *iris::fromJson(iris::builtinModelJson(), &error);
        metrics = std::make_unique<iris::Metrics>(model, 1, "1");
        store = makeStore(100);
        router = std::make_unique<iris::Router>(model, *metrics, faults, "1", store.get());
    }
    iris::HttpResponse call(std::string_view target, std::string body)
    {
        iris::HttpRequest req;
        req.method = "POST";
        req.target = target;
        req.body = &body;
        iris::HttpResponse resp;
        router->handle(req, resp);
        return resp;
    }
};

} // namespace

TEST(FeedbackRoute, PredictionsCarryIdsThatTakeOneLabel)
{
    RouterFixture f;
    const auto p = f.call("/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");
    ASSERT_EQ(p.status, 200);
    const std::string id(p.requestIdView());
    ASSERT_FALSE(id.empty());
    EXPECT_NE(p.body.find("{\"id\":\"" + id + "\",\"prediction\":0"), std::string::npos) << p.body;

    const auto ok = f.call("/feedback", "{\"id\":\"" + id + "\",\"actual\":\"versicolor\"}");
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_NE(ok.body.find("\"predicted\":\"setosa\",\"actual\":\"versicolor\",\"correct\":false"),
              std::string::npos)
        << ok.body;
    const auto again = f.call("/feedback", "{\"id\":\"" + id + "\",\"actual\":\"setosa\"}");
    EXPECT_EQ(again.status, 409);
    EXPECT_NE(again.body.find("\"error\":\"duplicate_label\""), std::string::npos) << again.body;
    const auto unknown = f.call("/feedback", "{\"id\":\"00000000-ff\",\"actual\":\"setosa\"}");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_NE(unknown.body.find("\"error\":\"unknown_id\""), std::string::npos) << unknown.body;

    for (const char *bad : {"", "{", "{\"id\":1,\"actual\":\"setosa\"}", "{\"id\":\"x\"}",
                            "{\"id\":\"x\",\"actual\":\"rose\"}", "{\"id\":\"x\",\"actual\":7}",
                            "[]", "{\"feedback\":{}}", "{\"id\":\"x\",\"actual\":null}"}) {
        const auto r = f.call("/feedback", bad);
        EXPECT_EQ(r.status, 400) << bad << " -> " << r.body;
    }
    iris::HttpRequest get;
    get.method = "GET";
    get.target = "/feedback";
    std::string empty;
    get.body = &empty;
    iris::HttpResponse resp;
    f.router->handle(get, resp);
    EXPECT_EQ(resp.status, 405);
}

TEST(FeedbackRoute, BatchesOfPredictionsAndOfLabels)
{
    RouterFixture f;
    const auto p = f.call("/predict", "{\"instances\":[[5.1,3.5,1.4,0.2],[6.3,3.3,6,2.5]]}");
    ASSERT_EQ(p.status, 200);
    const std::string first(p.requestIdView());
    const std::string second = first.substr(0, 9) + "1";
    ASSERT_EQ(first.substr(9), "0");
    EXPECT_NE(p.body.find("{\"id\":\"" + first + "\",\"predictions\":[{\"id\":\"" + first + "\""),
              std::string::npos)
        << p.body;
    EXPECT_NE(p.body.find("{\"id\":\"" + second + "\",\"prediction\":2"), std::string::npos)
        << p.body;

    const auto v2 = f.call("/v2/models/iris/infer",
                           "{\"id\":\"mine\",\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],"
                           "\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}");
    ASSERT_EQ(v2.status, 200) << v2.body;
    const std::string third(v2.requestIdView());
    EXPECT_EQ(third.substr(9), "2");
    EXPECT_NE(v2.body.find("\"id\":\"mine\""), std::string::npos);
    EXPECT_NE(v2.body.find("\"parameters\":{\"prediction_ids\":[\"" + third + "\"]}"),
              std::string::npos)
        << v2.body;

    const auto r =
        f.call("/feedback", "[{\"id\":\"" + first + "\",\"actual\":0},{\"id\":\"" + second
                                + "\",\"actual\":\"versicolor\"},{\"id\":\"" + first
                                + "\",\"actual\":0},{\"id\":\"nope\",\"actual\":1}]");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("\"joined\":2,\"refused\":2"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("\"status\":409,\"error\":\"duplicate\""), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("\"status\":404,\"error\":\"unknown\""), std::string::npos) << r.body;
    const auto wrapped =
        f.call("/feedback", "{\"feedback\":[{\"id\":\"" + third + "\",\"actual\":\"setosa\"}]}");
    EXPECT_NE(wrapped.body.find("\"joined\":1,\"refused\":0"), std::string::npos) << wrapped.body;
}

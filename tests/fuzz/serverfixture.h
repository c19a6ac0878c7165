#pragma once

#include "fuzzcheck.h"
#include "server/builtinmodel.h"
#include "server/router.h"

#include <simdjson.h>

#include <memory>
#include <string>

// The iris-server routing stack as iris-server builds it (built-in model, one metrics shard),
// created once per fuzzing process, plus the properties every answer must have.
struct ServerFixture {
    iris::Model model;
    iris::Faults faults;
    std::unique_ptr<iris::Metrics> metrics;
    std::unique_ptr<iris::FeedbackStore> feedback;
    std::unique_ptr<iris::Router> router;
    simdjson::dom::parser json;

    static ServerFixture &instance()
    {
        static ServerFixture fixture;
        return fixture;
    }

    // Every status the router may answer with; JSON bodies must parse; a 200 prediction names
    // one of the three classes with probabilities in [0, 1].
    void checkResponse(const iris::HttpResponse &response)
    {
        const int s = response.status;
        FUZZ_CHECK(s == 200 || s == 400 || s == 403 || s == 404 || s == 405 || s == 409 || s == 413
                       || s == 415 || s == 503,
                   "unexpected status");
        if (response.contentType != "application/json")
            return;
        simdjson::dom::element root;
        FUZZ_CHECK(json.parse(response.body).get(root) == simdjson::SUCCESS,
                   "the answer is not valid JSON");
        if (s != 200) {
            std::string_view error;
            FUZZ_CHECK(root["error"].get(error) == simdjson::SUCCESS && !error.empty(),
                       "an error answer without an error field");
            return;
        }
        if (response.endpoint == iris::Endpoint::Predict) {
            simdjson::dom::array rows;
            if (root["predictions"].get(rows) != simdjson::SUCCESS) {
                checkPrediction(root);
                return;
            }
            for (simdjson::dom::element row : rows)
                checkPrediction(row);
        }
    }

    // After an /admin/faults request: accepted settings are within their documented ranges, a
    // refused request changed nothing. Then the settings are undone so every input starts from
    // the same state.
    void checkFaultsAndReset(const iris::HttpResponse &response)
    {
        if (response.status == 200) {
            FUZZ_CHECK(faults.latencyMs() >= 0 && faults.latencyMs() <= 60000,
                       "latency outside 0…60000 ms");
            FUZZ_CHECK(faults.errorRate() >= 0 && faults.errorRate() <= 1,
                       "error rate outside 0…1");
        } else {
            FUZZ_CHECK(faults.latencyMs() == 0 && faults.errorRate() == 0,
                       "a refused request changed the fault settings");
        }
        faults.setLatencyMs(0);
        faults.setErrorRate(0);
    }

private:
    ServerFixture()
    {
        QString error;
        model = *iris::fromJson(iris::builtinModelJson(), &error);
        metrics = std::make_unique<iris::Metrics>(model, 1, "fuzz");
        // Ids "00000000-0" … "00000000-f" exist (16 predictions made here), so /feedback inputs
        // can reach the join; 64 slots, so later predictions evict the oldest.
        feedback = iris::FeedbackStore::create(64, std::chrono::seconds(3600), nullptr, 0u);
        router = std::make_unique<iris::Router>(model, *metrics, faults, "fuzz", feedback.get());
        for (int i = 0; i < 16; ++i) {
            std::string body = "{\"features\":[5.1,3.5,1.4,0.2]}";
            iris::HttpRequest request;
            request.method = "POST";
            request.target = "/predict";
            request.body = &body;
            iris::HttpResponse response;
            router->handle(request, response);
        }
    }

    static void checkPrediction(simdjson::dom::element row)
    {
        std::int64_t label = -1;
        FUZZ_CHECK(row["prediction"].get(label) == simdjson::SUCCESS && label >= 0 && label < 3,
                   "prediction is not a class index");
        simdjson::dom::array p;
        FUZZ_CHECK(row["probabilities"].get(p) == simdjson::SUCCESS && p.size() == 3,
                   "three probabilities expected");
        for (simdjson::dom::element v : p) {
            double x = -1;
            FUZZ_CHECK(v.get(x) == simdjson::SUCCESS && x >= 0.0 && x <= 1.0,
                       "probability outside [0, 1]");
        }
    }
};

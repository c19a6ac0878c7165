#include "server/builtinmodel.h"
#include "server/requestheaders.h"
#include "server/router.h"

#include <gtest/gtest.h>

#include <simdjson.h>

namespace {

// What a command-line client on this machine sends; tests change one header at a time.
struct Headers {
    iris::HeaderField host{"127.0.0.1:8000", 1};
    iris::HeaderField origin;
    iris::HeaderField contentType{"application/json", 1};
};

struct Fixture {
    iris::Model model;
    iris::Faults faults;
    std::unique_ptr<iris::Metrics> metrics;
    std::unique_ptr<iris::Router> router;

    Fixture()
    {
        QString error;
        model = *iris::fromJson(iris::builtinModelJson(), &error);
        metrics = std::make_unique<iris::Metrics>(model, 1, "1");
        router = std::make_unique<iris::Router>(model, *metrics, faults, "1");
    }

    iris::HttpResponse call(std::string_view method, std::string_view target, std::string body,
                            bool loopback = true, const Headers &headers = {})
    {
        iris::HttpRequest req;
        req.method = method;
        req.target = target;
        req.body = &body;
        req.fromLoopback = loopback;
        req.host = headers.host;
        req.origin = headers.origin;
        req.contentType = headers.contentType;
        iris::HttpResponse resp;
        router->handle(req, resp);
        return resp;
    }
};

std::string errorField(const std::string &body)
{
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body).get(root))
        return "<not json: " + body + ">";
    std::string_view e, detail;
    if (root["error"].get(e) || root["detail"].get(detail) || detail.empty())
        return "<no error/detail: " + body + ">";
    return std::string(e);
}

} // namespace

TEST(Router, EveryBadInputIsAClear4xxAndCounted)
{
    struct Case {
        const char *method;
        const char *target;
        std::string body;
        int status;
        const char *reason;
    };
    const std::string deep = std::string(100, '[') + std::string(100, ']');
    const std::string v2 =
        R"({"inputs":[{"name":"input-0","shape":SHAPE,"datatype":DT,"data":DATA}]})";
    auto infer = [&](std::string shape, std::string dt, std::string data) {
        std::string s = v2;
        s.replace(s.find("SHAPE"), 5, shape);
        s.replace(s.find("DT"), 2, dt);
        s.replace(s.find("DATA"), 4, data);
        return s;
    };
    const Case cases[] = {
        // /predict bodies
        {"POST", "/predict", "", 400, "malformed_json"},
        {"POST", "/predict", "{\"features\":[5.1,3.5,1.4,0.2]", 400, "malformed_json"},
        {"POST", "/predict", "{features:[1,2,3,4]}", 400, "malformed_json"},
        {"POST", "/predict", "\xff\xfe{}", 400, "malformed_json"},
        {"POST", "/predict", "{\"features\":[5.1,3.5,1.4,0.2]} x", 400, "trailing_garbage"},
        {"POST", "/predict", "{\"features\":[5.1,3.5,1.4,0.2]}{}", 400, "trailing_garbage"},
        {"POST", "/predict", "{\"feature\":[5.1,3.5,1.4,0.2]}", 400, "missing_key"},
        {"POST", "/predict", "{}", 400, "missing_key"},
        {"POST", "/predict", "{\"features\":[5.1,3.5,1.4,0.2],\"instances\":[]}", 400,
         "missing_key"},
        {"POST", "/predict", "[5.1,3.5,1.4,0.2]", 400, "wrong_type"},
        {"POST", "/predict", "\"features\"", 400, "wrong_type"},
        {"POST", "/predict", "{\"features\":\"5.1,3.5,1.4,0.2\"}", 400, "wrong_type"},
        {"POST", "/predict", "{\"features\":[5.1,3.5,1.4]}", 400, "wrong_arity"},
        {"POST", "/predict", "{\"features\":[5.1,3.5,1.4,0.2,1]}", 400, "wrong_arity"},
        {"POST", "/predict", "{\"features\":[]}", 400, "wrong_arity"},
        {"POST", "/predict", "{\"features\":[\"5.1\",3.5,1.4,0.2]}", 400, "wrong_type"},
        {"POST", "/predict", "{\"features\":[null,3.5,1.4,0.2]}", 400, "wrong_type"},
        {"POST", "/predict", "{\"features\":[true,3.5,1.4,0.2]}", 400, "wrong_type"},
        {"POST", "/predict", "{\"features\":[[5.1],3.5,1.4,0.2]}", 400, "wrong_type"},
        {"POST", "/predict", "{\"features\":[{},3.5,1.4,0.2]}", 400, "wrong_type"},
        {"POST", "/predict", "{\"features\":[NaN,3.5,1.4,0.2]}", 400, "non_finite"},
        {"POST", "/predict", "{\"features\":[Infinity,3.5,1.4,0.2]}", 400, "non_finite"},
        {"POST", "/predict", "{\"features\":[-Infinity,3.5,1.4,0.2]}", 400, "non_finite"},
        {"POST", "/predict", "{\"features\":[1e999,3.5,1.4,0.2]}", 400, "invalid_number"},
        {"POST", "/predict", "{\"features\":[5.1,3.5,1.4,1e400]}", 400, "invalid_number"},
        {"POST", "/predict", "{\"features\":[0,3.5,1.4,0.2]}", 400, "out_of_range"},
        {"POST", "/predict", "{\"features\":[-5.1,3.5,1.4,0.2]}", 400, "out_of_range"},
        {"POST", "/predict", "{\"features\":[5.1,3.5,100,0.2]}", 400, "out_of_range"},
        {"POST", "/predict", "{\"features\":[5.1,3.5,1.4,1e300]}", 400, "out_of_range"},
        {"POST", "/predict", deep, 400, "too_deep"},
        {"POST", "/predict", "{\"instances\":[]}", 400, "wrong_arity"},
        {"POST", "/predict", "{\"instances\":[5.1,3.5,1.4,0.2]}", 400, "wrong_type"},
        {"POST", "/predict", "{\"instances\":{\"a\":1}}", 400, "wrong_type"},
        {"POST", "/predict", "{\"instances\":[[5.1,3.5,1.4,0.2],[1,2,3]]}", 400, "wrong_arity"},
        {"POST", "/predict", "{\"instances\":[[5.1,3.5,1.4,0.2],[1,2,3,-1]]}", 400, "out_of_range"},
        {"POST", "/predict", std::string(65 * 1024, ' '), 413, "body_too_large"},
        // v2 infer bodies
        {"POST", "/v2/models/iris/infer", "{}", 400, "missing_key"},
        {"POST", "/v2/models/iris/infer", "{\"inputs\":{}}", 400, "wrong_type"},
        {"POST", "/v2/models/iris/infer", "{\"inputs\":[]}", 400, "wrong_arity"},
        {"POST", "/v2/models/iris/infer", "{\"id\":5,\"inputs\":[]}", 400, "wrong_type"},
        {"POST", "/v2/models/iris/infer", infer("[1,4]", "\"INT64\"", "[5.1,3.5,1.4,0.2]"), 400,
         "unsupported_datatype"},
        {"POST", "/v2/models/iris/infer", infer("[1,4]", "\"BYTES\"", "[5.1,3.5,1.4,0.2]"), 400,
         "unsupported_datatype"},
        {"POST", "/v2/models/iris/infer", infer("[1,4]", "32", "[5.1,3.5,1.4,0.2]"), 400,
         "wrong_type"},
        {"POST", "/v2/models/iris/infer", infer("[2,4]", "\"FP32\"", "[5.1,3.5,1.4,0.2]"), 400,
         "shape_mismatch"},
        {"POST", "/v2/models/iris/infer", infer("[1,3]", "\"FP32\"", "[5.1,3.5,1.4]"), 400,
         "shape_mismatch"},
        {"POST", "/v2/models/iris/infer", infer("[4]", "\"FP32\"", "[5.1,3.5,1.4,0.2]"), 400,
         "shape_mismatch"},
        {"POST", "/v2/models/iris/infer", infer("[0,4]", "\"FP32\"", "[]"), 400, "shape_mismatch"},
        {"POST", "/v2/models/iris/infer", infer("[1,4]", "\"FP32\"", "[5.1,3.5,1.4]"), 400,
         "shape_mismatch"},
        {"POST", "/v2/models/iris/infer", infer("[2,4]", "\"FP32\"", "[[5.1,3.5,1.4,0.2],[1,2,3]]"),
         400, "shape_mismatch"},
        {"POST", "/v2/models/iris/infer", infer("[1,4]", "\"FP32\"", "[5.1,3.5,null,0.2]"), 400,
         "wrong_type"},
        {"POST", "/v2/models/iris/infer", infer("[1,4]", "\"FP64\"", "[5.1,3.5,1.4,500]"), 400,
         "out_of_range"},
        {"POST", "/v2/models/iris/infer", infer("[\"1\",4]", "\"FP32\"", "[5.1,3.5,1.4,0.2]"), 400,
         "wrong_type"},
        // methods and paths
        {"GET", "/predict", "", 405, "method_not_allowed"},
        {"PUT", "/v2/models/iris/infer", "", 405, "method_not_allowed"},
        {"POST", "/v2/health/live", "", 405, "method_not_allowed"},
        {"DELETE", "/metrics", "", 405, "method_not_allowed"},
        {"GET", "/", "", 404, "not_found"},
        {"GET", "/v2/models/other", "", 404, "not_found"},
        {"POST", "/predict/", "{}", 404, "not_found"},
        // admin
        {"POST", "/admin/faults", "{\"latency_ms\":-1}", 400, "out_of_range"},
        {"POST", "/admin/faults", "{\"error_rate\":1.5}", 400, "out_of_range"},
        {"POST", "/admin/faults", "{\"error_rate\":\"high\"}", 400, "wrong_type"},
        {"POST", "/admin/faults", "{}", 400, "missing_key"},
        {"DELETE", "/admin/faults", "", 405, "method_not_allowed"},
    };
    Fixture f;
    for (const auto &c : cases) {
        SCOPED_TRACE(std::string(c.method) + " " + c.target + " " + c.body.substr(0, 100));
        const auto reason = std::find(iris::kReasonNames.begin(), iris::kReasonNames.end(),
                                      std::string_view(c.reason));
        ASSERT_NE(reason, iris::kReasonNames.end());
        const auto r = iris::ErrorReason(reason - iris::kReasonNames.begin());
        const auto before = f.metrics->errorCount(r);
        const auto resp = f.call(c.method, c.target, c.body);
        EXPECT_EQ(resp.status, c.status) << resp.body;
        EXPECT_EQ(errorField(resp.body), c.reason);
        EXPECT_EQ(f.metrics->errorCount(r), before + 1);
    }
}

TEST(Router, DriftedButPlausibleValuesAreValid)
{
    Fixture f;
    // A 9.5 cm sepal is longer than any in the data set (max 7.9) but a real flower could have it.
    const auto r = f.call("POST", "/predict", "{\"features\":[9.5,4.6,7.2,2.6]}");
    EXPECT_EQ(r.status, 200) << r.body;
    const auto tiny = f.call("POST", "/predict", "{\"features\":[0.01,99.99,1,1]}");
    EXPECT_EQ(tiny.status, 200) << tiny.body;
}

TEST(Router, PredictAnswersTheClassicContract)
{
    Fixture f;
    const auto r = f.call("POST", "/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");
    ASSERT_EQ(r.status, 200);
    simdjson::dom::parser parser;
    simdjson::dom::element root = parser.parse(r.body);
    EXPECT_EQ(int64_t(root["prediction"]), 0);
    EXPECT_EQ(std::string_view(root["class"]), "setosa");
    double sum = 0;
    for (double p : root["probabilities"].get_array())
        sum += p;
    EXPECT_NEAR(sum, 1.0, 1e-9);

    const auto batch =
        f.call("POST", "/predict", "{\"instances\":[[5.1,3.5,1.4,0.2],[6.3,3.3,6,2.5]]}");
    ASSERT_EQ(batch.status, 200);
    simdjson::dom::element b = parser.parse(batch.body);
    auto preds = b["predictions"].get_array();
    ASSERT_EQ(preds.size(), 2u);
    EXPECT_EQ(std::string_view(preds.at(1)["class"]), "virginica");
    EXPECT_EQ(int64_t(preds.at(1)["prediction"]), 2);
    EXPECT_EQ(f.metrics->requestCount(iris::Method::Post, iris::Endpoint::Predict, 200), 0u)
        << "the transport records requests, not the router";
    const std::string text = f.metrics->expose();
    EXPECT_NE(text.find("prediction_output_total{class=\"setosa\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("prediction_output_total{class=\"virginica\"} 1\n"), std::string::npos);
}

TEST(Router, V2InferAcceptsFlatAndNestedData)
{
    Fixture f;
    for (const char *data :
         {"[5.1,3.5,1.4,0.2,7.0,3.2,4.7,1.4]", "[[5.1,3.5,1.4,0.2],[7.0,3.2,4.7,1.4]]"}) {
        const std::string body =
            std::string("{\"id\":\"req-7\",\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,4],"
                        "\"datatype\":\"FP32\",\"data\":")
            + data + "}]}";
        const auto r = f.call("POST", "/v2/models/iris/infer", body);
        ASSERT_EQ(r.status, 200) << r.body;
        simdjson::dom::parser parser;
        simdjson::dom::element root = parser.parse(r.body);
        EXPECT_EQ(std::string_view(root["model_name"]), "iris");
        EXPECT_EQ(std::string_view(root["id"]), "req-7");
        auto outputs = root["outputs"].get_array();
        ASSERT_EQ(outputs.size(), 2u);
        EXPECT_EQ(std::string_view(outputs.at(0)["datatype"]), "INT64");
        auto labels = outputs.at(0)["data"].get_array();
        EXPECT_EQ(int64_t(labels.at(0)), 0);
        EXPECT_EQ(int64_t(labels.at(1)), 1);
        auto probs = outputs.at(1)["data"].get_array();
        EXPECT_EQ(probs.size(), 6u);
        EXPECT_EQ(int64_t(outputs.at(1)["shape"].at(1)), 3);
    }
}

TEST(Router, MetadataCarriesTheModelCard)
{
    Fixture f;
    const auto r = f.call("GET", "/v2/models/iris", "");
    ASSERT_EQ(r.status, 200);
    simdjson::dom::parser parser;
    simdjson::dom::element root = parser.parse(r.body);
    EXPECT_EQ(std::string_view(root["name"]), "iris");
    auto card = root["model_card"];
    EXPECT_GE(double(card["accuracy"]), 0.93);
    EXPECT_EQ(card["classes"].get_array().size(), 3u);
    EXPECT_EQ(card["class_priors"].get_array().size(), 3u);
    EXPECT_EQ(std::string_view(card["features"].at(3)), "petal_width_cm");
    EXPECT_EQ(card["reference_bins"]["petal_width_cm"]["edges"].get_array().size(), 11u);
    EXPECT_EQ(card["reference_bins"]["petal_width_cm"]["proportions"].get_array().size(), 10u);
    for (const char *path : {"/v2/health/live", "/v2/health/ready", "/v2", "/v2/models/iris/ready"})
        EXPECT_EQ(f.call("GET", path, "").status, 200) << path;
    EXPECT_EQ(f.call("GET", "/metrics", "").contentType,
              "text/plain; version=0.0.4; charset=utf-8");
}

TEST(Router, InjectedFaultsAre503AndDelays)
{
    Fixture f;
    f.faults.setErrorRate(1.0);
    f.faults.setLatencyMs(250);
    const auto r = f.call("POST", "/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(errorField(r.body), "injected");
    EXPECT_EQ(r.delayUs, 250000);
    EXPECT_EQ(f.metrics->errorCount(iris::ErrorReason::Injected), 1u);
    // Health and metadata are never failed on purpose.
    EXPECT_EQ(f.call("GET", "/v2/health/ready", "").status, 200);

    f.faults.setErrorRate(0.0);
    const auto ok = f.call("POST", "/predict", "{\"features\":[5.1,3.5,1.4,0.2]}");
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.delayUs, 250000);
}

TEST(Router, AdminFaultsAreLoopbackOnly)
{
    Fixture f;
    const auto set = f.call("POST", "/admin/faults", "{\"latency_ms\":40,\"error_rate\":0.25}");
    EXPECT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.body, "{\"latency_ms\":40,\"error_rate\":0.25}");
    EXPECT_DOUBLE_EQ(f.faults.errorRate(), 0.25);
    EXPECT_EQ(f.call("GET", "/admin/faults", "").body, set.body);

    const auto remote = f.call("POST", "/admin/faults", "{\"error_rate\":0}", false);
    EXPECT_EQ(remote.status, 403);
    EXPECT_EQ(errorField(remote.body), "forbidden");
    EXPECT_DOUBLE_EQ(f.faults.errorRate(), 0.25);
    EXPECT_EQ(f.call("GET", "/admin/faults", "", false).status, 403);
}

TEST(Router, AdminFaultsPostNeedsAJsonContentType)
{
    Fixture f;
    const std::string body = "{\"latency_ms\":40,\"error_rate\":0.25}";
    auto withType = [](std::string_view type, int count = 1) {
        Headers h;
        h.contentType = {type, count};
        return h;
    };
    for (const auto &ok :
         {withType("application/json"), withType("application/json; charset=utf-8"),
          withType("Application/JSON ;charset=UTF-8")}) {
        SCOPED_TRACE(std::string(ok.contentType.value));
        f.faults.setErrorRate(0);
        const auto r = f.call("POST", "/admin/faults", body, true, ok);
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_DOUBLE_EQ(f.faults.errorRate(), 0.25);
    }

    f.faults.setErrorRate(0);
    f.faults.setLatencyMs(0);
    // What an HTML form or fetch() can send cross-origin without a CORS preflight, then near
    // misses of the JSON type, a missing header and a repeated one.
    for (const auto &refused :
         {withType("text/plain"), withType("text/plain;charset=UTF-8"),
          withType("application/x-www-form-urlencoded"), withType("multipart/form-data; b=x"),
          withType("application/json-seq"), withType("application/jsonx"), withType(""),
          withType("", 0), withType("application/json", 2)}) {
        SCOPED_TRACE(std::string(refused.contentType.value) + " x"
                     + std::to_string(refused.contentType.count));
        const auto before = f.metrics->errorCount(iris::ErrorReason::UnsupportedMediaType);
        const auto r = f.call("POST", "/admin/faults", body, true, refused);
        EXPECT_EQ(r.status, 415);
        EXPECT_EQ(errorField(r.body), "unsupported_media_type");
        EXPECT_EQ(f.metrics->errorCount(iris::ErrorReason::UnsupportedMediaType), before + 1);
        EXPECT_DOUBLE_EQ(f.faults.errorRate(), 0);
        EXPECT_DOUBLE_EQ(f.faults.latencyMs(), 0);
    }
    // Reading needs no body, so no Content-Type.
    EXPECT_EQ(f.call("GET", "/admin/faults", "", true, withType("", 0)).status, 200);
}

TEST(Router, AdminFaultsRefuseAForeignOrigin)
{
    Fixture f;
    const std::string body = "{\"error_rate\":0.5}";
    auto withOrigin = [](std::string_view origin, int count = 1) {
        Headers h;
        h.origin = {origin, count};
        return h;
    };
    for (const char *loopback :
         {"http://127.0.0.1:8000", "http://localhost:3000", "http://[::1]:9090", "http://127.3.2.1",
          "HTTPS://LocalHost:8443"}) {
        SCOPED_TRACE(loopback);
        f.faults.setErrorRate(0);
        EXPECT_EQ(f.call("POST", "/admin/faults", body, true, withOrigin(loopback)).status, 200);
        EXPECT_DOUBLE_EQ(f.faults.errorRate(), 0.5);
        EXPECT_EQ(f.call("GET", "/admin/faults", "", true, withOrigin(loopback)).status, 200);
    }

    f.faults.setErrorRate(0);
    for (const char *foreign :
         {"null", "https://evil.example", "http://127.0.0.1.evil.example", "http://localhost.evil",
          "http://evil.example:8000", "file://", "http://127.0.0.1:8000/path", "http://[::2]:80",
          "ftp://localhost", "http://128.0.0.1", "http://0177.0.0.1", "http://localhost:99999",
          "http://127.0.0.1:", "http:// localhost", ""}) {
        SCOPED_TRACE(foreign);
        const auto post = f.call("POST", "/admin/faults", body, true, withOrigin(foreign));
        EXPECT_EQ(post.status, 403);
        EXPECT_EQ(errorField(post.body), "forbidden");
        EXPECT_DOUBLE_EQ(f.faults.errorRate(), 0);
        const auto get = f.call("GET", "/admin/faults", "", true, withOrigin(foreign));
        EXPECT_EQ(get.status, 403) << "a foreign page must not read the settings either";
        EXPECT_EQ(errorField(get.body), "forbidden");
    }
    // Two Origin headers, the first harmless: neither copy may decide.
    EXPECT_EQ(f.call("POST", "/admin/faults", body, true, withOrigin("http://localhost", 2)).status,
              403);
    // The inference endpoints do not care where a request comes from.
    EXPECT_EQ(f.call("POST", "/predict", "{\"features\":[5.1,3.5,1.4,0.2]}", true,
                     withOrigin("https://evil.example"))
                  .status,
              200);
}

TEST(Router, AdminFaultsNeedALoopbackHost)
{
    Fixture f;
    const std::string body = "{\"latency_ms\":7}";
    auto withHost = [](std::string_view host, int count = 1) {
        Headers h;
        h.host = {host, count};
        return h;
    };
    for (const char *loopback : {"127.0.0.1", "127.0.0.1:8000", "127.255.0.9:1", "localhost",
                                 "LOCALHOST:80", "[::1]", "[::1]:65535"}) {
        SCOPED_TRACE(loopback);
        f.faults.setLatencyMs(0);
        EXPECT_EQ(f.call("POST", "/admin/faults", body, true, withHost(loopback)).status, 200);
        EXPECT_DOUBLE_EQ(f.faults.latencyMs(), 7);
    }

    f.faults.setLatencyMs(0);
    // A DNS-rebinding page reaches 127.0.0.1 under its own name, which its browser sends.
    for (const char *foreign : {"evil.example",
                                "evil.example:8000",
                                "127.0.0.1.nip.io",
                                "localhost.",
                                "localhost.evil",
                                "128.0.0.1",
                                "0.0.0.0:8000",
                                "10.0.0.1",
                                "127.0.0",
                                "127.0.0.1.",
                                "127.0.0.256",
                                "0177.0.0.1",
                                "2130706433",
                                "[::2]",
                                "[::1",
                                "[::1]x",
                                "127.0.0.1:",
                                "127.0.0.1:65536",
                                "127.0.0.1:80x",
                                "",
                                "a@127.0.0.1"}) {
        SCOPED_TRACE(foreign);
        const auto post = f.call("POST", "/admin/faults", body, true, withHost(foreign));
        EXPECT_EQ(post.status, 403);
        EXPECT_EQ(errorField(post.body), "forbidden");
        EXPECT_DOUBLE_EQ(f.faults.latencyMs(), 0);
        EXPECT_EQ(f.call("GET", "/admin/faults", "", true, withHost(foreign)).status, 403);
    }
    EXPECT_EQ(f.call("GET", "/admin/faults", "", true, withHost("", 0)).status, 403)
        << "a request without Host (HTTP/1.0) cannot show where it was sent";
    EXPECT_EQ(f.call("GET", "/admin/faults", "", true, withHost("localhost", 2)).status, 403);
    // Only the admin endpoint checks Host: inference behind a proxy keeps working.
    EXPECT_EQ(f.call("GET", "/v2/health/ready", "", true, withHost("model.example")).status, 200);
}

TEST(Router, HeaderChecksAreExact)
{
    EXPECT_TRUE(iris::isLoopbackHost("127.0.0.1:8000"));
    EXPECT_TRUE(iris::isLoopbackHost(" localhost "));
    EXPECT_FALSE(iris::isLoopbackHost("localhost:"));
    EXPECT_FALSE(iris::isLoopbackHost("127.0.0.1:8000:1"));
    EXPECT_FALSE(iris::isLoopbackHost("[::1]:"));
    EXPECT_FALSE(iris::isLoopbackHost("[0:0:0:0:0:0:0:1]")) << "only the short spelling is known";
    EXPECT_TRUE(iris::isLoopbackOrigin("http://localhost"));
    EXPECT_FALSE(iris::isLoopbackOrigin("http://"));
    EXPECT_FALSE(iris::isLoopbackOrigin("localhost"));
    EXPECT_TRUE(iris::isJsonMediaType("application/json"));
    EXPECT_TRUE(iris::isJsonMediaType("application/json;"));
    EXPECT_FALSE(iris::isJsonMediaType("application/ json"));
    EXPECT_FALSE(iris::isJsonMediaType("text/json"));
}

// Table-driven decoding of Prometheus API answers (tests/core/fixtures) into typed results.
#include "core/prom/envelope.h"

#include <QFile>

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

using namespace vitals::prom;

namespace {

QByteArray fixture(const char *name)
{
    QFile file(QStringLiteral(VITALS_SOURCE_DIR "/tests/core/fixtures/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        ADD_FAILURE() << "missing fixture " << name;
    return file.readAll();
}

HttpResponse answer(const char *name, int status = 200)
{
    HttpResponse r;
    r.httpStatus = status;
    r.body = fixture(name);
    r.url = QUrl(QStringLiteral("http://127.0.0.1:9090/api/v1/query"));
    return r;
}

struct QueryCase {
    const char *fixture;
    int httpStatus;
    ErrorType error;
    ResultType type;
    std::function<void(const QueryResult &)> check;
};

const QueryCase kQueryCases[] = {
    {"matrix.json", 200, ErrorType::None, ResultType::Matrix,
     [](const QueryResult &r) {
         ASSERT_EQ(r.matrix.size(), 2u);
         const auto &s = r.matrix[0];
         EXPECT_EQ(s.labels().toString(), "up{instance=\"127.0.0.1:9090\", job=\"prometheus\"}");
         ASSERT_EQ(s.size(), 3u);
         EXPECT_EQ(s.timestampAt(0), 1700000000000);
         EXPECT_EQ(s.timestampAt(2), 1700000030500); // 1700000030.5 s → ms
         EXPECT_EQ(s.value(2), 0.0);
         EXPECT_EQ(s.minValue(), 0.0);
         EXPECT_EQ(s.maxValue(), 1.0);
         EXPECT_EQ(r.matrix[1].labels().value(u"job"), "iris");
     }},
    {"vector.json", 200, ErrorType::None, ResultType::Vector,
     [](const QueryResult &r) {
         ASSERT_EQ(r.vector.size(), 2u);
         EXPECT_EQ(r.vector[0].labels.value(u"status"), "200");
         EXPECT_EQ(r.vector[0].value, 200.0);
         EXPECT_EQ(r.vector[0].tMs, 1700000000123);
         EXPECT_EQ(r.vector[1].value, 20.0);
     }},
    {"scalar.json", 200, ErrorType::None, ResultType::Scalar,
     [](const QueryResult &r) {
         EXPECT_EQ(r.scalar, 1.0);
         EXPECT_EQ(r.tMs, 1700000000001);
     }},
    {"string.json", 200, ErrorType::None, ResultType::String,
     [](const QueryResult &r) { EXPECT_EQ(r.string, "hello \"world\""); }},
    {"error_400_bad_data.json", 400, ErrorType::BadData, ResultType::None,
     [](const QueryResult &r) {
         // The plain message quotes Prometheus's parse error.
         EXPECT_TRUE(r.error.message.contains("parse error: unexpected right parenthesis"))
             << r.error.message.toStdString();
         EXPECT_EQ(r.error.httpStatus, 400);
     }},
    {"error_422_execution.json", 422, ErrorType::Execution, ResultType::None,
     [](const QueryResult &r) { EXPECT_TRUE(r.error.message.contains("too many samples")); }},
    {"error_503_timeout.json", 503, ErrorType::Timeout, ResultType::None, nullptr},
    {"warnings.json", 200, ErrorType::None, ResultType::Vector,
     [](const QueryResult &r) {
         ASSERT_EQ(r.warnings.size(), 2);
         EXPECT_TRUE(r.warnings[1].contains("partial response"));
         ASSERT_EQ(r.infos.size(), 1);
         EXPECT_TRUE(r.infos[0].contains("monotonicity"));
         EXPECT_TRUE(r.vector.empty());
     }},
    {"nan_inf.json", 200, ErrorType::None, ResultType::Matrix,
     [](const QueryResult &r) {
         ASSERT_EQ(r.matrix.size(), 1u);
         const auto &s = r.matrix[0];
         ASSERT_EQ(s.size(), 5u);
         EXPECT_TRUE(std::isnan(s.value(0)));
         EXPECT_EQ(s.value(1), std::numeric_limits<double>::infinity());
         EXPECT_EQ(s.value(2), -std::numeric_limits<double>::infinity());
         EXPECT_TRUE(std::signbit(s.value(3)));
         EXPECT_EQ(s.value(4), std::numeric_limits<double>::infinity());
         // NaN is left out of the cached range, infinities are in it.
         EXPECT_EQ(s.minValue(), -std::numeric_limits<double>::infinity());
         EXPECT_EQ(s.maxValue(), std::numeric_limits<double>::infinity());
         EXPECT_EQ(s.labels().value(u"le"), "+Inf");
     }},
    {"empty_matrix.json", 200, ErrorType::None, ResultType::Matrix,
     [](const QueryResult &r) { EXPECT_TRUE(r.matrix.empty()); }},
    {"empty_vector.json", 200, ErrorType::None, ResultType::Vector,
     [](const QueryResult &r) { EXPECT_TRUE(r.vector.empty()); }},
    {"huge_tiny.json", 200, ErrorType::None, ResultType::Matrix,
     [](const QueryResult &r) {
         ASSERT_EQ(r.matrix.size(), 1u);
         const auto &s = r.matrix[0];
         ASSERT_EQ(s.size(), 10u);
         EXPECT_EQ(s.value(0), std::numeric_limits<double>::max());
         EXPECT_EQ(s.value(1), std::numeric_limits<double>::denorm_min());
         EXPECT_EQ(s.value(2), 1e-300);
         EXPECT_EQ(s.value(3), -std::numeric_limits<double>::min());
         EXPECT_EQ(s.value(4), 123456789012345678901234567890.0);
         EXPECT_EQ(s.value(5), 0.1);
         EXPECT_EQ(s.value(6), std::numeric_limits<double>::infinity()); // 1e999 overflows
         EXPECT_EQ(s.value(7), 9007199254740992.0);                      // 2^53 + 1 rounds to even
         EXPECT_EQ(s.value(8), 0.1 + 0.2);
         EXPECT_EQ(s.value(9), -1234.5678);
         EXPECT_TRUE(s.labels().isEmpty());
         EXPECT_EQ(s.labels().toString(), "{}");
     }},
    {"unicode_labels.json", 200, ErrorType::None, ResultType::Vector,
     [](const QueryResult &r) {
         ASSERT_EQ(r.vector.size(), 1u);
         const auto &l = r.vector[0].labels;
         EXPECT_EQ(l.value(u"model"), QString::fromUtf8("iris-été"));
         EXPECT_EQ(l.value(QString::fromUtf8("région")), QString::fromUtf8("東京"));
         EXPECT_EQ(l.value(u"emoji"), QString::fromUtf8("🚀"));
         EXPECT_EQ(l.value(u"quote"), QString::fromUtf8("a\"b\\cé<"));
     }},
    {"native_histogram.json", 200, ErrorType::None, ResultType::Vector,
     [](const QueryResult &r) {
         ASSERT_EQ(r.vector.size(), 1u); // the histogram sample is skipped
         EXPECT_EQ(r.vector[0].labels.metricName(), "c");
     }},
    {"out_of_order.json", 200, ErrorType::None, ResultType::Matrix,
     [](const QueryResult &r) {
         const auto &s = r.matrix[0];
         ASSERT_EQ(s.size(), 3u); // 2 (late) and the duplicate 3 are refused
         EXPECT_EQ(s.rejectedCount(), 2u);
         EXPECT_EQ(s.value(2), 5.0);
     }},
    {"truncated.json", 200, ErrorType::BadResponse, ResultType::None, nullptr},
    {"garbage.txt", 200, ErrorType::BadResponse, ResultType::None, nullptr},
    {"not_envelope.json", 200, ErrorType::BadResponse, ResultType::None, nullptr},
    {"wrong_value.json", 200, ErrorType::BadResponse, ResultType::None,
     [](const QueryResult &r) { EXPECT_TRUE(r.error.detail.contains("12abc")); }},
    {"wrong_shape.json", 200, ErrorType::BadResponse, ResultType::None, nullptr},
    {"unknown_type.json", 200, ErrorType::BadResponse, ResultType::None, nullptr},
    {"html_500.html", 500, ErrorType::Server, ResultType::None,
     [](const QueryResult &r) {
         EXPECT_TRUE(r.error.detail.contains("upstream crashed")); // raw body kept
         EXPECT_EQ(r.error.httpStatus, 500);
     }},
    {"html_500.html", 404, ErrorType::Client, ResultType::None,
     [](const QueryResult &r) { EXPECT_TRUE(r.error.message.contains("path prefix")); }},
    {"html_500.html", 401, ErrorType::Client, ResultType::None,
     [](const QueryResult &r) { EXPECT_TRUE(r.error.message.contains("credentials")); }},
    {"html_500.html", 200, ErrorType::BadResponse, ResultType::None, nullptr},
};

} // namespace

TEST(PromDecode, QueryFixtures)
{
    for (const QueryCase &c : kQueryCases) {
        SCOPED_TRACE(std::string(c.fixture) + " HTTP " + std::to_string(c.httpStatus));
        const QueryResult r = decodeQueryResponse(answer(c.fixture, c.httpStatus));
        EXPECT_EQ(r.error.type, c.error) << r.error.message.toStdString() << "\n"
                                         << r.error.detail.toStdString();
        if (c.error != ErrorType::None) {
            EXPECT_FALSE(r.error.message.isEmpty());
        }
        EXPECT_EQ(r.type, c.type);
        if (c.check)
            c.check(r);
    }
}

TEST(PromDecode, RangeRejectsNonMatrix)
{
    EXPECT_TRUE(decodeRangeResponse(answer("matrix.json")).ok());
    const RangeResult r = decodeRangeResponse(answer("vector.json"));
    EXPECT_EQ(r.error.type, ErrorType::BadResponse);
    EXPECT_TRUE(r.series.empty());
}

TEST(PromDecode, BodyWithoutPaddingIsCopied)
{
    QByteArray exact = fixture("matrix.json");
    exact.squeeze(); // no spare capacity: the decoder must not read past the end in place
    const RangeResult r = decodeRangeResponse(okResponse(exact));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.series.size(), 2u);
}

TEST(PromDecode, EmptyBody)
{
    const QueryResult r = decodeQueryResponse(okResponse(QByteArray()));
    EXPECT_EQ(r.error.type, ErrorType::BadResponse);
}

TEST(PromDecode, TransferErrorPassesThrough)
{
    HttpResponse response;
    response.error.type = ErrorType::Network;
    response.error.message = QStringLiteral("refused");
    const QueryResult r = decodeQueryResponse(response);
    EXPECT_EQ(r.error.type, ErrorType::Network);
    EXPECT_EQ(r.error.message, "refused");
}

TEST(PromDecode, SeriesAndLabels)
{
    const SeriesResult s = decodeSeriesResponse(answer("series.json"));
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s.series.size(), 2u);
    EXPECT_EQ(s.series[1].value(u"job"), "iris");

    const StringListResult l = decodeStringListResponse(answer("labels.json"));
    ASSERT_TRUE(l.ok());
    EXPECT_EQ(l.values, (QStringList{"__name__", "instance", "job", "status"}));
}

TEST(PromDecode, BuildInfo)
{
    const BuildInfoResult b = decodeBuildInfoResponse(answer("buildinfo.json"));
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b.info.version, "2.42.0+ds");
    EXPECT_EQ(b.info.goVersion, "go1.19.8");
}

TEST(PromDecode, Targets)
{
    const TargetsResult t = decodeTargetsResponse(answer("targets.json"));
    ASSERT_TRUE(t.ok());
    ASSERT_EQ(t.active.size(), 1u);
    EXPECT_EQ(t.active[0].health, "up");
    EXPECT_EQ(t.active[0].labels.value(u"job"), "self");
    EXPECT_EQ(t.active[0].scrapeIntervalMs, 15000);
    EXPECT_EQ(t.active[0].scrapeTimeoutMs, 10000);
    EXPECT_TRUE(t.active[0].lastScrape.isValid());
    EXPECT_EQ(t.droppedCount, 1);
}

TEST(PromDecode, RulesAndAlerts)
{
    const RulesResult r = decodeRulesResponse(answer("rules.json"));
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.groups.size(), 1u);
    EXPECT_EQ(r.groups[0].intervalMs, 15000);
    ASSERT_EQ(r.groups[0].rules.size(), 2u);
    const Rule &alerting = r.groups[0].rules[0];
    EXPECT_EQ(alerting.type, "alerting");
    EXPECT_EQ(alerting.durationMs, 300000);
    EXPECT_EQ(alerting.annotations.value(u"summary"), "Too many errors");
    ASSERT_EQ(alerting.alerts.size(), 1u);
    EXPECT_EQ(alerting.alerts[0].state, "firing");
    EXPECT_EQ(r.groups[0].rules[1].type, "recording");

    const AlertsResult a = decodeAlertsResponse(answer("alerts.json"));
    ASSERT_TRUE(a.ok());
    ASSERT_EQ(a.alerts.size(), 1u);
    EXPECT_EQ(a.alerts[0].labels.value(u"alertname"), "HighErrorRate");
    EXPECT_TRUE(a.alerts[0].activeAt.isValid());
}

TEST(PromDecode, Metadata)
{
    const MetadataResult m = decodeMetadataResponse(answer("metadata.json"));
    ASSERT_TRUE(m.ok());
    ASSERT_TRUE(m.metrics.contains("inference_requests_total"));
    EXPECT_EQ(m.metrics["inference_requests_total"].first().type, "counter");
}

TEST(PromDecode, HostileInputNeverCrashes)
{
    // Every prefix of a valid answer, and bytes flipped through it, must give a typed result.
    const QByteArray valid = fixture("matrix.json").trimmed();
    for (qsizetype n = 0; n < valid.size(); ++n) {
        const QueryResult r = decodeQueryResponse(okResponse(valid.left(n)));
        EXPECT_EQ(r.error.type, ErrorType::BadResponse) << "prefix of " << n << " bytes";
    }
    for (qsizetype i = 0; i < valid.size(); ++i) {
        QByteArray broken = valid;
        broken[i] = char(broken[i] ^ 0x5a);
        const QueryResult r = decodeQueryResponse(okResponse(broken));
        if (!r.ok()) {
            EXPECT_FALSE(r.error.message.isEmpty());
        }
    }
    // Deep nesting.
    const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
    EXPECT_EQ(decodeQueryResponse(okResponse(deep)).error.type, ErrorType::BadResponse);
}

TEST(PromDecode, ValuesRoundTripExactly)
{
    // Shortest round-trip strings (what Prometheus's strconv 'f'/-1 and VictoriaMetrics send)
    // of random doubles across magnitudes must decode to the very same bits.
    std::mt19937_64 rng(1234);
    std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
    std::uniform_int_distribution<int> exponent(-30, 30);
    std::vector<double> expected;
    QByteArray body =
        R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[)";
    char buffer[64];
    for (int i = 0; i < 200000; ++i) {
        double v = mantissa(rng) * std::pow(10.0, exponent(rng));
        if (i % 3 == 0)
            v = std::round(v * 1000) / 1000; // short decimals like "12.345"
        if (i % 7 == 0)
            v = double(qint64(v)); // integers (counters)
        expected.push_back(v);
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed);
        if (i)
            body += ',';
        body +=
            '[' + QByteArray::number(i + 1) + ",\"" + QByteArray(buffer, r.ptr - buffer) + "\"]";
    }
    body += "]}]}}";
    const RangeResult r = decodeRangeResponse(okResponse(body));
    ASSERT_TRUE(r.ok()) << r.error.detail.toStdString();
    ASSERT_EQ(r.series[0].size(), expected.size());
    int wrong = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (r.series[0].value(i) != expected[i] && ++wrong < 5)
            ADD_FAILURE() << "sample " << i << ": got " << r.series[0].value(i) << " want "
                          << expected[i];
    }
    EXPECT_EQ(wrong, 0);
}

TEST(PromDecode, MembersInAnyOrderAndNothingAfterTheEnvelope)
{
    // JSON objects are unordered: Prometheus writes "status" first and "resultType" before
    // "result", but a proxy or another engine may not.
    const QByteArray reordered =
        R"({"data":{"result":[{"values":[[1700000000,"1"],[1700000015.5,"2.5"]],"metric":{"job":"iris"}}],"resultType":"matrix"},"status":"success"})";
    const RangeResult r = decodeRangeResponse(okResponse(reordered));
    ASSERT_TRUE(r.ok()) << r.error.detail.toStdString();
    ASSERT_EQ(r.series.size(), 1u);
    EXPECT_EQ(r.series[0].labels().value(u"job"), "iris");
    ASSERT_EQ(r.series[0].size(), 2u);
    EXPECT_EQ(r.series[0].timestampAt(0), 1700000000000); // integer seconds (VictoriaMetrics)
    EXPECT_EQ(r.series[0].timestampAt(1), 1700000015500);
    EXPECT_EQ(r.series[0].value(1), 2.5);

    // Anything after the envelope makes the answer invalid, as a strict JSON parser says.
    const QByteArray valid =
        R"({"status":"success","data":{"resultType":"scalar","result":[1,"2"]}})";
    ASSERT_TRUE(decodeQueryResponse(okResponse(valid)).ok());
    for (const char *tail : {" {}", "x", ",", "]", " \"more\""}) {
        SCOPED_TRACE(tail);
        const QueryResult bad = decodeQueryResponse(okResponse(valid + tail));
        EXPECT_EQ(bad.error.type, ErrorType::BadResponse);
        EXPECT_TRUE(bad.error.message.contains("invalid or truncated JSON"))
            << bad.error.message.toStdString();
    }
    EXPECT_TRUE(decodeQueryResponse(okResponse(valid + " \n")).ok()); // whitespace is fine
}

TEST(PromDecode, EverySpellingOfASampleValue)
{
    // Go's strconv.FormatFloat spellings Prometheus uses, plus what other engines send.
    const struct {
        const char *text;
        double value;
    } cases[] = {
        {"0", 0.0},
        {"-0", -0.0},
        {"1.5", 1.5},
        {"1e+300", 1e300},
        {"1e-300", 1e-300},
        {"-2.25E3", -2250.0},
        {"+1.5", 1.5},
        {"1e400", HUGE_VAL},
        {"-1e400", -HUGE_VAL},
        {"+Inf", HUGE_VAL},
        {"-Inf", -HUGE_VAL},
        {"Inf", HUGE_VAL},
        {"4.9e-324", 4.9e-324}, // the smallest denormal
    };
    for (const auto &c : cases) {
        SCOPED_TRACE(c.text);
        const QByteArray body =
            QByteArray(R"({"status":"success","data":{"resultType":"scalar","result":[1,")")
            + c.text + "\"]}}";
        const QueryResult r = decodeQueryResponse(okResponse(body));
        ASSERT_TRUE(r.ok()) << r.error.detail.toStdString();
        EXPECT_EQ(r.scalar, c.value);
        EXPECT_EQ(std::signbit(r.scalar), std::signbit(c.value));
    }
    const QueryResult nan = decodeQueryResponse(
        okResponse(R"({"status":"success","data":{"resultType":"scalar","result":[1,"NaN"]}})"));
    ASSERT_TRUE(nan.ok());
    EXPECT_TRUE(std::isnan(nan.scalar));
    // ("nan" and "infinity" in any case are taken, as Go's strconv.ParseFloat takes them.)
    for (const char *bad : {"", " 1", "1 ", "0x10", "1.5.5", "1e", "--1", "1,5"}) {
        SCOPED_TRACE(bad);
        const QByteArray body =
            QByteArray(R"({"status":"success","data":{"resultType":"scalar","result":[1,")") + bad
            + "\"]}}";
        EXPECT_EQ(decodeQueryResponse(okResponse(body)).error.type, ErrorType::BadResponse);
    }
}

TEST(PromDecode, SampleTimesToTheMillisecond)
{
    // Expected milliseconds are the decimal seconds of the text times 1000, rounded half away
    // from zero (written out by hand), whichever path the decoder takes for the spelling.
    const struct {
        const char *time;
        qint64 ms;
    } cases[] = {
        {"1700000000", 1700000000000},   // VictoriaMetrics: integer seconds
        {"1700000000.1", 1700000000100}, // Prometheus drops trailing zeros
        {"1700000000.12", 1700000000120},
        {"1700000000.123", 1700000000123},
        {"0", 0},
        {"0.001", 1},
        {"12345678", 12345678000},          // exactly eight digits, read at once
        {"1234567.25", 1234567250},         // seven: digit by digit
        {"1700000000.1234", 1700000000123}, // a fourth decimal goes through the float parser
        {"1700000000.1236", 1700000000124}, // … and rounds to the nearest
        {"1.7e9", 1700000000000},           // exponent form
        {"-1.5", -1500},                    // before 1970
        {" 1700000000.5 ", 1700000000500},  // JSON whitespace around the number
    };
    for (const auto &c : cases) {
        SCOPED_TRACE(c.time);
        const QByteArray body =
            QByteArray(
                R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[)")
            + c.time + R"(,"1"]]}]}})";
        const RangeResult r = decodeRangeResponse(okResponse(body));
        ASSERT_TRUE(r.ok()) << r.error.detail.toStdString();
        ASSERT_EQ(r.series.size(), 1u);
        ASSERT_EQ(r.series[0].size(), 1u);
        EXPECT_EQ(r.series[0].timestampAt(0), c.ms);
    }
    for (const char *bad : {"01", "1.", ".5", "1..2", "\"1\"", "1e999", "true", "1700000000.1x"}) {
        SCOPED_TRACE(bad);
        const QByteArray body =
            QByteArray(
                R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[)")
            + bad + R"(,"1"]]}]}})";
        EXPECT_EQ(decodeRangeResponse(okResponse(body)).error.type, ErrorType::BadResponse);
    }
}

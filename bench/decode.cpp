// Decoding speed of large /api/v1/query_range answers, about 1M samples each:
//   uniform  100 series × 10,000 points (every series the same length, the decoder's easy case);
//   mixed    series of 1 to 25,000 points in random order, as a real dashboard's answers come
//            (a label matcher that hits a few busy and many sparse series).
//
//   ours            core/prom's decoder: simdjson On Demand, one pass into the series store
//   qjson           QJsonDocument::fromJson and a straightforward walk into the same store
//   simdjson_parse  simdjson's DOM parse alone, the practical limit: every byte validated and
//                   every number parsed, nothing stored (On Demand alone parses nothing until
//                   asked, so it is no yardstick)
//
// Before timing, the three decoders (ours, QJsonDocument, simdjson's DOM walked into the same
// store) decode both answers and must produce the same series and samples, bit for bit (NaN
// equals NaN); the program exits 1 if they do not.
//
// The last line prints, for the uniform answer and then the mixed one,
//   vs_qjson=<qjson time / ours time> simdjson_parse_vs_ours=<simdjson time / ours time>
//   mixed_vs_qjson=… mixed_simdjson_parse_vs_ours=…
//   bytes_per_sample=<store bytes / samples> mb_per_s=<answer MB decoded per second by ours>
//   decoders_agree=yes
#include "core/prom/envelope.h"
#include "core/series/series.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>

namespace {

using vitals::series::LabelSet;
using vitals::series::Series;
using vitals::series::SeriesList;

constexpr int kSeries = 100;
constexpr int kPoints = 10000;

// Point counts per series: all kPoints (uniform), or 1..25,000 drawn at random for about the
// same total (mixed).
std::vector<int> seriesLengths(bool mixed)
{
    if (!mixed)
        return std::vector<int>(kSeries, kPoints);
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> length(1, 25000);
    std::vector<int> lengths;
    long long total = 0;
    while (total < 1000000LL) {
        lengths.push_back(length(rng));
        total += lengths.back();
    }
    return lengths;
}

// Prometheus's own formatting: timestamps as float seconds (millisecond fractions), values as
// shortest round-trip strings; a few NaN/+Inf/-Inf like real histograms produce.
QByteArray makeAnswer(bool mixed)
{
    const std::vector<int> lengths = seriesLengths(mixed);
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> value(0.0, 1000.0);
    std::string out;
    out.reserve(40u * 1100000u);
    out += R"({"status":"success","data":{"resultType":"matrix","result":[)";
    char buffer[64];
    for (std::size_t s = 0; s < lengths.size(); ++s) {
        if (s)
            out += ',';
        out +=
            R"({"metric":{"__name__":"inference_request_duration_seconds_bucket","instance":"127.0.0.1:8080","job":"iris","le":")";
        out += std::to_string(double(s) * 0.01);
        out += R"(","model":"iris"},"values":[)";
        for (int i = 0; i < lengths[s]; ++i) {
            if (i)
                out += ',';
            const long long ms =
                1700000000000LL + i * 15000LL + (static_cast<long long>(s) * 7) % 1000;
            out += '[';
            out += std::to_string(ms / 1000);
            out += '.';
            std::snprintf(buffer, sizeof buffer, "%03lld", ms % 1000);
            out += buffer;
            out += ",\"";
            if (i % 5000 == 4999) {
                out += (s % 3 == 0) ? "NaN" : (s % 3 == 1) ? "+Inf" : "-Inf";
            } else {
                const double v = value(rng);
                auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
                out.append(buffer, r.ptr);
            }
            out += "\"]";
        }
        out += "]}";
    }
    out += "]}}";
    QByteArray body(out.data(), qsizetype(out.size()));
    body.reserve(body.size() + vitals::prom::kBodyPadding);
    return body;
}

const QByteArray &answer(bool mixed = false)
{
    static const QByteArray uniform = makeAnswer(false);
    static const QByteArray mixedBody = makeAnswer(true);
    return mixed ? mixedBody : uniform;
}

double valueFromText(std::string_view text)
{
    if (text == "NaN")
        return qQNaN();
    if (text == "+Inf")
        return qInf();
    if (text == "-Inf")
        return -qInf();
    double v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

// simdjson's DOM, walked into the same store: the third opinion on what the answer holds.
SeriesList decodeWithSimdjsonDom(const QByteArray &body)
{
    SeriesList out;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser
            .parse(reinterpret_cast<const uint8_t *>(body.constData()), std::size_t(body.size()),
                   false)
            .get(doc))
        return out;
    for (simdjson::dom::element item : doc["data"]["result"].get_array()) {
        std::vector<vitals::series::Label> labels;
        for (auto field : item["metric"].get_object()) {
            const std::string_view key = field.key;
            const std::string_view text = field.value.get_string();
            labels.push_back({QString::fromUtf8(key.data(), qsizetype(key.size())),
                              QString::fromUtf8(text.data(), qsizetype(text.size()))});
        }
        Series s(LabelSet::fromLabels(std::move(labels)));
        for (simdjson::dom::element point : item["values"].get_array()) {
            const double t = point.at(0).get_double();
            s.append(qint64(std::llround(t * 1000.0)), valueFromText(point.at(1).get_string()));
        }
        out.push_back(std::move(s));
    }
    return out;
}

// Empty when `a` and `b` hold the same series, labels and samples (values compared bit for bit,
// so NaN matches NaN); else what differs first.
std::string difference(const SeriesList &a, const SeriesList &b)
{
    if (a.size() != b.size())
        return "series count " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].labels().toString() != b[i].labels().toString())
            return "labels of series " + std::to_string(i);
        if (a[i].size() != b[i].size())
            return "length of series " + std::to_string(i);
        for (std::size_t k = 0; k < a[i].size(); ++k) {
            const double va = a[i].value(k);
            const double vb = b[i].value(k);
            if (a[i].timestampAt(k) != b[i].timestampAt(k) || std::memcmp(&va, &vb, sizeof va) != 0)
                return "sample " + std::to_string(k) + " of series " + std::to_string(i);
        }
    }
    return {};
}

SeriesList decodeWithQJson(const QByteArray &body)
{
    SeriesList out;
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonArray result =
        root.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
    out.reserve(std::size_t(result.size()));
    for (const QJsonValue &item : result) {
        const QJsonObject o = item.toObject();
        std::vector<vitals::series::Label> labels;
        const QJsonObject metric = o.value(QLatin1String("metric")).toObject();
        for (auto it = metric.begin(); it != metric.end(); ++it)
            labels.push_back({it.key(), it.value().toString()});
        Series s(LabelSet::fromLabels(std::move(labels)));
        const QJsonArray values = o.value(QLatin1String("values")).toArray();
        s.reserve(std::size_t(values.size()));
        for (const QJsonValue &point : values) {
            const QJsonArray pair = point.toArray();
            const QString text = pair.at(1).toString();
            double v;
            if (text == QLatin1String("NaN"))
                v = qQNaN();
            else if (text == QLatin1String("+Inf"))
                v = qInf();
            else if (text == QLatin1String("-Inf"))
                v = -qInf();
            else
                v = text.toDouble();
            s.append(qint64(std::llround(pair.at(0).toDouble() * 1000.0)), v);
        }
        out.push_back(std::move(s));
    }
    return out;
}

void BM_Ours(benchmark::State &state)
{
    const bool mixed = state.range(0) != 0;
    const vitals::prom::HttpResponse response = vitals::prom::okResponse(answer(mixed));
    std::size_t samples = 0;
    for (auto _ : state) {
        auto result = vitals::prom::decodeRangeResponse(response);
        if (!result.ok())
            state.SkipWithError(qPrintable(result.error.detail));
        samples = vitals::series::sampleCount(result.series);
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(qint64(state.iterations()) * answer(mixed).size());
    state.counters["samples"] = double(samples);
}

void BM_QJson(benchmark::State &state)
{
    const bool mixed = state.range(0) != 0;
    for (auto _ : state) {
        auto series = decodeWithQJson(answer(mixed));
        benchmark::DoNotOptimize(series);
    }
    state.SetBytesProcessed(qint64(state.iterations()) * answer(mixed).size());
}

void BM_SimdjsonParse(benchmark::State &state)
{
    const bool mixed = state.range(0) != 0;
    simdjson::dom::parser parser;
    const QByteArray &body = answer(mixed);
    for (auto _ : state) {
        simdjson::dom::element doc;
        auto error = parser
                         .parse(reinterpret_cast<const uint8_t *>(body.constData()),
                                std::size_t(body.size()), false)
                         .get(doc);
        if (error)
            state.SkipWithError(simdjson::error_message(error));
        benchmark::DoNotOptimize(doc);
    }
    state.SetBytesProcessed(qint64(state.iterations()) * body.size());
}

// Argument 0: the uniform answer, 1: the mixed one.
BENCHMARK(BM_Ours)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_QJson)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_SimdjsonParse)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Keeps the console output and remembers each benchmark's real time per iteration.
class RecordingReporter : public benchmark::ConsoleReporter
{
public:
    std::map<std::string, double> seconds;
    void ReportRuns(const std::vector<Run> &runs) override
    {
        for (const Run &run : runs) {
            if (run.run_type == Run::RT_Iteration && run.iterations > 0)
                seconds[run.run_name.function_name + "/" + run.run_name.args] =
                    run.real_accumulated_time / double(run.iterations);
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

} // namespace

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    for (bool mixed : {false, true}) {
        const QByteArray &body = answer(mixed);
        const auto ours = vitals::prom::decodeRangeResponse(vitals::prom::okResponse(body));
        const SeriesList qjson = decodeWithQJson(body);
        const SeriesList dom = decodeWithSimdjsonDom(body);
        std::string diff = difference(ours.series, qjson);
        if (diff.empty())
            diff = difference(ours.series, dom);
        if (!ours.ok() || ours.series.empty() || !diff.empty()) {
            std::fprintf(stderr, "bench-decode: the decoders disagree on the %s answer: %s\n",
                         mixed ? "mixed" : "uniform",
                         ours.ok() ? diff.c_str() : qPrintable(ours.error.detail));
            return 1;
        }
        std::printf("%s answer: %zu series, %zu samples, %.1f MB of JSON; the three decoders "
                    "agree\n",
                    mixed ? "mixed" : "uniform", ours.series.size(),
                    vitals::series::sampleCount(ours.series), double(body.size()) / 1e6);
    }
    RecordingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    const double ours = reporter.seconds["BM_Ours/0"];
    const double qjson = reporter.seconds["BM_QJson/0"];
    const double parse = reporter.seconds["BM_SimdjsonParse/0"];
    const double oursMixed = reporter.seconds["BM_Ours/1"];
    const double qjsonMixed = reporter.seconds["BM_QJson/1"];
    const double parseMixed = reporter.seconds["BM_SimdjsonParse/1"];
    const auto result = vitals::prom::decodeRangeResponse(vitals::prom::okResponse(answer()));
    const double samples = double(vitals::series::sampleCount(result.series));
    const double bytes = double(vitals::series::memoryBytes(result.series));
    if (ours <= 0 || qjson <= 0 || parse <= 0 || oursMixed <= 0 || qjsonMixed <= 0
        || parseMixed <= 0 || samples <= 0) {
        std::fprintf(stderr, "bench-decode: a benchmark did not run (use no filter)\n");
        return 1;
    }
    std::printf("vs_qjson=%.2f simdjson_parse_vs_ours=%.2f mixed_vs_qjson=%.2f "
                "mixed_simdjson_parse_vs_ours=%.2f bytes_per_sample=%.2f mb_per_s=%.0f "
                "decoders_agree=yes\n",
                qjson / ours, parse / ours, qjsonMixed / oursMixed, parseMixed / oursMixed,
                bytes / samples, double(answer().size()) / 1e6 / ours);
    return 0;
}

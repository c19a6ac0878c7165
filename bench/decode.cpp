// Decoding speed of a large /api/v1/query_range answer (100 series × 10,000 points = 1M samples).
//
//   ours            core/prom's decoder: simdjson On Demand, one pass into the series store
//   qjson           QJsonDocument::fromJson and a straightforward walk into the same store
//   simdjson_parse  simdjson's DOM parse alone, the practical limit: every byte validated and
//                   every number parsed, nothing stored (On Demand alone parses nothing until
//                   asked, so it is no yardstick)
//
// The last line prints
//   vs_qjson=<qjson time / ours time> simdjson_parse_vs_ours=<simdjson time / ours time>
//   bytes_per_sample=<store bytes / samples> mb_per_s=<answer MB decoded per second by ours>
#include "core/prom/envelope.h"
#include "core/series/series.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <charconv>
#include <cstdio>
#include <map>
#include <random>
#include <string>

namespace {

using vitals::series::LabelSet;
using vitals::series::Series;
using vitals::series::SeriesList;

constexpr int kSeries = 100;
constexpr int kPoints = 10000;

// Prometheus's own formatting: timestamps as float seconds (millisecond fractions), values as
// shortest round-trip strings; a few NaN/+Inf like real histograms produce.
QByteArray makeAnswer()
{
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> value(0.0, 1000.0);
    std::string out;
    out.reserve(40u * kSeries * kPoints);
    out += R"({"status":"success","data":{"resultType":"matrix","result":[)";
    char buffer[64];
    for (int s = 0; s < kSeries; ++s) {
        if (s)
            out += ',';
        out += R"({"metric":{"__name__":"inference_request_duration_seconds_bucket","instance":"127.0.0.1:8080","job":"iris","le":")";
        out += std::to_string(s * 0.01);
        out += R"(","model":"iris"},"values":[)";
        for (int i = 0; i < kPoints; ++i) {
            if (i)
                out += ',';
            const long long ms = 1700000000000LL + i * 15000LL + (s * 7) % 1000;
            out += '[';
            out += std::to_string(ms / 1000);
            out += '.';
            std::snprintf(buffer, sizeof buffer, "%03lld", ms % 1000);
            out += buffer;
            out += ",\"";
            if (i % 5000 == 4999) {
                out += (s % 2) ? "NaN" : "+Inf";
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

const QByteArray &answer()
{
    static const QByteArray body = makeAnswer();
    return body;
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
    const vitals::prom::HttpResponse response = vitals::prom::okResponse(answer());
    std::size_t samples = 0;
    for (auto _ : state) {
        auto result = vitals::prom::decodeRangeResponse(response);
        if (!result.ok())
            state.SkipWithError(qPrintable(result.error.detail));
        samples = vitals::series::sampleCount(result.series);
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(qint64(state.iterations()) * answer().size());
    state.counters["samples"] = double(samples);
}

void BM_QJson(benchmark::State &state)
{
    for (auto _ : state) {
        auto series = decodeWithQJson(answer());
        benchmark::DoNotOptimize(series);
    }
    state.SetBytesProcessed(qint64(state.iterations()) * answer().size());
}

void BM_SimdjsonParse(benchmark::State &state)
{
    simdjson::dom::parser parser;
    const QByteArray &body = answer();
    for (auto _ : state) {
        simdjson::dom::element doc;
        auto error = parser.parse(reinterpret_cast<const uint8_t *>(body.constData()),
                                  std::size_t(body.size()), false)
                         .get(doc);
        if (error)
            state.SkipWithError(simdjson::error_message(error));
        benchmark::DoNotOptimize(doc);
    }
    state.SetBytesProcessed(qint64(state.iterations()) * answer().size());
}

BENCHMARK(BM_Ours)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_QJson)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_SimdjsonParse)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Keeps the console output and remembers each benchmark's real time per iteration.
class RecordingReporter : public benchmark::ConsoleReporter
{
public:
    std::map<std::string, double> seconds;
    void ReportRuns(const std::vector<Run> &runs) override
    {
        for (const Run &run : runs) {
            if (run.run_type == Run::RT_Iteration && run.iterations > 0)
                seconds[run.run_name.function_name] =
                    run.real_accumulated_time / double(run.iterations);
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

} // namespace

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    std::printf("answer: %d series x %d points, %.1f MB of JSON\n", kSeries, kPoints,
                double(answer().size()) / 1e6);
    RecordingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    const double ours = reporter.seconds["BM_Ours"];
    const double qjson = reporter.seconds["BM_QJson"];
    const double parse = reporter.seconds["BM_SimdjsonParse"];
    const auto result = vitals::prom::decodeRangeResponse(vitals::prom::okResponse(answer()));
    const double samples = double(vitals::series::sampleCount(result.series));
    const double bytes = double(vitals::series::memoryBytes(result.series));
    if (ours <= 0 || qjson <= 0 || parse <= 0 || samples <= 0) {
        std::fprintf(stderr, "bench-decode: a benchmark did not run (use no filter)\n");
        return 1;
    }
    std::printf("vs_qjson=%.2f simdjson_parse_vs_ours=%.2f bytes_per_sample=%.2f mb_per_s=%.0f\n",
                qjson / ours, parse / ours, bytes / samples, double(answer().size()) / 1e6 / ours);
    return 0;
}

#include "core/prom/envelope.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

namespace vitals::prom {

static_assert(kBodyPadding >= qsizetype(simdjson::SIMDJSON_PADDING),
              "Transport must leave the padding simdjson reads past the end");

namespace dom = simdjson::dom;

namespace {

// A shape the decoder did not expect (the JSON itself was fine).
struct ShapeError {
    std::string what;
};

dom::parser &threadParser()
{
    // One parser per thread: its buffers grow to the largest answer seen and are reused, so a
    // refresh does not pay for allocating them again. The DOM parser picks the fastest kernel
    // the CPU has at run time (AVX2, SSE4.2 or portable), unlike On Demand, which would be
    // fixed at compile time to the distribution's baseline.
    thread_local dom::parser parser;
    return parser;
}

QString str(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

qint64 secondsToMs(double seconds)
{
    if (!std::isfinite(seconds) || std::abs(seconds) > 9.2e15)
        throw ShapeError{"timestamp out of range"};
    const double ms = seconds * 1000.0;
    // Rounds half away from zero like llround, without the libm call in the hot loop.
    return qint64(ms < 0 ? ms - 0.5 : ms + 0.5);
}

// Exact decimal → double conversion for the common shapes `[-]digits[.digits]` with at most 19
// significant digits, without the generality (and cost) of std::from_chars. Returns false
// when the text is anything else or when exactness cannot be guaranteed; the caller then uses
// from_chars.
// Eight ASCII digits at once (SWAR), after the technique of Lemire's fast_float.
inline bool allEightDigits(std::uint64_t v)
{
    return (((v + 0x4646464646464646ULL) | (v - 0x3030303030303030ULL)) & 0x8080808080808080ULL) ==
           0;
}

inline std::uint64_t eightDigits(std::uint64_t v)
{
    constexpr std::uint64_t mask = 0x000000FF000000FFULL;
    constexpr std::uint64_t mul1 = 0x000F424000000064ULL; // 100 + (1000000ULL << 32)
    constexpr std::uint64_t mul2 = 0x0000271000000001ULL; // 1 + (10000ULL << 32)
    v -= 0x3030303030303030ULL;
    v = (v * 10) + (v >> 8);
    return (((v & mask) * mul1) + (((v >> 16) & mask) * mul2)) >> 32;
}

// Reads digits into mantissa (at most 19 in all); false on overflow of that budget.
inline bool readDigits(const char *&p, const char *end, std::uint64_t &mantissa, int &digits)
{
    while (end - p >= 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, p, sizeof chunk);
        if (!allEightDigits(chunk))
            break;
        if (digits + 8 > 19)
            return false;
        mantissa = mantissa * 100000000ULL + eightDigits(chunk);
        digits += 8;
        p += 8;
    }
    for (; p != end && unsigned(*p - '0') < 10; ++p) {
        if (++digits > 19)
            return false;
        mantissa = mantissa * 10 + unsigned(*p - '0');
    }
    return true;
}

bool parseDecimalFast(const char *p, const char *end, double &out)
{
    const bool negative = p != end && *p == '-';
    if (negative)
        ++p;
    std::uint64_t mantissa = 0;
    int digits = 0;
    if (!readDigits(p, end, mantissa, digits))
        return false;
    const int integerDigits = digits;
    if (p != end && *p == '.') {
        ++p;
        if (!readDigits(p, end, mantissa, digits))
            return false;
    }
    if (p != end || digits == 0)
        return false;
    const int exponent = integerDigits - digits;
    if (mantissa == 0) {
        out = negative ? -0.0 : 0.0;
        return true;
    }
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    // Clinger's fast path: mantissa and power of ten are both exact doubles, so one correctly
    // rounded operation gives the correctly rounded result.
    if (mantissa <= (std::uint64_t(1) << 53) && exponent >= -22) {
        const double m = double(mantissa);
        out = exponent < 0 ? m / kPow10[-exponent] : m;
        if (negative)
            out = -out;
        return true;
    }
#if defined(__x86_64__) && (__LDBL_MANT_DIG__ == 64)
    // Up to 19 digits do not fit a double's 53 bits but fit x87 extended precision's 64, as do
    // powers of ten up to 1e27. One extended operation rounds once; rounding that to double
    // can only go wrong when the extended result lies exactly halfway between two doubles
    // (its low 11 significand bits are 1000 0000 000), and then from_chars decides.
    static constexpr long double kPow10L[] = {
        1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
        1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
        1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
    if (exponent >= -27) {
        long double r = static_cast<long double>(mantissa);
        if (exponent < 0)
            r /= kPow10L[-exponent];
        std::uint64_t significand;
        std::memcpy(&significand, &r, sizeof significand);
        if ((significand & 0x7FF) == 0x400)
            return false;
        out = double(negative ? -r : r);
        return true;
    }
#endif
    return false;
}

// Parses a sample value written as a JSON string, e.g. "1.5", "1e+300", "NaN", "+Inf", "-Inf".
double parseValue(std::string_view text)
{
    double value = 0;
    const char *first = text.data();
    const char *end = first + text.size();
    if (parseDecimalFast(first, end, value))
        return value;
    if (text == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (text == "+Inf" || text == "Inf")
        return std::numeric_limits<double>::infinity();
    if (text == "-Inf")
        return -std::numeric_limits<double>::infinity();
    if (first != end && *first == '+')
        ++first;
    const auto [ptr, ec] = std::from_chars(first, end, value);
    if (ec == std::errc::result_out_of_range && ptr == end) {
        // from_chars reports out-of-range magnitudes without a value; strtod gives ±HUGE_VAL
        // or the nearest denormal/zero, which is what the server's number means.
        return std::strtod(std::string(text).c_str(), nullptr);
    }
    if (ec != std::errc() || ptr != end || first == end)
        throw ShapeError{"sample value \"" + std::string(text.substr(0, 40)) +
                         "\" is not a number"};
    return value;
}

// [<float seconds>, "<value>"]
void decodePoint(dom::element point, qint64 &tMs, double &value)
{
    const dom::array pair = point.get_array();
    auto it = pair.begin();
    if (it == pair.end())
        throw ShapeError{"a sample is empty"};
    tMs = secondsToMs((*it).get_double());
    ++it;
    if (it == pair.end())
        throw ShapeError{"a sample has no value"};
    value = parseValue((*it).get_string());
    ++it;
    if (it != pair.end())
        throw ShapeError{"a sample has more than two elements"};
}

LabelSet decodeLabels(dom::element value)
{
    std::vector<series::Label> labels;
    const dom::object object = value.get_object();
    labels.reserve(object.size());
    for (const auto field : object) {
        std::string_view text = field.value.get_string();
        labels.push_back({str(field.key), str(text)});
    }
    return LabelSet::fromLabels(std::move(labels));
}

void decodeValues(dom::element value, Series &s)
{
    const dom::array values = value.get_array();
    s.reserve(values.size());
    for (const dom::element element : values) {
        qint64 t = 0;
        double v = 0;
        decodePoint(element, t, v);
        s.append(t, v);
    }
}

void decodeMatrix(dom::element result, SeriesList &out)
{
    const dom::array array = result.get_array();
    out.reserve(array.size());
    for (const dom::element element : array) {
        Series s;
        for (const auto field : element.get_object()) {
            if (field.key == "metric")
                s.setLabels(decodeLabels(field.value));
            else if (field.key == "values")
                decodeValues(field.value, s);
        }
        out.push_back(std::move(s));
    }
}

void decodeVector(dom::element result, std::vector<VectorSample> &out)
{
    const dom::array array = result.get_array();
    out.reserve(array.size());
    for (const dom::element element : array) {
        VectorSample sample;
        bool hasValue = false;
        for (const auto field : element.get_object()) {
            if (field.key == "metric") {
                sample.labels = decodeLabels(field.value);
            } else if (field.key == "value") {
                decodePoint(field.value, sample.tMs, sample.value);
                hasValue = true;
            }
        }
        // A native-histogram sample has "histogram" instead of "value"; it is not shown.
        if (hasValue)
            out.push_back(std::move(sample));
    }
}

QStringList decodeStrings(dom::element value)
{
    QStringList out;
    for (const dom::element element : value.get_array())
        out << str(element.get_string());
    return out;
}

std::string_view resultTypeOf(dom::object data)
{
    dom::element type;
    if (data["resultType"].get(type))
        throw ShapeError{"no resultType"};
    return type.get_string();
}

dom::element resultOf(dom::object data)
{
    dom::element result;
    if (data["result"].get(result))
        throw ShapeError{"no result"};
    return result;
}

ResultType decodeQueryData(dom::element data, QueryResult &out)
{
    const dom::object object = data.get_object();
    const std::string_view type = resultTypeOf(object);
    const dom::element result = resultOf(object);
    if (type == "matrix") {
        decodeMatrix(result, out.matrix);
        return ResultType::Matrix;
    }
    if (type == "vector") {
        decodeVector(result, out.vector);
        return ResultType::Vector;
    }
    if (type == "scalar") {
        decodePoint(result, out.tMs, out.scalar);
        return ResultType::Scalar;
    }
    if (type == "string") {
        const dom::array pair = result.get_array();
        if (pair.size() != 2)
            throw ShapeError{"a string result is not [time, \"text\"]"};
        out.tMs = secondsToMs(pair.at(0).get_double());
        out.string = str(pair.at(1).get_string());
        return ResultType::String;
    }
    throw ShapeError{"unknown resultType \"" + std::string(type) + "\""};
}

QString plainMessageFor(ErrorType type, const QString &serverText)
{
    switch (type) {
    case ErrorType::BadData:
        return QStringLiteral("The server rejected the query: %1").arg(serverText);
    case ErrorType::Execution:
        return QStringLiteral("The query failed while running: %1").arg(serverText);
    case ErrorType::Timeout:
        return QStringLiteral("The query took longer than the server allows (%1). Try a shorter "
                              "range or a larger step.")
            .arg(serverText);
    case ErrorType::Canceled:
        return QStringLiteral("The server canceled the query: %1").arg(serverText);
    case ErrorType::Server:
        return QStringLiteral("The server failed to answer: %1").arg(serverText);
    default:
        return QStringLiteral("The server reported an error: %1").arg(serverText);
    }
}

Error badResponse(const QString &what, const QString &detail, int httpStatus)
{
    Error e;
    e.type = ErrorType::BadResponse;
    e.message = QStringLiteral("The server's answer could not be read (%1). Is this a "
                               "Prometheus-compatible API?")
                    .arg(what);
    e.detail = detail;
    e.httpStatus = httpStatus;
    return e;
}

QString bodyExcerpt(const QByteArray &body)
{
    constexpr qsizetype kMax = 4096;
    QString text = QString::fromUtf8(body.left(kMax));
    if (body.size() > kMax)
        text += QStringLiteral("… (%1 bytes in all)").arg(body.size());
    return text;
}

// Decodes the envelope of `response` into `out` and calls onData(value) for the "data" member of
// a 2xx answer. Returns normally in every case; `out.error` says what failed.
template<typename Result, typename OnData>
void decodeEnvelope(const HttpResponse &response, Result &out, OnData &&onData)
{
    if (response.error) {
        out.error = response.error;
        return;
    }
    const int status = response.httpStatus;
    const bool success2xx = status >= 200 && status < 300;
    const QByteArray &body = response.body;

    const bool padded =
        body.capacity() - body.size() >= qsizetype(simdjson::SIMDJSON_PADDING);

    std::string envelopeStatus;
    std::string errorType;
    std::string errorText;
    bool sawData = false;
    try {
        const dom::element doc = threadParser().parse(
            reinterpret_cast<const uint8_t *>(body.constData()), std::size_t(body.size()),
            !padded);
        for (const auto field : doc.get_object()) {
            const std::string_view key = field.key;
            if (key == "status") {
                envelopeStatus = std::string(std::string_view(field.value.get_string()));
            } else if (key == "data") {
                if (!success2xx || field.value.is_null())
                    continue;
                onData(field.value);
                sawData = true;
            } else if (key == "errorType") {
                errorType = std::string(std::string_view(field.value.get_string()));
            } else if (key == "error") {
                errorText = std::string(std::string_view(field.value.get_string()));
            } else if (key == "warnings") {
                out.warnings = decodeStrings(field.value);
            } else if (key == "infos") {
                out.infos = decodeStrings(field.value);
            }
        }
    } catch (const simdjson::simdjson_error &e) {
        if (!success2xx) {
            out.error = httpStatusError(status, body, response.url);
            return;
        }
        out = Result{};
        out.error = badResponse(body.isEmpty() ? QStringLiteral("it is empty")
                                               : QStringLiteral("invalid or truncated JSON"),
                                QString::fromUtf8(e.what()) + u'\n' + bodyExcerpt(body), status);
        return;
    } catch (const ShapeError &e) {
        out = Result{};
        out.error = badResponse(QStringLiteral("unexpected content"), QString::fromStdString(e.what),
                                status);
        return;
    }

    if (envelopeStatus == "error") {
        ErrorType type = errorTypeFromName(QString::fromStdString(errorType));
        if (type == ErrorType::BadResponse) {
            // VictoriaMetrics puts the HTTP status in errorType ("422"): fall back to the status.
            type = status == 400   ? ErrorType::BadData
                   : status == 422 ? ErrorType::Execution
                   : status == 503 ? ErrorType::Server
                   : status >= 500 ? ErrorType::Server
                   : status >= 400 ? ErrorType::Client
                                   : ErrorType::BadResponse;
        }
        out.error.type = type;
        out.error.message = plainMessageFor(type, QString::fromStdString(errorText));
        out.error.detail = QStringLiteral("HTTP %1, %2: %3")
                               .arg(status)
                               .arg(QString::fromStdString(errorType),
                                    QString::fromStdString(errorText));
        out.error.httpStatus = status;
        return;
    }
    if (!success2xx) {
        out.error = httpStatusError(status, body, response.url);
        return;
    }
    if (envelopeStatus != "success") {
        out = Result{};
        out.error = badResponse(QStringLiteral("no \"status\": \"success\""), bodyExcerpt(body),
                                status);
        return;
    }
    if (!sawData && !std::is_same_v<Result, ResultBase>) {
        out = Result{};
        out.error = badResponse(QStringLiteral("no \"data\""), bodyExcerpt(body), status);
    }
}

// For the small, irregular answers (targets, rules, alerts…): the data member is re-read with
// QJsonDocument, whose convenience outweighs its speed there.
QJsonValue asQJson(dom::element data)
{
    if (!data.is_object() && !data.is_array())
        throw ShapeError{"data is neither an object nor an array"};
    const std::string raw = simdjson::to_string(data);
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(raw.data(), qsizetype(raw.size())), &error);
    if (error.error != QJsonParseError::NoError)
        throw ShapeError{error.errorString().toStdString()};
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
}

LabelSet labelsFromJson(const QJsonValue &value)
{
    std::vector<series::Label> labels;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        labels.push_back({it.key(), it.value().toString()});
    return LabelSet::fromLabels(std::move(labels));
}

QDateTime timeFromJson(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.isEmpty() || text.startsWith(QLatin1String("0001-01-01")))
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

// Durations beyond this (about 285,000 years) are nonsense from a broken server; converting
// them to qint64 would be undefined behaviour, so they read as 0 ("unknown") like bad text.
constexpr double kMaxDurationMs = 9.0e15;

qint64 durationMsFromJson(const QJsonValue &value)
{
    // Prometheus sends rule/target intervals as float seconds or as Go durations ("15s").
    if (value.isDouble()) {
        const double ms = value.toDouble() * 1000.0;
        return std::isfinite(ms) && std::abs(ms) <= kMaxDurationMs ? qint64(std::llround(ms)) : 0;
    }
    const QString text = value.toString();
    if (text.isEmpty())
        return 0;
    qint64 total = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        qsizetype j = i;
        while (j < text.size() && (text[j].isDigit() || text[j] == u'.'))
            ++j;
        const double number = text.mid(i, j - i).toDouble();
        qsizetype k = j;
        while (k < text.size() && text[k].isLetter())
            ++k;
        const QString unit = text.mid(j, k - j);
        double factor = 0;
        if (unit == u"ms")
            factor = 1;
        else if (unit == u"s")
            factor = 1000;
        else if (unit == u"m")
            factor = 60000;
        else if (unit == u"h")
            factor = 3600000;
        else if (unit == u"d")
            factor = 86400000;
        else
            return 0;
        const double part = number * factor;
        if (!std::isfinite(part) || part > kMaxDurationMs || double(total) + part > kMaxDurationMs)
            return 0;
        total += qint64(part);
        if (k == i)
            return 0;
        i = k;
    }
    return total;
}

Alert alertFromJson(const QJsonObject &o)
{
    Alert a;
    a.labels = labelsFromJson(o.value(QLatin1String("labels")));
    a.annotations = labelsFromJson(o.value(QLatin1String("annotations")));
    a.state = o.value(QLatin1String("state")).toString();
    a.activeAt = timeFromJson(o.value(QLatin1String("activeAt")));
    a.value = o.value(QLatin1String("value")).toString();
    return a;
}

} // namespace

QueryResult decodeQueryResponse(const HttpResponse &response)
{
    QueryResult out;
    decodeEnvelope(response, out, [&](dom::element data) { out.type = decodeQueryData(data, out); });
    return out;
}

RangeResult decodeRangeResponse(const HttpResponse &response)
{
    RangeResult out;
    decodeEnvelope(response, out, [&](dom::element data) {
        const dom::object object = data.get_object();
        const std::string_view type = resultTypeOf(object);
        if (type != "matrix")
            throw ShapeError{"a range query answered with resultType \"" + std::string(type) +
                             "\""};
        decodeMatrix(resultOf(object), out.series);
    });
    return out;
}

SeriesResult decodeSeriesResponse(const HttpResponse &response)
{
    SeriesResult out;
    decodeEnvelope(response, out, [&](dom::element data) {
        for (const dom::element element : data.get_array())
            out.series.push_back(decodeLabels(element));
    });
    return out;
}

StringListResult decodeStringListResponse(const HttpResponse &response)
{
    StringListResult out;
    decodeEnvelope(response, out, [&](dom::element data) { out.values = decodeStrings(data); });
    return out;
}

MetadataResult decodeMetadataResponse(const HttpResponse &response)
{
    MetadataResult out;
    decodeEnvelope(response, out, [&](dom::element data) {
        const QJsonObject object = asQJson(data).toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            QList<MetricMetadata> list;
            for (const QJsonValue &entry : it.value().toArray()) {
                const QJsonObject e = entry.toObject();
                list.append({e.value(QLatin1String("type")).toString(),
                             e.value(QLatin1String("help")).toString(),
                             e.value(QLatin1String("unit")).toString()});
            }
            out.metrics.insert(it.key(), list);
        }
    });
    return out;
}

TargetsResult decodeTargetsResponse(const HttpResponse &response)
{
    TargetsResult out;
    decodeEnvelope(response, out, [&](dom::element data) {
        const QJsonObject object = asQJson(data).toObject();
        for (const QJsonValue &value : object.value(QLatin1String("activeTargets")).toArray()) {
            const QJsonObject o = value.toObject();
            Target t;
            t.labels = labelsFromJson(o.value(QLatin1String("labels")));
            t.discoveredLabels = labelsFromJson(o.value(QLatin1String("discoveredLabels")));
            t.scrapePool = o.value(QLatin1String("scrapePool")).toString();
            t.scrapeUrl = o.value(QLatin1String("scrapeUrl")).toString();
            t.health = o.value(QLatin1String("health")).toString();
            t.lastError = o.value(QLatin1String("lastError")).toString();
            t.lastScrape = timeFromJson(o.value(QLatin1String("lastScrape")));
            t.lastScrapeDurationS = o.value(QLatin1String("lastScrapeDuration")).toDouble();
            t.scrapeIntervalMs = durationMsFromJson(o.value(QLatin1String("scrapeInterval")));
            t.scrapeTimeoutMs = durationMsFromJson(o.value(QLatin1String("scrapeTimeout")));
            out.active.push_back(std::move(t));
        }
        out.droppedCount = int(object.value(QLatin1String("droppedTargets")).toArray().size());
    });
    return out;
}

RulesResult decodeRulesResponse(const HttpResponse &response)
{
    RulesResult out;
    decodeEnvelope(response, out, [&](dom::element data) {
        const QJsonObject object = asQJson(data).toObject();
        for (const QJsonValue &gv : object.value(QLatin1String("groups")).toArray()) {
            const QJsonObject g = gv.toObject();
            RuleGroup group;
            group.name = g.value(QLatin1String("name")).toString();
            group.file = g.value(QLatin1String("file")).toString();
            group.intervalMs = durationMsFromJson(g.value(QLatin1String("interval")));
            for (const QJsonValue &rv : g.value(QLatin1String("rules")).toArray()) {
                const QJsonObject r = rv.toObject();
                Rule rule;
                rule.type = r.value(QLatin1String("type")).toString();
                rule.name = r.value(QLatin1String("name")).toString();
                rule.query = r.value(QLatin1String("query")).toString();
                rule.health = r.value(QLatin1String("health")).toString();
                rule.lastError = r.value(QLatin1String("lastError")).toString();
                rule.state = r.value(QLatin1String("state")).toString();
                rule.labels = labelsFromJson(r.value(QLatin1String("labels")));
                rule.annotations = labelsFromJson(r.value(QLatin1String("annotations")));
                rule.durationMs = durationMsFromJson(r.value(QLatin1String("duration")));
                for (const QJsonValue &av : r.value(QLatin1String("alerts")).toArray())
                    rule.alerts.push_back(alertFromJson(av.toObject()));
                rule.lastEvaluation = timeFromJson(r.value(QLatin1String("lastEvaluation")));
                rule.evaluationTimeS = r.value(QLatin1String("evaluationTime")).toDouble();
                group.rules.push_back(std::move(rule));
            }
            out.groups.push_back(std::move(group));
        }
    });
    return out;
}

AlertsResult decodeAlertsResponse(const HttpResponse &response)
{
    AlertsResult out;
    decodeEnvelope(response, out, [&](dom::element data) {
        const QJsonObject object = asQJson(data).toObject();
        for (const QJsonValue &value : object.value(QLatin1String("alerts")).toArray())
            out.alerts.push_back(alertFromJson(value.toObject()));
    });
    return out;
}

BuildInfoResult decodeBuildInfoResponse(const HttpResponse &response)
{
    BuildInfoResult out;
    decodeEnvelope(response, out, [&](dom::element data) {
        const QJsonObject o = asQJson(data).toObject();
        out.info.version = o.value(QLatin1String("version")).toString();
        out.info.revision = o.value(QLatin1String("revision")).toString();
        out.info.branch = o.value(QLatin1String("branch")).toString();
        out.info.buildUser = o.value(QLatin1String("buildUser")).toString();
        out.info.buildDate = o.value(QLatin1String("buildDate")).toString();
        out.info.goVersion = o.value(QLatin1String("goVersion")).toString();
    });
    return out;
}

ResultBase decodeEnvelopeOnly(const HttpResponse &response)
{
    ResultBase out;
    decodeEnvelope(response, out, [](dom::element) {});
    return out;
}

Error httpStatusError(int httpStatus, const QByteArray &body, const QUrl &url)
{
    Error e;
    e.httpStatus = httpStatus;
    e.detail = QStringLiteral("HTTP %1 from %2\n%3")
                   .arg(httpStatus)
                   .arg(url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery), bodyExcerpt(body));
    switch (httpStatus) {
    case 401:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("The server asks for credentials (401 Unauthorized). Check the "
                                   "user name and password, or the token.");
        break;
    case 403:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("Access denied (403 Forbidden). The credentials or the tenant "
                                   "are not allowed to read from this server.");
        break;
    case 404:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("Nothing found at %1 (404). The path prefix is probably wrong: "
                                   "Prometheus needs none, Mimir uses /prometheus, a "
                                   "VictoriaMetrics cluster /select/0/prometheus.")
                        .arg(url.path());
        break;
    case 413:
    case 414:
    case 431:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("The request is too large for the server (HTTP %1). Shorten "
                                   "the query.")
                        .arg(httpStatus);
        break;
    case 429:
        e.type = ErrorType::Client;
        e.message = QStringLiteral("The server is limiting requests (429 Too Many Requests). Try "
                                   "again in a moment or refresh less often.");
        break;
    default:
        if (httpStatus >= 500) {
            e.type = ErrorType::Server;
            e.message = QStringLiteral("The server failed with HTTP %1. It may be overloaded or "
                                       "misconfigured; the details show what it said.")
                            .arg(httpStatus);
        } else if (httpStatus >= 400) {
            e.type = ErrorType::Client;
            e.message = QStringLiteral("The server refused the request (HTTP %1).").arg(httpStatus);
        } else {
            e.type = ErrorType::BadResponse;
            e.message = QStringLiteral("The server answered with an unexpected HTTP status %1.")
                            .arg(httpStatus);
        }
        break;
    }
    return e;
}

HttpResponse okResponse(QByteArray body)
{
    HttpResponse r;
    r.httpStatus = 200;
    r.body = std::move(body);
    return r;
}

} // namespace vitals::prom

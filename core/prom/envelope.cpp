#include "core/prom/envelope.h"
#include "core/prom/envelopeinternal.h"

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

namespace od = simdjson::ondemand;

QString bodyExcerpt(const QByteArray &body)
{
    constexpr qsizetype kMax = 4096;
    QString text = QString::fromUtf8(body.left(kMax));
    if (body.size() > kMax)
        text += QStringLiteral("… (%1 bytes in all)").arg(body.size());
    return text;
}

namespace {

// A shape the decoder did not expect (the JSON itself was fine).
struct ShapeError {
    std::string what;
};

od::parser &threadParser()
{
    // One parser per thread: its buffers grow to the largest answer seen and are reused, so a
    // refresh does not pay for allocating them again.
    //
    // On Demand rather than the DOM parser: the answer is read once, straight into the series
    // store, without first building simdjson's tape of the whole document. Its structural
    // indexing (the SIMD part) still runs on the fastest kernel the CPU has, chosen at run
    // time (ondemand::parser::allocate takes get_active_implementation()); the walk itself is
    // scalar code in any case. bench-decode (1M samples, CPU time, same run): DOM parse + walk
    // took 2.7× the DOM parse alone, this pass 1.9×.
    thread_local od::parser parser;
    return parser;
}

QString str(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// ondemand's conversions throw simdjson_error on a syntax or type error; these name the
// result types once so the walk below reads as plain code.
od::array arrayOf(od::value v)
{
    return v.get_array();
}
od::object objectOf(od::value v)
{
    return v.get_object();
}

qint64 secondsToMs(double seconds)
{
    if (!std::isfinite(seconds) || std::abs(seconds) > 9.2e15)
        throw ShapeError{"timestamp out of range"};
    const double ms = seconds * 1000.0;
    // Rounds half away from zero like llround, without the libm call in the hot loop.
    return qint64(ms < 0 ? ms - 0.5 : ms + 0.5);
}

// Parses a sample value written as a JSON string that simdjson's number parser did not take:
// "NaN", "+Inf", "-Inf", "+1.5", or a magnitude beyond a double's range such as "1e400".
double parseValue(std::string_view text)
{
    double value = 0;
    const char *first = text.data();
    const char *end = first + text.size();
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
        throw ShapeError{"sample value \"" + std::string(text.substr(0, 40))
                         + "\" is not a number"};
    return value;
}

// Prometheus writes sample times as integer seconds with at most three decimals
// ("1700000000.123"; VictoriaMetrics "1700000000"). Read as integer milliseconds they are
// exact, with no double rounding, and cheaper than a float parse: bench-decode spends a third
// of the walk on numbers. Any other spelling (exponent, sign, more decimals) returns false and
// goes through simdjson's float parser. `token` may carry trailing whitespace.
// (Hand-written because no Debian library parses decimal seconds to integer milliseconds;
// tests/core/promdecode_test.cpp, SampleTimesToTheMillisecond, checks both paths against
// hand-worked values.)
bool timestampMs(std::string_view token, qint64 &out)
{
    const char *p = token.data();
    const char *end = p + token.size();
    qint64 seconds = 0;
    int digits = 0;
    // Today's Unix times have ten digits: the first eight are read at once (SWAR, after
    // Lemire's fast_float) when they are all digits.
    if (end - p >= 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, p, sizeof chunk);
        if ((((chunk + 0x4646464646464646ULL) | (chunk - 0x3030303030303030ULL))
             & 0x8080808080808080ULL)
            == 0) {
            chunk -= 0x3030303030303030ULL;
            chunk = (chunk * 10) + (chunk >> 8);
            chunk = (((chunk & 0x000000FF000000FFULL) * 0x000F424000000064ULL)
                     + (((chunk >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL))
                    >> 32;
            seconds = qint64(chunk);
            digits = 8;
            p += 8;
        }
    }
    for (; p != end && unsigned(*p - '0') < 10; ++p) {
        if (++digits > 15) // 1e15 s is beyond any real clock; stay far from overflow
            return false;
        seconds = seconds * 10 + (*p - '0');
    }
    if (digits == 0 || (digits > 1 && token[0] == '0')) // JSON has no leading zeros
        return false;
    qint64 ms = 0;
    int decimals = 0;
    if (p != end && *p == '.') {
        ++p;
        for (; p != end && unsigned(*p - '0') < 10; ++p) {
            if (++decimals > 3)
                return false;
            ms = ms * 10 + (*p - '0');
        }
        if (decimals == 0)
            return false;
        for (int i = decimals; i < 3; ++i)
            ms *= 10;
    }
    for (; p != end; ++p) {
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
    }
    out = seconds * 1000 + ms;
    return true;
}

// A sample or result time, float seconds, as milliseconds.
qint64 decodeTime(od::value time)
{
    qint64 ms = 0;
    if (!timestampMs(time.raw_json_token(), ms))
        ms = secondsToMs(time.get_double());
    return ms;
}

// [<float seconds>, "<value>"]
void decodePoint(od::value point, qint64 &tMs, double &value)
{
    od::array pair = arrayOf(point);
    auto it = pair.begin();
    const auto end = pair.end();
    if (it == end)
        throw ShapeError{"a sample is empty"};
    tMs = decodeTime(*it);
    ++it;
    if (it == end)
        throw ShapeError{"a sample has no value"};
    od::value text = *it;
    // simdjson's own parser (exact, Clinger's fast path then Eisel-Lemire) reads the common
    // "1.5"; a refusal does not consume the value, so the special spellings are read again.
    if (text.get_double_in_string().get(value) != simdjson::SUCCESS)
        value = parseValue(text.get_string());
    ++it;
    if (it != end)
        throw ShapeError{"a sample has more than two elements"};
}

LabelSet decodeLabels(od::value value)
{
    std::vector<series::Label> labels;
    for (auto member : objectOf(value)) {
        od::field field = std::move(member);
        QString name = str(field.unescaped_key());
        const std::string_view text = field.value().get_string();
        labels.push_back({std::move(name), str(text)});
    }
    return LabelSet::fromLabels(std::move(labels));
}

// `expected` is how many samples to reserve for: 0 means count them first. The series of one
// range answer nearly always share their length (one point per step), so counting the first
// and assuming the same for the next saves a second pass over every array; a series of
// another length is squeezed to its size, which keeps the store at 16 bytes per sample.
void decodeValues(od::value value, Series &s, std::size_t &expected)
{
    od::array values = arrayOf(value);
    if (expected == 0)
        expected = values.count_elements();
    s.reserve(expected);
    for (auto element : values) {
        qint64 t = 0;
        double v = 0;
        decodePoint(element.value(), t, v);
        s.append(t, v);
    }
    s.squeeze();
    expected = s.size() + s.rejectedCount();
}

void decodeMatrix(od::value result, SeriesList &out)
{
    std::size_t expected = 0;
    for (auto element : arrayOf(result)) {
        Series s;
        for (auto member : objectOf(element.value())) {
            od::field field = std::move(member);
            const std::string_view key = field.unescaped_key();
            if (key == "metric")
                s.setLabels(decodeLabels(field.value()));
            else if (key == "values")
                decodeValues(field.value(), s, expected);
        }
        out.push_back(std::move(s));
    }
}

void decodeVector(od::value result, std::vector<VectorSample> &out)
{
    for (auto element : arrayOf(result)) {
        VectorSample sample;
        bool hasValue = false;
        for (auto member : objectOf(element.value())) {
            od::field field = std::move(member);
            const std::string_view key = field.unescaped_key();
            if (key == "metric") {
                sample.labels = decodeLabels(field.value());
            } else if (key == "value") {
                decodePoint(field.value(), sample.tMs, sample.value);
                hasValue = true;
            }
        }
        // A native-histogram sample has "histogram" instead of "value"; it is not shown.
        if (hasValue)
            out.push_back(std::move(sample));
    }
}

QStringList decodeStrings(od::value value)
{
    QStringList out;
    for (auto element : arrayOf(value))
        out << str(element.get_string());
    return out;
}

// The members of a query's data, in whichever order the server wrote them.
std::string_view resultTypeOf(od::object &data)
{
    od::value type;
    if (data["resultType"].get(type) != simdjson::SUCCESS)
        throw ShapeError{"no resultType"};
    return type.get_string();
}

od::value resultOf(od::object &data)
{
    od::value result;
    if (data["result"].get(result) != simdjson::SUCCESS)
        throw ShapeError{"no result"};
    return result;
}

ResultType decodeQueryData(od::value data, QueryResult &out)
{
    od::object object = objectOf(data);
    const std::string type(resultTypeOf(object));
    const od::value result = resultOf(object);
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
        od::array pair = arrayOf(result);
        auto it = pair.begin();
        const auto end = pair.end();
        if (it == end)
            throw ShapeError{"a string result is not [time, \"text\"]"};
        out.tMs = decodeTime(*it);
        ++it;
        if (it == end)
            throw ShapeError{"a string result is not [time, \"text\"]"};
        out.string = str((*it).get_string());
        ++it;
        if (it != end)
            throw ShapeError{"a string result is not [time, \"text\"]"};
        return ResultType::String;
    }
    throw ShapeError{"unknown resultType \"" + type + "\""};
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

    // The parser reads up to SIMDJSON_PADDING bytes past the end; Transport leaves that much
    // spare capacity, anything else is copied once.
    const bool padded = body.capacity() - body.size() >= qsizetype(simdjson::SIMDJSON_PADDING);
    simdjson::padded_string copy;
    if (!padded)
        copy = simdjson::padded_string(body.constData(), std::size_t(body.size()));

    std::string envelopeStatus;
    std::string errorType;
    std::string errorText;
    bool sawData = false;
    try {
        od::document doc = padded
                               ? threadParser().iterate(body.constData(), std::size_t(body.size()),
                                                        std::size_t(body.capacity()))
                               : threadParser().iterate(copy);
        for (auto member : doc.get_object()) {
            od::field field = std::move(member);
            const std::string_view key = field.unescaped_key();
            if (key == "status") {
                envelopeStatus = std::string(std::string_view(field.value().get_string()));
            } else if (key == "data") {
                if (!success2xx || bool(field.value().is_null()))
                    continue;
                onData(field.value());
                sawData = true;
            } else if (key == "errorType") {
                errorType = std::string(std::string_view(field.value().get_string()));
            } else if (key == "error") {
                errorText = std::string(std::string_view(field.value().get_string()));
            } else if (key == "warnings") {
                out.warnings = decodeStrings(field.value());
            } else if (key == "infos") {
                out.infos = decodeStrings(field.value());
            }
        }
        // On Demand stops at the end of the envelope; what follows it makes the answer invalid.
        if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
            throw simdjson::simdjson_error(simdjson::TRAILING_CONTENT);
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
        out.error = badResponse(QStringLiteral("unexpected content"),
                                QString::fromStdString(e.what), status);
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
        out.error.detail =
            QStringLiteral("HTTP %1, %2: %3")
                .arg(status)
                .arg(QString::fromStdString(errorType), QString::fromStdString(errorText));
        out.error.httpStatus = status;
        return;
    }
    if (!success2xx) {
        out.error = httpStatusError(status, body, response.url);
        return;
    }
    if (envelopeStatus != "success") {
        out = Result{};
        out.error =
            badResponse(QStringLiteral("no \"status\": \"success\""), bodyExcerpt(body), status);
        return;
    }
    if (!sawData && !std::is_same_v<Result, ResultBase>) {
        out = Result{};
        out.error = badResponse(QStringLiteral("no \"data\""), bodyExcerpt(body), status);
    }
}

// For the small, irregular answers (targets, rules, alerts…): the data member is re-read with
// QJsonDocument, whose convenience outweighs its speed there.
QJsonValue asQJson(od::value data)
{
    const od::json_type type = data.type();
    if (type != od::json_type::object && type != od::json_type::array)
        throw ShapeError{"data is neither an object nor an array"};
    const std::string_view raw = simdjson::to_json_string(data);
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(raw.data(), qsizetype(raw.size())), &error);
    if (error.error != QJsonParseError::NoError)
        throw ShapeError{error.errorString().toStdString()};
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
}

} // namespace

std::optional<QJsonValue> decodeJsonEnvelope(const HttpResponse &response, ResultBase &out)
{
    std::optional<QJsonValue> data;
    decodeEnvelope(response, out, [&](od::value value) { data = asQJson(value); });
    if (!out.ok())
        return std::nullopt;
    if (!data) {
        out = ResultBase{};
        out.error = badResponse(QStringLiteral("no \"data\""), bodyExcerpt(response.body),
                                response.httpStatus);
    }
    return data;
}

QueryResult decodeQueryResponse(const HttpResponse &response)
{
    QueryResult out;
    decodeEnvelope(response, out, [&](od::value data) { out.type = decodeQueryData(data, out); });
    return out;
}

RangeResult decodeRangeResponse(const HttpResponse &response)
{
    RangeResult out;
    decodeEnvelope(response, out, [&](od::value data) {
        od::object object = objectOf(data);
        const std::string type(resultTypeOf(object));
        if (type != "matrix")
            throw ShapeError{"a range query answered with resultType \"" + type + "\""};
        decodeMatrix(resultOf(object), out.series);
    });
    return out;
}

SeriesResult decodeSeriesResponse(const HttpResponse &response)
{
    SeriesResult out;
    decodeEnvelope(response, out, [&](od::value data) {
        for (auto element : arrayOf(data))
            out.series.push_back(decodeLabels(element.value()));
    });
    return out;
}

StringListResult decodeStringListResponse(const HttpResponse &response)
{
    StringListResult out;
    decodeEnvelope(response, out, [&](od::value data) { out.values = decodeStrings(data); });
    return out;
}

ResultBase decodeEnvelopeOnly(const HttpResponse &response)
{
    ResultBase out;
    decodeEnvelope(response, out, [](od::value) {});
    return out;
}

HttpResponse okResponse(QByteArray body)
{
    HttpResponse r;
    r.httpStatus = 200;
    r.body = std::move(body);
    return r;
}

} // namespace vitals::prom

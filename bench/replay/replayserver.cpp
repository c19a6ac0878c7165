// The benchmarks' replay server: see replayserver.h.
#include "replay/replayserver.h"

#include <QDateTime>
#include <QUrlQuery>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace vitals::bench {

namespace {

QString param(const testsupport::FakeHttpServer::Request &r, const QString &name)
{
    const int q = r.target.indexOf('?');
    QUrlQuery query(QString::fromUtf8(q >= 0 ? r.target.mid(q + 1) : QByteArray()));
    if (!query.hasQueryItem(name))
        query = QUrlQuery(QString::fromUtf8(r.body));
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

// The label sets a dashboard query's answer has.
QList<QList<QPair<QString, QString>>> labelSetsFor(const QString &expr)
{
    QList<QList<QPair<QString, QString>>> sets;
    auto add = [&](std::initializer_list<QPair<QString, QString>> l) {
        sets << QList<QPair<QString, QString>>(l);
    };
    const QStringList features{QStringLiteral("sepal_length_cm"), QStringLiteral("sepal_width_cm"),
                               QStringLiteral("petal_length_cm"), QStringLiteral("petal_width_cm")};
    const QStringList les{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                          QStringLiteral("4"), QStringLiteral("5"), QStringLiteral("6"),
                          QStringLiteral("7"), QStringLiteral("8"), QStringLiteral("+Inf")};
    // Grouped as the query groups: a quantile is one series, `sum by (le)` one per bucket,
    // `by (feature, le)` one per feature and bucket.
    const QStringList latencyLes{QStringLiteral("0.005"), QStringLiteral("0.01"),
                                 QStringLiteral("0.025"), QStringLiteral("0.05"),
                                 QStringLiteral("0.1"),   QStringLiteral("0.25"),
                                 QStringLiteral("0.5"),   QStringLiteral("1"),
                                 QStringLiteral("2.5"),   QStringLiteral("+Inf")};
    if (expr.startsWith(QLatin1String("histogram_quantile"))) {
        add({});
    } else if (expr.contains(QLatin1String("bucket_le"))) {
        for (const QString &f : features)
            for (const QString &le : les)
                add({{QStringLiteral("feature"), f}, {QStringLiteral("bucket_le"), le}});
    } else if (expr.contains(QLatin1String("iris_feature_value_bucket"))
               && expr.contains(QLatin1String("by (feature, le)"))) {
        for (const QString &f : features)
            for (const QString &le : les)
                add({{QStringLiteral("feature"), f}, {QStringLiteral("le"), le}});
    } else if (expr.contains(QLatin1String("iris_feature_value_bucket"))) {
        for (const QString &le : les)
            add({{QStringLiteral("le"), le}});
    } else if (expr.contains(QLatin1String("by (le)"))) {
        for (const QString &le : latencyLes)
            add({{QStringLiteral("le"), le}});
    } else if (expr.contains(QLatin1String("by (status)"))) {
        add({{QStringLiteral("status"), QStringLiteral("200")}});
        add({{QStringLiteral("status"), QStringLiteral("400")}});
    } else if (expr.contains(QLatin1String("by (class)"))) {
        for (const char *c : {"setosa", "versicolor", "virginica"})
            add({{QStringLiteral("class"), QString::fromLatin1(c)}});
    } else if (expr.contains(QLatin1String("by (reason)"))) {
        for (const char *c : {"malformed_json", "wrong_arity", "missing_key"})
            add({{QStringLiteral("reason"), QString::fromLatin1(c)}});
    } else if (expr.contains(QLatin1String("process_"))) {
        add({{QStringLiteral("instance"), QStringLiteral("127.0.0.1:8000")}});
    } else {
        add({});
    }
    return sets;
}

void appendMetric(QByteArray &out, const QList<QPair<QString, QString>> &labels)
{
    out += '{';
    for (int i = 0; i < labels.size(); ++i) {
        out += i ? ",\"" : "\"";
        out += labels[i].first.toUtf8();
        out += "\":\"";
        out += labels[i].second.toUtf8();
        out += '"';
    }
    out += '}';
}

// Appends [t,"v"] the way Prometheus 2.42 writes a sample (Go's shortest 'f' formatting for
// the time in seconds, shortest round-trip for the value). std::to_chars: QByteArray::number
// with 'g'/17 and the temporaries of operator+ made one 36-series × 901-step answer cost 37 ms
// of the server's thread, which then answered the heatmap queries one after another.
void appendSample(QByteArray &out, double tSeconds, double value)
{
    char buf[64];
    buf[0] = '[';
    char *p = std::to_chars(buf + 1, buf + 30, tSeconds, std::chars_format::fixed).ptr;
    *p++ = ',';
    *p++ = '"';
    p = std::to_chars(p, buf + 60, value).ptr;
    *p++ = '"';
    *p++ = ']';
    out.append(buf, p - buf);
}

// Cumulative bucket values have to grow with le. Other values look like a service's metrics: a
// daily swing (period 6 h here, so a 15 min window sees a slope and a day sees four waves) plus
// ±5 % noise from a hash of the time, the same for every run.
double valueAt(const QList<QPair<QString, QString>> &labels, int series, qint64 tMs)
{
    for (const auto &[name, value] : labels)
        if (name == QLatin1String("le") || name == QLatin1String("bucket_le"))
            return value == QLatin1String("+Inf") ? 100.0 : value.toDouble() * 10.0;
    const quint64 h = (quint64(tMs / 1000) + quint64(series) * 7919u) * 0x9E3779B97F4A7C15ull;
    const double noise = double(h >> 40) / double(1ull << 24) - 0.5;
    return 1.0 + 0.3 * std::sin(double(tMs) * 2 * M_PI / 21'600'000.0 + series) + 0.1 * noise;
}

} // namespace

QElapsedTimer &replayTraceClock()
{
    static QElapsedTimer clock;
    return clock;
}

testsupport::FakeHttpServer::Action replayAnswer(const testsupport::FakeHttpServer::Request &r)
{
    const bool trace = qEnvironmentVariableIsSet("VITALS_BENCH_TRACE");
    const double arrivedMs = trace ? replayTraceClock().nsecsElapsed() / 1e6 : 0.0;
    const QString expr = param(r, QStringLiteral("query"));
    const auto sets = labelSetsFor(expr);
    QByteArray body;
    if (r.target.contains("query_range")) {
        const double start = param(r, QStringLiteral("start")).toDouble();
        const double end = param(r, QStringLiteral("end")).toDouble();
        const double step = std::max(0.001, param(r, QStringLiteral("step")).toDouble());
        const qint64 steps = qint64((end - start) / step + 1e-9) + 1;
        body.reserve(qsizetype(64 + sets.size() * (80 + steps * 40)));
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[";
        for (int s = 0; s < sets.size(); ++s) {
            body += s ? ",{\"metric\":" : "{\"metric\":";
            appendMetric(body, sets[s]);
            body += ",\"values\":[";
            for (qint64 n = 0; n < steps; ++n) {
                // Prometheus steps on the millisecond: start + n·step, rounded like its own.
                const double t = std::round((start + double(n) * step) * 1000.0) / 1000.0;
                if (n)
                    body += ',';
                appendSample(body, t, valueAt(sets[s], s, qint64(t * 1000)));
            }
            body += "]}";
        }
        body += "]}}";
    } else if (r.target.contains("/query")) {
        const double t = std::round(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[";
        for (int s = 0; s < sets.size(); ++s) {
            body += s ? ",{\"metric\":" : "{\"metric\":";
            appendMetric(body, sets[s]);
            body += ",\"value\":";
            appendSample(body, t, valueAt(sets[s], s, qint64(t * 1000)));
            body += '}';
        }
        body += "]}}";
    } else {
        body = "{\"status\":\"success\",\"data\":{\"version\":\"2.42.0\"}}";
    }
    if (trace)
        std::fprintf(stderr, "  server %8.1f ms %-22s answered in %5.1f ms, %7.1f KB\n", arrivedMs,
                     r.target.left(r.target.contains('?') ? r.target.indexOf('?') : r.target.size())
                         .constData(),
                     replayTraceClock().nsecsElapsed() / 1e6 - arrivedMs, body.size() / 1024.0);
    return {testsupport::FakeHttpServer::httpResponse(200, body)};
}

} // namespace vitals::bench

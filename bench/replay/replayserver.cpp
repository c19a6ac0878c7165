// The benchmarks' replay server: see replayserver.h.
#include "replay/replayserver.h"

#include <QDateTime>
#include <QUrlQuery>

#include <algorithm>
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
    if (expr.contains(QLatin1String("bucket_le"))) {
        for (const QString &f : features)
            for (const QString &le : les)
                add({{QStringLiteral("feature"), f}, {QStringLiteral("bucket_le"), le}});
    } else if (expr.contains(QLatin1String("iris_feature_value_bucket"))) {
        for (const QString &f : features)
            for (const QString &le : les)
                add({{QStringLiteral("feature"), f}, {QStringLiteral("le"), le}});
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

QByteArray metric(const QList<QPair<QString, QString>> &labels)
{
    QByteArray out = "{";
    for (int i = 0; i < labels.size(); ++i)
        out += (i ? ",\"" : "\"") + labels[i].first.toUtf8() + "\":\"" + labels[i].second.toUtf8()
               + "\"";
    return out + "}";
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
    if (qEnvironmentVariableIsSet("VITALS_BENCH_TRACE"))
        std::fprintf(stderr, "  server %8.1f ms %s\n", replayTraceClock().nsecsElapsed() / 1e6,
                     r.target.left(60).constData());
    const QString expr = param(r, QStringLiteral("query"));
    const auto sets = labelSetsFor(expr);
    QByteArray body;
    if (r.target.contains("query_range")) {
        const double start = param(r, QStringLiteral("start")).toDouble();
        const double end = param(r, QStringLiteral("end")).toDouble();
        const double step = std::max(0.001, param(r, QStringLiteral("step")).toDouble());
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[";
        for (int s = 0; s < sets.size(); ++s) {
            body += (s ? ",{\"metric\":" : "{\"metric\":") + metric(sets[s]) + ",\"values\":[";
            int n = 0;
            for (double t = start; t <= end + 1e-9; t += step, ++n) {
                if (n)
                    body += ',';
                body += '[' + QByteArray::number(t, 'f', 3) + ",\""
                        + QByteArray::number(valueAt(sets[s], s, qint64(t * 1000)), 'g', 17)
                        + "\"]";
            }
            body += "]}";
        }
        body += "]}}";
    } else if (r.target.contains("/query")) {
        const double t = QDateTime::currentMSecsSinceEpoch() / 1000.0;
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[";
        for (int s = 0; s < sets.size(); ++s)
            body += (s ? ",{\"metric\":" : "{\"metric\":") + metric(sets[s]) + ",\"value\":["
                    + QByteArray::number(t, 'f', 3) + ",\""
                    + QByteArray::number(valueAt(sets[s], s, qint64(t * 1000)), 'g', 17) + "\"]}";
        body += "]}}";
    } else {
        body = "{\"status\":\"success\",\"data\":{\"version\":\"2.42.0\"}}";
    }
    return {testsupport::FakeHttpServer::httpResponse(200, body)};
}

} // namespace vitals::bench

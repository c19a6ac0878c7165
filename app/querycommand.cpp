#include "app/querycommand.h"

#include "app/connectioncommand.h"

#include "core/prom/csv.h"
#include "core/prom/promclient.h"
#include "core/prom/rangeplan.h"
#include "core/units.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <cstring>

namespace vitals {

namespace {

using prom::LabelSet;

void printTable(QTextStream &out, const prom::QueryResult &r)
{
    if (r.type == prom::ResultType::String) {
        out << r.string << '\n';
        return;
    }
    if (r.type == prom::ResultType::Scalar) {
        out << prom::sampleValueText(r.scalar) << '\n';
        return;
    }
    if (r.type == prom::ResultType::Vector) {
        qsizetype width = 0;
        for (const auto &s : r.vector)
            width = std::max(width, s.labels.toString().size());
        for (const auto &s : r.vector)
            out << s.labels.toString().leftJustified(width) << "  "
                << prom::sampleValueText(s.value) << '\n';
        if (r.vector.empty())
            out << "(no series)\n";
        return;
    }
    for (const auto &s : r.matrix) {
        out << s.labels().toString() << '\n';
        for (std::size_t i = 0; i < s.size(); ++i)
            out << "  "
                << QDateTime::fromMSecsSinceEpoch(s.timestampAt(i)).toString(Qt::ISODateWithMs)
                << "  " << prom::sampleValueText(s.value(i)) << '\n';
    }
    if (r.matrix.empty())
        out << "(no series)\n";
}

QJsonObject labelsJson(const LabelSet &labels)
{
    QJsonObject o;
    for (const auto &l : labels.labels())
        o.insert(l.name, l.value);
    return o;
}

void printJson(QTextStream &out, const prom::QueryResult &r)
{
    QJsonObject data;
    QJsonValue result;
    switch (r.type) {
    case prom::ResultType::Scalar:
        data.insert(QStringLiteral("resultType"), QStringLiteral("scalar"));
        result = QJsonArray{double(r.tMs) / 1000.0, prom::sampleValueText(r.scalar)};
        break;
    case prom::ResultType::String:
        data.insert(QStringLiteral("resultType"), QStringLiteral("string"));
        result = QJsonArray{double(r.tMs) / 1000.0, r.string};
        break;
    case prom::ResultType::Vector: {
        data.insert(QStringLiteral("resultType"), QStringLiteral("vector"));
        QJsonArray list;
        for (const auto &s : r.vector)
            list.append(
                QJsonObject{{QStringLiteral("metric"), labelsJson(s.labels)},
                            {QStringLiteral("value"),
                             QJsonArray{double(s.tMs) / 1000.0, prom::sampleValueText(s.value)}}});
        result = list;
        break;
    }
    default: {
        data.insert(QStringLiteral("resultType"), QStringLiteral("matrix"));
        QJsonArray list;
        for (const auto &s : r.matrix) {
            QJsonArray values;
            for (std::size_t i = 0; i < s.size(); ++i)
                values.append(QJsonArray{double(s.timestampAt(i)) / 1000.0,
                                         prom::sampleValueText(s.value(i))});
            list.append(QJsonObject{{QStringLiteral("metric"), labelsJson(s.labels())},
                                    {QStringLiteral("values"), values}});
        }
        result = list;
        break;
    }
    }
    data.insert(QStringLiteral("result"), result);
    out << QJsonDocument(data).toJson(QJsonDocument::Indented);
}

} // namespace

bool isQueryCommand(int argc, char **argv)
{
    return argc > 1 && std::strcmp(argv[1], "query") == 0;
}

int runQueryCommand(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    args.removeAt(1); // "query"

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs one PromQL query and prints the result (instant query, or a range "
                       "query ending now with --range)."));
    parser.addHelpOption();
    const QCommandLineOption server({QStringLiteral("s"), QStringLiteral("server")},
                                    QStringLiteral("Prometheus-compatible server."),
                                    QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:9090"));
    const QCommandLineOption prefix(QStringLiteral("path-prefix"),
                                    QStringLiteral("API path prefix (/prometheus for Mimir)."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption range(QStringLiteral("range"),
                                   QStringLiteral("Range query over the last DURATION (15m, 1h)."),
                                   QStringLiteral("DURATION"));
    const QCommandLineOption step(QStringLiteral("step"),
                                  QStringLiteral("Step of a range query (default: range / 100, "
                                                 "at least 1s)."),
                                  QStringLiteral("DURATION"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output: table, csv or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("table"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Request timeout (default 30s)."),
                                     QStringLiteral("DURATION"), QStringLiteral("30s"));
    const QCommandLineOption connection = connectionOption();
    parser.addOptions({server, connection, prefix, range, step, format, timeout});
    parser.addPositionalArgument(QStringLiteral("EXPR"), QStringLiteral("PromQL expression."));
    parser.process(args);

    QTextStream err(stderr);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err << "vitals query: give exactly one PromQL expression (quote it)\n";
        return 2;
    }
    const QString fmt = parser.value(format);
    if (fmt != u"table" && fmt != u"csv" && fmt != u"json") {
        err << "vitals query: --format must be table, csv or json\n";
        return 2;
    }
    const QUrl url = QUrl::fromUserInput(parser.value(server));
    if (!url.isValid() || url.host().isEmpty()) {
        err << "vitals query: not a valid server URL: " << parser.value(server) << '\n';
        return 2;
    }
    const qint64 timeoutMs = units::parseDurationMs(parser.value(timeout));
    qint64 rangeMs = 0;
    qint64 stepMs = 0;
    if (parser.isSet(range) && (rangeMs = units::parseDurationMs(parser.value(range))) <= 0) {
        err << "vitals query: --range is not a duration: " << parser.value(range) << '\n';
        return 2;
    }
    if (parser.isSet(step) && (stepMs = units::parseDurationMs(parser.value(step))) <= 0) {
        err << "vitals query: --step is not a duration: " << parser.value(step) << '\n';
        return 2;
    }
    if (timeoutMs <= 0) {
        err << "vitals query: --timeout is not a duration: " << parser.value(timeout) << '\n';
        return 2;
    }

    prom::ConnectionProfile profile;
    profile.name = QStringLiteral("command line");
    profile.baseUrl = url;
    profile.pathPrefix = parser.value(prefix);
    if (parser.isSet(connection)) {
        if (parser.isSet(server)) {
            err << "vitals query: give --server or --connection, not both\n";
            return 2;
        }
        QString error;
        const auto saved = loadSavedConnection(parser.value(connection), &error);
        if (!saved) {
            err << "vitals query: " << error << '\n';
            return 2;
        }
        profile = *saved;
        if (parser.isSet(prefix))
            profile.pathPrefix = parser.value(prefix);
    }
    if (!parser.isSet(connection) || parser.isSet(timeout))
        profile.timeoutMs = int(std::min<qint64>(timeoutMs, 24 * 3600 * 1000));
    prom::PromClient client(profile);

    int exitCode = 1;
    QTextStream out(stdout);
    auto print = [&](const prom::QueryResult &r) {
        if (!r.ok()) {
            err << r.error.message << '\n';
            exitCode = 1;
        } else {
            for (const QString &w : r.warnings)
                err << "warning: " << w << '\n';
            if (fmt == u"csv")
                prom::writeCsv(out, r);
            else if (fmt == u"json")
                printJson(out, r);
            else
                printTable(out, r);
            exitCode = 0;
        }
        out.flush();
        err.flush();
        QCoreApplication::exit(exitCode);
    };

    prom::RequestHandle handle;
    const QString expr = positional.first();
    if (rangeMs > 0) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        prom::RangeQuery q = prom::planRange(expr, now - rangeMs, now, 100, 1000);
        if (stepMs > 0) {
            q = prom::planRange(expr, now - rangeMs, now, 0, stepMs);
        }
        handle = client.queryRange(q, &client, [&](const prom::RangeResult &r) {
            prom::QueryResult asQuery;
            static_cast<prom::ResultBase &>(asQuery) = r;
            asQuery.type = prom::ResultType::Matrix;
            asQuery.matrix = series::clone(r.series);
            print(asQuery);
        });
    } else {
        handle = client.query({expr}, &client, print);
    }
    app.exec();
    return exitCode;
}

} // namespace vitals

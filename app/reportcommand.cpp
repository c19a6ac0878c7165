#include "app/reportcommand.h"

#include "app/connectioncommand.h"

#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/variableresolver.h"
#include "core/prom/promclient.h"
#include "core/snapshot/snapshot.h"
#include "core/timerange.h"
#include "core/units.h"
#include "ui/reportjob.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <cstring>

namespace vitals {

namespace {
const QString kDefaultDashboard = QStringLiteral(":/vitals/dashboards/model-health.json");

// `vitals report --snapshot FILE --out OUT`: the snapshot's panels, span and alerts, rendered
// with no server. Exit codes as for the report; a snapshot that does not read is 2.
int runSnapshotReport(const QString &snapshotPath, const QString &path, ReportJob::Format format,
                      int widthPx, int heightPx)
{
    QTextStream err(stderr);
    snapshot::ReadResult read = snapshot::readSnapshotFile(snapshotPath);
    if (!read.ok()) {
        err << "vitals report: " << read.error << '\n';
        return 2;
    }
    auto s = std::make_shared<const snapshot::Snapshot>(std::move(*read.snapshot));
    ReportJob::Options options;
    options.path = QFileInfo(path).absoluteFilePath();
    options.format = format;
    options.dashboard = s->dashboard;
    options.fromMs = s->fromMs;
    options.toMs = s->toMs;
    options.rangeLabel = s->rangeLabel;
    options.connection = s->bannerText();
    options.size = QSize(widthPx, heightPx);
    options.snapshot = s;
    ReportJob job(nullptr, options);
    int code = 0;
    QObject::connect(&job, &ReportJob::finished, [&](bool written, const QString &error) {
        for (const QString &e : job.panelErrors())
            err << "vitals report: " << e << '\n';
        if (!written) {
            err << "vitals report: " << error << '\n';
            code = 3;
        } else {
            code = job.panelErrors().isEmpty() ? 0 : 1;
            QTextStream(stdout) << "wrote " << options.path << '\n';
        }
        err.flush();
        QCoreApplication::exit(code);
    });
    job.start();
    QCoreApplication::exec();
    return code;
}
} // namespace

bool isReportCommand(int argc, char **argv)
{
    return argc > 1
           && (std::strcmp(argv[1], "report") == 0 || std::strcmp(argv[1], "snapshot") == 0);
}

int runReportCommand(int argc, char **argv)
{
    // A report never needs a screen: render offscreen unless the user chose a platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStringList args = app.arguments();
    const QString command = args.takeAt(1); // "report" or "snapshot"
    const bool snapshotCommand = command == u"snapshot";

    QCommandLineParser parser;
    parser.setApplicationDescription(
        snapshotCommand
            ? QStringLiteral("Saves a dashboard with its data to a snapshot file that opens "
                             "offline (vitals FILE.vitals-snapshot).")
            : QStringLiteral("Renders a dashboard to a PDF report or a PNG image, without a "
                             "display."));
    parser.addHelpOption();
    const QCommandLineOption server({QStringLiteral("s"), QStringLiteral("server")},
                                    QStringLiteral("Prometheus-compatible server."),
                                    QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:9090"));
    const QCommandLineOption prefix(QStringLiteral("path-prefix"),
                                    QStringLiteral("API path prefix (/prometheus for Mimir)."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption dashboardFile(
        {QStringLiteral("d"), QStringLiteral("dashboard")},
        QStringLiteral("Vitals or Grafana dashboard JSON (default: the built-in Model health)."),
        QStringLiteral("FILE"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("Start: -1h, now-30m, an ISO date-time or Unix "
                                                 "seconds (default: the dashboard's range)."),
                                  QStringLiteral("TIME"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("End (default: now)."),
                                QStringLiteral("TIME"), QStringLiteral("now"));
    const QCommandLineOption width(QStringLiteral("width"),
                                   QStringLiteral("Dashboard width in pixels (default 1600)."),
                                   QStringLiteral("PX"), QStringLiteral("1600"));
    const QCommandLineOption height(
        QStringLiteral("height"),
        QStringLiteral("PNG height in pixels (default: as tall as the panels need)."),
        QStringLiteral("PX"), QStringLiteral("0"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("Give up waiting for panels after this long (default 2m)."),
        QStringLiteral("DURATION"), QStringLiteral("2m"));
    const QCommandLineOption out({QStringLiteral("o"), QStringLiteral("out")},
                                 QStringLiteral("Output file: .pdf or .png."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption var(
        QStringLiteral("var"),
        QStringLiteral("Select a value of a dashboard variable, e.g. --var job=node (repeat for "
                       "several values of a multi-value variable; NAME=All for All). The other "
                       "variables are resolved against the server."),
        QStringLiteral("NAME=VALUE"));
    const QCommandLineOption scrapeInterval(
        QStringLiteral("scrape-interval"),
        QStringLiteral("The server's scrape interval, e.g. 30s (default: ask the server, 15s "
                       "when it does not say)."),
        QStringLiteral("DURATION"));
    const QCommandLineOption connection = connectionOption();
    const QCommandLineOption snapshotFile(
        QStringLiteral("snapshot"),
        QStringLiteral("Render a snapshot file instead of asking a server (no server needed)."),
        QStringLiteral("FILE"));
    parser.addOptions({server, connection, prefix, dashboardFile, from, to, width, height, timeout,
                       out, var, scrapeInterval});
    if (!snapshotCommand)
        parser.addOption(snapshotFile);
    parser.process(args);

    QTextStream err(stderr);
    const QString name = QStringLiteral("vitals ") + command;
    auto usage = [&err, name](const QString &message) {
        err << name << ": " << message << '\n';
        err.flush();
        return 2;
    };
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument %1")
                         .arg(parser.positionalArguments().constFirst()));
    if (!parser.isSet(out))
        return usage(snapshotCommand
                         ? QStringLiteral("--out FILE.vitals-snapshot is required")
                         : QStringLiteral("--out FILE.pdf or --out FILE.png is required"));
    const QString path = parser.value(out);
    const auto format = ReportJob::formatForPath(path);
    if (snapshotCommand && format != ReportJob::Format::Snapshot)
        return usage(QStringLiteral("--out must end in .vitals-snapshot: %1").arg(path));
    if (!format)
        return usage(QStringLiteral("--out must end in .pdf or .png: %1").arg(path));
    const QUrl url = QUrl::fromUserInput(parser.value(server));
    if (!url.isValid() || url.host().isEmpty())
        return usage(QStringLiteral("not a valid server URL: %1").arg(parser.value(server)));
    bool ok = false;
    const int widthPx = parser.value(width).toInt(&ok);
    if (!ok || widthPx < 200 || widthPx > 16000)
        return usage(QStringLiteral("--width must be 200–16000 pixels"));
    const int heightPx = parser.value(height).toInt(&ok);
    if (!ok || heightPx < 0 || heightPx > 32000)
        return usage(QStringLiteral("--height must be 0–32000 pixels"));
    const qint64 timeoutMs = units::parseDurationMs(parser.value(timeout));
    if (timeoutMs <= 0)
        return usage(QStringLiteral("--timeout is not a duration: %1").arg(parser.value(timeout)));
    qint64 scrapeIntervalMs = 0;
    if (parser.isSet(scrapeInterval)) {
        scrapeIntervalMs = units::parseDurationMs(parser.value(scrapeInterval));
        if (scrapeIntervalMs <= 0)
            return usage(QStringLiteral("--scrape-interval is not a duration: %1")
                             .arg(parser.value(scrapeInterval)));
    }
    if (!snapshotCommand && parser.isSet(snapshotFile))
        return runSnapshotReport(parser.value(snapshotFile), path, *format, widthPx, heightPx);
    QMap<QString, QStringList> pinned;
    QString varError;
    if (!dashboard::parseVariableAssignments(parser.values(var), &pinned, &varError))
        return usage(varError);

    const QString dashboardPath =
        parser.isSet(dashboardFile) ? parser.value(dashboardFile) : kDefaultDashboard;
    const dashboard::OpenResult opened = dashboard::openDashboardFile(dashboardPath);
    if (!opened.ok()) {
        err << name << ": " << opened.error << '\n';
        return 2;
    }
    if (opened.importedFromGrafana) {
        err << "vitals report: imported Grafana dashboard \"" << opened.dashboard->title << "\"\n";
        if (!opened.report.isEmpty())
            err << opened.report.toText() << (opened.report.toText().endsWith(u'\n') ? "" : "\n");
    }

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto toMs = parseReportTime(parser.value(to), now);
    if (!toMs)
        return usage(QStringLiteral("--to is not a time: %1").arg(parser.value(to)));
    std::optional<qint64> fromMs;
    QString rangeLabel;
    if (parser.isSet(from)) {
        fromMs = parseReportTime(parser.value(from), now);
        if (!fromMs)
            return usage(QStringLiteral("--from is not a time: %1").arg(parser.value(from)));
    } else {
        const auto range = TimeRange::parse(opened.dashboard->defaultRange);
        fromMs = *toMs - (range ? range->spanMs() : 3600000);
    }
    if (*fromMs >= *toMs)
        return usage(QStringLiteral("--from must be before --to"));
    if (*toMs == now)
        rangeLabel = TimeRange::last(*toMs - *fromMs).label();

    prom::ConnectionProfile profile;
    profile.name = url.toDisplayString();
    profile.baseUrl = url;
    profile.pathPrefix = parser.value(prefix);
    if (parser.isSet(connection)) {
        if (parser.isSet(server))
            return usage(QStringLiteral("give --server or --connection, not both"));
        QString error;
        const auto saved = loadSavedConnection(parser.value(connection), &error);
        if (!saved)
            return usage(error);
        profile = *saved;
        if (parser.isSet(prefix))
            profile.pathPrefix = parser.value(prefix);
        // The connection's own scrape interval, unless the command line gives one.
        if (scrapeIntervalMs <= 0)
            scrapeIntervalMs = profile.scrapeIntervalMs;
    }
    prom::PromClient client(profile);

    ReportJob::Options options;
    options.path = QFileInfo(path).absoluteFilePath();
    options.format = *format;
    options.dashboard = *opened.dashboard;
    options.fromMs = *fromMs;
    options.toMs = *toMs;
    options.rangeLabel = rangeLabel;
    // Never credentials: a snapshot travels, and a report's title page is read by others.
    options.connection =
        parser.isSet(connection) ? profile.name : snapshot::connectionNameForUrl(url);
    options.size = QSize(widthPx, heightPx);
    options.timeoutMs = int(std::min<qint64>(timeoutMs, 24 * 3600 * 1000));
    options.scrapeIntervalMs = scrapeIntervalMs;
    options.resolveVariables = true;
    options.pinnedVariables = pinned;
    for (auto it = pinned.cbegin(); it != pinned.cend(); ++it)
        if (!opened.dashboard->variable(it.key()))
            return usage(QStringLiteral("the dashboard has no variable \"%1\"").arg(it.key()));
    ReportJob job(&client, options);

    int code = 0;
    QObject::connect(&job, &ReportJob::finished, &app, [&](bool written, const QString &error) {
        if (!job.alertsError().isEmpty())
            err << name << ": warning: the alerts could not be read: " << job.alertsError() << '\n';
        for (const QString &p : job.variableProblems())
            err << name << ": warning: variable " << p << '\n';
        for (const QString &e : job.panelErrors())
            err << name << ": " << e << '\n';
        if (!written) {
            err << name << ": " << error << '\n';
            code = 3;
        } else {
            code = job.panelErrors().isEmpty() ? 0 : 1;
            QTextStream(stdout) << "wrote " << options.path
                                << (*format == ReportJob::Format::Pdf
                                        ? QStringLiteral(" (%1 pages)").arg(job.pageCount())
                                        : QString())
                                << '\n';
        }
        err.flush();
        QCoreApplication::exit(code);
    });
    job.start();
    app.exec();
    return code;
}

} // namespace vitals

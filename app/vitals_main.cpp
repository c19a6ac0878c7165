// The console's composition root: reads the command line, and either runs a headless command
// (query, simulate) or builds the window, optionally with the local stack and the simulator.
#include "app/connectioncommand.h"
#include "app/querycommand.h"
#include "app/reportcommand.h"
#include "app/simulatecommand.h"
#include "app/snapshotviewer.h"
#include "app/unixsignals.h"
#include "core/dashboard/variableresolver.h"
#include "core/prom/connectionstore.h"
#include "core/sim/scenario.h"
#include "core/sim/trafficsimulator.h"
#include "core/snapshot/snapshot.h"
#include "core/stack/localstack.h"
#include "ui/mainwindow.h"
#include "ui/stackpage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>
#include <QUrl>

#include <cstdio>
#include <cstring>

namespace {

// --help and --version must work without a display, so they are answered before a
// QApplication (which needs a windowing system) exists.
bool wantsNoGui(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (!std::strcmp(a, "-h") || !std::strcmp(a, "--help") || !std::strcmp(a, "-v")
            || !std::strcmp(a, "--version") || !std::strcmp(a, "--help-all"))
            return true;
    }
    return false;
}

struct Options {
    QCommandLineOption server{{QStringLiteral("s"), QStringLiteral("server")},
                              QStringLiteral("Prometheus-compatible server to read from."),
                              QStringLiteral("URL")};
    QCommandLineOption range{QStringLiteral("range"),
                             QStringLiteral("Time range to show: 5m, 15m, 1h, 6h, 24h, 7d, …"),
                             QStringLiteral("DURATION")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QStringLiteral("Save the window as PNG once every panel has refreshed, then exit."),
        QStringLiteral("FILE")};
    QCommandLineOption screenshotDelay{
        QStringLiteral("screenshot-delay"),
        QStringLiteral("With --screenshot: wait this long before saving (default: until the "
                       "panels have refreshed, at most 30 s)."),
        QStringLiteral("SECONDS")};
    // Hidden: bench-startup's end point, the first refresh's answers as drawn.
    QCommandLineOption screenshotFirstData{
        QStringLiteral("screenshot-first-data"),
        QStringLiteral(
            "With --screenshot: save as soon as the first refresh's answers are drawn.")};
    QCommandLineOption windowSize{QStringLiteral("window-size"),
                                  QStringLiteral("Window size in pixels, e.g. 1600x1200."),
                                  QStringLiteral("WxH")};
    QCommandLineOption localStack{
        QStringLiteral("local-stack"),
        QStringLiteral("Start iris-server and Prometheus on this machine and show them.")};
    QCommandLineOption replicas{QStringLiteral("replicas"),
                                QStringLiteral("With --local-stack: iris-server replicas (1–8)."),
                                QStringLiteral("N"), QStringLiteral("1")};
    QCommandLineOption connection = vitals::connectionOption();
    QCommandLineOption noKeychain{
        QStringLiteral("no-keychain"),
        QStringLiteral("Keep passwords and tokens in memory only, never in the OS keychain.")};
    QCommandLineOption scenario{
        QStringLiteral("scenario"),
        QStringLiteral("With --local-stack: traffic to simulate (normal, spike, drift, errors, "
                       "slow, concept, mix, cycle), with half the predictions labelled back."),
        QStringLiteral("NAME")};

    QCommandLineOption target{
        QStringLiteral("target"),
        QStringLiteral("With --local-stack: your own model server to scrape (job \"model\") and "
                       "send the simulator's traffic to, e.g. http://127.0.0.1:8000; repeatable."),
        QStringLiteral("URL")};
    QCommandLineOption metricsPath{
        QStringLiteral("metrics-path"),
        QStringLiteral("With --target: the path of its metrics (default /metrics)."),
        QStringLiteral("PATH"), QStringLiteral("/metrics")};
    QCommandLineOption noIris{
        QStringLiteral("no-iris"),
        QStringLiteral("With --local-stack --target: do not start iris-server.")};
    QCommandLineOption dashboard{{QStringLiteral("d"), QStringLiteral("dashboard")},
                                 QStringLiteral("Vitals or Grafana dashboard JSON to show (as "
                                                "a FILE argument)."),
                                 QStringLiteral("FILE")};
    QCommandLineOption var{
        QStringLiteral("var"),
        QStringLiteral("Select a value of a dashboard variable, e.g. --var "
                       "job=node (repeat for several values; NAME=All for All)."),
        QStringLiteral("NAME=VALUE")};

    void describe(QCommandLineParser &parser)
    {
        parser.setApplicationDescription(
            QStringLiteral("Vitals: the vital signs of a served machine-learning model, read "
                           "from any server that speaks the Prometheus HTTP API.\n\n"
                           "Headless commands: `vitals query --help`, `vitals report --help`, "
                           "`vitals simulate --help`, `vitals connection --help`."));
        parser.addHelpOption();
        parser.addVersionOption();
        screenshotFirstData.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOptions({server, connection, noKeychain, range, screenshot, screenshotDelay,
                           screenshotFirstData, windowSize, localStack, replicas, scenario, target,
                           metricsPath, noIris, dashboard, var});
        parser.addPositionalArgument(
            QStringLiteral("FILE"),
            QStringLiteral("Dashboard files to open (Vitals or Grafana JSON); the first is shown, "
                           "the others are in File › Open Recent."),
            QStringLiteral("[FILE…]"));
    }
};

bool isCommand(int argc, char **argv, const char *name)
{
    return argc > 1 && !std::strcmp(argv[1], name);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Vitals"));
    QCoreApplication::setApplicationName(QStringLiteral("vitals"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VITALS_VERSION));

    // Headless commands run before (and instead of) any QApplication.
    if (vitals::isQueryCommand(argc, argv))
        return vitals::runQueryCommand(argc, argv);
    if (isCommand(argc, argv, "simulate")) {
        QCoreApplication app(argc, argv);
        vitals::quitOnTerminationSignals();
        return vitals::runSimulateCommand(QCoreApplication::arguments());
    }
    if (vitals::isReportCommand(argc, argv))
        return vitals::runReportCommand(argc, argv);
    if (vitals::isConnectionCommand(argc, argv))
        return vitals::runConnectionCommand(argc, argv);

    Options options;
    if (wantsNoGui(argc, argv)) {
        QCoreApplication app(argc, argv);
        QCommandLineParser parser;
        options.describe(parser);
        parser.process(app);
        return 0;
    }

    QApplication app(argc, argv);
    // Ties the windows to the installed desktop entry (Wayland app_id) and its icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.vitals.Vitals"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.github.vitals.Vitals")));
    QCommandLineParser parser;
    options.describe(parser);
    parser.process(app);
    // SIGTERM and SIGINT quit through the event loop, so the local stack stops its children.
    vitals::quitOnTerminationSignals();

    // `vitals FILE.vitals-snapshot`: the snapshot, read-only and offline, in its own window.
    if (parser.positionalArguments().size() == 1
        && vitals::snapshot::looksLikeSnapshotFile(parser.positionalArguments().front()))
        return vitals::runSnapshotViewer(parser.positionalArguments().front(),
                                         parser.value(options.screenshot),
                                         parser.value(options.windowSize));

    vitals::MainWindow::Options windowOptions;
    if (parser.isSet(options.server)) {
        windowOptions.server = QUrl::fromUserInput(parser.value(options.server));
        if (!windowOptions.server.isValid()) {
            std::fprintf(stderr, "vitals: not a valid server URL: %s\n",
                         qPrintable(parser.value(options.server)));
            return 2;
        }
    }
    windowOptions.keychain = !parser.isSet(options.noKeychain);
    if (parser.isSet(options.connection)) {
        if (parser.isSet(options.server)) {
            std::fprintf(stderr, "vitals: give --server or --connection, not both\n");
            return 2;
        }
        windowOptions.connection = parser.value(options.connection);
        if (!vitals::prom::ConnectionStore().profile(windowOptions.connection)) {
            std::fprintf(stderr,
                         "vitals: no connection called \"%s\" (see `vitals connection list`)\n",
                         qPrintable(windowOptions.connection));
            return 2;
        }
    }
    if (parser.isSet(options.range)) {
        if (!vitals::TimeRange::parse(parser.value(options.range))) {
            std::fprintf(stderr, "vitals: not a time range: %s (try 15m, 1h, 7d)\n",
                         qPrintable(parser.value(options.range)));
            return 2;
        }
        windowOptions.range = parser.value(options.range);
    }
    std::optional<vitals::sim::Scenario> scenario;
    if (parser.isSet(options.scenario)) {
        scenario = vitals::sim::scenarioFromName(parser.value(options.scenario));
        if (!scenario) {
            std::fprintf(stderr, "vitals: unknown scenario %s (one of: %s)\n",
                         qPrintable(parser.value(options.scenario)),
                         qPrintable(vitals::sim::scenarioNames().join(QStringLiteral(", "))));
            return 2;
        }
    }
    windowOptions.dashboardFiles = parser.values(options.dashboard) + parser.positionalArguments();
    for (const QString &file : windowOptions.dashboardFiles) {
        if (!QFileInfo(file).isFile()) {
            std::fprintf(stderr, "vitals: no such dashboard file: %s\n", qPrintable(file));
            return 2;
        }
    }
    QString varError;
    if (!vitals::dashboard::parseVariableAssignments(parser.values(options.var),
                                                     &windowOptions.pinnedVariables, &varError)) {
        std::fprintf(stderr, "vitals: %s\n", qPrintable(varError));
        return 2;
    }
    const bool withStack = parser.isSet(options.localStack);
    QList<QUrl> modelTargets;
    for (const QString &t : parser.values(options.target)) {
        const QUrl url = QUrl::fromUserInput(t);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != u"http" && url.scheme() != u"https")) {
            std::fprintf(stderr,
                         "vitals: --target wants an http(s) URL, e.g. http://127.0.0.1:8000: %s\n",
                         qPrintable(t));
            return 2;
        }
        modelTargets << url;
    }
    if ((!modelTargets.isEmpty() || parser.isSet(options.noIris)) && !withStack) {
        std::fprintf(stderr, "vitals: --target and --no-iris need --local-stack\n");
        return 2;
    }
    if (parser.isSet(options.noIris) && modelTargets.isEmpty()) {
        std::fprintf(stderr, "vitals: --no-iris needs a --target to watch\n");
        return 2;
    }
    if (!parser.value(options.metricsPath).startsWith(u'/')) {
        std::fprintf(stderr, "vitals: --metrics-path must start with /\n");
        return 2;
    }
    // The local stack's Prometheus is on a port chosen at start: do not first try a saved one.
    windowOptions.connectOnStart = !withStack;

    vitals::MainWindow window(windowOptions);

    std::unique_ptr<vitals::stack::LocalStack> stack;
    std::unique_ptr<vitals::sim::TrafficSimulator> simulator;
    if (withStack) {
        vitals::stack::LocalStackOptions stackOptions;
        stackOptions.replicas = std::clamp(parser.value(options.replicas).toInt(), 1, 8);
        stackOptions.modelTargets = modelTargets;
        stackOptions.modelMetricsPath = parser.value(options.metricsPath);
        stackOptions.withIris = !parser.isSet(options.noIris);
        stack = std::make_unique<vitals::stack::LocalStack>(stackOptions);
        simulator = std::make_unique<vitals::sim::TrafficSimulator>();
        auto *page = new vitals::StackPage(stack.get(), simulator.get());
        window.addPage(page, QObject::tr("Stack"));
        QObject::connect(stack.get(), &vitals::stack::LocalStack::prometheusReady, &window,
                         [&window, &stack](const QUrl &url) {
                             vitals::prom::ConnectionProfile profile;
                             profile.name = QObject::tr("Local stack");
                             profile.baseUrl = url;
                             // The stack's own Prometheus: its interval is known, not asked.
                             profile.scrapeIntervalMs =
                                 qint64(stack->options().scrapeIntervalSeconds) * 1000;
                             profile.localStack = true;
                             // Started before Prometheus: known by now, when it runs.
                             profile.alertmanagerUrl = stack->alertmanagerUrl();
                             window.setConnection(profile);
                         });
        QObject::connect(stack.get(), &vitals::stack::LocalStack::stackReady, page,
                         [page, scenario] {
                             if (scenario)
                                 page->startSimulation(*scenario);
                         });
        QObject::connect(stack.get(), &vitals::stack::LocalStack::errorOccurred, &window,
                         [&window](const QString &message) { window.showStatusError(message); });
        QTimer::singleShot(0, stack.get(), [&stack] { stack->start(); });
    }

    if (parser.isSet(options.screenshot)) {
        const QString path = parser.value(options.screenshot);
        const bool delayGiven = parser.isSet(options.screenshotDelay);
        const int delayMs = int(parser.value(options.screenshotDelay).toDouble() * 1000.0);
        QObject::connect(
            &window, &vitals::MainWindow::screenshotSaved, &app, [](const QString &file, bool ok) {
                if (ok)
                    std::printf("saved %s\n", qPrintable(file));
                else
                    std::fprintf(stderr, "vitals: could not write %s\n", qPrintable(file));
                QCoreApplication::exit(ok ? 0 : 1);
            });
        if (delayGiven)
            window.screenshotAfter(path, delayMs);
        else
            window.screenshotWhenReady(path, 30000,
                                       parser.isSet(options.screenshotFirstData)
                                           ? vitals::MainWindow::ScreenshotMoment::FirstData
                                           : vitals::MainWindow::ScreenshotMoment::Settled);
    }

    if (parser.isSet(options.windowSize)) {
        const QStringList wh = parser.value(options.windowSize).split(QLatin1Char('x'));
        const int w = wh.value(0).toInt();
        const int h = wh.value(1).toInt();
        if (wh.size() != 2 || w < 200 || h < 200 || w > 10000 || h > 10000) {
            std::fprintf(stderr, "vitals: --window-size wants WxH, e.g. 1600x1200\n");
            return 2;
        }
        window.resize(w, h);
    }
    window.show();
    const int code = app.exec();
    simulator.reset();
    stack.reset(); // stops every child before the process ends
    return code;
}

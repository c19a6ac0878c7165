#include "simulatecommand.h"

#include "core/sim/trafficsimulator.h"
#include "core/units.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

namespace vitals {

namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "vitals simulate: %s\nTry `vitals simulate --help`.\n",
                 qPrintable(message));
    return 2;
}

// "30s", "2m", "1h30m" as Prometheus durations; a bare number is seconds.
qint64 parseDuration(const QString &text)
{
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    if (isNumber)
        return seconds > 0 && seconds < 1e9 ? qint64(seconds * 1000) : -1;
    return units::parseDurationMs(text);
}

void printCounters(FILE *out, const sim::TrafficCounters &c)
{
    std::fprintf(
        out, "sent %llu ok %llu failed %llu network-errors %llu labels %llu labels-ok %llu\n",
        static_cast<unsigned long long>(c.sent), static_cast<unsigned long long>(c.ok),
        static_cast<unsigned long long>(c.failed), static_cast<unsigned long long>(c.networkErrors),
        static_cast<unsigned long long>(c.feedbackSent),
        static_cast<unsigned long long>(c.feedbackOk));
    std::fflush(out);
}

} // namespace

int runSimulateCommand(const QStringList &arguments)
{
    QStringList args = arguments;
    if (args.size() > 1 && args.at(1) == QLatin1String("simulate"))
        args.removeAt(1);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Sends synthetic traffic to iris-server and prints the counts."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption target(
        QStringLiteral("target"),
        QStringLiteral("Base URL of an iris-server (repeat for several replicas, used in turn)."),
        QStringLiteral("URL"));
    const QCommandLineOption scenario(
        QStringLiteral("scenario"),
        QStringLiteral("One of: %1.").arg(sim::scenarioNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"), QStringLiteral("normal"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("How long to run, e.g. 30s, 5m."),
                                      QStringLiteral("DURATION"), QStringLiteral("30s"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Requests per second (default: %1, spike: %2).")
                                      .arg(sim::kDefaultRate)
                                      .arg(sim::kDefaultSpikeRate),
                                  QStringLiteral("R"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed for reproducible request bodies."),
                                  QStringLiteral("N"));
    const QCommandLineOption errorFraction(
        QStringLiteral("error-fraction"),
        QStringLiteral("mix: share of malformed requests, 0..1 (default 0.1)."),
        QStringLiteral("F"), QStringLiteral("0.1"));
    const QCommandLineOption driftFraction(
        QStringLiteral("drift-fraction"),
        QStringLiteral("mix: share of drifted requests, 0..1 (default 0)."), QStringLiteral("F"),
        QStringLiteral("0"));
    const QCommandLineOption maxInFlight(
        QStringLiteral("max-in-flight"),
        QStringLiteral("Requests awaiting an answer at most (default 64)."), QStringLiteral("N"),
        QStringLiteral("64"));
    const QCommandLineOption latency(
        QStringLiteral("latency-ms"),
        QStringLiteral("slow: latency the server adds to each request (default 300)."),
        QStringLiteral("N"), QStringLiteral("300"));
    const QCommandLineOption feedback(
        QStringLiteral("feedback"),
        QStringLiteral("Send the true class back (POST /feedback) for this share of the answered "
                       "predictions whose class is known, 0..1 (default 0)."),
        QStringLiteral("SHARE"), QStringLiteral("0"));
    const QCommandLineOption feedbackDelay(
        QStringLiteral("feedback-delay"),
        QStringLiteral("How long after the answer a label is sent, e.g. 10s (default 10s)."),
        QStringLiteral("DURATION"), QStringLiteral("10s"));
    const QCommandLineOption timeScale(
        QStringLiteral("time-scale"),
        QStringLiteral("Run the scenario this many times as fast, 0..1 (phase lengths and the "
                       "feedback delay times F, rates divided by F; for tests)."),
        QStringLiteral("F"), QStringLiteral("1"));
    parser.addOptions({help, target, scenario, duration, rate, seed, errorFraction, driftFraction,
                       maxInFlight, latency, feedback, feedbackDelay, timeScale});

    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText().replace(QStringLiteral("[options]"),
                                                        QStringLiteral("simulate [options]"))),
                   stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("unexpected argument: %1").arg(parser.positionalArguments().first()));

    sim::SimulatorOptions options;
    const auto chosen = sim::scenarioFromName(parser.value(scenario));
    if (!chosen)
        return usageError(
            QStringLiteral("unknown scenario '%1' (one of: %2)")
                .arg(parser.value(scenario), sim::scenarioNames().join(QStringLiteral(", "))));
    options.scenario = *chosen;
    for (const QString &t : parser.values(target)) {
        const QUrl url = QUrl::fromUserInput(t);
        if (!url.isValid() || url.host().isEmpty())
            return usageError(QStringLiteral("not a URL: %1").arg(t));
        options.targets << url;
    }
    if (options.targets.isEmpty())
        return usageError(QStringLiteral("--target URL is required"));
    options.durationMs = parseDuration(parser.value(duration));
    if (options.durationMs <= 0)
        return usageError(QStringLiteral("not a duration: %1").arg(parser.value(duration)));
    bool ok = true;
    auto number = [&](const QCommandLineOption &o) {
        bool good = false;
        const double v = parser.value(o).toDouble(&good);
        ok = ok && good;
        return v;
    };
    if (parser.isSet(rate))
        options.rate = number(rate);
    options.errorFraction = number(errorFraction);
    options.driftFraction = number(driftFraction);
    options.maxInFlight = int(number(maxInFlight));
    options.faultLatencyMs = int(number(latency));
    options.feedbackShare = number(feedback);
    options.timeScale = number(timeScale);
    if (parser.value(feedbackDelay) == QLatin1String("0"))
        options.feedbackDelayMs = 0;
    else if ((options.feedbackDelayMs = parseDuration(parser.value(feedbackDelay))) < 0)
        return usageError(QStringLiteral("not a duration: %1").arg(parser.value(feedbackDelay)));
    if (parser.isSet(seed)) {
        bool good = false;
        options.seed = parser.value(seed).toULongLong(&good);
        ok = ok && good;
    }
    if (!ok)
        return usageError(QStringLiteral("a numeric option is not a number"));

    sim::TrafficSimulator simulator;
    QEventLoop loop;
    QObject::connect(&simulator, &sim::TrafficSimulator::errorOccurred, &loop,
                     [](const QString &message) {
                         std::fprintf(stderr, "vitals simulate: %s\n", qPrintable(message));
                     });
    QObject::connect(&simulator, &sim::TrafficSimulator::stopped, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    QTimer progress;
    progress.setInterval(5000);
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        std::fprintf(stderr, "vitals simulate: %lld s, %s: ", clock.elapsed() / 1000,
                     qPrintable(sim::scenarioName(simulator.currentPhase())));
        printCounters(stderr, simulator.counters());
    });
    if (!simulator.start(options))
        return 2;
    clock.start();
    progress.start();
    loop.exec();

    const sim::TrafficCounters c = simulator.counters();
    printCounters(stdout, c);
    return c.sent > 0 && c.networkErrors == c.sent ? 1 : 0;
}

} // namespace vitals

// iris-server's composition root: `iris-server train|serve [options]`.
#include "server/builtinmodel.h"
#include "server/dataset.h"
#include "server/driftmonitor.h"
#include "server/faults.h"
#include "server/feedbackstore.h"
#include "server/httpserver.h"
#include "server/metrics.h"
#include "server/model.h"
#include "server/router.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>

#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <thread>

Q_LOGGING_CATEGORY(lcMain, "vitals.server.main")

namespace {

int usage(const QCommandLineParser &parser, const QString &message)
{
    std::fprintf(stderr, "iris-server: %s\n\n%s", qPrintable(message),
                 qPrintable(parser.helpText()));
    return 2;
}

int train(const QCommandLineParser &parser, const QCommandLineOption &data,
          const QCommandLineOption &out)
{
    if (!parser.isSet(data) || !parser.isSet(out))
        return usage(parser, QStringLiteral("train needs --data FILE and --out FILE"));
    QString error;
    const auto dataset = iris::loadCsv(parser.value(data), &error);
    if (!dataset) {
        std::fprintf(stderr, "iris-server: %s\n", qPrintable(error));
        return 1;
    }
    const auto model = iris::train(*dataset, iris::TrainOptions{}, &error);
    if (!model) {
        std::fprintf(stderr, "iris-server: %s\n", qPrintable(error));
        return 1;
    }
    QFile file(parser.value(out));
    const std::string json = iris::toJson(*model);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(json.data(), qint64(json.size())) != qint64(json.size())) {
        std::fprintf(stderr, "iris-server: cannot write %s: %s\n", qPrintable(file.fileName()),
                     qPrintable(file.errorString()));
        return 1;
    }
    std::printf("trained on %d examples, holdout accuracy %.4f on %d, in %.3f s; wrote %s\n",
                model->trainSize, model->accuracy, model->holdoutSize, model->trainingSeconds,
                qPrintable(file.fileName()));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("iris-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VITALS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The Iris inference server: a softmax model of Fisher's Iris data, served "
                       "over HTTP with Prometheus metrics.\n\n"
                       "  iris-server serve [options]              serve the model over HTTP\n"
                       "  iris-server train --data CSV --out JSON  train a model file"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("train or serve"));
    const QCommandLineOption host(QStringLiteral("host"),
                                  QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                  QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port to listen on; 0 picks a free one "
                                                 "(default 8000)."),
                                  QStringLiteral("port"), QStringLiteral("8000"));
    const QCommandLineOption modelFile(QStringLiteral("model"),
                                       QStringLiteral("Model file to serve (default: the "
                                                      "built-in model)."),
                                       QStringLiteral("file"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Worker threads (default: one per core)."),
                                     QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption accessLog(QStringLiteral("access-log"),
                                       QStringLiteral("Log every request to stderr."));
    const QCommandLineOption latency(QStringLiteral("inject-latency-ms"),
                                     QStringLiteral("Delay every inference answer (fault "
                                                    "injection)."),
                                     QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption errorRate(QStringLiteral("inject-error-rate"),
                                       QStringLiteral("Answer this share (0..1) of inference "
                                                      "requests with 503 (fault injection)."),
                                       QStringLiteral("rate"), QStringLiteral("0"));
    const QCommandLineOption driftWindow(
        QStringLiteral("drift-window"),
        QStringLiteral("Predictions in the sliding window of the drift gauges "
                       "iris_feature_drift_psi and iris_prediction_drift_js, %1..%2 "
                       "(default %3); they are NaN until %4 predictions arrived.")
            .arg(iris::DriftMonitor::kMinCapacity)
            .arg(iris::DriftMonitor::kMaxCapacity)
            .arg(iris::DriftMonitor::kDefaultCapacity)
            .arg(iris::DriftMonitor::kWarmUp),
        QStringLiteral("n"), QString::number(iris::DriftMonitor::kDefaultCapacity));
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("train: CSV data set "
                                                 "(header f1,f2,f3,f4,class)."),
                                  QStringLiteral("file"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("train: model file to write."),
                                 QStringLiteral("file"));
    // For benchmarks and tests, not for everyday use.
    QCommandLineOption noMetrics(QStringLiteral("no-metrics"),
                                 QStringLiteral("Do not record metrics (to measure their cost)."));
    QCommandLineOption readTimeout(QStringLiteral("read-timeout-ms"),
                                   QStringLiteral("Time a client has to send a request."),
                                   QStringLiteral("ms"), QStringLiteral("10000"));
    QCommandLineOption ioPerThread(QStringLiteral("io-per-thread"),
                                   QStringLiteral("One io_context per thread instead of one "
                                                  "shared by all."));
    for (QCommandLineOption *o : {&noMetrics, &readTimeout, &ioPerThread})
        o->setFlags(QCommandLineOption::HiddenFromHelp);
    const QCommandLineOption feedbackCapacity(
        QStringLiteral("feedback-capacity"),
        QStringLiteral("Predictions kept for labels sent later to POST /feedback, %1..%2 "
                       "(default %3); older ones are evicted.")
            .arg(iris::FeedbackStore::kMinCapacity)
            .arg(iris::FeedbackStore::kMaxCapacity)
            .arg(iris::FeedbackStore::kDefaultCapacity),
        QStringLiteral("n"), QString::number(iris::FeedbackStore::kDefaultCapacity));
    const QCommandLineOption feedbackMaxAge(
        QStringLiteral("feedback-max-age-s"),
        QStringLiteral("Seconds after which a prediction takes no label (default %1).")
            .arg(iris::FeedbackStore::kDefaultMaxAge.count()),
        QStringLiteral("s"), QString::number(iris::FeedbackStore::kDefaultMaxAge.count()));
    parser.addOption(feedbackCapacity);
    parser.addOption(feedbackMaxAge);
    parser.addOptions({host, port, modelFile, threads, accessLog, latency, errorRate, driftWindow,
                       data, out, noMetrics, readTimeout, ioPerThread});
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.size() != 1)
        return usage(parser, QStringLiteral("expected one command: serve or train"));
    if (args[0] == QLatin1String("train"))
        return train(parser, data, out);
    if (args[0] != QLatin1String("serve"))
        return usage(parser, QStringLiteral("unknown command \"%1\"").arg(args[0]));

    bool ok = false;
    iris::ServerOptions options;
    options.host = parser.value(host).toStdString();
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return usage(parser, QStringLiteral("--port must be 0..65535"));
    options.port = quint16(portValue);
    options.threads = parser.value(threads).toInt(&ok);
    if (!ok || options.threads < 0 || options.threads > 256)
        return usage(parser, QStringLiteral("--threads must be 0..256"));
    options.accessLog = parser.isSet(accessLog);
    options.sharedContext = !parser.isSet(ioPerThread);
    const int timeoutMs = parser.value(readTimeout).toInt(&ok);
    if (!ok || timeoutMs < 10)
        return usage(parser, QStringLiteral("--read-timeout-ms must be at least 10"));
    options.readTimeout = std::chrono::milliseconds(timeoutMs);
    const double latencyMs = parser.value(latency).toDouble(&ok);
    if (!ok || !(latencyMs >= 0 && latencyMs <= 60000))
        return usage(parser, QStringLiteral("--inject-latency-ms must be 0..60000"));
    const double rate = parser.value(errorRate).toDouble(&ok);
    if (!ok || !(rate >= 0 && rate <= 1))
        return usage(parser, QStringLiteral("--inject-error-rate must be 0..1"));
    const qulonglong window = parser.value(driftWindow).toULongLong(&ok);
    if (!ok || window < iris::DriftMonitor::kMinCapacity
        || window > iris::DriftMonitor::kMaxCapacity)
        return usage(parser, QStringLiteral("--drift-window must be %1..%2")
                                 .arg(iris::DriftMonitor::kMinCapacity)
                                 .arg(iris::DriftMonitor::kMaxCapacity));

    QString error;
    std::optional<iris::Model> model;
    if (parser.isSet(modelFile))
        model = iris::loadModelFile(parser.value(modelFile), &error);
    else
        model = iris::fromJson(iris::builtinModelJson(), &error);
    if (!model) {
        std::fprintf(stderr, "iris-server: %s\n", qPrintable(error));
        return 1;
    }

    iris::Faults faults;
    faults.setLatencyMs(latencyMs);
    faults.setErrorRate(rate);
    const int threadCount =
        options.threads > 0 ? options.threads : int(qMax(1u, std::thread::hardware_concurrency()));
    iris::Metrics metrics(*model, threadCount + 1, VITALS_VERSION);
    metrics.setEnabled(!parser.isSet(noMetrics));
    std::string driftError;
    const auto drift =
        iris::DriftMonitor::create(*model, std::size_t(window), threadCount + 1, &driftError);
    if (drift)
        metrics.setDriftMonitor(drift.get());
    else
        qCWarning(lcMain, "no drift gauges: %s", driftError.c_str());
    std::string feedbackError;
    const auto feedback = iris::FeedbackStore::create(
        std::size_t(parser.value(feedbackCapacity).toULongLong()),
        std::chrono::seconds(parser.value(feedbackMaxAge).toLongLong()), &feedbackError);
    if (!feedback)
        return usage(parser, QString::fromStdString("--feedback-capacity / --feedback-max-age-s: "
                                                    + feedbackError));
    metrics.addCollector(
        [store = feedback.get(), m = &*model](iris::Exposition &out) { store->expose(out, *m); });
    const iris::Router router(*model, metrics, faults, VITALS_VERSION, feedback.get());
    iris::HttpServer server(options, router, metrics);
    if (!server.listen(&error)) {
        std::fprintf(stderr, "iris-server: %s\n", qPrintable(error));
        return 1;
    }

    // Workers inherit this mask, so only sigwait() below sees SIGINT/SIGTERM.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    server.start();
    metrics.setModelLoaded(true);
    qCInfo(lcMain, "iris-server %s: %s model, holdout accuracy %.4f, %d threads%s", VITALS_VERSION,
           parser.isSet(modelFile) ? qPrintable(parser.value(modelFile)) : "built-in",
           model->accuracy, server.threadCount(), metrics.enabled() ? "" : ", metrics off");
    std::printf("listening on http://%s:%u\n", options.host.c_str(), unsigned(server.port()));
    std::fflush(stdout);

    int received = 0;
    sigwait(&signals, &received);
    qCInfo(lcMain, "received %s, finishing requests in flight",
           received == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop(std::chrono::milliseconds(1500));
    qCInfo(lcMain, "stopped");
    return 0;
}

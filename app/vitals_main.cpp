// The console's composition root: reads the command line, builds the window.
#include "app/querycommand.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QUrl>

#include <cstring>

namespace {

// --help and --version must work without a display, so they are answered before a
// QApplication (which needs a windowing system) exists.
bool wantsNoGui(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (!std::strcmp(a, "-h") || !std::strcmp(a, "--help") || !std::strcmp(a, "-v") ||
            !std::strcmp(a, "--version") || !std::strcmp(a, "--help-all"))
            return true;
    }
    return false;
}

void describe(QCommandLineParser &parser, QCommandLineOption &server)
{
    parser.setApplicationDescription(
        QStringLiteral("Vitals: the vital signs of a served machine-learning model, read from "
                       "any server that speaks the Prometheus HTTP API."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(server);
    parser.addPositionalArgument(QStringLiteral("query"),
                                 QStringLiteral("`vitals query --help`: run one PromQL query "
                                                "headless and print the result."),
                                 QStringLiteral("[query ...]"));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Vitals"));
    QCoreApplication::setApplicationName(QStringLiteral("vitals"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VITALS_VERSION));

    // `vitals query …` is headless: it runs before (and instead of) any QApplication.
    if (vitals::isQueryCommand(argc, argv))
        return vitals::runQueryCommand(argc, argv);

    QCommandLineOption server(QStringList{QStringLiteral("s"), QStringLiteral("server")},
                              QStringLiteral("Prometheus-compatible server to read from."),
                              QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:9090"));

    if (wantsNoGui(argc, argv)) {
        QCoreApplication app(argc, argv);
        QCommandLineParser parser;
        describe(parser, server);
        parser.process(app);
        return 0;
    }

    QApplication app(argc, argv);
    QCommandLineParser parser;
    describe(parser, server);
    parser.process(app);

    const QUrl url = QUrl::fromUserInput(parser.value(server));
    if (!url.isValid()) {
        qCritical("vitals: not a valid server URL: %s", qPrintable(parser.value(server)));
        return 2;
    }
    vitals::MainWindow window(url);
    window.show();
    return app.exec();
}

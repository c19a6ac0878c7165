// iris-server's composition root: `iris-server train|serve [options]`.
#include "server/dataset.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("iris-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VITALS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The Iris inference server: a softmax model of Fisher's Iris data, served "
                       "over HTTP with Prometheus metrics."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("train or serve"));
    parser.process(app);

    std::fputs(qPrintable(parser.helpText()), stderr);
    return 2;
}

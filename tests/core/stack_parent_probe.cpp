// A stand-in for the console in LocalStack's integration test: starts a local stack, prints
// "pid <name> <pid>" per child and then "ready", and runs until it is killed.
//   stack-parent-probe IRIS_SERVER DATA_DIR REPLICAS
#include "core/stack/localstack.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: stack-parent-probe IRIS_SERVER DATA_DIR REPLICAS\n");
        return 2;
    }
    vitals::stack::LocalStackOptions options;
    options.irisServerPath = args.at(1);
    options.dataDir = args.at(2);
    options.replicas = args.at(3).toInt();
    options.ruleFiles.clear();
    vitals::stack::LocalStack stack(options);
    QObject::connect(&stack, &vitals::stack::LocalStack::stackReady, &stack, [&stack] {
        for (const auto &p : stack.processes())
            std::printf("pid %s %lld\n", qPrintable(p.name), static_cast<long long>(p.pid));
        std::printf("ready\n");
        std::fflush(stdout);
    });
    QObject::connect(&stack, &vitals::stack::LocalStack::errorOccurred, &stack,
                     [](const QString &message) {
                         std::printf("error %s\n", qPrintable(message));
                         std::fflush(stdout);
                     });
    if (!stack.start())
        return 1;
    return app.exec();
}

// explore-screenshot: saves the Explore page with a live result as a PNG, for the README's
// docs/explore.png. Not a benchmark and not a test; it lives here with the other tools that
// produce the README's figures.
//
//   build/bin/vitals --local-stack --scenario cycle &   # note its Prometheus URL (Stack page)
//   QT_QPA_PLATFORM=offscreen build/bin/explore-screenshot http://127.0.0.1:PORT docs/explore.png
#include "core/prom/promclient.h"
#include "core/timerange.h"
#include "ui/explorepage.h"
#include "widgets/promqleditor.h"
#include "widgets/timeserieschart.h"

#include <QApplication>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace vitals;

namespace {

// Runs the editor's query and waits for its answer; false after 30 s without one.
bool runAndWait(ExplorePage &page)
{
    QEventLoop loop;
    bool finished = false;
    const auto c = QObject::connect(&page, &ExplorePage::runFinished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    page.run();
    if (!finished)
        loop.exec();
    QObject::disconnect(c);
    return finished;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 3) {
        std::fprintf(stderr, "usage: explore-screenshot PROMETHEUS_URL OUT.png\n");
        return 2;
    }
    prom::ConnectionProfile profile;
    profile.baseUrl = QUrl::fromUserInput(args[1]);
    prom::PromClient client(profile);
    QTemporaryDir dir;
    ExplorePage page(&client, nullptr, dir.filePath(QStringLiteral("s.ini")));
    page.resize(1280, 760);
    page.show();
    page.setRange(TimeRange::last(5 * 60'000));
    page.editor()->setQuery(QStringLiteral("up{job=\"iris\"}"));
    if (!runAndWait(page)) { // fills the history
        std::fprintf(stderr, "explore-screenshot: no answer from %s\n", qPrintable(args[1]));
        return 1;
    }
    page.editor()->setQuery(QStringLiteral("# predicted classes per second\nsum by (class) "
                                           "(rate(prediction_output_total{job=\"iris\"}[1m]))"));
    if (!runAndWait(page)) {
        std::fprintf(stderr, "explore-screenshot: no answer from %s\n", qPrintable(args[1]));
        return 1;
    }
    page.chart()->flush();
    QEventLoop settle;
    QTimer::singleShot(500, &settle, &QEventLoop::quit);
    settle.exec();
    if (!page.grab().save(args[2])) {
        std::fprintf(stderr, "explore-screenshot: could not write %s\n", qPrintable(args[2]));
        return 1;
    }
    std::printf("saved %s\n", qPrintable(args[2]));
    return 0;
}

// bench-dashboard: how long the Model health dashboard takes to refresh and paint, offscreen.
//
// The answers come from a local replay server that answers every /api/v1 query in the shape
// Prometheus 2.42 gives for it (matrix for query_range at the request's start/end/step, vector
// for query), with the label sets the dashboard's queries produce (status, class, feature/le
// buckets, reference proportions, priors). So the figures measure the console — request,
// decode, drift statistics, decimation, layout and painting — not a server.
//
// Prints, last line:
//   refresh_15m_ms=… refresh_24h_ms=… refresh_24h_vs_15m=… paint_2k_ms=… paint_1m_ms=…
//   paint_1m_vs_2k=… max_stall_ms=…
// refresh = the console's work from the answers' arrival to the painted window: the CPU time
// of the GUI thread from refresh() until every panel has answered, every chart is rebuilt and
// the window painted (median of 7). The GUI thread's CPU time leaves out the replay server's
// thread and the time spent waiting for sockets, so it measures decoding, drift statistics,
// decimation, layout and painting; paint = a 1200×400 chart given N samples → rebuilt and painted (median of 7,
// 2k and 1M alternating; the previous run's samples are freed before the clock starts);
// stall = the longest the event loop did not turn during the refreshes (a 1 ms timer's gaps).
#include "core/dashboard/dashboardfile.h"
#include "core/prom/promclient.h"
#include "replay/replayserver.h"
#include "support/testsupport_fakehttp.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "widgets/timeserieschart.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QPixmap>
#include <QSemaphore>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace vitals;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Longest gap between ticks of a 1 ms timer while it runs.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            if (m_clock.isValid())
                m_max = std::max(m_max, m_clock.nsecsElapsed() / 1e6);
            m_clock.restart();
        });
    }
    void start()
    {
        m_clock.invalidate();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double maxMs() const { return m_max; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_max = 0;
};

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double timedRefresh(DashboardPage &page, StallMeter &stall)
{
    const double cpuStart = threadCpuMs();
    QEventLoop loop;
    QObject::connect(&page, &DashboardPage::refreshFinished, &loop, &QEventLoop::quit);
    stall.start();
    QElapsedTimer clock;
    clock.start();
    std::vector<QMetaObject::Connection> probes;
    if (qEnvironmentVariableIsSet("VITALS_BENCH_TRACE"))
        for (PanelController *panel : page.panels())
            probes.push_back(QObject::connect(panel, &PanelController::refreshFinished, [panel, &clock] {
                std::fprintf(stderr, "  %-22s answered at %7.1f ms\n", qPrintable(panel->panel().id),
                             clock.nsecsElapsed() / 1e6);
            }));
    bench::replayTraceClock().start();
    page.refresh();
    if (qEnvironmentVariableIsSet("VITALS_BENCH_TRACE"))
        std::fprintf(stderr, "  refresh() returned at %.1f ms\n", clock.nsecsElapsed() / 1e6);
    loop.exec();
    for (const auto &c : probes)
        QObject::disconnect(c);
    // Let the charts' coalescing timers fire and rebuild them, as they do in the window.
    QEventLoop settle;
    QTimer::singleShot(40, &settle, &QEventLoop::quit);
    settle.exec();
    QElapsedTimer paintClock;
    paintClock.start();
    page.grab();  // paints every widget once
    if (qEnvironmentVariableIsSet("VITALS_BENCH_TRACE"))
        std::fprintf(stderr, "  painting the window: %.1f ms\n", paintClock.nsecsElapsed() / 1e6);
    const double ms = threadCpuMs() - cpuStart;
    if (qEnvironmentVariableIsSet("VITALS_BENCH_TRACE"))
        std::fprintf(stderr, "  wall %.1f ms, GUI thread CPU %.1f ms\n", clock.nsecsElapsed() / 1e6, ms);
    stall.stop();
    return ms;
}

double timedPaint(TimeSeriesChart &chart, qint64 samples)
{
    const qint64 t0 = 1'700'000'000'000;
    const qint64 span = 3'600'000;
    ChartSeries s;
    s.name = QStringLiteral("latency");
    s.samples.reserve(std::size_t(samples));
    for (qint64 i = 0; i < samples; ++i)
        s.samples.append(t0 + i * span / samples, 1.0 + std::sin(double(i) * 0.001) + (i % 97 == 0 ? 3.0 : 0.0));
    chart.setTimeSpan(t0, t0 + span);
    // The previous run's samples (a million, every other run) are released before the clock
    // starts and their pages handed back to the system: returning 16 MB is the cost of the
    // old data going away, not of painting the new, and the allocator would otherwise do it
    // at some later free inside the timed part (the 2k runs paid for it).
    chart.setSeries({});
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    QElapsedTimer clock;
    clock.start();
    // Moved in, as the panels do: a braced list would copy the samples first.
    std::vector<ChartSeries> list;
    list.push_back(std::move(s));
    chart.setSeries(std::move(list));
    chart.flush();
    chart.grab();
    return clock.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    // The replay server runs in a thread of its own, so generating answers is not counted as
    // the console's time and never blocks the console's event loop.
    QUrl serverUrl;
    QSemaphore serverReady;
    QThread *serverThread = QThread::create([&] {
        testsupport::FakeHttpServer server(bench::replayAnswer);
        serverUrl = server.baseUrl();
        serverReady.release();
        QEventLoop loop;
        loop.exec();
    });
    serverThread->start();
    serverReady.acquire();
    prom::ConnectionProfile profile;
    profile.baseUrl = serverUrl;
    prom::PromClient client(profile);

    QFile file(QStringLiteral(":/vitals/dashboards/model-health.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench-dashboard: the built-in dashboard is missing\n");
        return 1;
    }
    const auto loaded = dashboard::parseDashboard(file.readAll());
    if (!loaded.ok()) {
        std::fprintf(stderr, "bench-dashboard: %s\n", qPrintable(loaded.error));
        return 1;
    }
    DashboardPage page(&client);
    // The local stack's 1 s scrape: the finest steps, the most samples to decode and draw.
    page.setScrapeIntervalMs(1000);
    page.resize(1600, 2000);
    page.setDashboard(*loaded.dashboard);
    page.show();
    QApplication::processEvents();

    StallMeter stall;
    std::vector<double> r15, r24;
    for (const auto &[range, out] : {std::pair{TimeRange::last(15 * 60'000), &r15},
                                     std::pair{TimeRange::last(24 * 3'600'000), &r24}}) {
        page.setRange(range);
        StallMeter warmup;
        timedRefresh(page, warmup);  // warm-up: layout settles, widths are known
        for (int i = 0; i < 7; ++i)
            out->push_back(timedRefresh(page, stall));
    }

    TimeSeriesChart chart;
    chart.resize(1200, 400);
    chart.show();
    QApplication::processEvents();
    std::vector<double> p2k, p1m;
    timedPaint(chart, 2'000);
    for (int i = 0; i < 7; ++i) {
        p2k.push_back(timedPaint(chart, 2'000));
        p1m.push_back(timedPaint(chart, 1'000'000));
    }

    const double refresh15 = median(r15), refresh24 = median(r24);
    const double paint2k = median(p2k), paint1m = median(p1m);
    std::printf("refresh: 15m %.1f ms, 24h %.1f ms over %zu panels; paint 2k %.2f ms, 1M %.2f ms\n",
                refresh15, refresh24, page.panels().size(), paint2k, paint1m);
    std::printf("refresh_15m_ms=%.1f refresh_24h_ms=%.1f refresh_24h_vs_15m=%.2f paint_2k_ms=%.2f "
                "paint_1m_ms=%.2f paint_1m_vs_2k=%.2f max_stall_ms=%.1f\n",
                refresh15, refresh24, refresh24 / refresh15, paint2k, paint1m, paint1m / paint2k,
                stall.maxMs());
    serverThread->exit();
    serverThread->wait();
    delete serverThread;
    return 0;
}

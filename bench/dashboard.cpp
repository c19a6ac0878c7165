// bench-dashboard: how long the Model health dashboard takes to refresh and paint, offscreen.
//
// The answers come from the replay server (bench/replay), which answers in its own thread like
// Prometheus 2.42, so the figures measure the console — request, decode, drift statistics,
// decimation, layout and painting — not a server.
//
// Prints, last line:
//   refresh_15m_wall_ms=… refresh_15m_ms=… refresh_24h_wall_ms=… refresh_24h_ms=…
//   refresh_24h_vs_15m=… paint_2k_ms=… paint_1m_ms=… paint_1m_vs_2k=… full_paint_ms=…
//   max_stall_ms=…
// refresh_*_wall_ms = what the user waits for: elapsed time from the refresh() call until every
//   panel has answered, the charts' rebuilds have all run (one chart per event-loop turn) and
//   the window has painted the last of them, network and the replay server's thread included;
//   median of 7. The window paints itself as on screen (offscreen platform, its own backing
//   store): what changed, when it changed.
// full_paint_ms = painting the whole 1600×2000 page at once (a grab after each 15 min refresh),
//   what an expose costs (the window restored, resized); not part of a refresh; median of 7.
// refresh_*_ms = the GUI thread's CPU time over the same interval (decoding, statistics,
//   decimation, layout, painting; no waiting), median of 7.
// paint = a 1200×400 chart given N samples → rebuilt and painted (median of 7). Each timed run
//   follows an untimed run of the same size, so both sizes start from the same allocator state
//   (the previous run's samples freed, nothing handed back to the system).
// max_stall_ms = the longest the GUI thread did not turn its event loop, from before each
//   refresh (the warm-ups included) to after its last paint: the synchronous refresh() and the
//   paints count, as a user would feel them.
// VITALS_BENCH_TRACE=1 also prints, on stderr, when each panel answered and each request reached
// the replay server (and how long it took to answer), and at the end the five longest events of
// the refreshes (GUI thread CPU and wall time, event type and receiver) and every stall over
// 20 ms: what max_stall_ms is made of. VITALS_BENCH_EVENTS=1 adds every GUI-thread event over
// 0.5 ms and each wake-up of the event loop, with times on the same clock as the stalls' ends.
#include "core/dashboard/dashboardfile.h"
#include "core/prom/promclient.h"
#include "dashboard/eventclock.h"
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

using namespace vitals;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Longest gap between ticks of a 1 ms timer while it runs. VITALS_BENCH_TRACE=1 prints every gap
// over 20 ms.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            if (m_clock.isValid())
                gap(m_clock.nsecsElapsed() / 1e6);
            m_clock.restart();
        });
    }
    void start()
    {
        m_startMs = bench::monotonicMs();
        m_clock.restart();
        m_timer.start();
    }
    // Counts the time since the last tick as a gap too: a blocking call that just returned
    // (a grab) has had no tick after it yet.
    void stop()
    {
        if (m_clock.isValid())
            gap(m_clock.nsecsElapsed() / 1e6);
        m_clock.invalidate();
        m_timer.stop();
    }
    double maxMs() const { return m_max; }

private:
    void gap(double ms)
    {
        m_max = std::max(m_max, ms);
        if (ms > 20 && qEnvironmentVariableIsSet("VITALS_BENCH_TRACE"))
            std::fprintf(stderr,
                         "  stall of %.1f ms, ended %.1f ms after the refresh began (%.1f)\n", ms,
                         bench::monotonicMs() - m_startMs, bench::monotonicMs());
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_max = 0;
    double m_startMs = 0;
};

using bench::threadCpuMs;

bool trace()
{
    return qEnvironmentVariableIsSet("VITALS_BENCH_TRACE");
}

struct RefreshTime {
    double wallMs = 0;
    double cpuMs = 0;
    double fullPaintMs = 0;
};

// The stall meter is armed before refresh() and stopped after the last paint, so the synchronous
// parts (refresh() itself, the window painting what changed) count as the stalls they are.
RefreshTime timedRefresh(DashboardPage &page, StallMeter &stall)
{
    auto *events = static_cast<bench::EventClockApplication *>(qApp);
    QEventLoop loop;
    QObject::connect(&page, &DashboardPage::refreshFinished, &loop, &QEventLoop::quit);
    events->setArmed(trace()); // the events of the refresh only, as the stall meter sees them
    stall.start();
    const double startMs = bench::monotonicMs();
    const double cpuStart = threadCpuMs();
    std::vector<QMetaObject::Connection> probes;
    if (trace())
        for (PanelController *panel : page.panels())
            probes.push_back(
                QObject::connect(panel, &PanelController::refreshFinished, [panel, startMs] {
                    std::fprintf(stderr, "  %-22s answered at %7.1f ms\n",
                                 qPrintable(panel->panel().id), bench::monotonicMs() - startMs);
                }));
    bench::replayTraceClock().start();
    page.refresh();
    if (trace()) {
        // Called from here, not from an event: counted as an event of its own.
        events->record(bench::monotonicMs() - startMs, threadCpuMs() - cpuStart,
                       QStringLiteral("DashboardPage::refresh()"));
        std::fprintf(stderr, "  refresh() returned at %.1f ms\n", bench::monotonicMs() - startMs);
    }
    if (page.isRefreshing())
        loop.exec();
    const double answeredMs = bench::monotonicMs();
    for (const auto &c : probes)
        QObject::disconnect(c);
    // The window paints what changed as the charts are rebuilt (one per turn of the event loop),
    // as on screen; the refresh ends when the last of those paints does.
    const double paintedMs = events->waitUntilPainted(answeredMs);
    RefreshTime time;
    time.wallMs = paintedMs - startMs;
    time.cpuMs = (paintedMs > answeredMs ? events->lastPaintEndCpuMs() : threadCpuMs()) - cpuStart;
    stall.stop();
    events->setArmed(false);
    // What painting the whole page at once costs (an expose: the window restored or resized),
    // reported on its own: a refresh repaints only the charts that changed, as they change.
    QElapsedTimer paintClock;
    paintClock.start();
    page.grab();
    time.fullPaintMs = paintClock.nsecsElapsed() / 1e6;
    if (trace())
        std::fprintf(stderr,
                     "  last answer %.1f ms, last paint %.1f ms: wall %.1f ms, GUI thread CPU "
                     "%.1f ms; whole page painted at once %.1f ms\n",
                     answeredMs - startMs, time.wallMs, time.wallMs, time.cpuMs, time.fullPaintMs);
    return time;
}

double timedPaint(TimeSeriesChart &chart, qint64 samples)
{
    const qint64 t0 = 1'700'000'000'000;
    const qint64 span = 3'600'000;
    ChartSeries s;
    s.name = QStringLiteral("latency");
    s.samples.reserve(std::size_t(samples));
    for (qint64 i = 0; i < samples; ++i)
        s.samples.append(t0 + i * span / samples,
                         1.0 + std::sin(double(i) * 0.001) + (i % 97 == 0 ? 3.0 : 0.0));
    chart.setTimeSpan(t0, t0 + span);
    // The previous run's samples are released before the clock starts; the caller makes the
    // previous run the same size, so the allocator is in the same state for 2k and for 1M.
    chart.setSeries({});
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
    // Under VITALS_BENCH_TRACE it names the longest events (the stalls) at the end.
    bench::EventClockApplication app(argc, argv);

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
    std::vector<RefreshTime> r15, r24;
    for (const auto &[range, out] : {std::pair{TimeRange::last(15 * 60'000), &r15},
                                     std::pair{TimeRange::last(24 * 3'600'000), &r24}}) {
        page.setRange(range);
        timedRefresh(page, stall); // warm-up: layout settles, widths are known; its stalls count
        for (int i = 0; i < 7; ++i)
            out->push_back(timedRefresh(page, stall));
    }

    TimeSeriesChart chart;
    chart.resize(1200, 400);
    chart.show();
    QApplication::processEvents();
    std::vector<double> p2k, p1m;
    for (int i = 0; i < 7; ++i) {
        timedPaint(chart, 2'000);
        p2k.push_back(timedPaint(chart, 2'000));
        timedPaint(chart, 1'000'000);
        p1m.push_back(timedPaint(chart, 1'000'000));
    }

    auto medianOf = [](const std::vector<RefreshTime> &runs, double RefreshTime::*field) {
        std::vector<double> v;
        for (const RefreshTime &r : runs)
            v.push_back(r.*field);
        return median(v);
    };
    const double wall15 = medianOf(r15, &RefreshTime::wallMs);
    const double wall24 = medianOf(r24, &RefreshTime::wallMs);
    const double cpu15 = medianOf(r15, &RefreshTime::cpuMs);
    const double cpu24 = medianOf(r24, &RefreshTime::cpuMs);
    const double fullPaint = medianOf(r15, &RefreshTime::fullPaintMs);
    const double paint2k = median(p2k), paint1m = median(p1m);
    if (app.paintsFinished() == 0) {
        std::fprintf(stderr, "bench-dashboard: the window never painted; nothing was measured\n");
        return 1;
    }
    std::printf("refresh: 15m %.1f ms wall (%.1f ms CPU), 24h %.1f ms wall (%.1f ms CPU) over %zu "
                "panels; paint 2k %.2f ms, 1M %.2f ms; whole page at once %.1f ms\n",
                wall15, cpu15, wall24, cpu24, page.panels().size(), paint2k, paint1m, fullPaint);
    std::printf("refresh_15m_wall_ms=%.1f refresh_15m_ms=%.1f refresh_24h_wall_ms=%.1f "
                "refresh_24h_ms=%.1f refresh_24h_vs_15m=%.2f paint_2k_ms=%.2f paint_1m_ms=%.2f "
                "paint_1m_vs_2k=%.2f full_paint_ms=%.1f max_stall_ms=%.1f\n",
                wall15, cpu15, wall24, cpu24, wall24 / wall15, paint2k, paint1m, paint1m / paint2k,
                fullPaint, stall.maxMs());
    for (const auto &event : app.longest())
        std::fprintf(stderr, "longest event: %6.1f ms CPU, %6.1f ms wall: %s\n", event.cpuMs,
                     event.wallMs, qPrintable(event.what));
    serverThread->exit();
    serverThread->wait();
    delete serverThread;
    return 0;
}

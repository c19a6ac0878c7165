// bench-bigboard: a big dashboard against a real Prometheus, measured against the backend's own
// time for the same queries.
//
// A day of node-exporter-like history for 4 hosts (bench/bigboard/nodehistory.h: every node_*
// metric the dashboard queries, scraped every 60 s) is backfilled with promtool into a
// temporary data directory, and Debian's prometheus is started on it (ephemeral 127.0.0.1 port).
// The Node Exporter Full dashboard (../shared/grafana-dashboards/, or the path given as the
// first argument) is imported, its variables resolved against that server as the window does,
// and shown in a 1600×2000 window (offscreen) over the last 24 h.
//
// Prints, last line:
//   panels=… bigboard_refresh_ms=… backend_ms=… overhead_vs_backend=… bigboard_rss_mb=…
//   full_paint_ms=…
// bigboard_refresh_ms = elapsed time from the refresh() call until every panel has answered,
//   the charts in view have all been rebuilt (one per event-loop turn) and the window has
//   painted the last of them (it paints itself, as on screen: what changed, when it changed);
//   median of 5, after a warm-up refresh.
// backend_ms = the floor: the same requests (same expressions, start, end and step, POSTed as
//   the console sends them) sent at once from this process through a QNetworkAccessManager of
//   their own (the same six connections per host as the console's), until every answer has
//   been read, not decoded; median of 5, alternated with the refreshes.
// bigboard_rss_mb = this process's resident memory after the last refresh (VmRSS), with the
//   dashboard and its data loaded (the history file is generated and freed before).
// full_paint_ms = painting the whole 1600×2000 window at once (a grab after each timed
//   refresh), what an expose costs (the window restored, resized); not part of a refresh.
// VITALS_BENCH_TRACE=1 also prints the phases of each refresh on stderr; VITALS_BENCH_KEEP=DIR
// saves the window, refreshed and scrolled halfway down, as DIR/bigboard-*.png.
#include "bigboard/nodehistory.h"
#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/templating.h"
#include "core/dashboard/variableresolver.h"
#include "core/panel/paneldataservice.h"
#include "core/prom/promclient.h"
#include "core/prom/rangeplan.h"
#include "core/units.h"
#include "dashboard/eventclock.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "widgets/timeserieschart.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPixmap>
#include <QScrollArea>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace vitals;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

bool trace()
{
    return qEnvironmentVariableIsSet("VITALS_BENCH_TRACE");
}

double rssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1;
}

// One request as the console sends it: the API path and its form parameters.
struct FloorRequest {
    QString path;
    QList<QPair<QString, QString>> params;
};

QString seconds(qint64 ms)
{
    if (ms % 1000 == 0)
        return QString::number(ms / 1000);
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

// The requests the page's last refresh sent, rebuilt as the data service builds them
// (core/panel/paneldataservice.cpp): the expressions it expanded, a range query per query of a
// time-series panel on its RangePlan grid, an instant query at the range's end otherwise.
std::vector<FloorRequest> requestsOf(const DashboardPage &page, const RefreshContext &context)
{
    std::vector<FloorRequest> out;
    for (const PanelController *panel : page.panels()) {
        const dashboard::Panel &p = panel->panel();
        const QStringList sent = page.dataService()->sentExpressions(p.id);
        if (p.type == dashboard::PanelType::Text || sent.size() != qsizetype(p.queries.size()))
            continue;
        for (std::size_t i = 0; i < p.queries.size(); ++i) {
            const dashboard::Query &q = p.queries[i];
            const QString expr = sent[qsizetype(i)];
            if (p.type == dashboard::PanelType::TimeSeries && !q.instant) {
                dashboard::TemplateContext tctx = context.templateContext();
                const qint64 minStep = q.interval.isEmpty()
                                           ? 0
                                           : units::parseDurationMs(dashboard::expandVariables(
                                               q.interval, context.variables, tctx));
                const prom::RangePlan plan(context.fromMs, context.toMs, context.widthPx,
                                           std::max(context.scrapeIntervalMs, minStep));
                out.push_back({QStringLiteral("/api/v1/query_range"),
                               {{QStringLiteral("query"), expr},
                                {QStringLiteral("start"), seconds(plan.startMs())},
                                {QStringLiteral("end"), seconds(plan.endMs())},
                                {QStringLiteral("step"), seconds(plan.stepMs())}}});
            } else {
                out.push_back({QStringLiteral("/api/v1/query"),
                               {{QStringLiteral("query"), expr},
                                {QStringLiteral("time"), seconds(context.toMs)}}});
            }
        }
    }
    return out;
}

// Sends every request at once and waits for every answer to be read; elapsed ms, and the bytes
// received in *bytes.
double timedFloor(QNetworkAccessManager &nam, const QUrl &base,
                  const std::vector<FloorRequest> &requests, qint64 *bytes)
{
    QEventLoop loop;
    int outstanding = int(requests.size());
    *bytes = 0;
    QElapsedTimer clock;
    clock.start();
    for (const FloorRequest &r : requests) {
        QUrl url = base;
        url.setPath(r.path);
        QNetworkRequest req(url);
        req.setRawHeader("Accept", "application/json");
        req.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
        QByteArray form;
        for (const auto &[key, value] : r.params) {
            if (!form.isEmpty())
                form += '&';
            form += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
        }
        QNetworkReply *reply = nam.post(req, form);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply] {
            *bytes += reply->readAll().size();
            reply->deleteLater();
            if (--outstanding == 0)
                loop.quit();
        });
    }
    if (outstanding > 0)
        loop.exec();
    return clock.nsecsElapsed() / 1e6;
}

struct RefreshTime {
    double wallMs = 0;
    double fullPaintMs = 0;
};

RefreshTime timedRefresh(DashboardPage &page)
{
    auto *events = static_cast<bench::EventClockApplication *>(qApp);
    QEventLoop loop;
    QObject::connect(&page, &DashboardPage::refreshFinished, &loop, &QEventLoop::quit);
    const double startMs = bench::monotonicMs();
    page.refresh();
    const double returned = bench::monotonicMs() - startMs;
    if (page.isRefreshing())
        loop.exec();
    const double answeredMs = bench::monotonicMs();
    // The window paints the charts in view as they are rebuilt (one per event-loop turn), as on
    // screen; charts out of view wait until they are scrolled to.
    const double paintedMs = events->waitUntilPainted(answeredMs);
    RefreshTime time;
    time.wallMs = paintedMs - startMs;
    // What painting the whole window at once costs (an expose), on its own.
    QElapsedTimer paintClock;
    paintClock.start();
    page.window()->grab();
    time.fullPaintMs = paintClock.nsecsElapsed() / 1e6;
    if (trace())
        std::fprintf(stderr,
                     "  refresh() returned %.1f ms, last answer %.1f ms, last paint %.1f ms; "
                     "whole window painted at once %.1f ms\n",
                     returned, answeredMs - startMs, time.wallMs, time.fullPaintMs);
    return time;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    bench::EventClockApplication app(argc, argv); // tells when the window last painted
    const QString path =
        argc > 1
            ? QString::fromLocal8Bit(argv[1])
            : QStringLiteral(VITALS_SOURCE_DIR
                             "/../shared/grafana-dashboards/node-exporter-full-old-schema14.json");
    const auto loaded = dashboard::openDashboardFile(path);
    if (!loaded.ok()) {
        std::fprintf(stderr, "bench-bigboard: %s\n", qPrintable(loaded.error));
        return 1;
    }
    const dashboard::Dashboard &board = *loaded.dashboard;
    QStringList expressions;
    for (const dashboard::Panel &p : board.panels)
        for (const dashboard::Query &q : p.queries)
            expressions << q.expr;
    for (const dashboard::Variable &v : board.variables)
        expressions << v.query;

    QTemporaryDir work;
    QTemporaryDir data;
    if (!work.isValid() || !data.isValid()) {
        std::fprintf(stderr, "bench-bigboard: no temporary directory\n");
        return 1;
    }
    bench::NodeHistoryOptions history;
    history.metricNames = bench::nodeMetricNames(expressions);
    history.endMs = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    const bench::NodeHistoryResult made =
        bench::writeNodeHistory(history, work.path(), data.path());
    if (!made.ok) {
        std::fprintf(stderr, "bench-bigboard: %s\n", qPrintable(made.error));
        return 1;
    }
    std::printf("history: %d metric names, %lld series, %lld samples over 24 h for %d hosts "
                "(written in %.0f ms, promtool %.0f ms)\n",
                int(history.metricNames.size()), static_cast<long long>(made.series),
                static_cast<long long>(made.samples), history.hosts, made.generateMs,
                made.promtoolMs);

    testsupport::PrometheusProcess prometheus;
    prometheus.setDataDirectory(data.path());
    if (!prometheus.start({}, history.stepSeconds)) {
        std::fprintf(stderr, "bench-bigboard: prometheus did not start: %s\n",
                     qPrintable(prometheus.log()));
        return 1;
    }
    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    prom::PromClient client(profile);

    // Variables resolved against the server, as the window's variable bar does.
    const TimeRange range = TimeRange::last(24 * 3'600'000);
    dashboard::VariableResolver resolver(&client);
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        dashboard::TemplateContext tctx;
        tctx.fromMs = range.fromMs(now);
        tctx.toMs = range.toMs(now);
        tctx.rangeMs = tctx.toMs - tctx.fromMs;
        resolver.setTemplateContext(tctx);
        QEventLoop loop;
        QObject::connect(&resolver, &dashboard::VariableResolver::loaded, &loop, &QEventLoop::quit);
        resolver.setDashboard(board);
        if (resolver.isLoading())
            loop.exec();
    }
    for (const QString &problem : resolver.problems())
        std::fprintf(stderr, "bench-bigboard: variable %s\n", qPrintable(problem));

    DashboardPage page(&client);
    page.setScrapeIntervalMs(history.stepSeconds * 1000);
    page.resize(1600, 2000);
    page.setDashboard(resolver.dashboard());
    page.setVariables(resolver.dashboard().variables, resolver.unresolved());
    page.setRange(range);
    page.show();
    QApplication::processEvents();

    timedRefresh(page); // warm-up: layout settles, widths are known, the server's caches fill
    int withData = 0;
    for (const PanelController *panel : page.panels())
        if (panel->data() && !panel->data()->isEmpty() && !panel->lastError().isError())
            ++withData;

    RefreshContext context;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    context.fromMs = range.fromMs(now);
    context.toMs = range.toMs(now);
    context.scrapeIntervalMs = page.scrapeIntervalMs();
    context.variables = dashboard::selectedValues(page.dashboard(), context.templateContext());
    int width = 0;
    for (const PanelController *panel : page.panels())
        if (panel->chart())
            width = std::max(width, int(panel->chart()->plotArea().width()));
    context.widthPx = width < 100 ? std::max(400, page.width() / 2) : width;
    const std::vector<FloorRequest> requests = requestsOf(page, context);

    QNetworkAccessManager nam;
    std::vector<double> refreshMs, floorMs, fullPaintMs;
    qint64 bytes = 0;
    timedFloor(nam, prometheus.baseUrl(), requests, &bytes); // warm-up: connections open
    for (int i = 0; i < 5; ++i) {
        const RefreshTime time = timedRefresh(page);
        refreshMs.push_back(time.wallMs);
        fullPaintMs.push_back(time.fullPaintMs);
        floorMs.push_back(timedFloor(nam, prometheus.baseUrl(), requests, &bytes));
        if (trace())
            std::fprintf(stderr, "run %d: console %.1f ms, backend %.1f ms\n", i, refreshMs.back(),
                         floorMs.back());
    }
    const double rss = rssMb();
    // VITALS_BENCH_KEEP=DIR: the window as refreshed, and after scrolling halfway down (charts
    // that were out of view are drawn when scrolled to), to look at.
    const QString keep = qEnvironmentVariable("VITALS_BENCH_KEEP");
    if (!keep.isEmpty()) {
        page.window()->grab().save(keep + QStringLiteral("/bigboard-top.png"));
        if (auto *scroll = page.findChild<QScrollArea *>()) {
            QScrollBar *bar = scroll->verticalScrollBar();
            bar->setValue(bar->maximum() / 2);
            QEventLoop settle;
            QTimer::singleShot(200, &settle, &QEventLoop::quit);
            settle.exec();
        }
        page.window()->grab().save(keep + QStringLiteral("/bigboard-scrolled.png"));
    }
    const double refresh = median(refreshMs);
    const double floor = median(floorMs);
    const double fullPaint = median(fullPaintMs);
    if (app.paintsFinished() == 0) {
        std::fprintf(stderr, "bench-bigboard: the window never painted; nothing was measured\n");
        return 1;
    }
    std::printf("%zu panels (%d with data), %zu requests, %.1f MB of answers per refresh; "
                "console %.1f ms, backend alone %.1f ms; whole window painted at once %.1f ms\n",
                page.panels().size(), withData, requests.size(), double(bytes) / 1e6, refresh,
                floor, fullPaint);
    std::printf("panels=%zu bigboard_refresh_ms=%.1f backend_ms=%.1f overhead_vs_backend=%.2f "
                "bigboard_rss_mb=%.0f full_paint_ms=%.1f\n",
                page.panels().size(), refresh, floor, refresh / floor, rss, fullPaint);
    return 0;
}

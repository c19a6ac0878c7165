#pragma once

// Checks shared by the end-to-end tests against real servers at real scrape intervals
// (modelhealth_itest.cpp, blogservice_itest.cpp, grafana_itest.cpp): what the window shows, what
// the queries it sent look like, and which panels of a `vitals report` PDF have data.

#include "core/dashboard/dashboard.h"
#include "core/promql/promqllanguage.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"
#include "ui/panelcontroller.h"
#include "ui/variablebar.h"
#include "widgets/panelframe.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QStringList>

#include <memory>

namespace vitals::realworld {

// Range selectors and subquery ranges ("[1m]", "[1h:1m]") in `exprs` shorter than `minMs`, as
// "<ms> ms in <expr>"; empty when every window is long enough. The ranges are read by the
// console's own PromQL lexer (promql::rangeDurationsMs), so brackets in string literals
// (status=~"[45]..") are not taken for selectors.
inline QStringList shortRangeWindows(const QStringList &exprs, qint64 minMs)
{
    QStringList shorter;
    for (const QString &expr : exprs)
        for (const qint64 ms : promql::rangeDurationsMs(expr))
            if (ms < minMs)
                shorter << QStringLiteral("%1 ms in %2").arg(ms).arg(expr);
    return shorter;
}

// Every range selector of the panels' last queries, for a test's message.
inline QStringList allExpressions(const DashboardPage &page)
{
    QStringList all;
    for (const PanelController *panel : page.panels())
        for (const QString &e : panel->lastExpressions())
            all << panel->panel().title + QStringLiteral(": ") + e;
    return all;
}

// "title: state — message" of each panel, for a test's message.
inline QString describePanels(const DashboardPage &page)
{
    QString out;
    for (const PanelController *panel : page.panels()) {
        out += panel->panel().title + QStringLiteral(": ")
               + QString::fromLatin1(QMetaEnum::fromType<PanelFrame::State>().valueToKey(
                   int(panel->frame()->state())));
        if (!panel->frame()->message().isEmpty())
            out += QStringLiteral(" — ") + panel->frame()->message();
        out += QStringLiteral("\n    ") + panel->lastExpressions().join(QStringLiteral("\n    "))
               + u'\n';
    }
    return out;
}

// The console's window connected to `server`, as `vitals --server URL` opens it (no saved
// settings), shown so its panels have their real sizes.
inline std::unique_ptr<MainWindow> openWindow(const QUrl &server)
{
    MainWindow::Options options;
    options.server = server;
    options.restoreSettings = false;
    auto window = std::make_unique<MainWindow>(options);
    window->resize(1600, 1000);
    window->show();
    return window;
}

// Waits until the window has learnt the server's scrape interval (`scrapeMs`), resolved its
// variables and finished refreshing; false on timeout.
inline bool settled(MainWindow &window, qint64 scrapeMs, int timeoutMs = 90000)
{
    return testsupport::waitUntil(
        [&] {
            return window.dashboardPage()->scrapeIntervalMs() == scrapeMs
                   && !window.variableBar()->isLoading() && !window.dashboardPage()->isRefreshing();
        },
        timeoutMs);
}

// Shows [fromMs, toMs] in the window (as a drag-zoom would) once it has settled (see above),
// and waits for that refresh to finish; false on timeout.
inline bool showSpan(MainWindow &window, qint64 scrapeMs, qint64 fromMs, qint64 toMs,
                     int timeoutMs = 90000)
{
    if (!settled(window, scrapeMs, timeoutMs))
        return false;
    DashboardPage *page = window.dashboardPage();
    QSignalSpy done(page, &DashboardPage::refreshFinished);
    page->zoomTo(fromMs, toMs);
    if (!done.wait(timeoutMs))
        return false;
    return settled(window, scrapeMs, timeoutMs);
}

// Titles of the panels of `dashboard` for which a `vitals report` PDF (its pages' text,
// testsupport::pdfPageTexts) shows no data: a stat panel whose row in the "Vital signs" table
// of page 1 has no value ("—", "no data") or "error"; any other panel whose page has no table of
// values (time series: Series/Last/Min/Mean/Max; bars: Category; drift: a row per feature, given in
// `driftRowsContain`; model quality: its confusion matrix). A panel with no page at all is listed
// too.
inline QStringList reportPanelsWithoutData(const QStringList &pages,
                                           const dashboard::Dashboard &dashboard,
                                           const QString &driftRowsContain = {})
{
    using dashboard::PanelType;
    QStringList missing;
    const QString first = pages.isEmpty() ? QString() : pages.front();
    const QStringList firstLines = first.split(u'\n');
    for (const dashboard::Panel &p : dashboard.panels) {
        if (p.type == PanelType::Stat) {
            bool hasValue = false;
            for (const QString &line : firstLines) {
                const QString t = line.trimmed();
                if (!t.startsWith(p.title))
                    continue;
                const QString rest = t.mid(p.title.size()).trimmed();
                hasValue = !rest.isEmpty() && !rest.startsWith(QStringLiteral("—"))
                           && !rest.startsWith(QStringLiteral("no data"))
                           && !rest.startsWith(QStringLiteral("error"));
                break;
            }
            if (!hasValue)
                missing << p.title;
            continue;
        }
        const QString heading =
            p.type == PanelType::DriftTable ? QStringLiteral("Drift — ") + p.title : p.title;
        qsizetype index = -1;
        // A panel's page: a running header line, then the heading on a line of its own.
        for (qsizetype i = 1; i < pages.size() && index < 0; ++i) {
            const QStringList lines = pages[i].split(u'\n');
            for (const QString &line : lines)
                if (line.trimmed() == heading) {
                    index = i;
                    break;
                }
        }
        if (index < 0) {
            missing << p.title + QStringLiteral(" (no page)");
            continue;
        }
        const QString &page = pages[index];
        bool hasTable = false;
        switch (p.type) {
        case PanelType::TimeSeries:
            hasTable = QRegularExpression(QStringLiteral("Series\\s+Last\\s+Min\\s+Mean\\s+Max"))
                           .match(page)
                           .hasMatch();
            break;
        case PanelType::Bar:
        case PanelType::Distribution:
            hasTable =
                QRegularExpression(QStringLiteral("\\n\\s*Category\\s")).match(page).hasMatch();
            break;
        case PanelType::DriftTable:
            hasTable = !driftRowsContain.isEmpty() && page.contains(driftRowsContain);
            break;
        case PanelType::ModelQuality:
            // The confusion matrix: "True class", then a column per predicted class.
            hasTable = page.contains(QStringLiteral("True class"));
            break;
        default:
            hasTable = true;
            break;
        }
        if (!hasTable)
            missing << p.title;
    }
    return missing;
}

} // namespace vitals::realworld

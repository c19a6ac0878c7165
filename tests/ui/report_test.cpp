// Reports without a server: time arguments, and a PDF whose panels all show their error.
#include "core/dashboard/dashboardfile.h"
#include "core/prom/promclient.h"
#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"
#include "ui/panelcontroller.h"
#include "ui/reportactions.h"
#include "ui/reportjob.h"
#include "ui/reportwriter.h"
#include "widgets/panelframe.h"

#include <QFile>
#include <QImage>
#include <QMenu>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <gtest/gtest.h>

#include <set>

using namespace vitals;

namespace {

dashboard::Dashboard builtInDashboard()
{
    QFile file(QStringLiteral(":/vitals/dashboards/model-health.json"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    auto loaded = dashboard::parseDashboard(file.readAll());
    EXPECT_TRUE(loaded.ok()) << loaded.error.toStdString();
    return loaded.ok() ? *loaded.dashboard : dashboard::Dashboard{};
}

int pdfPages(const QString &path)
{
    QProcess pdfinfo;
    pdfinfo.start(QStringLiteral("pdfinfo"), {path});
    if (!pdfinfo.waitForFinished(30000) || pdfinfo.exitCode() != 0)
        return -1;
    const auto m = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)"))
                       .match(QString::fromUtf8(pdfinfo.readAllStandardOutput()));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QString pdfText(const QString &path)
{
    QProcess pdftotext;
    pdftotext.start(QStringLiteral("pdftotext"),
                    {QStringLiteral("-layout"), path, QStringLiteral("-")});
    pdftotext.waitForFinished(30000);
    // pdftotext writes the typographic ligatures the PDF's font uses ("ﬁ" in "firing").
    return QString::fromUtf8(pdftotext.readAllStandardOutput())
        .replace(QStringLiteral("ﬁ"), QStringLiteral("fi"))
        .replace(QStringLiteral("ﬂ"), QStringLiteral("fl"));
}

prom::ConnectionProfile unreachable()
{
    prom::ConnectionProfile profile;
    // Port 1 on loopback: nothing listens, every request fails at once.
    profile.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1"));
    return profile;
}

} // namespace

TEST(ReportTime, ParsesRelativeAbsoluteAndUnixTimes)
{
    const qint64 now = 1'764'064'800'000; // 2025-11-25T10:00:00Z
    EXPECT_EQ(parseReportTime(QStringLiteral("now"), now), now);
    EXPECT_EQ(parseReportTime(QStringLiteral("-1h"), now), now - 3'600'000);
    EXPECT_EQ(parseReportTime(QStringLiteral("now-30m"), now), now - 1'800'000);
    EXPECT_EQ(parseReportTime(QStringLiteral("now+5m"), now), now + 300'000);
    EXPECT_EQ(parseReportTime(QStringLiteral("2025-11-25T09:00:00Z"), now), now - 3'600'000);
    EXPECT_EQ(parseReportTime(QStringLiteral("1764061200"), now), now - 3'600'000);
    EXPECT_FALSE(parseReportTime(QString(), now));
    EXPECT_FALSE(parseReportTime(QStringLiteral("yesterday"), now));
    EXPECT_FALSE(parseReportTime(QStringLiteral("-1 parsec"), now));
    EXPECT_FALSE(parseReportTime(QStringLiteral("1e300"), now));
    EXPECT_FALSE(parseReportTime(QStringLiteral("-nan"), now));
}

TEST(ReportTime, FormatFromExtension)
{
    EXPECT_EQ(ReportJob::formatForPath(QStringLiteral("a/b.PDF")), ReportJob::Format::Pdf);
    EXPECT_EQ(ReportJob::formatForPath(QStringLiteral("b.png")), ReportJob::Format::Png);
    EXPECT_FALSE(ReportJob::formatForPath(QStringLiteral("b.svg")));
}

TEST(ReportJob, UnreachableServerStillWritesAReportShowingTheErrors)
{
    QTemporaryDir dir;
    prom::PromClient client(unreachable());
    const dashboard::Dashboard dash = builtInDashboard();
    ReportJob::Options options;
    options.path = dir.filePath(QStringLiteral("report.pdf"));
    options.dashboard = dash;
    options.toMs = QDateTime::currentMSecsSinceEpoch();
    options.fromMs = options.toMs - 3'600'000;
    options.connection = QStringLiteral("http://127.0.0.1:1");
    ReportJob job(&client, options);
    QSignalSpy finished(&job, &ReportJob::finished);
    QSignalSpy progress(&job, &ReportJob::progressChanged);
    job.start();
    ASSERT_TRUE(finished.wait(60000));
    EXPECT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();

    // Every panel with queries failed, and says so.
    int withQueries = 0;
    for (const auto &p : dash.panels)
        withQueries += p.queries.empty() ? 0 : 1;
    EXPECT_EQ(job.panelErrors().size(), withQueries);
    EXPECT_FALSE(job.alertsError().isEmpty());

    // A title page, then one page per panel that is not a stat (a failed panel shows only its
    // error, so nothing flows onto a second page).
    int expectedPages = 1;
    for (const auto &p : dash.panels)
        expectedPages += p.type == dashboard::PanelType::Stat ? 0 : 1;
    EXPECT_EQ(pdfPages(options.path), expectedPages);
    EXPECT_EQ(job.pageCount(), expectedPages);
    // Progress reached its end: one step per panel, then one per page.
    ASSERT_FALSE(progress.isEmpty());
    EXPECT_EQ(progress.last().at(0).toInt(), progress.last().at(1).toInt());
    EXPECT_EQ(progress.last().at(1).toInt(), int(dash.panels.size()) + expectedPages);

    const QString text = pdfText(options.path);
    EXPECT_TRUE(text.contains(dash.title));
    EXPECT_TRUE(text.contains(QStringLiteral("http://127.0.0.1:1")));
    EXPECT_TRUE(text.contains(QStringLiteral("The alerts could not be read")));
    EXPECT_EQ(text.count(QStringLiteral("Generated by Vitals " VITALS_VERSION)), expectedPages);
    EXPECT_TRUE(text.contains(QStringLiteral("Page %1 of %1").arg(expectedPages)));
}

TEST(ReportJob, CancelWritesNothing)
{
    QTemporaryDir dir;
    prom::PromClient client(unreachable());
    ReportJob::Options options;
    options.path = dir.filePath(QStringLiteral("report.png"));
    options.format = ReportJob::Format::Png;
    options.dashboard = builtInDashboard();
    options.toMs = QDateTime::currentMSecsSinceEpoch();
    options.fromMs = options.toMs - 60'000;
    ReportJob job(&client, options);
    QSignalSpy finished(&job, &ReportJob::finished);
    job.start();
    job.cancel();
    ASSERT_EQ(finished.size(), 1);
    EXPECT_FALSE(finished.at(0).at(0).toBool());
    EXPECT_TRUE(job.isCanceled());
    QTest::qWait(200);
    EXPECT_FALSE(QFile::exists(options.path));
}

TEST(ReportWriter, FooterAndRangeText)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(1764064800000, QTimeZone::utc());
    EXPECT_EQ(ReportWriter::footerText(at),
              QStringLiteral("Generated by Vitals " VITALS_VERSION " at 2025-11-25 10:00:00 UTC"));
    const QString range = ReportWriter::absoluteRangeText(1'764'061'200'000, 1'764'064'800'000);
    EXPECT_TRUE(range.contains(QStringLiteral(" – "))) << range.toStdString();
    EXPECT_TRUE(range.contains(QStringLiteral("(UTC"))) << range.toStdString();
}

TEST(ReportActions, MainWindowHasTheExportMenu)
{
    MainWindow::Options options;
    options.server = QUrl(QStringLiteral("http://127.0.0.1:1"));
    options.restoreSettings = false;
    MainWindow window(options);
    auto *actions = window.findChild<ReportActions *>();
    ASSERT_NE(actions, nullptr);
    QStringList texts;
    for (QAction *a : actions->menu()->actions())
        texts << a->text();
    EXPECT_TRUE(texts.contains(QStringLiteral("Dashboard as PNG…")));
    EXPECT_TRUE(texts.contains(QStringLiteral("Dashboard as PDF…")));
    EXPECT_TRUE(texts.contains(QStringLiteral("Panel data as CSV")));
    // Each panel with queries offers its CSV in its context menu.
    PanelController *panel = window.dashboardPage()->panels().front();
    ASSERT_FALSE(panel->frame()->actions().isEmpty());
    EXPECT_EQ(panel->frame()->actions().front()->text(), QStringLiteral("Export data as CSV…"));

    // An export from the window: a PNG of the whole dashboard at the window's width.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("window.png"));
    QSignalSpy done(actions, &ReportActions::exportFinished);
    actions->exportDashboard(path, QSize(1000, 0));
    ASSERT_TRUE(done.wait(60000));
    EXPECT_TRUE(done.at(0).at(1).toBool());
    const QImage image(path);
    EXPECT_EQ(image.width(), 1000);
    EXPECT_GT(image.height(), 600);
}

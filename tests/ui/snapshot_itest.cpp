// Snapshots through the app's entry points, against a real Prometheus (Debian's) scraping a
// real iris-server: `vitals snapshot` saves Model health with its data; with both servers
// stopped, `vitals report --snapshot` renders it, the panels that had data still have it, and
// the window opened on the file shows the banner and the panels.
#include "core/dashboard/dashboardfile.h"
#include "core/panel/paneldataservice.h"
#include "core/prom/promclient.h"
#include "core/snapshot/snapshot.h"
#include "support/testsupport_backfill.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_pdf.h"
#include "support/testsupport_prometheus.h"
#include "support/testsupport_vitals.h"
#include "ui/dashboardpage.h"
#include "ui/driftpanel.h"
#include "ui/mainwindow.h"
#include "ui/modelqualitypanel.h"
#include "ui/panelcontroller.h"
#include "ui/reportjob.h"
#include "ui/snapshotactions.h"
#include "ui/snapshotwindow.h"
#include "ui/tables.h"
#include "widgets/panelframe.h"

#include <QAction>
#include <QFileInfo>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

using namespace vitals;

namespace {

// Titles of the page's panels that show data: the frame is drawn and the panel's PanelData
// has something to draw (a stat tile saying "no data" is drawn too); for the drift and
// model-quality views, which send their own queries, the view has something to show.
std::set<std::string> panelsWithData(const DashboardPage &page)
{
    std::set<std::string> titles;
    for (PanelController *panel : page.panels()) {
        const auto data = page.dataService()->data(panel->panel().id);
        const bool viewHasData = panel->drift()     ? panel->drift()->hasData()
                                 : panel->quality() ? panel->quality()->hasData()
                                                    : data && data->hasData();
        if (panel->frame()->state() == PanelFrame::State::Ready && data && viewHasData)
            titles.insert(panel->panel().title.toStdString());
    }
    return titles;
}

// Every cell of a table, row by row.
std::vector<std::string> texts(const TableModel &model)
{
    std::vector<std::string> out;
    for (int r = 0; r < model.rowCount(); ++r)
        for (int c = 0; c < model.columnCount(); ++c)
            out.push_back(model.text(r, c).toStdString());
    return out;
}

// What the drift and model-quality views computed for the selected range: the drift range
// table (PSI, JS, KS, … per feature) and the confusion matrix, per panel title. (Their "now"
// parts read the gauges' history at the page's step, which depends on its width.)
std::map<std::string, std::vector<std::string>> viewTables(const DashboardPage &page)
{
    std::map<std::string, std::vector<std::string>> out;
    for (PanelController *panel : page.panels()) {
        if (panel->drift())
            out[panel->panel().title.toStdString()] = texts(*panel->drift()->tableModel());
        else if (panel->quality())
            out[panel->panel().title.toStdString()] = texts(*panel->quality()->matrixModel());
    }
    return out;
}

// Model health rendered in-process by a ReportJob, live (client) or from a snapshot; its
// drift and model-quality tables in `tables`.
std::set<std::string>
reportPanelsWithData(prom::PromClient *client, ReportJob::Options options, const QString &path,
                     std::map<std::string, std::vector<std::string>> *tables = nullptr)
{
    options.path = path;
    options.format = ReportJob::Format::Png;
    options.size = QSize(1600, 0);
    ReportJob job(client, options);
    QSignalSpy finished(&job, &ReportJob::finished);
    job.start();
    EXPECT_TRUE(finished.wait(120000));
    EXPECT_TRUE(finished.value(0).value(0).toBool())
        << finished.value(0).value(1).toString().toStdString();
    if (tables)
        *tables = viewTables(*job.page());
    return panelsWithData(*job.page());
}

} // namespace

TEST(SnapshotLive, SavedFromALiveStackRendersTheSamePanelsWithTheStackStopped)
{
    testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({QStringLiteral("127.0.0.1:%1").arg(server.port())}, 1,
                                 QStringLiteral("iris")))
        << prometheus.log().toStdString();
    const QUrl up(prometheus.baseUrl().toString()
                  + QStringLiteral("/api/v1/query?query=up%7Bjob%3D%22iris%22%7D"));
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            QByteArray body;
            testsupport::httpGet(up, &body);
            return body.contains("\"iris\"");
        },
        30000));
    const QUrl predict(server.baseUrl() + QStringLiteral("/predict"));
    for (int round = 0; round < 6; ++round) {
        for (int i = 0; i < 10; ++i) {
            testsupport::httpPost(predict, QByteArrayLiteral("{\"features\":[5.1,3.5,1.4,0.2]}"));
            testsupport::httpPost(predict, QByteArrayLiteral("{\"features\":[6.9,3.1,5.8,2.3]}"));
        }
        testsupport::httpPost(predict, QByteArrayLiteral("{\"features\":[1,2]}"));
        QTest::qWait(1100);
    }
    // Labels for some predictions (POST /feedback), so Model quality has a confusion matrix.
    // One scrape (1 s) apart at least: increase() does not count what a counter series already
    // held when Prometheus first saw it (one series per predicted and actual class), so the
    // same pair is labelled three times, after its first sample.
    const QUrl feedback(server.baseUrl() + QStringLiteral("/feedback"));
    for (const char *actual : {"setosa", "setosa", "setosa", "versicolor"}) {
        QTest::qWait(1500);
        QNetworkAccessManager nam;
        QNetworkRequest request(predict);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        QNetworkReply *reply =
            nam.post(request, QByteArrayLiteral("{\"features\":[5.1,3.5,1.4,0.2]}"));
        ASSERT_TRUE(testsupport::waitUntil([reply] { return reply->isFinished(); }, 10000));
        const QByteArray id = reply->rawHeader(QByteArrayLiteral("X-Request-Id"));
        delete reply;
        ASSERT_FALSE(id.isEmpty());
        EXPECT_EQ(testsupport::httpPost(feedback,
                                        "{\"id\":\"" + id + "\",\"actual\":\"" + actual + "\"}"),
                  200);
    }
    QTest::qWait(2500);

    // A fixed span that ended seconds ago, so the live report and the snapshot see the same
    // samples. Credentials in the URL must not reach the file.
    const qint64 toMs = QDateTime::currentMSecsSinceEpoch() - 2000;
    const qint64 fromMs = toMs - 120'000;
    QUrl withCredentials = prometheus.baseUrl();
    withCredentials.setUserInfo(QStringLiteral("ann:s3cret"));
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("demo.vitals-snapshot"));
    const auto taken = testsupport::runVitals(
        {QStringLiteral("snapshot"), QStringLiteral("--server"), withCredentials.toString(),
         QStringLiteral("--from"), QString::number(fromMs / 1000.0, 'f', 3), QStringLiteral("--to"),
         QString::number(toMs / 1000.0, 'f', 3), QStringLiteral("--out"), file});
    ASSERT_TRUE(taken.finished);
    EXPECT_EQ(taken.exitCode, 0) << taken.err.toStdString();
    const qint64 bytes = QFileInfo(file).size();
    std::printf("snapshot of Model health over %lld s: %lld bytes\n",
                (long long)((toMs - fromMs) / 1000), (long long)bytes);
    EXPECT_GT(bytes, 0);
    EXPECT_LT(bytes, 5 * 1024 * 1024); // the README's goal for a 1 h snapshot

    // The live report of the same span, for comparison.
    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    prom::PromClient client(profile);
    ReportJob::Options live;
    live.dashboard =
        *dashboard::openDashboardFile(QStringLiteral(":/vitals/dashboards/model-health.json"))
             .dashboard;
    live.fromMs = snapshot::readSnapshotFile(file).snapshot->fromMs;
    live.toMs = snapshot::readSnapshotFile(file).snapshot->toMs;
    live.resolveVariables = true;
    std::map<std::string, std::vector<std::string>> liveTables;
    const std::set<std::string> liveData =
        reportPanelsWithData(&client, live, dir.filePath(QStringLiteral("live.png")), &liveTables);
    // Model health's throughput, latency and error panels answer with this traffic, and so do
    // its drift (iris-server's gauges and feature histogram) and model-quality (the labels
    // above) views.
    EXPECT_GE(liveData.size(), 7u);
    for (const auto &[title, cells] : liveTables) {
        EXPECT_TRUE(liveData.contains(title)) << title << " shows nothing live";
        EXPECT_FALSE(cells.empty()) << title;
    }
    EXPECT_EQ(liveTables.size(), 2u);

    prometheus.stop();
    server.stop();

    const snapshot::ReadResult read = snapshot::readSnapshotFile(file);
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    EXPECT_FALSE(read.snapshot->connection.contains(QStringLiteral("s3cret")));
    EXPECT_FALSE(read.snapshot->connection.contains(QStringLiteral("ann")));
    auto saved = std::make_shared<const snapshot::Snapshot>(*read.snapshot);

    // The report from the file, in-process and through the command line, with no server.
    ReportJob::Options fromFile;
    fromFile.dashboard = saved->dashboard;
    fromFile.fromMs = saved->fromMs;
    fromFile.toMs = saved->toMs;
    fromFile.snapshot = saved;
    std::map<std::string, std::vector<std::string>> offlineTables;
    EXPECT_EQ(reportPanelsWithData(nullptr, fromFile, dir.filePath(QStringLiteral("offline.png")),
                                   &offlineTables),
              liveData);
    EXPECT_EQ(offlineTables, liveTables);
    const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
    const auto report =
        testsupport::runVitals({QStringLiteral("report"), QStringLiteral("--snapshot"), file,
                                QStringLiteral("--out"), pdf});
    ASSERT_TRUE(report.finished);
    EXPECT_EQ(report.exitCode, 0) << report.err.toStdString();
    EXPECT_GE(testsupport::pdfPages(pdf), 10);
    EXPECT_TRUE(testsupport::pdfText(pdf).contains(QStringLiteral("Model health")));

    // The window on the file.
    SnapshotWindow window(saved);
    window.resize(1600, 1000);
    QSignalSpy refreshed(window.dashboardPage(), &DashboardPage::refreshFinished);
    window.show();
    ASSERT_TRUE(refreshed.wait(10000));
    EXPECT_TRUE(window.banner()->text().contains(QStringLiteral("Snapshot of Model health from ")))
        << window.banner()->text().toStdString();
    EXPECT_EQ(panelsWithData(*window.dashboardPage()), liveData);
    EXPECT_EQ(viewTables(*window.dashboardPage()), liveTables);
}

TEST(SnapshotSize, OneHourOfModelHealthStaysUnderFiveMegabytes)
{
    // An hour of iris-server's metrics at Prometheus's default 15 s scrape interval, backfilled
    // into a real Prometheus (testsupport_backfill.h), then `vitals snapshot` of the hour.
    testsupport::ModelServerHistory history;
    QTemporaryDir data;
    QString log;
    ASSERT_TRUE(testsupport::backfill(history.openMetrics(), data.path(), &log))
        << log.toStdString();
    testsupport::PrometheusProcess prometheus;
    prometheus.setDataDirectory(data.path());
    ASSERT_TRUE(prometheus.start({}, history.options().stepSeconds))
        << prometheus.log().toStdString();
    const qint64 endMs = history.endMs();
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("hour.vitals-snapshot"));
    const auto taken = testsupport::runVitals(
        {QStringLiteral("snapshot"), QStringLiteral("--server"), prometheus.baseUrl().toString(),
         QStringLiteral("--from"), QString::number((endMs - 3'600'000) / 1000),
         QStringLiteral("--to"), QString::number(endMs / 1000), QStringLiteral("--out"), file});
    ASSERT_TRUE(taken.finished);
    EXPECT_LE(taken.exitCode, 1) << taken.err.toStdString(); // drift may lack its reference
    const auto read = snapshot::readSnapshotFile(file);
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    std::size_t samples = 0, heatmaps = 0, cells = 0, views = 0;
    for (const auto &panel : read.snapshot->panels) {
        for (const auto &s : panel->series)
            samples += s.samples.size();
        if (!panel->heatmap.t.empty())
            ++heatmaps;
        for (const auto &row : panel->heatmap.counts)
            cells += row.size();
        if (panel->external)
            ++views; // the drift and model-quality views' answers
    }
    const qint64 bytes = QFileInfo(file).size();
    std::printf("1 h snapshot of Model health: %lld bytes, %zu samples, %zu heatmaps with %zu "
                "cells, %zu views' answers\n",
                (long long)bytes, samples, heatmaps, cells, views);
    EXPECT_EQ(heatmaps, 5u);   // latency and the four features
    EXPECT_EQ(views, 2u);      // drift and model quality
    EXPECT_GT(samples, 1000u); // the hour's history is in it, not an empty dashboard
    EXPECT_LT(bytes, 5 * 1024 * 1024);
}

TEST(SnapshotSave, FileMenuSavesWhatTheWindowDrew)
{
    // The window on a real Prometheus holding an hour of iris-server's metrics (backfilled).
    testsupport::ModelServerHistory history;
    QTemporaryDir data;
    QString log;
    ASSERT_TRUE(testsupport::backfill(history.openMetrics(), data.path(), &log))
        << log.toStdString();
    testsupport::PrometheusProcess prometheus;
    prometheus.setDataDirectory(data.path());
    ASSERT_TRUE(prometheus.start({}, history.options().stepSeconds))
        << prometheus.log().toStdString();
    MainWindow::Options options;
    options.server = prometheus.baseUrl();
    options.restoreSettings = false;
    MainWindow window(options);
    window.resize(1600, 1000);
    window.show();
    DashboardPage *page = window.dashboardPage();
    ASSERT_TRUE(testsupport::waitUntil(
        [&] { return !page->isRefreshing() && panelsWithData(*page).size() >= 5; }, 60000));
    QTest::qWait(500); // a refresh after the variables resolved may still follow
    ASSERT_TRUE(testsupport::waitUntil([&] { return !page->isRefreshing(); }, 30000));
    const std::set<std::string> shown = panelsWithData(*page);
    EXPECT_GE(shown.size(), 5u);

    // The File menu's action, without its file dialog.
    ASSERT_NE(window.findChild<QAction *>(QStringLiteral("saveSnapshotAction")), nullptr);
    auto *actions = window.findChild<SnapshotActions *>();
    ASSERT_NE(actions, nullptr);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("window.vitals-snapshot"));
    QSignalSpy saved(actions, &SnapshotActions::snapshotSaved);
    actions->saveSnapshot(file);
    ASSERT_TRUE(saved.wait(10000));
    EXPECT_TRUE(saved.value(0).value(1).toBool())
        << saved.value(0).value(2).toString().toStdString();

    const auto read = snapshot::readSnapshotFile(file);
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    EXPECT_EQ(read.snapshot->dashboard.title, window.dashboardPage()->dashboard().title);
    SnapshotWindow offline(std::make_shared<const snapshot::Snapshot>(*read.snapshot));
    offline.resize(1600, 1000);
    QSignalSpy drawn(offline.dashboardPage(), &DashboardPage::refreshFinished);
    offline.show();
    ASSERT_TRUE(drawn.wait(10000));
    EXPECT_EQ(panelsWithData(*offline.dashboardPage()), shown);
    EXPECT_EQ(offline.dashboardPage()->dataService()->client(), nullptr); // never asks a server

    // Zoom inside the captured span (ten minutes in, for five): every chart shows the saved
    // samples of that span only, and some still have samples (the history is 15 s apart).
    const qint64 fromMs = read.snapshot->fromMs + 600'000;
    const qint64 toMs = fromMs + 300'000;
    QSignalSpy zoomed(offline.dashboardPage(), &DashboardPage::refreshFinished);
    offline.dashboardPage()->zoomTo(fromMs, toMs);
    if (zoomed.isEmpty()) {
        ASSERT_TRUE(zoomed.wait(10000));
    }
    std::size_t inside = 0;
    for (PanelController *panel : offline.dashboardPage()->panels()) {
        const auto d = offline.dashboardPage()->dataService()->data(panel->panel().id);
        ASSERT_NE(d, nullptr);
        for (const auto &s : d->series) {
            if (s.samples.isEmpty())
                continue;
            EXPECT_GE(s.samples.firstTimestampMs(), fromMs);
            EXPECT_LE(s.samples.lastTimestampMs(), toMs);
            inside += s.samples.size();
        }
    }
    EXPECT_GT(inside, 20u);
}

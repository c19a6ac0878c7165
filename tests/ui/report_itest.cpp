// Reports against a real Prometheus (Debian's) scraping a real iris-server: a panel's CSV equals
// what the server answers for the same query, a PDF has the pages the dashboard calls for, a
// PNG shows the panels, and `vitals report` works end to end with no display.
#include "core/prom/promclient.h"
#include "core/units.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"
#include "ui/csvexport.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "ui/reportjob.h"
#include "ui/reportwriter.h"
#include "widgets/distributionchart.h"
#include "widgets/panelframe.h"
#include "widgets/stattile.h"
#include "widgets/timeserieschart.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "support/testsupport_pdf.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace vitals;

namespace {

// One iris-server with traffic, scraped every second by a Prometheus, shared by the tests.
class ReportLive : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_server = new testsupport::IrisServerProcess;
        ASSERT_TRUE(s_server->start()) << s_server->errorString().toStdString();
        s_prometheus = new testsupport::PrometheusProcess;
        ASSERT_TRUE(s_prometheus->start({QStringLiteral("127.0.0.1:%1").arg(s_server->port())}, 1,
                                        QStringLiteral("iris")))
            << s_prometheus->log().toStdString();
        // Prometheus applies new targets up to 5 s after it starts: send traffic once it scrapes.
        const QUrl up(s_prometheus->baseUrl().toString()
                      + QStringLiteral("/api/v1/query?query=up%7Bjob%3D%22iris%22%7D"));
        ASSERT_TRUE(testsupport::waitUntil(
            [&] {
                QByteArray body;
                testsupport::httpGet(up, &body);
                return body.contains("\"iris\"");
            },
            30000));
        // Traffic over 6 scrapes: valid predictions of the three classes and some malformed
        // requests, so throughput, errors and the prediction mix all have series.
        const QUrl predict(s_server->baseUrl() + QStringLiteral("/predict"));
        for (int round = 0; round < 6; ++round) {
            for (int i = 0; i < 10; ++i) {
                testsupport::httpPost(predict,
                                      QByteArrayLiteral("{\"features\":[5.1,3.5,1.4,0.2]}"));
                testsupport::httpPost(predict,
                                      QByteArrayLiteral("{\"features\":[6.0,2.9,4.5,1.5]}"));
                testsupport::httpPost(predict,
                                      QByteArrayLiteral("{\"features\":[6.9,3.1,5.8,2.3]}"));
            }
            testsupport::httpPost(predict, QByteArrayLiteral("{\"features\":[1,2]}"));
            QTest::qWait(1100);
        }
        QTest::qWait(2500);
    }

    static void TearDownTestSuite()
    {
        delete s_prometheus;
        delete s_server;
        s_prometheus = nullptr;
        s_server = nullptr;
    }

    static prom::ConnectionProfile profile()
    {
        prom::ConnectionProfile p;
        p.baseUrl = s_prometheus->baseUrl();
        return p;
    }

    static testsupport::IrisServerProcess *s_server;
    static testsupport::PrometheusProcess *s_prometheus;
};

testsupport::IrisServerProcess *ReportLive::s_server = nullptr;
testsupport::PrometheusProcess *ReportLive::s_prometheus = nullptr;

dashboard::Query query(const QString &expr, const QString &legend = {}, bool instant = false)
{
    dashboard::Query q;
    q.expr = expr;
    q.legendFormat = legend;
    q.refId = QStringLiteral("A");
    q.instant = instant;
    return q;
}

dashboard::Panel makePanel(const QString &id, dashboard::PanelType type, dashboard::GridPos pos,
                           std::vector<dashboard::Query> queries)
{
    dashboard::Panel p;
    p.id = id;
    p.title = id;
    p.type = type;
    p.gridPos = pos;
    p.queries = std::move(queries);
    return p;
}

// A small dashboard with one panel of each kind a report treats differently.
dashboard::Dashboard reportDashboard()
{
    using dashboard::PanelType;
    dashboard::Dashboard d;
    d.title = QStringLiteral("Report test");
    d.panels.push_back(makePanel(QStringLiteral("Total requests"), PanelType::Stat, {0, 0, 12, 4},
                                 {query(QStringLiteral("sum(inference_requests_total)"))}));
    d.panels.push_back(makePanel(QStringLiteral("Targets up"), PanelType::Stat, {12, 0, 12, 4},
                                 {query(QStringLiteral("sum(up)"))}));
    d.panels.push_back(
        makePanel(QStringLiteral("Throughput by status"), PanelType::TimeSeries, {0, 4, 24, 8},
                  {query(QStringLiteral("sum by (status) (rate(inference_requests_total[5s]))"),
                         QStringLiteral("{{status}}"))}));
    d.panels.push_back(makePanel(QStringLiteral("Predictions by class"), PanelType::Distribution,
                                 {0, 12, 12, 8},
                                 {query(QStringLiteral("sum by (class) (prediction_output_total)"),
                                        QStringLiteral("{{class}}"), true)}));
    d.panels.push_back(
        makePanel(QStringLiteral("Feature counts"), PanelType::DriftTable, {12, 12, 12, 8},
                  // A drift panel's query is the label selector of the drift view's own queries.
                  {query(QStringLiteral("job=\"iris\""), {}, true)}));
    return d;
}

ReportJob::Options jobOptions(const QString &path, ReportJob::Format format)
{
    ReportJob::Options o;
    o.path = path;
    o.format = format;
    o.dashboard = reportDashboard();
    o.toMs = QDateTime::currentMSecsSinceEpoch();
    o.fromMs = o.toMs - 60'000;
    o.connection = QStringLiteral("test Prometheus");
    o.size = QSize(1400, 0);
    return o;
}

} // namespace

TEST_F(ReportLive, PanelCsvEqualsTheServersAnswerForTheSameQuery)
{
    prom::PromClient client(profile());
    dashboard::Dashboard d;
    d.panels.push_back(makePanel(QStringLiteral("requests"), dashboard::PanelType::TimeSeries,
                                 {0, 0, 24, 8},
                                 {query(QStringLiteral("inference_requests_total"))}));
    DashboardPage page(&client);
    page.setScrapeIntervalMs(1000); // the shared Prometheus scrapes every second
    page.resize(1200, 400);
    page.setDashboard(d);
    // A span that ended seconds ago: every sample in it has been ingested, so the second query
    // below sees exactly the same data.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    page.setRange(TimeRange::absolute(now - 40'000, now - 3'000));
    QSignalSpy done(&page, &DashboardPage::refreshFinished);
    page.refresh();
    ASSERT_TRUE(done.wait(30000));
    PanelController *controller = page.panels().front();
    ASSERT_EQ(controller->frame()->state(), PanelFrame::State::Ready)
        << controller->frame()->message().toStdString();

    const QStringList lines = panelCsv(*controller).split(u'\n', Qt::SkipEmptyParts);
    ASSERT_GE(lines.size(), 2);
    const QStringList header = lines.front().split(u',');
    // Labels of inference_requests_total (sorted), then timestamp and value: the layout of
    // `vitals query --format csv`.
    ASSERT_GE(header.size(), 3);
    EXPECT_EQ(header.mid(header.size() - 2),
              (QStringList{QStringLiteral("timestamp"), QStringLiteral("value")}));
    EXPECT_EQ(header.front(), QStringLiteral("__name__"));
    QStringList sortedNames = header.mid(0, header.size() - 2);
    sortedNames.sort();
    EXPECT_EQ(sortedNames, header.mid(0, header.size() - 2));

    // The rows' timestamps give the step the panel used; ask the server for the same points.
    std::set<qint64> times;
    std::map<std::pair<QString, qint64>, QString> csv; // (labels, time) → value
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList f = lines[i].split(u',');
        ASSERT_EQ(f.size(), header.size()) << lines[i].toStdString();
        const qint64 t = qint64(std::llround(f[f.size() - 2].toDouble() * 1000.0));
        times.insert(t);
        csv[{f.mid(0, f.size() - 2).join(u','), t}] = f.back();
    }
    ASSERT_GE(times.size(), 2u) << lines.join(u'\n').toStdString();
    prom::RangeQuery q;
    q.expr = QStringLiteral("inference_requests_total");
    q.startMs = *times.begin();
    q.endMs = *times.rbegin();
    q.stepMs = *std::next(times.begin()) - *times.begin();
    std::optional<prom::RangeResult> answer;
    auto handle =
        client.queryRange(q, &client, [&](const prom::RangeResult &r) { answer = r.clone(); });
    ASSERT_TRUE(testsupport::waitUntil([&] { return answer.has_value(); }, 30000));
    ASSERT_TRUE(answer->ok()) << answer->error.message.toStdString();

    std::size_t samples = 0;
    for (const auto &s : answer->series) {
        QStringList key;
        for (const QString &name : header.mid(0, header.size() - 2))
            key << s.labels().value(name);
        for (std::size_t i = 0; i < s.size(); ++i) {
            ++samples;
            const auto it = csv.find({key.join(u','), s.timestampAt(i)});
            ASSERT_NE(it, csv.end()) << key.join(u',').toStdString() << " @" << s.timestampAt(i);
            EXPECT_EQ(it->second.toDouble(), s.value(i));
        }
    }
    EXPECT_EQ(samples, csv.size());
    EXPECT_GT(samples, 0u);
}

TEST_F(ReportLive, PdfHasATitlePageAndOnePagePerPanel)
{
    QTemporaryDir dir;
    prom::PromClient client(profile());
    const auto options = jobOptions(dir.filePath(QStringLiteral("r.pdf")), ReportJob::Format::Pdf);
    ReportJob job(&client, options);
    QSignalSpy finished(&job, &ReportJob::finished);
    job.start();
    ASSERT_TRUE(finished.wait(120000));
    ASSERT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();
    EXPECT_TRUE(job.panelErrors().isEmpty()) << job.panelErrors().join(u'\n').toStdString();
    EXPECT_TRUE(job.alertsError().isEmpty()) << job.alertsError().toStdString();

    // reportDashboard(): 2 stat panels (their values go on the title page) and 3 others, each
    // with a handful of rows that fit on its page: 1 + 3 pages.
    EXPECT_EQ(vitals::testsupport::pdfPages(options.path), 4);
    const QString text = vitals::testsupport::pdfText(options.path);
    EXPECT_TRUE(text.contains(QStringLiteral("Report test")));
    EXPECT_TRUE(text.contains(QStringLiteral("Vital signs")));
    EXPECT_TRUE(text.contains(QStringLiteral("Total requests")));
    // The test Prometheus has no alerting rules.
    EXPECT_TRUE(text.contains(QStringLiteral("No alerts firing"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("Drift — Feature counts")));
    // The drift table lists the four Iris features, as the panel does.
    for (const char *feature :
         {"sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"})
        EXPECT_TRUE(text.contains(QLatin1String(feature))) << feature;
    // The drift page is drawn from the view's data: "now" with its window, the PSI timeline,
    // then the range with its window (no widget of the window is grabbed).
    EXPECT_TRUE(text.contains(QStringLiteral("Now — last 180 predictions"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("PSI of the server's drift window over time")));
    EXPECT_TRUE(text.contains(QStringLiteral("against the training data")));
    // Statistics of the time series: its two statuses (200 and 400, traffic sent above).
    EXPECT_TRUE(text.contains(QStringLiteral("Mean")));
    EXPECT_EQ(text.count(QStringLiteral("Generated by Vitals " VITALS_VERSION)), 4);
}

TEST_F(ReportLive, PdfIsDrawnFromPanelDataNotFromTheWindowsWidgets)
{
    // A page that is never shown, refreshed against the live server.
    prom::PromClient client(profile());
    DashboardPage page(&client);
    page.resize(1400, 900);
    page.setDashboard(reportDashboard());
    QSignalSpy done(&page, &DashboardPage::refreshFinished);
    // The rate panel needs two scrapes of the traffic inside its 5 s window: refresh until it
    // has them (at most 20 s).
    auto hasSeries = [&] {
        for (const PanelController *panel : page.panels())
            if (panel->panel().type == dashboard::PanelType::TimeSeries)
                return panel->data() && !panel->data()->series.empty();
        return false;
    };
    for (int attempt = 0; attempt < 20 && !hasSeries(); ++attempt) {
        if (attempt > 0)
            QTest::qWait(1000);
        page.setRange(TimeRange::absolute(QDateTime::currentMSecsSinceEpoch() - 60'000,
                                          QDateTime::currentMSecsSinceEpoch()));
        page.refresh();
        ASSERT_TRUE(done.wait(60000));
    }
    ASSERT_FALSE(page.isVisible());

    // What the panels' data say, and then the window's widgets made to say something else:
    // a report that read them back would print the tampered text.
    const PanelController *total = nullptr, *throughput = nullptr, *classes = nullptr;
    for (const PanelController *panel : page.panels()) {
        if (panel->panel().id == u"Total requests")
            total = panel;
        if (panel->panel().id == u"Throughput by status")
            throughput = panel;
        if (panel->panel().id == u"Predictions by class")
            classes = panel;
    }
    ASSERT_TRUE(total && throughput && classes);
    ASSERT_TRUE(total->data() && throughput->data() && classes->data());
    const QString totalText = units::format(total->data()->statValue(), units::Unit::None);
    ASSERT_FALSE(throughput->data()->series.empty());
    const QString seriesName = throughput->data()->series.front().name;
    ASSERT_FALSE(classes->data()->values.empty());
    total->tile()->setText(QStringLiteral("tampered-tile"));
    throughput->chart()->setSeries({});
    classes->bars()->setData({QStringLiteral("tampered-bar")},
                             {BarGroup{QStringLiteral("A"), {1.0}}});

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("data.pdf"));
    ReportWriter writer(&page);
    ReportContext context;
    context.fromMs = QDateTime::currentMSecsSinceEpoch() - 60'000;
    context.toMs = QDateTime::currentMSecsSinceEpoch();
    context.generatedAt = QDateTime::currentDateTime();
    QString error;
    ASSERT_TRUE(writer.writePdf(path, &error)) << error.toStdString();
    const QString text = vitals::testsupport::pdfText(path);
    EXPECT_FALSE(text.contains(QStringLiteral("tampered"))) << text.toStdString();
    // Vital signs: the stat's value as its data has it, in the panel's unit (none).
    EXPECT_TRUE(text.contains(totalText)) << totalText.toStdString() << "\n" << text.toStdString();
    // The series table names the data's series; the bars table its categories.
    EXPECT_TRUE(text.contains(seriesName)) << seriesName.toStdString();
    for (const auto &value : classes->data()->values)
        EXPECT_TRUE(text.contains(value.name)) << value.name.toStdString();
    // The window was never shown to draw it.
    EXPECT_FALSE(page.isVisible());
}

TEST_F(ReportLive, PngIsNotBlank)
{
    QTemporaryDir dir;
    prom::PromClient client(profile());
    const auto options = jobOptions(dir.filePath(QStringLiteral("r.png")), ReportJob::Format::Png);
    ReportJob job(&client, options);
    QSignalSpy finished(&job, &ReportJob::finished);
    job.start();
    ASSERT_TRUE(finished.wait(120000));
    ASSERT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();

    const QImage image(options.path);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.width(), 1400);
    // 20 grid rows of 32 px at least (reportDashboard's panels end at row 20).
    EXPECT_GE(image.height(), 20 * 32);
    const QRgb background = image.pixel(0, 0);
    std::set<QRgb> colours;
    qint64 different = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb c = image.pixel(x, y);
            colours.insert(c);
            different += c != background ? 1 : 0;
        }
    // Text, lines, bars and tiles: many colours (antialiasing), and at least a tenth of the
    // image is not the window background (the chart plots alone are white).
    EXPECT_GT(colours.size(), 50u);
    EXPECT_GT(different, qint64(image.width()) * image.height() / 10);
}

TEST_F(ReportLive, ReportCommandWritesAPdfWithNoDisplay)
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("model-health.pdf"));
    QProcess vitals;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    vitals.setProcessEnvironment(env);
    vitals.start(QStringLiteral(VITALS_BIN_DIR "/vitals"),
                 {QStringLiteral("report"), QStringLiteral("--server"),
                  s_prometheus->baseUrl().toString(), QStringLiteral("--from"),
                  QStringLiteral("-2m"), QStringLiteral("--to"), QStringLiteral("now"),
                  QStringLiteral("--out"), out});
    ASSERT_TRUE(vitals.waitForFinished(180000));
    const QString err = QString::fromUtf8(vitals.readAllStandardError());
    EXPECT_EQ(vitals.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(vitals.exitCode(), 0) << err.toStdString();
    EXPECT_TRUE(QString::fromUtf8(vitals.readAllStandardOutput()).contains(u"wrote"));
    // The built-in Model health dashboard: a title page and one page per non-stat panel (9), and
    // the feature-distribution table's rows may continue on further pages.
    EXPECT_GE(vitals::testsupport::pdfPages(out), 10);
    const QString text = vitals::testsupport::pdfText(out);
    EXPECT_TRUE(text.contains(QStringLiteral("Model health")));
    EXPECT_TRUE(text.contains(s_prometheus->baseUrl().toString().chopped(
        s_prometheus->baseUrl().toString().endsWith(u'/') ? 1 : 0)));
}

TEST_F(ReportLive, ReportCommandAcceptsAGrafanaDashboard)
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("grafana.png"));
    QProcess vitals;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    vitals.setProcessEnvironment(env);
    vitals.start(QStringLiteral(VITALS_BIN_DIR "/vitals"),
                 {QStringLiteral("report"), QStringLiteral("--server"),
                  s_prometheus->baseUrl().toString(), QStringLiteral("--dashboard"),
                  QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/iris-serving-g10.json"),
                  QStringLiteral("--width"), QStringLiteral("1200"), QStringLiteral("--out"), out});
    ASSERT_TRUE(vitals.waitForFinished(180000));
    const QString err = QString::fromUtf8(vitals.readAllStandardError());
    // Every query the import keeps is PromQL this Prometheus answers (the Loki query, the
    // heatmap and the logs panel are skipped with a line each): 0, every panel answered.
    EXPECT_EQ(vitals.exitCode(), 0) << err.toStdString();
    EXPECT_FALSE(err.contains(QStringLiteral("warning:"))) << err.toStdString();
    EXPECT_TRUE(err.contains(QStringLiteral("imported Grafana dashboard"))) << err.toStdString();
    const QImage image(out);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.width(), 1200);
}

TEST(ReportCommand, RefusesABadCommandLine)
{
    QTemporaryDir dir;
    auto run = [](const QStringList &args) {
        QProcess vitals;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        vitals.setProcessEnvironment(env);
        vitals.start(QStringLiteral(VITALS_BIN_DIR "/vitals"),
                     QStringList{QStringLiteral("report")} + args);
        vitals.waitForFinished(60000);
        return std::make_pair(vitals.exitCode(), QString::fromUtf8(vitals.readAllStandardError()));
    };
    const QString pdf = dir.filePath(QStringLiteral("x.pdf"));
    EXPECT_EQ(run({}).first, 2);
    EXPECT_EQ(run({QStringLiteral("--out"), dir.filePath(QStringLiteral("x.svg"))}).first, 2);
    EXPECT_EQ(
        run({QStringLiteral("--from"), QStringLiteral("soon"), QStringLiteral("--out"), pdf}).first,
        2);
    const auto missing =
        run({QStringLiteral("--dashboard"), dir.filePath(QStringLiteral("none.json")),
             QStringLiteral("--out"), pdf});
    EXPECT_EQ(missing.first, 2);
    EXPECT_TRUE(missing.second.contains(QStringLiteral("none.json")))
        << missing.second.toStdString();
    EXPECT_FALSE(QFile::exists(pdf));
    // Nothing listens on port 1: the report is written with the errors, and the exit code is 1.
    const auto down = run({QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:1"),
                           QStringLiteral("--out"), pdf});
    EXPECT_EQ(down.first, 1) << down.second.toStdString();
    EXPECT_TRUE(QFile::exists(pdf));
    // An unwritable output path.
    EXPECT_EQ(run({QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:1"),
                   QStringLiteral("--out"), QStringLiteral("/nonexistent-dir/x.pdf")})
                  .first,
              3);
}

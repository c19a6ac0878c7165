// The built-in Model health dashboard against a real Prometheus at the scrape intervals people
// run (15 s, Prometheus's default, and 60 s), holding an hour of iris-server's metrics: every
// panel has data in the window and in `vitals report`, and every rate window the panels send
// spans at least two scrapes. The history is backfilled (tests/support/testsupport_backfill.h)
// so the tests need not wait for scrapes; Prometheus scrapes itself at the same interval, which
// is what the console reads the interval from.
#include "core/dashboard/dashboardfile.h"
#include "support/testsupport_backfill.h"
#include "support/testsupport_pdf.h"
#include "support/testsupport_prometheus.h"
#include "support/testsupport_vitals.h"
#include "ui/realworld.h"
#include "ui/reportjob.h"

#include "core/prom/promclient.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>

using namespace vitals;

namespace {

class ModelHealthOnHistory : public ::testing::TestWithParam<int>
{
protected:
    void SetUp() override
    {
        testsupport::HistoryOptions options;
        options.stepSeconds = GetParam();
        m_history = std::make_unique<testsupport::ModelServerHistory>(options);
        ASSERT_TRUE(m_data.isValid());
        QString log;
        ASSERT_TRUE(testsupport::backfill(m_history->openMetrics(), m_data.path(), &log))
            << log.toStdString();
        m_prometheus.setDataDirectory(m_data.path());
        ASSERT_TRUE(m_prometheus.start({}, GetParam())) << m_prometheus.log().toStdString();
        // Its scrape of itself: what a client reads the scrape interval from.
        ASSERT_TRUE(m_prometheus.waitForTargets(1));
    }

    qint64 scrapeMs() const { return qint64(GetParam()) * 1000; }

    QTemporaryDir m_data;
    std::unique_ptr<testsupport::ModelServerHistory> m_history;
    testsupport::PrometheusProcess m_prometheus;
};

} // namespace

TEST_P(ModelHealthOnHistory, EveryPanelHasDataInTheWindow)
{
    const auto window = realworld::openWindow(m_prometheus.baseUrl());
    DashboardPage *page = window->dashboardPage();
    ASSERT_EQ(page->dashboard().title, QStringLiteral("Model health"));
    // The hour of history, as a user would zoom to it.
    ASSERT_TRUE(realworld::showSpan(*window, scrapeMs(), m_history->startMs(), m_history->endMs()))
        << realworld::describePanels(*page).toStdString();

    ASSERT_GE(page->panels().size(), 14u);
    for (const PanelController *panel : page->panels())
        EXPECT_EQ(panel->frame()->state(), PanelFrame::State::Ready)
            << panel->panel().title.toStdString() << ": "
            << panel->frame()->message().toStdString();
    // A rate over fewer than two scrapes has no value: every window sent spans two at least.
    const QStringList sent = realworld::allExpressions(*page);
    ASSERT_FALSE(sent.isEmpty());
    EXPECT_TRUE(realworld::shortRangeWindows(sent, 2 * scrapeMs()).isEmpty())
        << realworld::shortRangeWindows(sent, 2 * scrapeMs()).join(u'\n').toStdString();
    if (::testing::Test::HasFailure())
        ADD_FAILURE() << realworld::describePanels(*page).toStdString();
}

TEST_P(ModelHealthOnHistory, EveryPanelHasDataInTheReport)
{
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("model-health.pdf"));
    const auto run = testsupport::runVitals(
        {QStringLiteral("report"), QStringLiteral("--server"), m_prometheus.baseUrl().toString(),
         QStringLiteral("--from"), QString::number(m_history->startMs() / 1000),
         QStringLiteral("--to"), QString::number(m_history->endMs() / 1000),
         QStringLiteral("--out"), pdf});
    ASSERT_TRUE(run.finished);
    // 0: written, and no panel failed.
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.out.contains(QStringLiteral("wrote"))) << run.out.toStdString();

    const auto opened =
        dashboard::openDashboardFile(QStringLiteral(":/vitals/dashboards/model-health.json"));
    ASSERT_TRUE(opened.ok()) << opened.error.toStdString();
    const QStringList pages = testsupport::pdfPageTexts(pdf);
    ASSERT_GE(pages.size(), 10);
    // The drift table has a row per Iris feature when it has data.
    const QStringList empty = realworld::reportPanelsWithoutData(pages, *opened.dashboard,
                                                                 QStringLiteral("petal_width_cm"));
    EXPECT_TRUE(empty.isEmpty()) << "panels without data: "
                                 << empty.join(QStringLiteral(", ")).toStdString() << "\n"
                                 << run.err.toStdString() << "\n"
                                 << pages.join(u'\f').toStdString();
}

TEST_P(ModelHealthOnHistory, QueryCommandReadsTheHistory)
{
    // `vitals query` over the last hour, with a rate window of four scrapes (as Grafana's
    // $__rate_interval): one row per step, csv "timestamp,value" after the labels.
    const QString expr = QStringLiteral("sum(rate(inference_requests_total{job=\"iris\"}[%1s]))")
                             .arg(4 * GetParam());
    const auto run = testsupport::runVitals(
        {QStringLiteral("query"), QStringLiteral("--server"), m_prometheus.baseUrl().toString(),
         QStringLiteral("--range"), QStringLiteral("1h"), QStringLiteral("--step"),
         QStringLiteral("%1s").arg(GetParam()), QStringLiteral("--format"), QStringLiteral("csv"),
         expr},
        60000);
    ASSERT_TRUE(run.finished);
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_GE(lines.size(), 2) << run.out.toStdString();
    EXPECT_TRUE(lines.front().endsWith(QStringLiteral("timestamp,value")))
        << lines.front().toStdString();
    double sum = 0;
    for (qsizetype i = 1; i < lines.size(); ++i)
        sum += lines[i].section(u',', -1).toDouble();
    const double mean = sum / double(lines.size() - 1);
    // The range ends now, seconds after the history: all its steps but the first window's have
    // a value (3600 s / step, less 4 steps, less a few for the seconds since).
    EXPECT_GE(lines.size() - 1, 3600 / GetParam() - 8);
    // HistoryOptions: 4 + 0.08 + 0.02 requests/s; Poisson over the hour and rate()'s
    // extrapolation keep the mean within 5 %.
    EXPECT_NEAR(mean, 4.1, 0.05 * 4.1);
}

TEST_P(ModelHealthOnHistory, TheReportPlansRateWindowsOverTwoScrapes)
{
    // The job `vitals report` runs (app/reportcommand.cpp): the interval asked of the server,
    // the variables resolved against it. Its panels' expressions are what the report sent.
    const auto opened =
        dashboard::openDashboardFile(QStringLiteral(":/vitals/dashboards/model-health.json"));
    ASSERT_TRUE(opened.ok());
    QTemporaryDir dir;
    prom::ConnectionProfile profile;
    profile.baseUrl = m_prometheus.baseUrl();
    prom::PromClient client(profile);
    ReportJob::Options options;
    options.path = dir.filePath(QStringLiteral("r.pdf"));
    options.dashboard = *opened.dashboard;
    options.fromMs = m_history->startMs();
    options.toMs = m_history->endMs();
    options.scrapeIntervalMs = 0;
    options.resolveVariables = true;
    ReportJob job(&client, options);
    QSignalSpy finished(&job, &ReportJob::finished);
    job.start();
    ASSERT_TRUE(finished.wait(180000));
    ASSERT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();
    EXPECT_TRUE(job.panelErrors().isEmpty()) << job.panelErrors().join(u'\n').toStdString();
    const QStringList sent = realworld::allExpressions(*job.page());
    ASSERT_FALSE(sent.isEmpty());
    EXPECT_TRUE(realworld::shortRangeWindows(sent, 2 * scrapeMs()).isEmpty())
        << realworld::shortRangeWindows(sent, 2 * scrapeMs()).join(u'\n').toStdString();
    for (const PanelController *panel : job.page()->panels())
        EXPECT_EQ(panel->frame()->state(), PanelFrame::State::Ready)
            << panel->panel().title.toStdString() << ": "
            << panel->frame()->message().toStdString();
}

INSTANTIATE_TEST_SUITE_P(ScrapeIntervals, ModelHealthOnHistory, ::testing::Values(15, 60),
                         [](const auto &info) { return std::to_string(info.param) + "s"; });

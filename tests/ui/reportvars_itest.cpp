// `vitals report --var NAME=VALUE` against a real Prometheus scraping itself: the value chosen
// on the command line is what the panels query and what the title page lists; a variable the
// dashboard does not have is refused before anything is queried.
#include "support/testsupport_pdf.h"
#include "support/testsupport_prometheus.h"
#include "support/testsupport_vitals.h"

#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace vitals;

namespace {
const QString kGoRuntime =
    QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/go-runtime-mixin.json");
}

TEST(ReportVariables, TheCommandLineChoosesTheValues)
{
    testsupport::PrometheusProcess prometheus;
    prometheus.setSelfJob(QStringLiteral("prometheus"));
    ASSERT_TRUE(prometheus.start({}, 5)) << prometheus.log().toStdString();
    // The job exists once Prometheus has scraped itself (within one interval of the start).
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            QByteArray body;
            testsupport::httpGet(
                QUrl(prometheus.baseUrl().toString() + QStringLiteral("/api/v1/label/job/values")),
                &body);
            return body.contains("\"prometheus\"");
        },
        30000));
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("go.pdf"));
    const auto run = testsupport::runVitals(
        {QStringLiteral("report"), QStringLiteral("--server"), prometheus.baseUrl().toString(),
         QStringLiteral("--dashboard"), kGoRuntime, QStringLiteral("--from"), QStringLiteral("-5m"),
         QStringLiteral("--var"), QStringLiteral("job=prometheus"), QStringLiteral("--out"), pdf});
    ASSERT_TRUE(run.finished);
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QStringList pages = testsupport::pdfPageTexts(pdf);
    ASSERT_FALSE(pages.isEmpty());
    EXPECT_TRUE(QRegularExpression(QStringLiteral("Variables\\s+job = prometheus"))
                    .match(pages.front())
                    .hasMatch())
        << pages.front().toStdString();
    // A value the server does not have is kept, with a warning that says so.
    const auto other = testsupport::runVitals(
        {QStringLiteral("report"), QStringLiteral("--server"), prometheus.baseUrl().toString(),
         QStringLiteral("--dashboard"), kGoRuntime, QStringLiteral("--from"), QStringLiteral("-5m"),
         QStringLiteral("--var"), QStringLiteral("job=elsewhere"), QStringLiteral("--out"), pdf});
    ASSERT_TRUE(other.finished);
    EXPECT_TRUE(other.err.contains(u"variable job: elsewhere is not among the server's values"))
        << other.err.toStdString();
    EXPECT_TRUE(QRegularExpression(QStringLiteral("Variables\\s+job = elsewhere"))
                    .match(testsupport::pdfPageTexts(pdf).value(0))
                    .hasMatch());
}

TEST(ReportVariables, AnUnknownVariableIsRefused)
{
    QTemporaryDir dir;
    const auto run =
        testsupport::runVitals({QStringLiteral("report"), QStringLiteral("--server"),
                                QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--dashboard"),
                                kGoRuntime, QStringLiteral("--var"), QStringLiteral("nosuch=1"),
                                QStringLiteral("--out"), dir.filePath(QStringLiteral("x.pdf"))});
    ASSERT_TRUE(run.finished);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_TRUE(run.err.contains(u"the dashboard has no variable \"nosuch\""))
        << run.err.toStdString();
    const auto bad = testsupport::runVitals({QStringLiteral("report"), QStringLiteral("--var"),
                                             QStringLiteral("novalue"), QStringLiteral("--out"),
                                             dir.filePath(QStringLiteral("x.pdf"))});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(bad.err.contains(u"--var wants NAME=VALUE")) << bad.err.toStdString();
}

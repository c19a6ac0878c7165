// Ground truth through the console: labels sent to a real iris-server, scraped by a real
// Prometheus, read back by the Model quality view (and the drift view, which must stay quiet
// under concept drift), and written into the PDF report.
#include "core/prom/promclient.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_pdf.h"
#include "support/testsupport_prometheus.h"
#include "ui/driftpanel.h"
#include "ui/modelqualitypanel.h"
#include "ui/reportjob.h"
#include "ui/tables.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

struct Stack {
    testsupport::IrisServerProcess server;
    testsupport::PrometheusProcess prometheus;

    bool start()
    {
        if (!server.start()
            || !prometheus.start({QStringLiteral("127.0.0.1:%1").arg(server.port())}, 1,
                                 QStringLiteral("iris")))
            return false;
        return waitForScrape(QStringLiteral("up{job=\"iris\"} == 1"));
    }

    // Waits until an instant query returns a non-empty vector.
    bool waitForScrape(const QString &expr, int timeoutMs = 30000)
    {
        QUrl url(prometheus.baseUrl().toString() + QStringLiteral("/api/v1/query"));
        url.setQuery(QStringLiteral("query=") + QString::fromLatin1(QUrl::toPercentEncoding(expr)));
        return testsupport::waitUntil(
            [&] {
                QByteArray body;
                return testsupport::httpGet(url, &body) == 200 && body.contains("\"value\"");
            },
            timeoutMs);
    }

    prom::ConnectionProfile profile() const
    {
        prom::ConnectionProfile p;
        p.baseUrl = prometheus.baseUrl();
        return p;
    }
};

// POST a JSON body; returns the answer's X-Request-Id.
QByteArray postForId(const QString &url, const QByteArray &body, int *status = nullptr)
{
    QNetworkAccessManager nam;
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.post(request, body);
    testsupport::waitUntil([reply] { return reply->isFinished(); }, 10000);
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray id = reply->rawHeader(QByteArrayLiteral("X-Request-Id"));
    delete reply;
    return id;
}

template<typename Panel> bool refreshed(Panel &panel, qint64 fromMs, qint64 toMs)
{
    QSignalSpy done(&panel, &Panel::refreshFinished);
    panel.refresh(fromMs, toMs, 1000);
    return done.wait(30000);
}

// Runs `vitals simulate` (the app's own entry point) to the end.
bool simulate(const QStringList &args, QString *output)
{
    QProcess vitals;
    vitals.setProcessChannelMode(QProcess::MergedChannels);
    vitals.start(QStringLiteral(VITALS_BIN_DIR "/vitals"),
                 QStringList{QStringLiteral("simulate")} + args);
    const bool finished = vitals.waitForFinished(120000);
    *output = QString::fromUtf8(vitals.readAll());
    return finished && vitals.exitCode() == 0;
}

} // namespace

// A known set of predictions and labels gives the exact confusion matrix through the client.
TEST(ModelQuality, KnownLabelsGiveTheExactConfusionMatrix)
{
    Stack stack;
    ASSERT_TRUE(stack.start()) << stack.server.errorString().toStdString()
                               << stack.prometheus.log().toStdString();
    const QString predict = stack.server.baseUrl() + QStringLiteral("/predict");
    const QString feedback = stack.server.baseUrl() + QStringLiteral("/feedback");
    // Flowers of the data set the model classifies as their species (resources/data/iris.csv
    // rows 1, 51 and 101).
    struct Sent {
        QByteArray features;
        std::vector<const char *> labels; // one prediction per label
    };
    const Sent sent[] = {
        {"[5.1,3.5,1.4,0.2]", {"setosa", "setosa", "setosa", "setosa", "versicolor"}},
        {"[7.0,3.2,4.7,1.4]", {"versicolor", "versicolor", "versicolor"}},
        {"[6.3,3.3,6.0,2.5]", {"virginica", "virginica", "versicolor", "versicolor"}},
    };
    for (const Sent &s : sent)
        for (const char *actual : s.labels) {
            const QByteArray id = postForId(predict, "{\"features\":" + s.features + "}");
            ASSERT_FALSE(id.isEmpty());
            int status = 0;
            postForId(feedback,
                      QJsonDocument(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(id)},
                                                {QStringLiteral("actual"), QLatin1String(actual)}})
                          .toJson(QJsonDocument::Compact),
                      &status);
            ASSERT_EQ(status, 200);
        }
    ASSERT_TRUE(
        stack.waitForScrape(QStringLiteral("sum(iris_feedback_total{job=\"iris\"}) == 12")));
    QTest::qWait(3000); // a few more scrapes, so increase() has a long base to extrapolate from

    prom::PromClient client(stack.profile());
    ModelQualityPanel panel;
    QAbstractItemModelTester matrixTester(panel.matrixModel(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester classTester(panel.classModel(),
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.setClient(&client);
    panel.setSelector(QStringLiteral("job=\"iris\""));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ASSERT_TRUE(refreshed(panel, now - 300000, now));
    ASSERT_TRUE(panel.errorText().isEmpty()) << panel.errorText().toStdString();

    EXPECT_EQ(panel.classes(), (QStringList{QStringLiteral("setosa"), QStringLiteral("versicolor"),
                                            QStringLiteral("virginica")}));
    // Rows: actual; columns: predicted.
    const double expected[3][3] = {{4, 0, 0}, {1, 3, 2}, {0, 0, 2}};
    for (int a = 0; a < 3; ++a)
        for (int p = 0; p < 3; ++p)
            EXPECT_EQ(panel.count(panel.classes()[a], panel.classes()[p]), expected[a][p])
                << panel.classes()[a].toStdString() << " predicted "
                << panel.classes()[p].toStdString();
    EXPECT_EQ(panel.labels(), 12.0);
    EXPECT_DOUBLE_EQ(panel.accuracy(), 9.0 / 12.0);
    EXPECT_DOUBLE_EQ(panel.precision(QStringLiteral("setosa")), 4.0 / 5.0);
    EXPECT_DOUBLE_EQ(panel.recall(QStringLiteral("versicolor")), 3.0 / 6.0);
    EXPECT_DOUBLE_EQ(panel.precision(QStringLiteral("virginica")), 2.0 / 4.0);
    EXPECT_DOUBLE_EQ(panel.recall(QStringLiteral("virginica")), 1.0);
    EXPECT_NEAR(panel.labelledShare(), 1.0, 1e-9); // every prediction got its label
    EXPECT_GE(panel.meanDelaySeconds(), 0.0);
    EXPECT_LT(panel.meanDelaySeconds(), 2.0);
    // The matrix as shown: counts and row shares.
    EXPECT_EQ(panel.matrixModel()->text(1, 2), QStringLiteral("2 (33.3%)"));
    EXPECT_EQ(panel.matrixModel()->headerData(1, Qt::Vertical).toString(),
              QStringLiteral("actual versicolor"));
    EXPECT_EQ(panel.matrixModel()->headerData(2, Qt::Horizontal).toString(),
              QStringLiteral("predicted virginica"));
    // Per class: precision of setosa 4/5, recall of versicolor 3/6 (the counts above).
    ASSERT_EQ(panel.classModel()->rowCount(), 3);
    EXPECT_EQ(panel.classModel()->text(0, 1), QStringLiteral("80%"));
    EXPECT_EQ(panel.classModel()->text(1, 2), QStringLiteral("50%"));
    EXPECT_FALSE(panel.timelineSeries().empty());

    // The PDF report carries it.
    QTemporaryDir dir;
    ReportJob::Options o;
    o.path = dir.filePath(QStringLiteral("quality.pdf"));
    o.format = ReportJob::Format::Pdf;
    dashboard::Panel p;
    p.id = QStringLiteral("quality");
    p.title = QStringLiteral("Model quality");
    p.type = dashboard::PanelType::ModelQuality;
    p.gridPos = {0, 0, 24, 14};
    dashboard::Query q;
    q.expr = QStringLiteral("job=\"iris\"");
    q.refId = QStringLiteral("A");
    p.queries.push_back(q);
    o.dashboard.title = QStringLiteral("Quality report");
    o.dashboard.panels.push_back(p);
    o.toMs = QDateTime::currentMSecsSinceEpoch();
    o.fromMs = o.toMs - 300'000;
    o.connection = QStringLiteral("test Prometheus");
    ReportJob job(&client, o);
    QSignalSpy finished(&job, &ReportJob::finished);
    job.start();
    ASSERT_TRUE(finished.wait(120000));
    ASSERT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();
    const QString text = testsupport::pdfText(o.path);
    EXPECT_TRUE(text.contains(QStringLiteral("predicted versicolor"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("Precision")));
    EXPECT_TRUE(text.contains(QStringLiteral("Accuracy 75"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("2 (33.3%)")));
}

// Concept drift: the inputs look like the training data, the answers go wrong. Accuracy falls
// below 0.75 while every feature's PSI stays under the alert threshold of 0.25; the same
// traffic with true labels keeps accuracy at 0.9 or more.
TEST(ModelQuality, ConceptLowersAccuracyWhileDriftStaysQuiet)
{
    for (const QString &scenario : {QStringLiteral("concept"), QStringLiteral("normal")}) {
        SCOPED_TRACE(scenario.toStdString());
        Stack stack;
        ASSERT_TRUE(stack.start()) << stack.prometheus.log().toStdString();
        // 600 predictions (the drift window holds 500), every one labelled at once.
        QString output;
        ASSERT_TRUE(
            simulate({QStringLiteral("--target"), stack.server.baseUrl(),
                      QStringLiteral("--scenario"), scenario, QStringLiteral("--rate"),
                      QStringLiteral("50"), QStringLiteral("--duration"), QStringLiteral("12s"),
                      QStringLiteral("--seed"), QStringLiteral("15"), QStringLiteral("--feedback"),
                      QStringLiteral("1"), QStringLiteral("--feedback-delay"), QStringLiteral("0")},
                     &output))
            << output.toStdString();
        ASSERT_TRUE(
            stack.waitForScrape(QStringLiteral("sum(iris_feedback_total{job=\"iris\"}) > 500")))
            << output.toStdString();
        QTest::qWait(2500);

        prom::PromClient client(stack.profile());
        ModelQualityPanel quality;
        quality.setClient(&client);
        quality.setSelector(QStringLiteral("job=\"iris\""));
        DriftPanel drift;
        drift.setClient(&client);
        drift.setSelector(QStringLiteral("job=\"iris\""));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        ASSERT_TRUE(refreshed(quality, now - 300000, now));
        ASSERT_TRUE(refreshed(drift, now - 300000, now));
        EXPECT_GT(quality.labels(), 500.0);
        ASSERT_EQ(drift.now().size(), 4u);
        for (const auto &[feature, n] : drift.now()) {
            EXPECT_LT(n.psi, 0.25) << feature.toStdString();
            EXPECT_FALSE(n.alertFiring);
        }
        if (scenario == QLatin1String("concept")) {
            EXPECT_LT(quality.accuracy(), 0.75);
        } else {
            EXPECT_GE(quality.accuracy(), 0.9);
        }
        std::printf(
            "[ figures  ] %s: accuracy %.3f on %.0f labels, largest PSI now %.3f\n",
            qPrintable(scenario), quality.accuracy(), quality.labels(),
            std::max({drift.now().begin()->second.psi, std::next(drift.now().begin())->second.psi,
                      std::next(drift.now().begin(), 2)->second.psi,
                      std::next(drift.now().begin(), 3)->second.psi}));
    }
}

// The drift view against a real Prometheus scraping a real iris-server: its "now" part reads the
// statistic and window the FeatureDrift alert reads, so the two never disagree.
#include "core/prom/promclient.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"
#include "ui/driftpanel.h"
#include "ui/tables.h"
#include "widgets/timeserieschart.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrl>

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <vector>

using namespace vitals;

namespace {

const char *const kFeatures[] = {"sepal_length_cm", "sepal_width_cm", "petal_length_cm",
                                 "petal_width_cm"};

// A batch of `n` inputs: flowers of resources/data/iris.csv (drawn at random) with sepal length
// 8–10 cm and petal length 7–9 cm (both beyond the training maxima of 7.9 and 6.9 cm), so those
// two features drift and the widths stay like the training data.
QByteArray driftedBatch(int n, std::mt19937 &random)
{
    static const std::vector<std::array<double, 4>> rows = [] {
        std::vector<std::array<double, 4>> out;
        QFile csv(QStringLiteral(VITALS_SOURCE_DIR "/resources/data/iris.csv"));
        if (csv.open(QIODevice::ReadOnly)) {
            csv.readLine();
            while (!csv.atEnd()) {
                const QList<QByteArray> cells = csv.readLine().trimmed().split(',');
                if (cells.size() == 5)
                    out.push_back({cells[0].toDouble(), cells[1].toDouble(), cells[2].toDouble(),
                                   cells[3].toDouble()});
            }
        }
        return out;
    }();
    std::uniform_real_distribution<double> sepal(8.0, 10.0), petal(7.0, 9.0);
    std::uniform_int_distribution<std::size_t> pick(0, rows.size() - 1);
    QByteArray body = "{\"instances\":[";
    for (int i = 0; i < n; ++i) {
        const auto &row = rows.at(pick(random));
        body += QStringLiteral("%1[%2,%3,%4,%5]")
                    .arg(i ? QStringLiteral(",") : QString())
                    .arg(sepal(random), 0, 'f', 3)
                    .arg(row[1], 0, 'f', 1)
                    .arg(petal(random), 0, 'f', 3)
                    .arg(row[3], 0, 'f', 1)
                    .toUtf8();
    }
    return body + "]}";
}

// The value of `series` (a full exposition series name with labels) in a /metrics text.
double gauge(const QByteArray &metrics, const QByteArray &series)
{
    const qsizetype at = metrics.indexOf("\n" + series + " ");
    if (at < 0)
        return -1;
    const qsizetype start = at + series.size() + 2;
    const qsizetype end = metrics.indexOf('\n', start);
    return metrics.mid(start, end - start).toDouble();
}

struct Stack {
    testsupport::IrisServerProcess server;
    testsupport::PrometheusProcess prometheus;
    QTemporaryDir dir;

    // `rules`: the body of a rules group (Prometheus evaluates it every second).
    bool start(const QString &rules)
    {
        if (!server.start())
            return false;
        const QString path = dir.filePath(QStringLiteral("rules.yml"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write(QStringLiteral("groups:\n  - name: test\n    rules:\n%1").arg(rules).toUtf8());
        file.close();
        prometheus.setRuleFiles({path});
        if (!prometheus.start({QStringLiteral("127.0.0.1:%1").arg(server.port())}, 1,
                              QStringLiteral("iris")))
            return false;
        // A first scrape before any traffic, so increase() starts from zero.
        return testsupport::waitUntil(
            [this] {
                QByteArray body;
                return query(QStringLiteral("up{job=\"iris\"} == 1"), &body)
                       && body.contains("\"value\"");
            },
            30000);
    }

    bool query(const QString &expr, QByteArray *body)
    {
        QUrl url(prometheus.baseUrl().toString() + QStringLiteral("/api/v1/query"));
        url.setQuery(QStringLiteral("query=") + QString::fromLatin1(QUrl::toPercentEncoding(expr)));
        return testsupport::httpGet(url, body) == 200;
    }
};

bool refreshed(DriftPanel &panel, qint64 fromMs, qint64 toMs)
{
    QSignalSpy done(&panel, &DriftPanel::refreshFinished);
    panel.refresh(fromMs, toMs, 1000);
    return done.wait(30000);
}

} // namespace

// 600 drifted predictions only: the server's window holds the last 500 of them. The drift view's
// "now" PSI must be the gauge Prometheus scraped, i.e. the server's own value, within rounding.
TEST(DriftNow, AgreesWithTheServerGaugesForDriftedTraffic)
{
    Stack stack;
    // A FeatureDrift rule that fires for every feature with any PSI at all, at once: so that a
    // feature (sepal width) fires while its PSI is under the panel's thresholds.
    ASSERT_TRUE(
        stack.start(QStringLiteral("      - alert: FeatureDrift\n"
                                   "        expr: iris_feature_drift_psi{job=\"iris\"} > 0\n")))
        << stack.server.errorString().toStdString() << stack.prometheus.log().toStdString();

    std::mt19937 random(15);
    const QUrl predict(stack.server.baseUrl() + QStringLiteral("/predict"));
    for (int i = 0; i < 6; ++i)
        ASSERT_EQ(testsupport::httpPost(predict, driftedBatch(100, random)), 200);

    // The gauges as the server computes them; they change no more (no more traffic).
    QByteArray metrics;
    ASSERT_EQ(
        testsupport::httpGet(QUrl(stack.server.baseUrl() + QStringLiteral("/metrics")), &metrics),
        200);
    std::map<QString, double> server;
    for (const char *feature : kFeatures)
        server[QLatin1String(feature)] =
            gauge(metrics, QByteArray("iris_feature_drift_psi{feature=\"") + feature + "\"}");
    ASSERT_EQ(gauge(metrics, "iris_drift_window_size"), 500.0);
    ASSERT_GT(server["sepal_length_cm"], 0.25);
    ASSERT_LT(server["sepal_width_cm"], 0.25);
    ASSERT_GT(server["sepal_width_cm"], 0.0);

    // Wait for Prometheus to have scraped them and for the alert to fire.
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            QByteArray body;
            return stack.query(
                       QStringLiteral("ALERTS{alertname=\"FeatureDrift\",alertstate=\"firing\","
                                      "feature=\"sepal_width_cm\"}"),
                       &body)
                   && body.contains("sepal_width_cm");
        },
        30000));
    // A few more scrapes of the unchanged counters: increase() extrapolates the last samples to
    // the end of the range by up to 1.1 scrape intervals, relative to the span they cover.
    testsupport::spin(8000);

    prom::ConnectionProfile profile;
    profile.baseUrl = stack.prometheus.baseUrl();
    prom::PromClient client(profile);
    DriftPanel panel;
    QAbstractItemModelTester nowTester(panel.nowModel(),
                                       QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester rangeTester(panel.tableModel(),
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    panel.setClient(&client);
    panel.setSelector(QStringLiteral("job=\"iris\""));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ASSERT_TRUE(refreshed(panel, now - 120000, now));
    ASSERT_TRUE(panel.errorText().isEmpty()) << panel.errorText().toStdString();

    ASSERT_EQ(panel.now().size(), 4u);
    ASSERT_EQ(panel.features().size(), 4u) << panel.rangeTitle().toStdString();
    for (const auto &[feature, value] : server) {
        const auto &n = panel.now().at(feature);
        // The exposition prints the gauge with enough digits; Prometheus keeps the float64.
        EXPECT_NEAR(n.psi, value, 1e-9) << feature.toStdString();
        // Every alert fires, so every feature shows as drifting, sepal width (PSI < 0.25) too.
        EXPECT_TRUE(n.alertFiring) << feature.toStdString();
        EXPECT_EQ(n.level, drift::Level::Red) << feature.toStdString();
    }
    const auto &sepal = panel.now().at(QStringLiteral("sepal_length_cm"));
    EXPECT_EQ(sepal.level, drift::Level::Red);
    EXPECT_GT(sepal.sinceMs, now - 120000); // drifting since the traffic started
    EXPECT_EQ(panel.nowWindowSize(), 500.0);
    EXPECT_TRUE(panel.nowTitle().contains(QStringLiteral("last 500 predictions")))
        << panel.nowTitle().toStdString();
    // The range: the 600 drifted predictions, against the training data.
    EXPECT_TRUE(panel.rangeTitle().contains(QStringLiteral("against the training data")))
        << panel.rangeTitle().toStdString();
    // 600 values; increase() extrapolates to the range's end: over at least 10 s of samples
    // (the scrape before the traffic, then 8 s more) by at most 1.1 s, so at most 11 % more.
    const double values = panel.features().at(QStringLiteral("sepal_length_cm")).observations;
    EXPECT_GE(values, 599.0);
    EXPECT_LE(values, 670.0);
    EXPECT_TRUE(panel.rangeTitle().contains(QStringLiteral(" values")))
        << panel.rangeTitle().toStdString();
    // The timeline plots the same gauge (its last point is the "now" value), plus the two
    // thresholds.
    ASSERT_EQ(panel.timelineSeries().size(), 6u);
    for (const ChartSeries &line : panel.timelineSeries()) {
        const auto it = server.find(line.name);
        if (it == server.end())
            continue;
        ASSERT_FALSE(line.samples.isEmpty());
        EXPECT_NEAR(line.samples.value(line.samples.size() - 1), it->second, 1e-9);
    }
    EXPECT_EQ(panel.timelineSeries()[4].samples.value(0), 0.1);
    EXPECT_EQ(panel.timelineSeries()[5].samples.value(0), 0.25);
    // Drawn as one line per feature: the chart joins samples one range step (1 s) apart, and the
    // "now" value appended a moment after the last step does not make it take that moment for
    // the step and draw every sample as a dot of its own.
    TimeSeriesChart *timeline = panel.timeline();
    EXPECT_EQ(timeline->sampleStep(), 1000);
    timeline->flush();
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(timeline->drawnSegments(i).size(), 1u) << timeline->seriesName(i).toStdString();

    // Thresholds raised far above sepal width's PSI: by its value it is "ok", but its alert
    // fires, so it is still shown as drifting, now and in the range table.
    panel.setThresholds({5.0, 9.0});
    EXPECT_EQ(panel.now().at(QStringLiteral("sepal_width_cm")).level, drift::Level::Red);
    bool rangeRowShowsAlert = false, nowRowShowsDrift = false;
    const TableModel *range = panel.tableModel();
    const TableModel *nowRows = panel.nowModel();
    if (const int row = range->rowOf(QStringLiteral("sepal_width_cm")); row >= 0)
        rangeRowShowsAlert = range->text(row, 7) == QStringLiteral("alert firing");
    if (const int row = nowRows->rowOf(QStringLiteral("sepal_width_cm")); row >= 0)
        nowRowShowsDrift = nowRows->text(row, 2) == QStringLiteral("drift")
                           && nowRows->text(row, 4) == QStringLiteral("firing");
    EXPECT_TRUE(rangeRowShowsAlert);
    EXPECT_TRUE(nowRowShowsDrift);
}

// "Against the window before" says so in its title, and when that window is empty it says that
// (not that iris-server should be started).
TEST(DriftNow, WindowBeforeIsNamedAndAnEmptyOneSaysSo)
{
    Stack stack;
    ASSERT_TRUE(stack.start(QStringLiteral("      - record: unused\n        expr: vector(1)\n")))
        << stack.server.errorString().toStdString() << stack.prometheus.log().toStdString();
    std::mt19937 random(7);
    const QUrl predict(stack.server.baseUrl() + QStringLiteral("/predict"));
    ASSERT_EQ(testsupport::httpPost(predict, driftedBatch(50, random)), 200);
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            QByteArray body;
            return stack.query(QStringLiteral("iris_feature_value_count{job=\"iris\"} > 0"), &body)
                   && body.contains("sepal_length_cm");
        },
        30000));
    testsupport::spin(1500);

    prom::ConnectionProfile profile;
    profile.baseUrl = stack.prometheus.baseUrl();
    prom::PromClient client(profile);
    DriftPanel panel;
    panel.setClient(&client);
    panel.setSelector(QStringLiteral("job=\"iris\""));
    panel.setBaseline(DriftPanel::Baseline::PreviousWindow);
    // The last 5 minutes against the 5 before: Prometheus has run for less than a minute.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ASSERT_TRUE(refreshed(panel, now - 300000, now));
    EXPECT_TRUE(panel.errorText().isEmpty()) << panel.errorText().toStdString();
    EXPECT_TRUE(panel.rangeTitle().contains(QStringLiteral("against the window before")))
        << panel.rangeTitle().toStdString();
    EXPECT_FALSE(panel.rangeTitle().contains(QStringLiteral("training")));
    EXPECT_TRUE(panel.rangeNote().contains(QStringLiteral("holds no predictions")))
        << panel.rangeNote().toStdString();
    EXPECT_TRUE(panel.hasData());
    EXPECT_EQ(panel.features().size(), 4u);
    // 50 predictions: the server's window is still warming up (100), and says so.
    ASSERT_EQ(panel.now().size(), 4u);
    EXPECT_TRUE(std::isnan(panel.now().begin()->second.psi));
}

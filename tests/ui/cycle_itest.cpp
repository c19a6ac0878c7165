// The default demo keeps its promise: `vitals simulate --scenario cycle` against a real
// iris-server, scraped every second by a real Prometheus that evaluates the bundled rules
// (resources/prometheus/vitals-rules.yml), fires HighErrorRate, AccuracyDrop and FeatureDrift
// within the first five minutes — by the lengths of its phases, not by softer rules.
//
// Five minutes is long for a test run, so by default the cycle runs at half time
// (--time-scale 0.5: phases and label delay halved, rates doubled, so the server sees the same
// requests per phase) against the bundled rules with their durations halved too (rate windows
// and `for`; thresholds untouched). VITALS_CYCLE_TIME_SCALE=1 runs the real thing against the
// unmodified rules file (about five minutes; the README's figures come from such a run).
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <map>

using namespace vitals;

namespace {

// The bundled rules with every duration (rate windows, `for`) times `scale`.
QString scaledRules(double scale)
{
    QFile file(QStringLiteral(VITALS_SOURCE_DIR "/resources/prometheus/vitals-rules.yml"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(file.readAll());
    if (scale == 1.0)
        return text;
    static const QRegularExpression duration(QStringLiteral("(\\[|for: )(\\d+)(s|m)\\b"));
    QString out;
    qsizetype last = 0;
    for (auto it = duration.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const int seconds = m.captured(2).toInt() * (m.captured(3) == QLatin1String("m") ? 60 : 1);
        out += text.mid(last, m.capturedStart() - last);
        out +=
            m.captured(1) + QString::number(std::max(1, int(seconds * scale))) + QLatin1Char('s');
        last = m.capturedEnd();
    }
    return out + text.mid(last);
}

// Names of the alerts firing now.
QStringList firing(const testsupport::PrometheusProcess &prometheus)
{
    QByteArray body;
    testsupport::httpGet(QUrl(prometheus.baseUrl().toString() + QStringLiteral("/api/v1/alerts")),
                         &body);
    QStringList names;
    const QJsonArray alerts = QJsonDocument::fromJson(body)
                                  .object()
                                  .value(QStringLiteral("data"))
                                  .toObject()
                                  .value(QStringLiteral("alerts"))
                                  .toArray();
    for (const auto &a : alerts) {
        const QJsonObject alert = a.toObject();
        if (alert.value(QStringLiteral("state")).toString() == QLatin1String("firing"))
            names << alert.value(QStringLiteral("labels"))
                         .toObject()
                         .value(QStringLiteral("alertname"))
                         .toString();
    }
    return names;
}

} // namespace

TEST(DemoCycle, FiresErrorAccuracyAndDriftAlertsWithinFiveMinutes)
{
    bool ok = false;
    double scale = qEnvironmentVariable("VITALS_CYCLE_TIME_SCALE").toDouble(&ok);
    if (!ok || !(scale > 0 && scale <= 1))
        scale = 0.5;

    testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    QTemporaryDir dir;
    const QString rules = dir.filePath(QStringLiteral("vitals-rules.yml"));
    {
        QFile file(rules);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        const QString text = scaledRules(scale);
        ASSERT_FALSE(text.isEmpty());
        file.write(text.toUtf8());
    }
    testsupport::PrometheusProcess prometheus;
    prometheus.setRuleFiles({rules});
    ASSERT_TRUE(prometheus.start({QStringLiteral("127.0.0.1:%1").arg(server.port())}, 1,
                                 QStringLiteral("iris")))
        << prometheus.log().toStdString();
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            QByteArray body;
            testsupport::httpGet(
                QUrl(prometheus.baseUrl().toString()
                     + QStringLiteral("/api/v1/query?query=up%7Bjob%3D%22iris%22%7D%3D%3D1")),
                &body);
            return body.contains("\"value\"");
        },
        30000));

    // The demo's simulator: the cycle, with half the predictions labelled 5 s later (the local
    // stack's settings, ui/stackpage.cpp).
    const double fiveMinutes = 300.0 * scale;
    QProcess simulator;
    simulator.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    simulator.start(
        QStringLiteral(VITALS_BIN_DIR "/vitals"),
        {QStringLiteral("simulate"), QStringLiteral("--target"), server.baseUrl(),
         QStringLiteral("--scenario"), QStringLiteral("cycle"), QStringLiteral("--duration"),
         QString::number(int(fiveMinutes + 30)) + QLatin1Char('s'), QStringLiteral("--feedback"),
         QStringLiteral("0.5"), QStringLiteral("--feedback-delay"), QStringLiteral("5s"),
         QStringLiteral("--time-scale"), QString::number(scale), QStringLiteral("--seed"),
         QStringLiteral("15")});
    ASSERT_TRUE(simulator.waitForStarted());
    QElapsedTimer clock;
    clock.start();

    const QStringList wanted{QStringLiteral("HighErrorRate"), QStringLiteral("AccuracyDrop"),
                             QStringLiteral("FeatureDrift")};
    std::map<QString, double> firstFired; // seconds after the simulator started
    // Rule evaluation and scrapes keep their 1 s pace when the cycle is scaled: allow that lag.
    while (clock.elapsed() < qint64((fiveMinutes + 5) * 1000)
           && firstFired.size() < std::size_t(wanted.size())) {
        for (const QString &name : firing(prometheus))
            if (wanted.contains(name) && !firstFired.count(name))
                firstFired[name] = double(clock.elapsed()) / 1000.0;
        QTest::qWait(1000);
    }
    simulator.terminate();
    simulator.waitForFinished(10000);

    for (const QString &name : wanted) {
        const auto it = firstFired.find(name);
        ASSERT_NE(it, firstFired.end()) << name.toStdString() << " did not fire within "
                                        << fiveMinutes << " s (time scale " << scale << ")";
        std::printf("[ figures  ] %s fired %.0f s after the cycle started (time scale %.2f; %.0f s "
                    "at full time)\n",
                    qPrintable(name), it->second, scale, it->second / scale);
    }
    // The order the phases promise: errors, then concept (accuracy), then drift.
    EXPECT_LT(firstFired[QStringLiteral("HighErrorRate")],
              firstFired[QStringLiteral("AccuracyDrop")]);
    EXPECT_LT(firstFired[QStringLiteral("AccuracyDrop")],
              firstFired[QStringLiteral("FeatureDrift")]);
}

// Alerts in a snapshot, against a real Prometheus (Debian's) with a rule that fires at once:
// `vitals snapshot` keeps the firing alert and the period it fired with its name and labels,
// and the snapshot window, with the server stopped, lists both on its Alerts page.
#include "core/snapshot/snapshot.h"
#include "support/testsupport_prometheus.h"
#include "support/testsupport_vitals.h"
#include "ui/dashboardpage.h"
#include "ui/snapshotalertspage.h"
#include "ui/snapshotwindow.h"
#include "ui/tables.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

TEST(SnapshotAlerts, AFiringAlertSavedFromALiveServerIsListedInTheWindow)
{
    QTemporaryDir dir;
    const QString rules = dir.filePath(QStringLiteral("rules.yml"));
    ASSERT_TRUE(writeFile(rules, "groups:\n"
                                 "  - name: demo\n"
                                 "    rules:\n"
                                 "      - alert: AlwaysFiring\n"
                                 "        expr: vector(1)\n"
                                 "        labels: {severity: warning, team: models}\n"
                                 "        annotations: {summary: \"It always fires\"}\n"));
    // Shades every alert ("all"), as Model health does; a panel on the server's own metrics.
    const QString dashboardFile = dir.filePath(QStringLiteral("up.json"));
    ASSERT_TRUE(writeFile(dashboardFile, R"json({"vitalsDashboard": 1, "title": "Up",
        "alertShading": "all",
        "panels": [{"id": "up", "title": "Up", "type": "timeseries",
                    "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
                    "queries": [{"refId": "A", "expr": "up"}]}]})json"));
    testsupport::PrometheusProcess prometheus;
    prometheus.setRuleFiles({rules});
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();
    const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
    const QUrl firing(
        prometheus.baseUrl().toString()
        + QStringLiteral("/api/v1/query?query=ALERTS%7Balertstate%3D%22firing%22%7D"));
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            QByteArray body;
            testsupport::httpGet(firing, &body);
            return body.contains("AlwaysFiring");
        },
        30000));
    QTest::qWait(4000); // a few evaluations, so the history holds a period

    QTemporaryDir out;
    const QString file = out.filePath(QStringLiteral("alerts.vitals-snapshot"));
    const qint64 toMs = QDateTime::currentMSecsSinceEpoch();
    const auto taken = testsupport::runVitals(
        {QStringLiteral("snapshot"), QStringLiteral("--server"), prometheus.baseUrl().toString(),
         QStringLiteral("--dashboard"), dashboardFile, QStringLiteral("--from"),
         QString::number((startedMs - 60'000) / 1000.0, 'f', 3), QStringLiteral("--to"),
         QString::number(toMs / 1000.0, 'f', 3), QStringLiteral("--out"), file});
    ASSERT_TRUE(taken.finished);
    ASSERT_EQ(taken.exitCode, 0) << taken.err.toStdString();
    prometheus.stop();

    const snapshot::ReadResult read = snapshot::readSnapshotFile(file);
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    SnapshotWindow window(std::make_shared<const snapshot::Snapshot>(*read.snapshot));
    window.resize(1400, 800);
    QSignalSpy refreshed(window.dashboardPage(), &DashboardPage::refreshFinished);
    window.show();
    ASSERT_TRUE(refreshed.wait(10000));

    // The Alerts tab says how many fired; its page lists the alert and when it fired.
    ASSERT_NE(window.alertsPage(), nullptr);
    EXPECT_EQ(window.tabs()->tabText(window.tabs()->indexOf(window.alertsPage())),
              QStringLiteral("Alerts (1 firing)"));
    const TableModel *firingNow = window.alertsPage()->firingModel();
    ASSERT_EQ(firingNow->rowCount(), 1);
    EXPECT_EQ(firingNow->text(0, 0), QStringLiteral("AlwaysFiring"));
    EXPECT_EQ(firingNow->text(0, 1), QStringLiteral("warning"));
    EXPECT_EQ(firingNow->text(0, 4), QStringLiteral("It always fires"));
    EXPECT_TRUE(firingNow->text(0, 5).contains(QStringLiteral("team=models")))
        << firingNow->text(0, 5).toStdString();

    const TableModel *periods = window.alertsPage()->periodsModel();
    ASSERT_GE(periods->rowCount(), 1);
    EXPECT_EQ(periods->text(0, 0), QStringLiteral("AlwaysFiring"));
    EXPECT_EQ(periods->text(0, 1), QStringLiteral("warning")); // the rule's labels were kept
    EXPECT_EQ(periods->text(0, 5), QStringLiteral("team=models"));
    ASSERT_FALSE(read.snapshot->alertSpans.empty());
    const snapshot::AlertSpan &span = read.snapshot->alertSpans.front();
    EXPECT_EQ(span.alertname, QStringLiteral("AlwaysFiring"));
    EXPECT_GE(span.fromMs, startedMs - 60'000);
    EXPECT_GT(span.toMs, span.fromMs);
    // The dashboard's charts still shade the period.
    EXPECT_FALSE(window.dashboardPage()->alertSpans().empty());
}

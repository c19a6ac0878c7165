// The Alerts page against a real Prometheus with a rule that fires at once.
#include "core/prom/promclient.h"
#include "support/testsupport_prometheus.h"
#include "ui/alertspage.h"

#include <QFile>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

TEST(AlertsPageLive, ShowsFiringAlertsAndRules)
{
    QTemporaryDir dir;
    const QString rules = dir.filePath(QStringLiteral("rules.yml"));
    QFile file(rules);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("groups:\n"
               "  - name: test\n"
               "    rules:\n"
               "      - alert: AlwaysFiring\n"
               "        expr: vector(1)\n"
               "        labels: {severity: warning}\n"
               "        annotations: {summary: \"It always fires\"}\n"
               "      - alert: NeverFires\n"
               "        expr: vector(1) < 0\n");
    file.close();
    testsupport::PrometheusProcess prometheus;
    prometheus.setRuleFiles({rules});
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();
    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    prom::PromClient client(profile);

    AlertsPage page(&client);
    QTableWidget *alerts = page.alertsTable();
    // Rules are evaluated every second: wait until the alert is listed as firing.
    bool firing = false;
    for (int attempt = 0; attempt < 30 && !firing; ++attempt) {
        QSignalSpy done(&page, &AlertsPage::refreshFinished);
        page.refresh();
        ASSERT_TRUE(done.wait(10000));
        firing = alerts->rowCount() == 1 && alerts->item(0, 1)->text() == QStringLiteral("firing");
        if (!firing)
            QTest::qWait(500);
    }
    ASSERT_TRUE(firing);
    EXPECT_EQ(alerts->item(0, 0)->text(), QStringLiteral("AlwaysFiring"));
    EXPECT_EQ(alerts->item(0, 5)->text(), QStringLiteral("It always fires"));
    EXPECT_TRUE(alerts->item(0, 4)->text().contains(QStringLiteral("severity=warning")));
    EXPECT_EQ(page.firingCount(), 1);

    QTableWidget *rulesTable = page.rulesTable();
    ASSERT_EQ(rulesTable->rowCount(), 2);
    EXPECT_EQ(rulesTable->item(0, 1)->text(), QStringLiteral("AlwaysFiring"));
    EXPECT_EQ(rulesTable->item(0, 3)->text(), QStringLiteral("firing"));
    EXPECT_EQ(rulesTable->item(1, 3)->text(), QStringLiteral("inactive"));
}

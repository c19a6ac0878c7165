// The Alerts page against a real Prometheus with a rule that fires at once.
#include "core/prom/promclient.h"
#include "support/testsupport_prometheus.h"
#include "ui/alertspage.h"
#include "ui/mainwindow.h"
#include "ui/tables.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

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
    TableModel *alerts = page.alertsModel();
    // Every refresh changes the models in place; the tester checks each change Qt sees.
    QAbstractItemModelTester alertsTester(alerts,
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester rulesTester(page.rulesModel(),
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    // Rules are evaluated every second: wait until the alert is listed as firing.
    bool firing = false;
    for (int attempt = 0; attempt < 30 && !firing; ++attempt) {
        QSignalSpy done(&page, &AlertsPage::refreshFinished);
        page.refresh();
        ASSERT_TRUE(done.wait(10000));
        firing = alerts->rowCount() == 1 && alerts->text(0, 1) == QStringLiteral("firing");
        if (!firing)
            QTest::qWait(500);
    }
    ASSERT_TRUE(firing);
    EXPECT_EQ(alerts->text(0, 0), QStringLiteral("AlwaysFiring"));
    EXPECT_EQ(alerts->index(0, 0).data(Qt::UserRole).toString(), QStringLiteral("AlwaysFiring"));
    EXPECT_EQ(alerts->text(0, 5), QStringLiteral("It always fires"));
    EXPECT_TRUE(alerts->text(0, 4).contains(QStringLiteral("severity=warning")));
    EXPECT_TRUE(alerts->index(0, 1).data(Qt::ForegroundRole).isValid()); // firing is coloured
    EXPECT_EQ(page.firingCount(), 1);

    // Selecting the row shows every alert of it in the detail pane.
    page.alertsView()->selectRow(0);
    const auto *detail = page.findChild<QTextBrowser *>(QStringLiteral("alertDetail"));
    ASSERT_NE(detail, nullptr);
    EXPECT_TRUE(detail->toPlainText().contains(QStringLiteral("It always fires")));

    TableModel *rulesTable = page.rulesModel();
    ASSERT_EQ(rulesTable->rowCount(), 2);
    EXPECT_EQ(rulesTable->text(0, 1), QStringLiteral("AlwaysFiring"));
    EXPECT_EQ(rulesTable->text(0, 3), QStringLiteral("firing"));
    EXPECT_EQ(rulesTable->text(1, 3), QStringLiteral("inactive"));
}

// The notification path through the window: a rule that fires for 15 s out of every 30 s,
// watched by the window's Alerts page (refreshed every 5 s), must say in the status bar and on
// the Alerts tab that it fires, then that it resolved.
TEST(AlertsPageLive, TheWindowAnnouncesAlertsThatFireAndResolve)
{
    QTemporaryDir dir;
    const QString rules = dir.filePath(QStringLiteral("rules.yml"));
    QFile file(rules);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("groups:\n"
               "  - name: test\n"
               "    rules:\n"
               "      - alert: HalfTheTime\n"
               "        expr: vector(1) and on() (vector(time()) % 30 < 15)\n"
               "        annotations: {summary: \"Fires for 15 s out of 30\"}\n");
    file.close();
    testsupport::PrometheusProcess prometheus;
    prometheus.setRuleFiles({rules});
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();

    MainWindow::Options options;
    options.server = prometheus.baseUrl();
    options.restoreSettings = false;
    MainWindow window(options);
    window.show();
    AlertsPage *page = window.alertsPage();
    const int tab = window.pages()->indexOf(page);
    ASSERT_GE(tab, 0);
    QSignalSpy changes(page, &AlertsPage::alertChanged);
    // Within 45 s the alert starts firing once and resolves once (5 s refreshes of 15 s states).
    bool sawFiring = false, sawResolved = false;
    QString firingMessage, resolvedMessage, firingTab;
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            while (!changes.isEmpty()) {
                const QList<QVariant> change = changes.takeFirst();
                const QString shown = window.statusBar()->currentMessage();
                if (change[1].toBool() && !sawFiring) {
                    sawFiring = true;
                    firingMessage = shown;
                    firingTab = window.pages()->tabText(tab);
                } else if (!change[1].toBool() && sawFiring) {
                    sawResolved = true;
                    resolvedMessage = shown;
                }
            }
            return sawFiring && sawResolved;
        },
        70000));
    EXPECT_EQ(firingMessage, QStringLiteral("HalfTheTime is firing: Fires for 15 s out of 30"));
    EXPECT_EQ(firingTab, QStringLiteral("Alerts (1)"));
    EXPECT_EQ(resolvedMessage, QStringLiteral("HalfTheTime resolved: Fires for 15 s out of 30"));
}

// The Alerts page's Rules table is as tall as its rows (up to a third of the page, then it
// scrolls), and the height it does not need goes to the alerts and to Alertmanager: checked at
// two window sizes, in the light and dark palettes, with no rules, the local stack's six and
// forty. With VITALS_SCREENSHOT_DIR set, each case is saved as
// alerts-rules-<w>x<h>-<n>-<theme>.png.
#include "support/testsupport_screenshot.h"
#include "ui/alertmanagerview.h"
#include "ui/alertspage.h"
#include "ui/tables.h"
#include "ui/theme.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

// `n` rule rows as the page shows them: the local stack's alerting rules
// (resources/prometheus/vitals-rules.yml), repeated with a group number past six.
std::vector<TableRow> ruleRows(int n)
{
    const QStringList names = {QStringLiteral("IrisServerDown"), QStringLiteral("HighErrorRate"),
                               QStringLiteral("HighLatencyP95"), QStringLiteral("FeatureDrift"),
                               QStringLiteral("PredictionSkew"), QStringLiteral("AccuracyDrop")};
    std::vector<TableRow> rows;
    for (int i = 0; i < n; ++i)
        rows.push_back(TableRow::fromTexts(
            {QStringLiteral("vitals-%1").arg(i / 6), names[i % 6], QStringLiteral("alerting"),
             QStringLiteral("inactive"), QStringLiteral("ok"), QStringLiteral("60 s"),
             QStringLiteral("iris:error_ratio:rate1m > 0.05"), QString()}));
    return rows;
}

} // namespace

TEST(AlertsPageLayout, TheRulesTableFitsItsRowsAndAlertmanagerGetsTheRest)
{
    for (const theme::Theme t : {theme::Theme::Light, theme::Theme::Dark}) {
        theme::apply(t);
        for (const QSize size : {QSize(1000, 700), QSize(1600, 1000)}) {
            for (const int n : {0, 6, 40}) {
                SCOPED_TRACE(QStringLiteral("%1 %2x%3, %4 rules")
                                 .arg(theme::name(t))
                                 .arg(size.width())
                                 .arg(size.height())
                                 .arg(n)
                                 .toStdString());
                AlertsPage page(nullptr);
                page.rulesModel()->setRows(ruleRows(n));
                // As the page does with the rules it reads.
                page.findChild<QTableView *>(QStringLiteral("rulesTable"))
                    ->resizeColumnsToContents();
                page.resize(size);
                page.show();
                ASSERT_TRUE(QTest::qWaitForWindowExposed(&page));
                QTest::qWait(50);
                auto *rules = page.findChild<QTableView *>(QStringLiteral("rulesTable"));
                ASSERT_NE(rules, nullptr);
                const int rowHeight = rules->verticalHeader()->defaultSectionSize();
                const int viewport = rules->viewport()->height();
                if (n == 40) {
                    // Too many to show: at most a third of the page, and it scrolls.
                    EXPECT_LE(rules->height(), size.height() / 3);
                    EXPECT_GT(rules->verticalScrollBar()->maximum(), 0);
                } else {
                    // Every row shown, with no empty band taller than a row below the last one
                    // (no rules: one empty row's worth under the header).
                    const int last = n - 1;
                    const int bottom =
                        n > 0 ? rules->rowViewportPosition(last) + rules->rowHeight(last) : 0;
                    EXPECT_GE(viewport, bottom);
                    EXPECT_LE(viewport - bottom, rowHeight) << "viewport " << viewport;
                    EXPECT_EQ(rules->verticalScrollBar()->maximum(), 0);
                }
                // The height the rules do not use goes to Alertmanager: at least a quarter of
                // the page, and with a handful of rules more than the rules table.
                EXPECT_GE(page.alertmanagerView()->height(), size.height() / 4)
                    << "alertmanager " << page.alertmanagerView()->height();
                if (n <= 6) {
                    EXPECT_GT(page.alertmanagerView()->height(), rules->height());
                }
                testsupport::saveScreenshot(&page, QStringLiteral("alerts-rules-%1x%2-%3-%4.png")
                                                       .arg(size.width())
                                                       .arg(size.height())
                                                       .arg(n)
                                                       .arg(theme::name(t)));
            }
        }
    }
    theme::apply(theme::Theme::Light);
}

#include "core/prom/promclient.h"
#include "ui/dashboardpage.h"
#include "ui/paneleditor.h"
#include "ui/panelcontroller.h"
#include "widgets/panelframe.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

dashboard::Panel latencyPanel()
{
    dashboard::Panel p;
    p.id = QStringLiteral("latency");
    p.title = QStringLiteral("Latency");
    p.unit = QStringLiteral("s");
    p.gridPos = {0, 0, 12, 8};
    dashboard::Query q;
    q.refId = QStringLiteral("A");
    q.expr = QStringLiteral("histogram_quantile(0.95, sum by (le) (rate(inference_duration_seconds_bucket[1m])))");
    q.legendFormat = QStringLiteral("p95");
    p.queries.push_back(q);
    return p;
}

dashboard::Dashboard withPanels(int n)
{
    dashboard::Dashboard d;
    d.title = QStringLiteral("Edit test");
    for (int i = 0; i < n; ++i) {
        dashboard::Panel p = latencyPanel();
        p.id = QStringLiteral("p%1").arg(i);
        p.gridPos.y = i * 8;
        d.panels.push_back(p);
    }
    return d;
}

} // namespace

TEST(PanelEditor, EditsTitleTypeQueriesThresholdsAndPlace)
{
    PanelEditor editor(latencyPanel(), withPanels(0));
    editor.findChildren<QLineEdit *>().at(0)->setText(QStringLiteral("p95 latency"));
    auto combos = editor.findChildren<QComboBox *>();
    combos.at(0)->setCurrentText(QStringLiteral("stat"));
    auto *queries = editor.findChild<QTableWidget *>();
    queries->item(0, 1)->setText(QStringLiteral("{{instance}}"));
    const auto checks = editor.findChildren<QCheckBox *>();
    for (QCheckBox *c : checks)
        if (c->text() == QStringLiteral("Colour by thresholds"))
            c->setChecked(true);
    auto spins = editor.findChildren<QDoubleSpinBox *>();
    spins.at(0)->setValue(0.05);
    spins.at(1)->setValue(0.25);
    auto grid = editor.findChildren<QSpinBox *>();
    grid.at(2)->setValue(6);  // width

    const dashboard::Panel p = editor.panel();
    EXPECT_EQ(p.title, QStringLiteral("p95 latency"));
    EXPECT_EQ(p.type, dashboard::PanelType::Stat);
    EXPECT_EQ(p.unit, QStringLiteral("s"));
    ASSERT_EQ(p.queries.size(), 1u);
    EXPECT_EQ(p.queries[0].legendFormat, QStringLiteral("{{instance}}"));
    ASSERT_EQ(p.thresholds.steps.size(), 2u);
    EXPECT_EQ(p.thresholds.levelFor(0.1), dashboard::ThresholdLevel::Warning);
    EXPECT_EQ(p.thresholds.levelFor(0.3), dashboard::ThresholdLevel::Critical);
    EXPECT_EQ(p.gridPos.w, 6);
    EXPECT_TRUE(editor.problem().isEmpty()) << editor.problem().toStdString();
}

TEST(PanelEditor, RefusesAPanelWithoutQueries)
{
    PanelEditor editor(latencyPanel(), withPanels(0));
    auto *queries = editor.findChild<QTableWidget *>();
    queries->item(0, 0)->setText(QString());
    EXPECT_TRUE(editor.problem().contains(QStringLiteral("at least one query")));
    editor.accept();
    EXPECT_NE(editor.result(), QDialog::Accepted);
}

TEST(DashboardEdit, RemovingAPanelRebuildsAndKeepsTheZoom)
{
    prom::ConnectionProfile profile;
    profile.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1"));  // nothing listens: fails fast
    prom::PromClient client(profile);
    DashboardPage page(&client);
    page.setDashboard(withPanels(3));
    page.zoomTo(1'700'000'000'000, 1'700'000'600'000);
    ASSERT_TRUE(page.canGoBack());
    QSignalSpy edited(&page, &DashboardPage::dashboardEdited);
    page.removePanel(QStringLiteral("p1"));
    ASSERT_TRUE(edited.wait(5000));
    EXPECT_EQ(page.panels().size(), 2u);
    EXPECT_EQ(page.dashboard().panel(QStringLiteral("p1")), nullptr);
    EXPECT_TRUE(page.canGoBack());
    // The context menu of every panel offers editing and removal.
    QStringList actions;
    for (QAction *a : page.panels()[0]->frame()->actions())
        actions << a->text();
    EXPECT_TRUE(actions.contains(QStringLiteral("Edit panel…")));
    EXPECT_TRUE(actions.contains(QStringLiteral("Remove panel")));
}

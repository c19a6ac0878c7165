#include "core/prom/promclient.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "ui/paneleditor.h"
#include "widgets/panelframe.h"
#include "widgets/promqleditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

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
    q.expr = QStringLiteral(
        "histogram_quantile(0.95, sum by (le) (rate(inference_duration_seconds_bucket[1m])))");
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
    editor.titleEdit()->setText(QStringLiteral("p95 latency"));
    editor.typeBox()->setCurrentText(QStringLiteral("stat"));
    ASSERT_EQ(editor.queryCount(), 1);
    editor.legendEdit(0)->setText(QStringLiteral("{{instance}}"));
    editor.thresholdsBox()->setChecked(true);
    // Typed in the panel's unit (seconds): stored as the seconds the query returns.
    editor.amberEdit()->setText(QStringLiteral("50 ms"));
    editor.redEdit()->setText(QStringLiteral("250 ms"));
    editor.widthBox()->setValue(6);

    const dashboard::Panel p = editor.panel();
    EXPECT_EQ(p.title, QStringLiteral("p95 latency"));
    EXPECT_EQ(p.type, dashboard::PanelType::Stat);
    EXPECT_EQ(p.unit, QStringLiteral("s"));
    ASSERT_EQ(p.queries.size(), 1u);
    EXPECT_EQ(p.queries[0].legendFormat, QStringLiteral("{{instance}}"));
    EXPECT_EQ(p.queries[0].expr, latencyPanel().queries[0].expr);
    ASSERT_EQ(p.thresholds.steps.size(), 2u);
    EXPECT_DOUBLE_EQ(p.thresholds.steps[0].value, 0.05);
    EXPECT_DOUBLE_EQ(p.thresholds.steps[1].value, 0.25);
    EXPECT_EQ(p.thresholds.levelFor(0.1), dashboard::ThresholdLevel::Warning);
    EXPECT_EQ(p.thresholds.levelFor(0.3), dashboard::ThresholdLevel::Critical);
    EXPECT_EQ(p.gridPos.w, 6);
    EXPECT_TRUE(editor.problem().isEmpty()) << editor.problem().toStdString();
}

TEST(PanelEditor, ShowsStoredThresholdsInThePanelsUnit)
{
    dashboard::Panel panel = latencyPanel();
    panel.thresholds.steps = {{0.05, dashboard::ThresholdLevel::Warning},
                              {0.25, dashboard::ThresholdLevel::Critical}};
    PanelEditor editor(panel, withPanels(0));
    EXPECT_EQ(editor.amberEdit()->text(), QStringLiteral("50 ms"));
    EXPECT_EQ(editor.redEdit()->text(), QStringLiteral("250 ms"));

    // Another unit writes the same values its way: a ratio of 0.05 is 5 %.
    editor.unitBox()->setCurrentIndex(editor.unitBox()->findData(QStringLiteral("percentunit")));
    EXPECT_EQ(editor.amberEdit()->text(), QStringLiteral("5 %"));
    EXPECT_EQ(editor.redEdit()->text(), QStringLiteral("25 %"));
    editor.amberEdit()->setText(QStringLiteral("20 %"));
    const dashboard::Panel p = editor.panel();
    EXPECT_EQ(p.unit, QStringLiteral("percentunit"));
    ASSERT_EQ(p.thresholds.steps.size(), 2u);
    EXPECT_DOUBLE_EQ(p.thresholds.steps[0].value, 0.2);
    EXPECT_DOUBLE_EQ(p.thresholds.steps[1].value, 0.25);
}

TEST(PanelEditor, RefusesAThresholdWithoutAUnitAndSaysHowToWriteIt)
{
    PanelEditor editor(latencyPanel(), withPanels(0));
    editor.thresholdsBox()->setChecked(true);
    editor.amberEdit()->setText(QStringLiteral("50"));
    editor.redEdit()->setText(QStringLiteral("250 ms"));
    EXPECT_TRUE(editor.problem().contains(QStringLiteral("50 ms")))
        << editor.problem().toStdString();
    editor.accept();
    EXPECT_NE(editor.result(), QDialog::Accepted);
    EXPECT_TRUE(editor.findChild<QLabel *>(QStringLiteral("panelProblem"))
                    ->text()
                    .contains(QStringLiteral("Amber")));
}

TEST(PanelEditor, EditsEachQueryInThePromQLEditor)
{
    PanelEditor editor(latencyPanel(), withPanels(0));
    PromQLEditor *expr = editor.queryEditor(0);
    ASSERT_NE(expr, nullptr);
    // The whole query, not a cell cut off with "…", and highlighted as in Explore.
    EXPECT_EQ(expr->query(), latencyPanel().queries[0].expr);
    const QTextBlock block = expr->document()->firstBlock();
    bool functionColoured = false;
    for (const QTextLayout::FormatRange &r : block.layout()->formats())
        if (r.start == 0
            && r.format.foreground()
                   == PromQLHighlighter::formatFor(promql::TokenKind::Function).foreground())
            functionColoured = true;
    EXPECT_TRUE(functionColoured) << "histogram_quantile( is not coloured as a function";

    editor.addQuery();
    ASSERT_EQ(editor.queryCount(), 2);
    QTest::keyClicks(editor.queryEditor(1), QStringLiteral("rat"));
    EXPECT_TRUE(editor.queryEditor(1)->completionCandidates().contains(QStringLiteral("rate")));
    editor.queryEditor(1)->setQuery(QStringLiteral("sum(rate(inference_requests_total[1m]))"));
    const dashboard::Panel p = editor.panel();
    ASSERT_EQ(p.queries.size(), 2u);
    EXPECT_EQ(p.queries[1].refId, QStringLiteral("B"));
    EXPECT_EQ(p.queries[1].expr, QStringLiteral("sum(rate(inference_requests_total[1m]))"));
    editor.removeQuery(0);
    EXPECT_EQ(editor.panel().queries.size(), 1u);
}

TEST(PanelEditor, RefusesAPanelWithoutQueries)
{
    PanelEditor editor(latencyPanel(), withPanels(0));
    editor.queryEditor(0)->setQuery(QString());
    EXPECT_TRUE(editor.problem().contains(QStringLiteral("at least one query")));
    editor.accept();
    EXPECT_NE(editor.result(), QDialog::Accepted);
}

TEST(DashboardEdit, RemovingAPanelRebuildsAndKeepsTheZoom)
{
    prom::ConnectionProfile profile;
    profile.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens: fails fast
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

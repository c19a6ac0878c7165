// The Explore page without a server: history persistence, the instant result table model,
// "Add to dashboard", and the dashboard file controller (open/save/import reports).
#include "core/dashboard/dashboardfile.h"
#include "core/prom/promclient.h"
#include "ui/dashboardfiles.h"
#include "ui/dashboardpage.h"
#include "ui/explorepage.h"
#include "ui/mainwindow.h"
#include "ui/variablebar.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;

namespace {

prom::ConnectionProfile refused()
{
    prom::ConnectionProfile profile;
    profile.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens on port 1
    profile.timeoutMs = 5000;
    return profile;
}

prom::QueryResult vectorResult()
{
    prom::QueryResult r;
    r.type = prom::ResultType::Vector;
    r.vector.push_back(
        {series::LabelSet::fromPairs({{"__name__", "up"}, {"job", "iris"}, {"instance", "a:1"}}),
         1000, 1.0});
    r.vector.push_back(
        {series::LabelSet::fromPairs({{"__name__", "up"}, {"job", "self"}}), 1000, qQNaN()});
    return r;
}

} // namespace

TEST(QueryHistory, KeepsTheLast50DistinctQueriesMostRecentFirst)
{
    QueryHistory h;
    for (int i = 0; i < 60; ++i)
        h.add(QStringLiteral("q%1").arg(i));
    h.add(QStringLiteral("q55"));
    h.add(QStringLiteral("   "));
    ASSERT_EQ(h.entries().size(), QueryHistory::kMaxEntries);
    EXPECT_EQ(h.entries().front(), QStringLiteral("q55"));
    EXPECT_EQ(h.entries()[1], QStringLiteral("q59"));
    EXPECT_EQ(h.entries().count(QStringLiteral("q55")), 1);
    EXPECT_FALSE(h.entries().contains(QStringLiteral("q0")));
}

TEST(ExplorePage, HistoryIsPersistedAcrossPages)
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("settings.ini"));
    prom::PromClient client(refused());
    {
        ExplorePage page(&client, nullptr, ini);
        page.editor()->setQuery(QStringLiteral("rate(up[1m])"));
        page.run();
        page.editor()->setQuery(QStringLiteral("sum(up)\n# two lines"));
        page.run();
        page.editor()->setQuery(QStringLiteral("rate(up[1m])"));
        page.run();
        EXPECT_EQ(page.history().entries(), (QStringList{QStringLiteral("rate(up[1m])"),
                                                         QStringLiteral("sum(up)\n# two lines")}));
    }
    ExplorePage again(&client, nullptr, ini);
    EXPECT_EQ(again.history().entries(), (QStringList{QStringLiteral("rate(up[1m])"),
                                                      QStringLiteral("sum(up)\n# two lines")}));
    // Picking an entry of the history combo puts it in the editor.
    auto *combo = again.findChild<QComboBox *>();
    ASSERT_NE(combo, nullptr);
    ASSERT_EQ(combo->count(), 2);
    Q_EMIT combo->activated(1);
    EXPECT_EQ(again.editor()->query(), QStringLiteral("sum(up)\n# two lines"));
}

TEST(ExplorePage, ConnectionErrorIsShownWithoutPosition)
{
    QTemporaryDir dir;
    prom::PromClient client(refused());
    ExplorePage page(&client, nullptr, dir.filePath(QStringLiteral("s.ini")));
    page.editor()->setQuery(QStringLiteral("up"));
    QSignalSpy done(&page, &ExplorePage::runFinished);
    page.run();
    ASSERT_TRUE(done.wait(15000));
    EXPECT_FALSE(page.errorText().isEmpty());
    EXPECT_FALSE(page.editor()->hasErrorMark());
    EXPECT_EQ(page.tableModel()->rowCount(), 0);
}

TEST(InstantResultModel, LabelColumnsAndValuesPassTheModelTester)
{
    InstantResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setResult(vectorResult());
    ASSERT_EQ(model.rowCount(), 2);
    // __name__ first, then the other labels sorted, then Value.
    EXPECT_EQ(model.labelColumns(),
              (QStringList{QStringLiteral("__name__"), QStringLiteral("instance"),
                           QStringLiteral("job")}));
    ASSERT_EQ(model.columnCount(), 4);
    EXPECT_EQ(model.headerData(3, Qt::Horizontal).toString(), QStringLiteral("Value"));
    EXPECT_EQ(model.index(0, 1).data().toString(), QStringLiteral("a:1"));
    EXPECT_EQ(model.index(1, 1).data().toString(), QString()); // absent label
    EXPECT_EQ(model.index(0, 3).data().toString(), QStringLiteral("1"));
    EXPECT_EQ(model.index(1, 3).data().toString(), QStringLiteral("NaN"));
    EXPECT_TRUE(std::isnan(model.index(1, 3).data(Qt::UserRole).toDouble()));

    prom::QueryResult scalar;
    scalar.type = prom::ResultType::Scalar;
    scalar.scalar = -qInf();
    model.setResult(scalar);
    ASSERT_EQ(model.rowCount(), 1);
    ASSERT_EQ(model.columnCount(), 1);
    EXPECT_EQ(model.index(0, 0).data().toString(), QStringLiteral("-Inf"));

    prom::QueryResult matrix;
    matrix.type = prom::ResultType::Matrix;
    series::Series s(series::LabelSet::fromPairs({{"job", "x"}}));
    s.append(1000, 1.5);
    s.append(2000, 2.5);
    matrix.matrix.push_back(std::move(s));
    model.setResult(matrix);
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, 1).data().toString().count(u'\n'), 1); // two samples, two lines
    EXPECT_DOUBLE_EQ(model.index(0, 1).data(Qt::UserRole).toDouble(), 2.5);

    model.clear();
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.columnCount(), 1);
}

TEST(ExplorePage, AddToDashboardBuildsAPanelBelowTheOthers)
{
    QTemporaryDir dir;
    prom::PromClient client(refused());
    ExplorePage page(&client, nullptr, dir.filePath(QStringLiteral("s.ini")));
    QSignalSpy added(&page, &ExplorePage::addToDashboardRequested);
    page.editor()->setQuery(QStringLiteral("sum by (status) (rate(inference_requests_total[1m]))"));
    QList<QPushButton *> buttons = page.findChildren<QPushButton *>();
    QPushButton *add = nullptr;
    for (QPushButton *b : buttons)
        if (b->text() == QStringLiteral("Add to dashboard"))
            add = b;
    ASSERT_NE(add, nullptr);
    add->click();
    ASSERT_EQ(added.count(), 1);
    const auto panel = added[0][0].value<dashboard::Panel>();
    ASSERT_EQ(panel.queries.size(), 1u);
    EXPECT_EQ(panel.queries[0].expr,
              QStringLiteral("sum by (status) (rate(inference_requests_total[1m]))"));
    EXPECT_EQ(panel.type, dashboard::PanelType::TimeSeries);

    dashboard::Dashboard d;
    dashboard::Panel first = panel;
    first.id = QStringLiteral("explore-1");
    first.gridPos = {0, 0, 12, 6};
    d.panels.push_back(first);
    const QString id = appendPanel(d, panel);
    EXPECT_EQ(id, QStringLiteral("explore-2"));
    ASSERT_EQ(d.panels.size(), 2u);
    EXPECT_EQ(d.panels[1].gridPos.y, 6);
    EXPECT_EQ(d.panels[1].gridPos.w, dashboard::kGridColumns);
    EXPECT_TRUE(dashboard::validateDashboard(d).isEmpty())
        << dashboard::validateDashboard(d).toStdString();
}

TEST(DashboardFiles, SaveAndOpenRoundTripThroughTheController)
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("s.ini"));
    QWidget window;
    DashboardFiles files(&window, nullptr, ini);
    dashboard::Dashboard shown;
    shown.title = QStringLiteral("Round trip");
    dashboard::Panel p = panelForQuery(QStringLiteral("up"));
    appendPanel(shown, p);
    dashboard::Variable v;
    v.name = QStringLiteral("job");
    v.query = QStringLiteral("label_values(up, job)");
    v.current = QStringLiteral("iris");
    shown.variables.push_back(v);
    files.setDashboardSource([&shown] { return shown; });
    files.markDirty();
    EXPECT_TRUE(files.isDirty());

    const QString path = dir.filePath(QStringLiteral("round.vitals.json"));
    ASSERT_TRUE(files.saveTo(path));
    EXPECT_FALSE(files.isDirty());
    EXPECT_EQ(files.filePath(), path);
    EXPECT_EQ(files.displayName(), QStringLiteral("round.vitals.json"));

    DashboardFiles other(&window, nullptr, ini);
    EXPECT_EQ(other.recentFiles(), QStringList{path}); // recent files persist
    QSignalSpy loaded(&other, &DashboardFiles::dashboardLoaded);
    ASSERT_TRUE(other.openFile(path));
    ASSERT_EQ(loaded.count(), 1);
    EXPECT_EQ(loaded[0][0].value<dashboard::Dashboard>(), shown);
    EXPECT_EQ(other.filePath(), path);
    EXPECT_FALSE(other.isDirty());
    EXPECT_EQ(other.lastMessage(), nullptr); // no dialog for a Vitals file
}

TEST(DashboardFiles, RecentFilesKeepTheLastEight)
{
    QTemporaryDir dir;
    QWidget window;
    DashboardFiles files(&window, nullptr, dir.filePath(QStringLiteral("s.ini")));
    dashboard::Dashboard d;
    d.title = QStringLiteral("R");
    files.setDashboardSource([&d] { return d; });
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(files.saveTo(dir.filePath(QStringLiteral("d%1.json").arg(i))));
    ASSERT_EQ(files.recentFiles().size(), DashboardFiles::kMaxRecent);
    EXPECT_EQ(files.recentFiles().front(), dir.filePath(QStringLiteral("d9.json")));
    EXPECT_EQ(files.recentFiles().back(), dir.filePath(QStringLiteral("d2.json")));
}

TEST(DashboardFiles, BadFileShowsAClearError)
{
    QTemporaryDir dir;
    QWidget window;
    DashboardFiles files(&window, nullptr, dir.filePath(QStringLiteral("s.ini")));
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"vitalsDashboard": 1, "title": "x", "panels": [{"id": "a", "title": 5}]})");
    f.close();
    QSignalSpy loaded(&files, &DashboardFiles::dashboardLoaded);
    EXPECT_FALSE(files.openFile(path));
    EXPECT_EQ(loaded.count(), 0);
    ASSERT_NE(files.lastMessage(), nullptr);
    EXPECT_TRUE(files.lastMessage()->text().contains(QStringLiteral("bad.json")));
    // The error names the field.
    EXPECT_TRUE(files.lastMessage()->informativeText().contains(QStringLiteral("panels[0]")))
        << files.lastMessage()->informativeText().toStdString();

    EXPECT_FALSE(files.openFile(dir.filePath(QStringLiteral("missing.json"))));
    ASSERT_NE(files.lastMessage(), nullptr);
    EXPECT_TRUE(files.recentFiles().isEmpty());
}

TEST(DashboardFiles, GrafanaImportShowsTheReportAndSaveDoesNotOverwriteIt)
{
    QTemporaryDir dir;
    QWidget window;
    DashboardFiles files(&window, nullptr, dir.filePath(QStringLiteral("s.ini")));
    const QString grafana =
        QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/iris-serving-g10.json");
    const dashboard::OpenResult expected = dashboard::openDashboardFile(grafana);
    ASSERT_TRUE(expected.ok());
    ASSERT_TRUE(expected.importedFromGrafana);
    ASSERT_FALSE(expected.report.isEmpty()) << "the fixture has parts the import skips";

    QSignalSpy loaded(&files, &DashboardFiles::dashboardLoaded);
    ASSERT_TRUE(files.openFile(grafana));
    ASSERT_EQ(loaded.count(), 1);
    EXPECT_TRUE(files.filePath().isEmpty()); // Save must ask for a Vitals file name
    EXPECT_TRUE(files.isDirty());
    QMessageBox *box = files.lastMessage();
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(box->text().contains(QStringLiteral("Grafana")));
    EXPECT_EQ(box->detailedText(), expected.report.toText());
    for (const dashboard::ImportIssue &issue : expected.report.issues)
        EXPECT_TRUE(box->detailedText().contains(issue.path));
}

TEST(VariableBar, CustomVariablesShowComboAndMultiMenuAndEmitSelections)
{
    dashboard::Dashboard d;
    dashboard::Variable single;
    single.name = QStringLiteral("quantile");
    single.kind = dashboard::VariableKind::Custom;
    single.query = QStringLiteral("0.5, 0.9, 0.99");
    single.current = QStringLiteral("0.9");
    dashboard::Variable multi;
    multi.name = QStringLiteral("class");
    multi.kind = dashboard::VariableKind::Custom;
    multi.query = QStringLiteral("setosa,versicolor,virginica");
    multi.multi = true;
    multi.includeAll = true;
    multi.current = QString::fromLatin1(dashboard::kAllValue);
    dashboard::Variable constant;
    constant.name = QStringLiteral("model");
    constant.kind = dashboard::VariableKind::Constant;
    constant.query = QStringLiteral("iris");
    d.variables = {single, multi, constant};

    VariableBar bar(nullptr);
    QSignalSpy changed(&bar, &VariableBar::variablesChanged);
    bar.setDashboard(d);
    EXPECT_FALSE(bar.isHidden());
    auto *combo = qobject_cast<QComboBox *>(bar.selector(QStringLiteral("quantile")));
    ASSERT_NE(combo, nullptr);
    EXPECT_EQ(combo->count(), 3);
    EXPECT_EQ(combo->currentText(), QStringLiteral("0.9"));
    auto *button = qobject_cast<QToolButton *>(bar.selector(QStringLiteral("class")));
    ASSERT_NE(button, nullptr);
    EXPECT_EQ(button->text(), QStringLiteral("All"));
    ASSERT_EQ(button->menu()->actions().size(), 4); // All + 3
    EXPECT_EQ(bar.selector(QStringLiteral("model")), nullptr);

    // Options were filled from the custom lists: the dashboard changed once.
    ASSERT_EQ(changed.count(), 1);
    changed.clear();

    // Ticking two entries in the menu selects both and unticks All.
    QAction *versicolor = button->menu()->actions()[2];
    versicolor->trigger();
    ASSERT_EQ(changed.count(), 1);
    auto got = changed.last()[0].value<dashboard::Dashboard>();
    EXPECT_EQ(got.variables[1].selection(), QStringList{QStringLiteral("versicolor")});
    QTest::qWait(0); // the menu is rebuilt after the click
    button->menu()->actions()[3]->trigger();
    got = changed.last()[0].value<dashboard::Dashboard>();
    EXPECT_EQ(got.variables[1].selection(),
              (QStringList{QStringLiteral("versicolor"), QStringLiteral("virginica")}));

    combo->setCurrentIndex(2);
    Q_EMIT combo->activated(2);
    got = changed.last()[0].value<dashboard::Dashboard>();
    EXPECT_EQ(got.variables[0].current, QStringLiteral("0.99"));
    EXPECT_EQ(bar.dashboard(), got);
}

TEST(MainWindowExplore, ExploreIsTheSecondTabAndAddsPanelsToTheDashboard)
{
    MainWindow::Options options;
    options.server = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens on port 1
    options.restoreSettings = false;
    MainWindow window(options);
    ASSERT_GE(window.pages()->count(), 2);
    EXPECT_EQ(window.pages()->tabText(1), QStringLiteral("Explore"));
    EXPECT_EQ(window.pages()->widget(1), window.explorePage());
    // Pages added later (Stack) come after it.
    window.addPage(new QWidget, QStringLiteral("Later"));
    EXPECT_EQ(window.pages()->tabText(1), QStringLiteral("Explore"));

    const std::size_t before = window.dashboardPage()->dashboard().panels.size();
    EXPECT_FALSE(window.dashboardFiles()->isDirty());
    Q_EMIT window.explorePage()->addToDashboardRequested(panelForQuery(QStringLiteral("up")));
    const auto &panels = window.dashboardPage()->dashboard().panels;
    ASSERT_EQ(panels.size(), before + 1);
    EXPECT_EQ(panels.back().queries[0].expr, QStringLiteral("up"));
    EXPECT_EQ(window.dashboardPage()->panels().size(), before + 1);
    EXPECT_TRUE(window.dashboardFiles()->isDirty());
    EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("•")));
}

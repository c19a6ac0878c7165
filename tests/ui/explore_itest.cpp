// The Explore page and the variable bar against a real Prometheus (Debian's 2.42) that scrapes
// itself (job "self").
#include "core/prom/promclient.h"
#include "core/promql/promqllanguage.h"
#include "support/testsupport_prometheus.h"
#include "ui/explorepage.h"
#include "ui/variablebar.h"
#include "widgets/promqleditor.h"
#include "widgets/timeserieschart.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

class ExploreLive : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_prometheus = new testsupport::PrometheusProcess;
        ASSERT_TRUE(s_prometheus->start({}, 1)) << s_prometheus->log().toStdString();
        prom::ConnectionProfile profile;
        profile.baseUrl = s_prometheus->baseUrl();
        profile.timeoutMs = 20000;
        s_client = new prom::PromClient(profile);
        // Wait for three self-scrapes, so `up` exists at the aligned end of a range query too.
        bool haveUp = false;
        prom::RequestHandle h;
        ASSERT_TRUE(testsupport::waitUntil(
            [&] {
                if (haveUp)
                    return true;
                if (!h.isActive())
                    h = s_client->query(
                        {QStringLiteral("count_over_time(up[1m]) >= 3"), 0, 0}, nullptr,
                        [&](const prom::QueryResult &r) { haveUp = r.ok() && !r.vector.empty(); });
                return false;
            },
            60000));
    }
    static void TearDownTestSuite()
    {
        delete s_client;
        delete s_prometheus;
        s_client = nullptr;
        s_prometheus = nullptr;
    }

    static testsupport::PrometheusProcess *s_prometheus;
    static prom::PromClient *s_client;
    QTemporaryDir m_dir;
};

testsupport::PrometheusProcess *ExploreLive::s_prometheus = nullptr;
prom::PromClient *ExploreLive::s_client = nullptr;

bool runAndWait(ExplorePage &page)
{
    QSignalSpy done(&page, &ExplorePage::runFinished);
    page.run();
    return done.wait(30000);
}

} // namespace

TEST_F(ExploreLive, ParseErrorMovesTheCursorToPrometheusLineAndColumn)
{
    ExplorePage page(s_client, nullptr, m_dir.filePath(QStringLiteral("s.ini")));
    page.resize(1000, 700);
    page.setRange(TimeRange::last(5 * 60'000));
    // Prometheus 2.42: `2:3: parse error: unknown function with name "foo"` — line 2, the "f".
    page.editor()->setQuery(QStringLiteral("up +\n  foo(up)"));
    ASSERT_TRUE(runAndWait(page));
    EXPECT_TRUE(page.errorText().contains(QStringLiteral("Line 2, column 3")))
        << page.errorText().toStdString();
    EXPECT_TRUE(page.errorText().contains(QStringLiteral("unknown function")));
    EXPECT_TRUE(page.editor()->hasErrorMark());
    EXPECT_EQ(page.editor()->textCursor().blockNumber(), 1);
    EXPECT_EQ(page.editor()->textCursor().positionInBlock(), 2);
    ASSERT_EQ(page.editor()->extraSelections().size(), 1);
    // The whole name in error is marked.
    EXPECT_EQ(page.editor()->extraSelections()[0].cursor.selectedText(), QStringLiteral("foo"));

    // After a non-ASCII label value: Prometheus counts bytes, the editor QChars.
    page.editor()->setQuery(QStringLiteral("up{job=\"é\"} ) "));
    ASSERT_TRUE(runAndWait(page));
    EXPECT_TRUE(page.editor()->hasErrorMark()) << page.errorText().toStdString();
    EXPECT_EQ(page.editor()->textCursor().positionInBlock(), 12) << page.errorText().toStdString();
    // Punctuation: from there to the end of the line.
    EXPECT_EQ(page.editor()->extraSelections()[0].cursor.selectedText(), QStringLiteral(") "));

    // A good query clears the mark.
    page.editor()->setQuery(QStringLiteral("up"));
    ASSERT_TRUE(runAndWait(page));
    EXPECT_FALSE(page.editor()->hasErrorMark());
    EXPECT_TRUE(page.errorText().isEmpty());
}

TEST_F(ExploreLive, RunShowsTheRangeInTheGraphAndTheInstantInTheTable)
{
    ExplorePage page(s_client, nullptr, m_dir.filePath(QStringLiteral("s.ini")));
    page.setScrapeIntervalMs(1000); // the shared Prometheus scrapes every second
    page.resize(1200, 800);
    page.show();
    page.setRange(TimeRange::last(5 * 60'000));
    page.editor()->setQuery(QStringLiteral("up"));
    ASSERT_TRUE(runAndWait(page));
    EXPECT_TRUE(page.errorText().isEmpty()) << page.errorText().toStdString();
    // One target: Prometheus itself.
    ASSERT_EQ(page.chart()->seriesCount(), 1) << page.statusText().toStdString();
    EXPECT_TRUE(page.chart()->seriesName(0).startsWith(QStringLiteral("up{")));
    const InstantResultModel *model = page.tableModel();
    ASSERT_EQ(model->rowCount(), 1);
    const int job = int(model->labelColumns().indexOf(QStringLiteral("job")));
    ASSERT_GE(job, 0);
    EXPECT_EQ(model->index(0, job).data().toString(), QStringLiteral("self"));
    EXPECT_EQ(model->index(0, model->columnCount() - 1).data().toString(), QStringLiteral("1"));

    // Metric names with HELP arrive when the page is shown.
    EXPECT_TRUE(testsupport::waitUntil(
        [&] { return page.editor()->metricNames().contains(QStringLiteral("up")); }, 20000));
    EXPECT_TRUE(
        page.editor()->metricNames().contains(QStringLiteral("prometheus_http_requests_total")));
}

TEST_F(ExploreLive, CompletionAsksTheServerForLabelNamesAndValues)
{
    ExplorePage page(s_client, nullptr, m_dir.filePath(QStringLiteral("s.ini")));
    page.show();
    PromQLEditor *editor = page.editor();
    editor->setQuery(QStringLiteral("up{"));
    editor->updateCompletions(false);
    ASSERT_TRUE(testsupport::waitUntil(
        [&] { return editor->completionCandidates().contains(QStringLiteral("instance")); }, 20000))
        << editor->completionCandidates().join(u',').toStdString();
    EXPECT_TRUE(editor->completionCandidates().contains(QStringLiteral("job")));
    EXPECT_FALSE(editor->completionCandidates().contains(QStringLiteral("__name__")));

    editor->setQuery(QStringLiteral("up{job=\""));
    editor->updateCompletions(false);
    ASSERT_TRUE(testsupport::waitUntil(
        [&] { return editor->completionCandidates() == QStringList{QStringLiteral("self")}; },
        20000))
        << editor->completionCandidates().join(u',').toStdString();
}

TEST_F(ExploreLive, EveryFunctionOfTheTableIsKnownToPrometheus)
{
    // A call without arguments fails with "expected N argument(s)" for a known function (or
    // runs, for time() and pi()), and with "unknown function" otherwise.
    int answered = 0;
    std::vector<prom::RequestHandle> handles;
    QStringList unknown;
    for (const promql::FunctionDoc &f : promql::functions()) {
        if (f.kind != promql::FunctionKind::Function)
            continue;
        handles.push_back(
            s_client->query({f.name + QStringLiteral("()"), 0, 0}, nullptr,
                            [&, name = f.name](const prom::QueryResult &r) {
                                ++answered;
                                if (r.error.detail.contains(QStringLiteral("unknown function")))
                                    unknown << name;
                            }));
    }
    ASSERT_TRUE(testsupport::waitUntil([&] { return answered == int(handles.size()); }, 60000));
    EXPECT_TRUE(unknown.isEmpty()) << unknown.join(u',').toStdString();
    // And the check itself can fail.
    bool sawUnknown = false;
    auto h = s_client->query(
        {QStringLiteral("mad_over_time()"), 0, 0}, nullptr, [&](const prom::QueryResult &r) {
            sawUnknown = r.error.detail.contains(QStringLiteral("unknown function"));
        });
    EXPECT_TRUE(testsupport::waitUntil([&] { return sawUnknown; }, 20000));
}

TEST_F(ExploreLive, VariableBarFillsLabelValuesFromPrometheus)
{
    dashboard::Dashboard d;
    dashboard::Variable job;
    job.name = QStringLiteral("job");
    job.query = QStringLiteral("label_values(job)");
    dashboard::Variable instance;
    instance.name = QStringLiteral("instance");
    instance.query = QStringLiteral("label_values(up{job=\"$job\"}, instance)");
    instance.multi = true;
    instance.includeAll = true;
    instance.current = QString::fromLatin1(dashboard::kAllValue);
    dashboard::Variable result;
    result.name = QStringLiteral("build");
    result.query = QStringLiteral("query_result(prometheus_build_info)");
    result.regex = QStringLiteral("/[{,]version=\"(?<value>[^\"]+)\"/");
    d.variables = {job, instance, result};

    VariableBar bar(s_client);
    QSignalSpy loaded(&bar, &VariableBar::optionsLoaded);
    bar.setDashboard(d);
    ASSERT_TRUE(loaded.wait(30000));
    EXPECT_TRUE(bar.lastError().isEmpty()) << bar.lastError().toStdString();
    const dashboard::Dashboard &got = bar.dashboard();
    EXPECT_EQ(got.variables[0].options, QStringList{QStringLiteral("self")});
    EXPECT_EQ(got.variables[0].current, QStringLiteral("self"));
    // The one target is the server itself.
    const QString self = QStringLiteral("127.0.0.1:%1").arg(s_prometheus->port());
    EXPECT_EQ(got.variables[1].options, QStringList{self});
    EXPECT_EQ(got.variables[1].selection(), QStringList{QString::fromLatin1(dashboard::kAllValue)});
    // Debian's 2.42.0+ds reports its version as 2.42.0.
    ASSERT_EQ(got.variables[2].options.size(), 1);
    EXPECT_TRUE(got.variables[2].options[0].startsWith(QStringLiteral("2.42")))
        << got.variables[2].options[0].toStdString();
    auto *combo = qobject_cast<QComboBox *>(bar.selector(QStringLiteral("job")));
    ASSERT_NE(combo, nullptr);
    EXPECT_EQ(combo->currentText(), QStringLiteral("self"));

    loaded.clear();
    ASSERT_TRUE(bar.select(QStringLiteral("job"), {QStringLiteral("self")}));
    // Re-selecting the same value still reloads $instance from the server.
    ASSERT_TRUE(loaded.count() > 0 || loaded.wait(30000));
    EXPECT_EQ(bar.dashboard().variables[1].options, QStringList{self});
}

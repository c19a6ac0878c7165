// Lint as you type on the Explore page: where the server has /api/v1/parse_query (Prometheus
// 2.45 and later) a parse error is marked while typing, without running the query; where it has
// not (Debian's Prometheus 2.42) the page learns so from one request and finds errors on run.
#include "core/prom/promclient.h"
#include "support/testsupport_fakehttp.h"
#include "support/testsupport_prometheus.h"
#include "ui/explorepage.h"
#include "widgets/promqlassist.h"
#include "widgets/promqleditor.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <gtest/gtest.h>

using namespace vitals;
using testsupport::FakeHttpServer;

namespace {

int countRequests(const FakeHttpServer &server, const QByteArray &path)
{
    int n = 0;
    for (const auto &r : server.requests())
        if (r.target.startsWith(path))
            ++n;
    return n;
}

} // namespace

// Prometheus 2.45+ answers parse_query; the real one here (2.42) cannot, so a small server
// answers it as 2.45 does: 200 with the syntax tree, or 400 bad_data with "L:C: parse error".
TEST(ExploreLint, MarksAParseErrorWhileTypingWhereTheServerCanSay)
{
    FakeHttpServer server([](const FakeHttpServer::Request &r) {
        if (r.target.startsWith("/api/v1/parse_query")) {
            const QString query = QUrlQuery(QString::fromUtf8(r.body))
                                      .queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
            if (query.contains(QStringLiteral("foo(")))
                return FakeHttpServer::Action{FakeHttpServer::httpResponse(
                    400,
                    R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:6: parse error: unknown function with name \"foo\""})")};
            return FakeHttpServer::Action{FakeHttpServer::httpResponse(
                200, R"({"status":"success","data":{"type":"vectorSelector","name":"up"}})")};
        }
        return FakeHttpServer::Action{
            FakeHttpServer::httpResponse(200, R"({"status":"success","data":[]})")};
    });
    prom::ConnectionProfile profile;
    profile.baseUrl = server.baseUrl();
    prom::PromClient client(profile);
    QTemporaryDir dir;
    ExplorePage page(&client, nullptr, dir.filePath(QStringLiteral("s.ini")));
    page.resize(1000, 700);
    PromQLEditor *editor = page.editor();

    QTest::keyClicks(editor, QStringLiteral("up + foo(up)"));
    const int cursor = editor->textCursor().position();
    ASSERT_TRUE(testsupport::waitUntil([&] { return editor->hasErrorMark(); }, 5000))
        << "no mark after typing; parse_query requests: "
        << countRequests(server, "/api/v1/parse_query");
    EXPECT_EQ(page.linter()->availability(), PromQLLinter::Availability::Available);
    EXPECT_TRUE(editor->errorMessage().contains(QStringLiteral("unknown function")))
        << editor->errorMessage().toStdString();
    // The mark is the name Prometheus points at (column 6, "foo"), and typing goes on where it was.
    const QList<QTextEdit::ExtraSelection> marks = editor->extraSelections();
    ASSERT_EQ(marks.size(), 1);
    EXPECT_EQ(marks.front().cursor.selectedText(), QStringLiteral("foo"));
    EXPECT_EQ(editor->textCursor().position(), cursor);
    if (const QString dir = qEnvironmentVariable("VITALS_WALK_DIR"); !dir.isEmpty()) {
        EXPECT_TRUE(page.grab().save(dir + QStringLiteral("/explore-lint.png")));
    }
    // Nothing ran: the check is parse_query only.
    EXPECT_EQ(countRequests(server, "/api/v1/query"), 0);
    EXPECT_GE(countRequests(server, "/api/v1/parse_query"), 1);

    // Fixed: the mark goes once the server says it parses.
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("up + up"));
    const int before = countRequests(server, "/api/v1/parse_query");
    ASSERT_TRUE(testsupport::waitUntil(
        [&] { return countRequests(server, "/api/v1/parse_query") > before; }, 5000));
    testsupport::spin(200);
    EXPECT_FALSE(editor->hasErrorMark());
}

TEST(ExploreLint, FallsBackToRunOnPrometheusWithoutParseQuery)
{
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({}, 1)) << prometheus.log().toStdString();
    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    profile.timeoutMs = 20000;
    prom::PromClient client(profile);
    QTemporaryDir dir;
    ExplorePage page(&client, nullptr, dir.filePath(QStringLiteral("s.ini")));
    page.resize(1000, 700);
    page.setRange(TimeRange::last(5 * 60'000));
    PromQLEditor *editor = page.editor();

    QSignalSpy availability(page.linter(), &PromQLLinter::availabilityChanged);
    QTest::keyClicks(editor, QStringLiteral("up + foo(up)"));
    ASSERT_TRUE(testsupport::waitUntil(
        [&] { return page.linter()->availability() == PromQLLinter::Availability::Unavailable; },
        10000))
        << "Debian's Prometheus is expected to answer 404 for /api/v1/parse_query";
    EXPECT_FALSE(editor->hasErrorMark());
    EXPECT_EQ(page.linter()->requestsSent(), 1);

    // Learnt once for this connection: more typing asks no more.
    QTest::keyClicks(editor, QStringLiteral(" + 1"));
    testsupport::spin(900);
    EXPECT_EQ(page.linter()->requestsSent(), 1);

    // Run finds it (lint on run): Prometheus 2.42 says `1:6: parse error: unknown function…`.
    QSignalSpy done(&page, &ExplorePage::runFinished);
    page.run();
    ASSERT_TRUE(done.wait(30000));
    EXPECT_TRUE(editor->hasErrorMark());
    EXPECT_TRUE(page.errorText().contains(QStringLiteral("foo"))) << page.errorText().toStdString();
}

// Alert shading on dashboards against a real local stack (iris-server from build/bin, Debian's
// Prometheus with a rule file of this test): only dashboards whose queries read what the alert
// reads are shaded, and after a Prometheus restart the shading stops where the alert stopped,
// while the ALERTS series Prometheus still returns for five minutes would run to "now".
#include "core/prom/promclient.h"
#include "core/stack/localstack.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "widgets/timeserieschart.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrlQuery>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

const QString kIrisServer = QStringLiteral(VITALS_BIN_DIR "/iris-server");
const QString kPrometheus = QStringLiteral("/usr/bin/prometheus");

void writeRule(const QString &path, const QString &expr)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QStringLiteral("groups:\n  - name: test\n    rules:\n      - alert: IrisUp\n"
                           "        expr: %1\n")
                .arg(expr)
                .toUtf8());
}

dashboard::Dashboard oneQuery(const QString &expr)
{
    dashboard::Dashboard d;
    d.title = expr;
    dashboard::Panel p;
    p.id = QStringLiteral("p");
    p.title = expr;
    dashboard::Query q;
    q.refId = QStringLiteral("A");
    q.expr = expr;
    p.queries.push_back(q);
    d.panels.push_back(p);
    return d;
}

// The spans on the page's first chart after a refresh of the last two minutes.
std::vector<std::pair<qint64, qint64>> spansAfterRefresh(DashboardPage &page)
{
    page.setRange(TimeRange::last(2 * 60'000));
    page.panels()[0]->chart()->setShadedSpans({{0, 1}}); // a marker the answer replaces
    page.refresh();
    const bool answered = testsupport::waitUntil(
        [&] {
            const auto &s = page.panels()[0]->chart()->shadedSpans();
            return s.size() != 1 || s[0] != std::pair<qint64, qint64>{0, 1};
        },
        15000);
    EXPECT_TRUE(answered) << "no alert spans";
    return page.panels()[0]->chart()->shadedSpans();
}

// How many series an instant query answers with.
int instantCount(const QUrl &prometheus, const QString &expr)
{
    QUrl url(prometheus.toString() + QStringLiteral("/api/v1/query"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("query"), expr);
    url.setQuery(query);
    QByteArray body;
    if (testsupport::httpGet(url, &body) != 200)
        return -1;
    return int(QJsonDocument::fromJson(body)["data"]["result"].toArray().size());
}

// How many alerts /api/v1/alerts (what the Alerts page reads) says are firing.
int firingCount(const QUrl &prometheus)
{
    QByteArray body;
    if (testsupport::httpGet(QUrl(prometheus.toString() + QStringLiteral("/api/v1/alerts")), &body)
        != 200)
        return -1;
    int n = 0;
    for (const auto &a : QJsonDocument::fromJson(body)["data"]["alerts"].toArray())
        n += a.toObject().value(QStringLiteral("state")).toString() == QStringLiteral("firing");
    return n;
}

} // namespace

TEST(AlertShadingLive, RelatedDashboardsOnlyAndNoStaleShadingAfterARestart)
{
    // A missing component is a failure, never a skip (./vitals.sh test fails on skips).
    ASSERT_TRUE(QFile::exists(kIrisServer) && QFile::exists(kPrometheus))
        << "needs build/bin/iris-server and /usr/bin/prometheus";
    QTemporaryDir dir;
    const QString ruleFile = dir.filePath(QStringLiteral("test-rules.yml"));
    writeRule(ruleFile, QStringLiteral("up{job=\"iris\"} == 1")); // fires at once

    stack::LocalStackOptions options;
    options.irisServerPath = kIrisServer;
    options.prometheusPath = kPrometheus;
    options.dataDir = dir.filePath(QStringLiteral("data"));
    options.ruleFiles = {ruleFile};
    stack::LocalStack stack(options);
    bool ready = false;
    QObject::connect(&stack, &stack::LocalStack::stackReady, [&ready] { ready = true; });
    ASSERT_TRUE(stack.start());
    ASSERT_TRUE(testsupport::waitUntil([&] { return ready; }, 60000)) << "stack not ready";
    const QUrl base = stack.prometheusUrl();
    ASSERT_TRUE(testsupport::waitUntil(
        [&] { return instantCount(base, QStringLiteral("ALERTS{alertstate=\"firing\"}")) == 1; },
        30000))
        << "the test alert never fired";
    // A range query sees a sample only from the next step on: give it a few evaluations.
    testsupport::spin(3000);

    prom::ConnectionProfile profile;
    profile.baseUrl = base;
    prom::PromClient client(profile);

    // A dashboard reading `up` is related to the alert on up{job="iris"}: shaded up to now.
    // The local stack scrapes and evaluates every second: steps of a second, as the window uses.
    DashboardPage related(&client);
    related.setScrapeIntervalMs(1000);
    related.setDashboard(oneQuery(QStringLiteral("sum(up)")));
    const auto firing = spansAfterRefresh(related);
    ASSERT_EQ(firing.size(), 1u);
    const qint64 toMs = related.panels()[0]->chart()->toMs();
    EXPECT_GE(firing[0].second, toMs - 1000) << "a firing alert is shaded to the right edge";

    // An imported dashboard about something else gets no iris shading.
    DashboardPage unrelated(&client);
    unrelated.setScrapeIntervalMs(1000);
    unrelated.setDashboard(oneQuery(QStringLiteral("rate(prometheus_http_requests_total[1m])")));
    EXPECT_TRUE(spansAfterRefresh(unrelated).empty());
    // Unless it asks for every alert.
    auto all = oneQuery(QStringLiteral("rate(prometheus_http_requests_total[1m])"));
    all.alertShading = QStringLiteral("all");
    unrelated.setDashboard(all);
    EXPECT_EQ(spansAfterRefresh(unrelated).size(), 1u);

    // Prometheus restarts with the alert quiet (the rule can no longer fire).
    writeRule(ruleFile, QStringLiteral("up{job=\"iris\"} == 2"));
    const qint64 restartedAt = QDateTime::currentMSecsSinceEpoch();
    bool promReady = false;
    QObject::connect(&stack, &stack::LocalStack::prometheusReady,
                     [&promReady] { promReady = true; });
    stack.restartProcess(stack::LocalStack::prometheusName());
    ASSERT_TRUE(testsupport::waitUntil([&] { return promReady; }, 60000)) << "Prometheus not back";
    testsupport::spin(4000); // a few rule evaluations after the restart

    // What the Alerts page reads says nothing fires ...
    EXPECT_EQ(firingCount(stack.prometheusUrl()), 0);
    // ... while the old ALERTS series is still answered from before the restart (5 min lookback).
    EXPECT_EQ(instantCount(stack.prometheusUrl(), QStringLiteral("ALERTS{alertstate=\"firing\"}")),
              1)
        << "Prometheus marked the series stale on shutdown: the case this test guards is absent";

    profile.baseUrl = stack.prometheusUrl();
    client.setProfile(profile);
    const auto after = spansAfterRefresh(related);
    ASSERT_EQ(after.size(), 1u) << "the earlier firing is still history worth shading";
    EXPECT_LE(after[0].second, restartedAt + 2000) << "shaded past the restart: stale ALERTS";
    EXPECT_LT(after[0].second, QDateTime::currentMSecsSinceEpoch() - 3000) << "shaded up to now";
}

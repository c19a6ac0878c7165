// Alertmanager in the local stack and the console's API v2 client, end to end: the real
// Prometheus and the real Alertmanager (Debian packages) on loopback ports, an always-firing
// rule, silences created, read and expired through AlertmanagerClient.
#include "core/alertmanager/alertmanagerclient.h"
#include "core/stack/localstack.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "support/testsupport_alertmanagerstack.h"
#include "support/testsupport_prometheus.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/wait.h>

using namespace vitals;
using namespace vitals::alertmanager;
using vitals::testsupport::AlertmanagerStack;
using vitals::testsupport::httpGet;
using vitals::testsupport::waitUntil;

namespace {

const QString kRules =
    QStringLiteral(VITALS_SOURCE_DIR "/tests/core/fixtures/always-firing-rules.yml");

bool processGone(qint64 pid)
{
    int status = 0;
    if (::waitpid(pid_t(pid), &status, WNOHANG) == pid_t(pid))
        return true;
    return ::kill(pid_t(pid), 0) != 0;
}

template<typename Result, typename Call> Result wait(Call call)
{
    Result out;
    bool done = false;
    prom::RequestHandle handle = call([&](const Result &r) {
        out = r;
        done = true;
    });
    EXPECT_TRUE(waitUntil([&] { return done; }, 15000));
    return out;
}

// The AlwaysFiring alert as Alertmanager holds it, once Prometheus has sent it.
std::optional<Alert> alwaysFiring(AlertmanagerClient &client)
{
    std::optional<Alert> found;
    waitUntil(
        [&] {
            const auto r =
                wait<AlertsResult>([&](auto done) { return client.alerts(nullptr, done); });
            if (!r.ok())
                std::fprintf(stderr, "alerts: %s\n%s\n", qPrintable(r.error.message),
                             qPrintable(r.error.detail));
            for (const Alert &a : r.alerts)
                if (a.name() == u"AlwaysFiring")
                    found = a;
            return found.has_value();
        },
        30000);
    return found;
}

} // namespace

TEST(AlertmanagerStack, StartsBesidePrometheusWhichSendsItsAlertsThere)
{
    AlertmanagerStack s({kRules});
    ASSERT_TRUE(s.start());
    const stack::ProcessStatus am = s.stack().process(stack::LocalStack::alertmanagerName());
    EXPECT_TRUE(am.isAlertmanager);
    EXPECT_EQ(am.state, stack::ProcessState::Ready);
    EXPECT_EQ(am.url.host(), QStringLiteral("127.0.0.1"));
    EXPECT_TRUE(am.arguments.contains(QStringLiteral("--cluster.listen-address=")));
    EXPECT_TRUE(QFile::exists(s.stack().alertmanagerConfigPath()));
    ASSERT_EQ(s.stack().alertmanagerUrl(), am.url);

    // Prometheus lists it among its active Alertmanagers.
    const QUrl prom = s.stack().prometheusUrl();
    const QString expected = am.url.toString() + QStringLiteral("/api/v2/alerts");
    QByteArray body;
    const bool listed = waitUntil(
        [&] {
            httpGet(prom.resolved(QUrl(QStringLiteral("/api/v1/alertmanagers"))), &body);
            const QJsonArray active = QJsonDocument::fromJson(body)
                                          .object()
                                          .value(QStringLiteral("data"))
                                          .toObject()
                                          .value(QStringLiteral("activeAlertmanagers"))
                                          .toArray();
            for (const QJsonValue &v : active)
                if (v.toObject().value(QStringLiteral("url")).toString() == expected)
                    return true;
            return false;
        },
        15000);
    EXPECT_TRUE(listed) << body.toStdString();

    // The always-firing rule reaches it, grouped by alertname for the console's receiver.
    AlertmanagerClient client(s.profile());
    ASSERT_TRUE(alwaysFiring(client).has_value()) << s.log().toStdString();
    const auto groups =
        wait<AlertGroupsResult>([&](auto done) { return client.alertGroups(nullptr, done); });
    ASSERT_TRUE(groups.ok()) << groups.error.message.toStdString();
    ASSERT_EQ(groups.groups.size(), 1u);
    EXPECT_EQ(groups.groups[0].receiver, QStringLiteral("console"));
    EXPECT_EQ(groups.groups[0].labels.value(QStringLiteral("alertname")),
              QStringLiteral("AlwaysFiring"));
    const auto status = wait<StatusResult>([&](auto done) { return client.status(nullptr, done); });
    ASSERT_TRUE(status.ok()) << status.error.message.toStdString();
    EXPECT_EQ(status.clusterStatus, QStringLiteral("disabled")); // no gossip port

    // Stopping the stack ends it: no orphan.
    const qint64 pid = am.pid;
    ASSERT_GT(pid, 0);
    bool stopped = false;
    QObject::connect(&s.stack(), &stack::LocalStack::stackStopped, [&] { stopped = true; });
    s.stack().stop();
    ASSERT_TRUE(waitUntil([&] { return stopped; }, 30000));
    EXPECT_EQ(s.stack().process(stack::LocalStack::alertmanagerName()).state,
              stack::ProcessState::Stopped);
    EXPECT_TRUE(waitUntil([&] { return processGone(pid); }, 5000)) << pid;
    EXPECT_TRUE(s.stack().alertmanagerUrl().isEmpty());
}

TEST(AlertmanagerClient, CreatesListsAndExpiresASilence)
{
    AlertmanagerStack s({kRules});
    ASSERT_TRUE(s.start());
    AlertmanagerClient client(s.profile());
    const std::optional<Alert> alert = alwaysFiring(client);
    ASSERT_TRUE(alert.has_value()) << s.log().toStdString();
    EXPECT_FALSE(alert->isSilenced());

    SilenceDraft draft;
    draft.matchers = matchersForLabels(alert->labels);
    draft.endsAt = QDateTime::currentDateTimeUtc().addSecs(3600);
    draft.createdBy = QStringLiteral("vitals test");
    draft.comment = QStringLiteral("muted by the test");
    const auto created = wait<CreateSilenceResult>(
        [&](auto done) { return client.createSilence(draft, nullptr, done); });
    ASSERT_TRUE(created.ok()) << created.error.message.toStdString();
    ASSERT_FALSE(created.silenceId.isEmpty());

    const auto listed =
        wait<SilencesResult>([&](auto done) { return client.silences(nullptr, done); });
    ASSERT_TRUE(listed.ok()) << listed.error.message.toStdString();
    ASSERT_EQ(listed.silences.size(), 1u);
    EXPECT_EQ(listed.silences[0].id, created.silenceId);
    EXPECT_EQ(listed.silences[0].state, SilenceState::Active);
    EXPECT_EQ(listed.silences[0].comment, draft.comment);
    EXPECT_TRUE(isSilenced(listed.silences, alert->labels));
    // Alertmanager marks the alert silenced by it.
    EXPECT_TRUE(waitUntil(
        [&] {
            const auto a = alwaysFiring(client);
            return a && a->silencedBy.contains(created.silenceId);
        },
        15000));

    const auto expired = wait<ExpireSilenceResult>(
        [&](auto done) { return client.expireSilence(created.silenceId, nullptr, done); });
    ASSERT_TRUE(expired.ok()) << expired.error.message.toStdString();
    const auto after =
        wait<SilencesResult>([&](auto done) { return client.silences(nullptr, done); });
    ASSERT_EQ(after.silences.size(), 1u);
    EXPECT_EQ(after.silences[0].state, SilenceState::Expired);
    EXPECT_FALSE(isSilenced(after.silences, alert->labels));

    // Refusals come back typed, in Alertmanager's words.
    SilenceDraft bad = draft;
    bad.matchers = {};
    const auto refused = wait<CreateSilenceResult>(
        [&](auto done) { return client.createSilence(bad, nullptr, done); });
    EXPECT_EQ(refused.error.type, prom::ErrorType::BadData) << refused.error.message.toStdString();
    EXPECT_FALSE(refused.error.message.isEmpty());
    const auto unknown = wait<ExpireSilenceResult>([&](auto done) {
        return client.expireSilence(QStringLiteral("00000000-0000-0000-0000-000000000000"), nullptr,
                                    done);
    });
    EXPECT_TRUE(unknown.error.isError());
}

TEST(AlertmanagerStack, ACriticalAlertInhibitsTheWarningsOfItsJobOnly)
{
    AlertmanagerStack s(
        {QStringLiteral(VITALS_SOURCE_DIR "/tests/core/fixtures/critical-and-warning-rules.yml")});
    ASSERT_TRUE(s.start());
    AlertmanagerClient client(s.profile());
    std::optional<Alert> critical, warning, otherJob;
    const bool held = waitUntil(
        [&] {
            const auto r =
                wait<AlertsResult>([&](auto done) { return client.alerts(nullptr, done); });
            for (const Alert &a : r.alerts) {
                if (a.name() == u"JobDownForTest")
                    critical = a;
                else if (a.name() == u"JobSlowForTest")
                    warning = a;
                else if (a.name() == u"OtherJobSlowForTest")
                    otherJob = a;
            }
            return critical && warning && otherJob && warning->isInhibited();
        },
        30000);
    ASSERT_TRUE(critical && warning && otherJob) << s.log().toStdString();
    EXPECT_TRUE(held) << "the warning of job iris was not inhibited";
    EXPECT_TRUE(warning->inhibitedBy.contains(critical->fingerprint))
        << warning->inhibitedBy.join(QLatin1Char(',')).toStdString();
    EXPECT_FALSE(critical->isInhibited());
    EXPECT_FALSE(otherJob->isInhibited()); // another job's warning is not about the same job
}

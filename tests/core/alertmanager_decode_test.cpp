// Decoders of Alertmanager API v2 answers, and silence matching, on bodies shaped like
// Alertmanager 0.25's (captured from the Debian package) and on broken ones.
#include "core/alertmanager/alertmanagerdecode.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace vitals::alertmanager;
using vitals::prom::ErrorType;
using vitals::prom::HttpResponse;

namespace {

HttpResponse answer(int status, QByteArray body)
{
    HttpResponse r;
    r.url = QUrl(QStringLiteral("http://127.0.0.1:9093/api/v2/alerts"));
    r.httpStatus = status;
    r.body = std::move(body);
    return r;
}

// One alert as Alertmanager 0.25 writes it: nanosecond times, status with silencedBy.
const QByteArray kAlerts = R"([{
  "annotations": {"summary": "An alert that always fires"},
  "endsAt": "2026-11-30T14:05:00.123456789Z",
  "fingerprint": "6e0b4a3c1b2a9f7d",
  "receivers": [{"name": "console"}],
  "startsAt": "2026-11-30T14:00:00.5Z",
  "status": {"inhibitedBy": ["aa11"], "silencedBy": ["5c3f"], "state": "suppressed"},
  "updatedAt": "2026-11-30T15:00:01.000+01:00",
  "generatorURL": "http://127.0.0.1:9090/graph",
  "labels": {"alertname": "AlwaysFiring", "severity": "warning"}
}])";

const QByteArray kSilences = R"([
 {"id": "5c3f", "status": {"state": "active"}, "updatedAt": "2026-11-30T14:00:00Z",
  "comment": "deploy", "createdBy": "ops", "endsAt": "2026-11-30T15:00:00Z",
  "startsAt": "2026-11-30T14:00:00Z",
  "matchers": [{"isEqual": true, "isRegex": false, "name": "alertname", "value": "AlwaysFiring"},
               {"isRegex": true, "name": "severity", "value": "warn.*"}]},
 {"id": "77aa", "status": {"state": "expired"}, "comment": "", "createdBy": "",
  "endsAt": "2026-11-29T14:00:00Z", "startsAt": "2026-11-29T13:00:00Z",
  "matchers": [{"isEqual": false, "isRegex": false, "name": "severity", "value": "critical"}]}
])";

} // namespace

TEST(AlertmanagerDecode, ReadsAlertsWithTheirSilencesAndInhibitions)
{
    const AlertsResult r = decodeAlerts(answer(200, kAlerts));
    ASSERT_TRUE(r.ok()) << r.error.detail.toStdString();
    ASSERT_EQ(r.alerts.size(), 1u);
    const Alert &a = r.alerts.front();
    EXPECT_EQ(a.name(), QStringLiteral("AlwaysFiring"));
    EXPECT_EQ(a.labels.value(QStringLiteral("severity")), QStringLiteral("warning"));
    EXPECT_EQ(a.annotations.value(QStringLiteral("summary")),
              QStringLiteral("An alert that always fires"));
    EXPECT_EQ(a.state, QStringLiteral("suppressed"));
    EXPECT_TRUE(a.isSilenced());
    EXPECT_TRUE(a.isInhibited());
    EXPECT_EQ(a.silencedBy, QStringList{QStringLiteral("5c3f")});
    EXPECT_EQ(a.receivers, QStringList{QStringLiteral("console")});
    // Nanoseconds are cut to milliseconds; an offset is turned into UTC.
    EXPECT_EQ(a.endsAt, QDateTime(QDate(2026, 11, 30), QTime(14, 5, 0, 123), Qt::UTC));
    EXPECT_EQ(a.startsAt, QDateTime(QDate(2026, 11, 30), QTime(14, 0, 0, 500), Qt::UTC));
    EXPECT_EQ(a.updatedAt, QDateTime(QDate(2026, 11, 30), QTime(14, 0, 1), Qt::UTC));
}

TEST(AlertmanagerDecode, ReadsGroups)
{
    const QByteArray body = R"([{"labels": {"alertname": "AlwaysFiring"},
        "receiver": {"name": "console"}, "alerts": )"
                            + kAlerts + "}]";
    const AlertGroupsResult r = decodeAlertGroups(answer(200, body));
    ASSERT_TRUE(r.ok()) << r.error.detail.toStdString();
    ASSERT_EQ(r.groups.size(), 1u);
    EXPECT_EQ(r.groups[0].receiver, QStringLiteral("console"));
    EXPECT_EQ(r.groups[0].labels.value(QStringLiteral("alertname")),
              QStringLiteral("AlwaysFiring"));
    ASSERT_EQ(r.groups[0].alerts.size(), 1u);
    EXPECT_TRUE(r.groups[0].alerts[0].isSilenced());
    // No groups at all is a valid answer.
    EXPECT_TRUE(decodeAlertGroups(answer(200, "[]")).ok());
}

TEST(AlertmanagerDecode, ReadsSilencesAndMatchesThem)
{
    const SilencesResult r = decodeSilences(answer(200, kSilences));
    ASSERT_TRUE(r.ok()) << r.error.detail.toStdString();
    ASSERT_EQ(r.silences.size(), 2u);
    const Silence &s = r.silences[0];
    EXPECT_EQ(s.id, QStringLiteral("5c3f"));
    EXPECT_EQ(s.state, SilenceState::Active);
    EXPECT_EQ(s.createdBy, QStringLiteral("ops"));
    ASSERT_EQ(s.matchers.size(), 2u);
    EXPECT_TRUE(s.matchers[1].isRegex);
    EXPECT_TRUE(s.matchers[1].isEqual); // absent isEqual means "=" (Alertmanager < 0.22)
    EXPECT_EQ(r.silences[1].state, SilenceState::Expired);
    EXPECT_FALSE(r.silences[1].matchers[0].isEqual);

    const Labels firing{{QStringLiteral("alertname"), QStringLiteral("AlwaysFiring")},
                        {QStringLiteral("severity"), QStringLiteral("warning")}};
    EXPECT_TRUE(s.matches(firing));
    EXPECT_TRUE(isSilenced(r.silences, firing));
    Labels other = firing;
    other[QStringLiteral("severity")] = QStringLiteral("xwarning"); // regexes are anchored
    EXPECT_FALSE(s.matches(other));
    // The expired silence (severity != critical) matches, but mutes nothing.
    EXPECT_TRUE(r.silences[1].matches(other));
    EXPECT_FALSE(isSilenced(r.silences, other));
}

TEST(AlertmanagerDecode, MatchersFollowAlertmanagersRules)
{
    const Labels labels{{QStringLiteral("job"), QStringLiteral("iris")}};
    EXPECT_TRUE(matches({QStringLiteral("job"), QStringLiteral("iris"), false, true}, labels));
    EXPECT_TRUE(matches({QStringLiteral("job"), QStringLiteral("ir.*"), true, true}, labels));
    EXPECT_FALSE(matches({QStringLiteral("job"), QStringLiteral("ir"), true, true}, labels));
    EXPECT_TRUE(matches({QStringLiteral("job"), QStringLiteral("prom"), false, false}, labels));
    // An absent label reads as "", and a broken regex matches nothing.
    EXPECT_TRUE(matches({QStringLiteral("team"), QString(), false, true}, labels));
    EXPECT_FALSE(matches({QStringLiteral("job"), QStringLiteral("(("), true, false}, labels));
    EXPECT_FALSE(Silence{}.matches(labels)); // no matchers: mutes nothing
    EXPECT_EQ(matcherText({QStringLiteral("a"), QStringLiteral("x\"y"), true, false}),
              QStringLiteral("a!~\"x\\\"y\""));
    const auto exact = matchersForLabels(labels);
    ASSERT_EQ(exact.size(), 1u);
    EXPECT_EQ(exact[0], (Matcher{QStringLiteral("job"), QStringLiteral("iris"), false, true}));
}

TEST(AlertmanagerDecode, WritesTheSilenceToCreate)
{
    SilenceDraft d;
    d.matchers = {{QStringLiteral("alertname"), QStringLiteral("A\"B"), false, true}};
    d.endsAt = QDateTime(QDate(2026, 11, 30), QTime(16, 0), Qt::UTC);
    d.createdBy = QStringLiteral("ops");
    d.comment = QStringLiteral("maintenance");
    const QDateTime now(QDate(2026, 11, 30), QTime(14, 0, 0, 250), Qt::UTC);
    const QJsonObject o = QJsonDocument::fromJson(silenceJson(d, now)).object();
    EXPECT_EQ(o.value(QStringLiteral("startsAt")).toString(),
              QStringLiteral("2026-11-30T14:00:00.250Z"));
    EXPECT_EQ(o.value(QStringLiteral("endsAt")).toString(),
              QStringLiteral("2026-11-30T16:00:00.000Z"));
    EXPECT_EQ(o.value(QStringLiteral("comment")).toString(), QStringLiteral("maintenance"));
    const QJsonObject m = o.value(QStringLiteral("matchers")).toArray().at(0).toObject();
    EXPECT_EQ(m.value(QStringLiteral("value")).toString(), QStringLiteral("A\"B"));
    EXPECT_TRUE(m.value(QStringLiteral("isEqual")).toBool());
    EXPECT_FALSE(m.value(QStringLiteral("isRegex")).toBool());
    EXPECT_EQ(parseTime(o.value(QStringLiteral("startsAt")).toString()), now);
}

TEST(AlertmanagerDecode, ReadsCreateAndExpireAnswers)
{
    const CreateSilenceResult created = decodeCreateSilence(answer(200, R"({"silenceID":"abc"})"));
    ASSERT_TRUE(created.ok());
    EXPECT_EQ(created.silenceId, QStringLiteral("abc"));
    EXPECT_EQ(decodeCreateSilence(answer(200, "{}")).error.type, ErrorType::BadResponse);
    EXPECT_TRUE(decodeExpireSilence(answer(200, "")).ok());
    // Alertmanager's refusals quote its own words.
    const auto refused = decodeCreateSilence(
        answer(400, "\"silence invalid: invalid label matcher 0: invalid label name \\\"\\\"\"\n"));
    EXPECT_EQ(refused.error.type, ErrorType::BadData);
    EXPECT_TRUE(refused.error.message.contains(QStringLiteral("invalid label name")))
        << refused.error.message.toStdString();
    const auto gone = decodeExpireSilence(answer(404, "\"silence 123 not found\""));
    EXPECT_EQ(gone.error.type, ErrorType::Client);
    EXPECT_TRUE(gone.error.message.contains(QStringLiteral("not found")));
    const auto wrongUrl = decodeSilences(answer(404, "404 page not found\n"));
    EXPECT_TRUE(wrongUrl.error.message.contains(QStringLiteral("Alertmanager URL")));
    EXPECT_EQ(decodeSilences(answer(503, "down")).error.type, ErrorType::Server);
}

TEST(AlertmanagerDecode, ReadsStatus)
{
    const StatusResult r = decodeStatus(answer(200, R"({"cluster":{"status":"disabled","peers":[]},
        "versionInfo":{"version":"0.25.0"},"uptime":"2026-11-30T14:00:00.000Z",
        "config":{"original":"route: …"}})"));
    ASSERT_TRUE(r.ok()) << r.error.detail.toStdString();
    EXPECT_EQ(r.version, QStringLiteral("0.25.0"));
    EXPECT_EQ(r.clusterStatus, QStringLiteral("disabled"));
    EXPECT_TRUE(r.uptime.isValid());
}

TEST(AlertmanagerDecode, TruncatedAnswersAreTypedErrors)
{
    for (qsizetype cut : {qsizetype(0), qsizetype(1), kAlerts.size() / 2, kAlerts.size() - 1}) {
        const AlertsResult r = decodeAlerts(answer(200, kAlerts.left(cut)));
        EXPECT_EQ(r.error.type, ErrorType::BadResponse) << cut;
        EXPECT_FALSE(r.error.message.isEmpty());
        EXPECT_TRUE(r.alerts.empty());
    }
    EXPECT_EQ(decodeSilences(answer(200, kSilences.left(kSilences.size() - 3))).error.type,
              ErrorType::BadResponse);
}

TEST(AlertmanagerDecode, WrongShapesAreTypedErrorsNotCrashes)
{
    const QList<QByteArray> bad{
        R"({"alerts": []})",                                  // an object, not an array
        R"([1, 2])",                                          // not alerts
        R"([{"labels": {"alertname": 5}}])",                  // a label that is a number
        R"([{"labels": [], "status": {"silencedBy": "x"}}])", // labels an array
        R"([{"status": {"silencedBy": [1]}}])",               // ids that are numbers
        R"([{"startsAt": "yesterday"}])",                     // not a time
        R"("just a string")",
        "null",
        "<html>proxy error</html>"};
    for (const QByteArray &body : bad) {
        const AlertsResult r = decodeAlerts(answer(200, body));
        EXPECT_EQ(r.error.type, ErrorType::BadResponse) << body.toStdString();
        EXPECT_FALSE(r.error.message.isEmpty());
        EXPECT_FALSE(r.error.detail.isEmpty());
        EXPECT_TRUE(r.alerts.empty()) << body.toStdString();
    }
    for (
        const QByteArray &body :
        {QByteArray(R"([{"status":{"state":"active"},"matchers":[]}])"),
         QByteArray(R"([{"id":"a","matchers":{}}])"),
         QByteArray(
             R"([{"id":"a","matchers":[{"name":"x","value":"y","isRegex":"no"}],"status":{"state":"active"}}])")})
        EXPECT_EQ(decodeSilences(answer(200, body)).error.type, ErrorType::BadResponse)
            << body.toStdString();
    EXPECT_EQ(decodeAlertGroups(answer(200, R"([{"labels":{},"receiver":"console","alerts":[]}])"))
                  .error.type,
              ErrorType::BadResponse);
}

TEST(AlertmanagerDecode, HugeAndHostileBodiesEndInAnErrorOrAResult)
{
    // 200,000 levels of nesting: refused by the parser, not the stack.
    const QByteArray deep = QByteArray(200000, '[') + QByteArray(200000, ']');
    EXPECT_EQ(decodeAlerts(answer(200, deep)).error.type, ErrorType::BadResponse);
    // 20,000 alerts decode in full.
    QByteArray many = "[";
    for (int i = 0; i < 20000; ++i)
        many += (i ? "," : "") + QByteArray(R"({"labels":{"alertname":"A","i":")")
                + QByteArray::number(i)
                + R"("},"status":{"state":"active","silencedBy":[],"inhibitedBy":[]}})";
    many += "]";
    const AlertsResult r = decodeAlerts(answer(200, many));
    ASSERT_TRUE(r.ok()) << r.error.detail.toStdString();
    EXPECT_EQ(r.alerts.size(), 20000u);
    // A transfer that went over the size cap keeps its error.
    HttpResponse tooLarge;
    tooLarge.error.type = ErrorType::TooLarge;
    tooLarge.error.message = QStringLiteral("too large");
    EXPECT_EQ(decodeSilences(tooLarge).error.type, ErrorType::TooLarge);
    // The detail of a broken answer is cut to a readable size.
    const QByteArray junk(1 << 20, 'x');
    EXPECT_LT(decodeAlerts(answer(200, junk)).error.detail.size(), 5000);
}

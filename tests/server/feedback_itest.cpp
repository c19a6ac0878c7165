// Ground truth end to end on the iris-server executable: ids on answers, POST /feedback, and
// the feedback metrics on /metrics.
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

using vitals::testsupport::IrisServerProcess;

namespace {

struct Answer {
    int status = 0;
    QByteArray body;
    QByteArray requestId;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

Answer post(const QString &url, const QByteArray &body)
{
    QNetworkAccessManager nam;
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    Answer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    a.requestId = reply->rawHeader(QByteArrayLiteral("X-Request-Id"));
    delete reply;
    return a;
}

QByteArray label(const QByteArray &id, const char *actual)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(id)},
                                     {QStringLiteral("actual"), QLatin1String(actual)}})
        .toJson(QJsonDocument::Compact);
}

QByteArray metrics(const IrisServerProcess &server)
{
    QByteArray body;
    vitals::testsupport::httpGet(QUrl(server.baseUrl() + QStringLiteral("/metrics")), &body);
    return body;
}

} // namespace

TEST(Feedback, LabelsJoinPredictionsAndAreCounted)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    const QString predict = server.baseUrl() + QStringLiteral("/predict");
    const QString feedback = server.baseUrl() + QStringLiteral("/feedback");

    // A setosa-like flower: predicted setosa. The answer's id is also its X-Request-Id.
    const Answer p = post(predict, "{\"features\":[5.1,3.5,1.4,0.2]}");
    ASSERT_EQ(p.status, 200);
    ASSERT_FALSE(p.requestId.isEmpty());
    EXPECT_EQ(p.json().value(QStringLiteral("id")).toString().toLatin1(), p.requestId);

    const Answer ok = post(feedback, label(p.requestId, "versicolor"));
    EXPECT_EQ(ok.status, 200) << ok.body.toStdString();
    EXPECT_EQ(ok.json().value(QStringLiteral("predicted")).toString(), QStringLiteral("setosa"));
    EXPECT_FALSE(ok.json().value(QStringLiteral("correct")).toBool(true));

    const Answer duplicate = post(feedback, label(p.requestId, "setosa"));
    EXPECT_EQ(duplicate.status, 409);
    EXPECT_EQ(duplicate.json().value(QStringLiteral("error")).toString(),
              QStringLiteral("duplicate_label"));
    const Answer unknown = post(feedback, label("0badc0de-1", "setosa"));
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.json().value(QStringLiteral("error")).toString(),
              QStringLiteral("unknown_id"));
    const Answer bad = post(feedback, "{\"id\":\"x\"}");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json().value(QStringLiteral("error")).toString(), QStringLiteral("missing_key"));

    // v2: the ids are in parameters, the first also in X-Request-Id.
    const Answer v2 =
        post(server.baseUrl() + QStringLiteral("/v2/models/iris/infer"),
             "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,4],\"datatype\":\"FP32\","
             "\"data\":[[6.3,3.3,6,2.5],[5.1,3.5,1.4,0.2]]}]}");
    ASSERT_EQ(v2.status, 200) << v2.body.toStdString();
    const QJsonArray ids = v2.json()
                               .value(QStringLiteral("parameters"))
                               .toObject()
                               .value(QStringLiteral("prediction_ids"))
                               .toArray();
    ASSERT_EQ(ids.size(), 2);
    EXPECT_EQ(ids.at(0).toString().toLatin1(), v2.requestId);
    const Answer batch =
        post(feedback, "[" + label(ids.at(0).toString().toLatin1(), "virginica") + ","
                           + label(ids.at(1).toString().toLatin1(), "setosa") + "]");
    EXPECT_EQ(batch.status, 200);
    EXPECT_EQ(batch.json().value(QStringLiteral("joined")).toInt(), 2);

    const QByteArray text = metrics(server);
    EXPECT_TRUE(
        text.contains("\niris_feedback_total{predicted=\"setosa\",actual=\"versicolor\"} 1\n"));
    EXPECT_TRUE(
        text.contains("\niris_feedback_total{predicted=\"virginica\",actual=\"virginica\"} 1\n"));
    EXPECT_TRUE(text.contains("\niris_feedback_total{predicted=\"setosa\",actual=\"setosa\"} 1\n"));
    EXPECT_TRUE(text.contains("\niris_feedback_correct_total 2\n"));
    EXPECT_TRUE(text.contains("\niris_feedback_delay_seconds_count 3\n"));
    EXPECT_TRUE(text.contains("\niris_feedback_unmatched_total{reason=\"duplicate\"} 1\n"));
    EXPECT_TRUE(text.contains("\niris_feedback_unmatched_total{reason=\"unknown\"} 1\n"));
    EXPECT_TRUE(text.contains(
        "inference_requests_total{method=\"POST\",endpoint=\"/feedback\",status=\"409\"} 1\n"))
        << text.toStdString();
}

TEST(Feedback, StoreIsBoundedBySizeAndAge)
{
    IrisServerProcess server;
    ASSERT_TRUE(server.start({QStringLiteral("--feedback-capacity"), QStringLiteral("2"),
                              QStringLiteral("--feedback-max-age-s"), QStringLiteral("1")}))
        << server.errorString().toStdString();
    const QString predict = server.baseUrl() + QStringLiteral("/predict");
    const QString feedback = server.baseUrl() + QStringLiteral("/feedback");
    QList<QByteArray> ids;
    for (int i = 0; i < 3; ++i)
        ids << post(predict, "{\"features\":[5.1,3.5,1.4,0.2]}").requestId;
    const Answer evicted = post(feedback, label(ids[0], "setosa"));
    EXPECT_EQ(evicted.status, 404);
    EXPECT_TRUE(evicted.json()
                    .value(QStringLiteral("detail"))
                    .toString()
                    .contains(QStringLiteral("pushed out")))
        << evicted.body.toStdString();
    QThread::msleep(1300);
    const Answer expired = post(feedback, label(ids[2], "setosa"));
    EXPECT_EQ(expired.status, 404);
    EXPECT_TRUE(
        expired.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("older")))
        << expired.body.toStdString();
    const QByteArray text = metrics(server);
    EXPECT_TRUE(text.contains("\niris_feedback_unmatched_total{reason=\"evicted\"} 1\n"));
    EXPECT_TRUE(text.contains("\niris_feedback_unmatched_total{reason=\"expired\"} 1\n"));
    EXPECT_TRUE(text.contains("\niris_feedback_store_evictions_total 1\n"));
    EXPECT_TRUE(text.contains("\niris_feedback_store_capacity 2\n"));
}

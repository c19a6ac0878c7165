#include "core/sim/faultclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <cmath>

namespace vitals::sim {

QUrl serverEndpoint(const QUrl &target, const QString &path)
{
    QUrl url = target;
    QString base = url.path();
    if (base.endsWith(QLatin1String("/predict")))
        base.chop(int(qstrlen("/predict")));
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

FaultClient::FaultClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{}

FaultClient::~FaultClient()
{
    const auto replies = m_replies;
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        delete reply;
    }
}

QUrl FaultClient::faultsUrl(const QUrl &target)
{
    return serverEndpoint(target, QStringLiteral("/admin/faults"));
}

void FaultClient::read(const QUrl &target, QObject *context, Callback done)
{
    QNetworkRequest request(faultsUrl(target));
    request.setTransferTimeout(m_timeoutMs);
    watch(m_network->get(request), target, context, std::move(done));
}

void FaultClient::set(const QUrl &target, const FaultSettings &faults, QObject *context,
                      Callback done)
{
    QNetworkRequest request(faultsUrl(target));
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QJsonObject body{{QStringLiteral("latency_ms"), faults.latencyMs},
                           {QStringLiteral("error_rate"), faults.errorRate}};
    watch(m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)), target,
          context, std::move(done));
}

void FaultClient::abortAll()
{
    // Abort a copy: each abort finishes its reply synchronously and edits the set.
    const auto replies = m_replies;
    for (QNetworkReply *reply : replies)
        reply->abort();
}

void FaultClient::watch(QNetworkReply *reply, const QUrl &target, QObject *context, Callback done)
{
    m_replies.insert(reply);
    connect(
        reply, &QNetworkReply::finished, this,
        [this, reply, target, context = QPointer<QObject>(context), done = std::move(done)] {
            if (!m_replies.remove(reply))
                return;
            reply->deleteLater();
            FaultReply answer;
            answer.target = target;
            answer.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
            if (json.contains(QStringLiteral("latency_ms"))) {
                FaultSettings f;
                f.latencyMs = int(std::lround(json.value(QStringLiteral("latency_ms")).toDouble()));
                f.errorRate = json.value(QStringLiteral("error_rate")).toDouble();
                if (answer.accepted())
                    answer.reported = f;
            }
            if (answer.httpStatus == 0) {
                answer.error = reply->errorString();
            } else if (!answer.accepted()) {
                // iris-server explains a refusal in {"error": reason, "detail": text}.
                QString why = json.value(QStringLiteral("detail")).toString();
                if (why.isEmpty())
                    why = json.value(QStringLiteral("error")).toString();
                answer.error = why.isEmpty()
                                   ? QStringLiteral("HTTP %1").arg(answer.httpStatus)
                                   : QStringLiteral("HTTP %1: %2").arg(answer.httpStatus).arg(why);
            }
            if (context && done)
                done(answer);
        });
}

} // namespace vitals::sim

#include "core/alertmanager/alertmanagerclient.h"

#include "core/alertmanager/alertmanagerdecode.h"

namespace vitals::alertmanager {

using prom::HttpRequest;
using prom::HttpResponse;
using prom::RequestHandle;

namespace {

HttpRequest request(const QString &apiPath, const QByteArray &verb = {})
{
    HttpRequest r;
    r.apiPath = apiPath;
    r.verb = verb;
    return r;
}

} // namespace

AlertmanagerClient::AlertmanagerClient(const prom::ConnectionProfile &profile, QObject *parent)
    : QObject(parent)
    , m_transport(new prom::Transport(transportProfile(profile), this))
    , m_baseUrl(profile.alertmanagerUrl)
{}

AlertmanagerClient::~AlertmanagerClient() = default;

prom::ConnectionProfile AlertmanagerClient::transportProfile(const prom::ConnectionProfile &profile)
{
    prom::ConnectionProfile p;
    p.name = profile.name;
    p.baseUrl = profile.alertmanagerUrl;
    p.caFile = profile.caFile;
    p.timeoutMs = profile.timeoutMs;
    if (!profile.alertmanagerUsername.isEmpty() || !profile.alertmanagerPassword.isEmpty()
        || !profile.alertmanagerBearerToken.isEmpty()) {
        p.username = profile.alertmanagerUsername;
        p.password = profile.alertmanagerPassword;
        p.bearerToken = profile.alertmanagerBearerToken;
    } else if (profile.alertmanagerSendsCredentials) {
        p.username = profile.username;
        p.password = profile.password;
        p.bearerToken = profile.bearerToken;
        p.tenant = profile.tenant;
        p.extraHeaders = profile.extraHeaders;
    }
    return p;
}

void AlertmanagerClient::setProfile(const prom::ConnectionProfile &profile)
{
    m_baseUrl = profile.alertmanagerUrl;
    m_transport->setProfile(transportProfile(profile));
}

template<typename Result>
RequestHandle AlertmanagerClient::call(const HttpRequest &request, QObject *context,
                                       Result (*decode)(const HttpResponse &),
                                       std::function<void(const Result &)> done)
{
    return m_transport->sendDecoded(request, context ? context : this, decode, std::move(done));
}

RequestHandle AlertmanagerClient::alertGroups(QObject *context,
                                              std::function<void(const AlertGroupsResult &)> done)
{
    return call<AlertGroupsResult>(request(QStringLiteral("/api/v2/alerts/groups")), context,
                                   &decodeAlertGroups, std::move(done));
}

RequestHandle AlertmanagerClient::alerts(QObject *context,
                                         std::function<void(const AlertsResult &)> done)
{
    return call<AlertsResult>(request(QStringLiteral("/api/v2/alerts")), context, &decodeAlerts,
                              std::move(done));
}

RequestHandle AlertmanagerClient::silences(QObject *context,
                                           std::function<void(const SilencesResult &)> done)
{
    return call<SilencesResult>(request(QStringLiteral("/api/v2/silences")), context,
                                &decodeSilences, std::move(done));
}

RequestHandle
AlertmanagerClient::createSilence(const SilenceDraft &draft, QObject *context,
                                  std::function<void(const CreateSilenceResult &)> done)
{
    HttpRequest post = request(QStringLiteral("/api/v2/silences"), "POST");
    post.jsonBody = silenceJson(draft, QDateTime::currentDateTimeUtc());
    return call<CreateSilenceResult>(post, context, &decodeCreateSilence, std::move(done));
}

RequestHandle
AlertmanagerClient::expireSilence(const QString &id, QObject *context,
                                  std::function<void(const ExpireSilenceResult &)> done)
{
    const HttpRequest del = request(QStringLiteral("/api/v2/silence/")
                                        + QString::fromLatin1(QUrl::toPercentEncoding(id)),
                                    "DELETE");
    return call<ExpireSilenceResult>(del, context, &decodeExpireSilence, std::move(done));
}

RequestHandle AlertmanagerClient::status(QObject *context,
                                         std::function<void(const StatusResult &)> done)
{
    return call<StatusResult>(request(QStringLiteral("/api/v2/status")), context, &decodeStatus,
                              std::move(done));
}

} // namespace vitals::alertmanager

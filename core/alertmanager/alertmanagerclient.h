#pragma once

#include "core/alertmanager/alertmanagertypes.h"
#include "core/prom/connectionprofile.h"
#include "core/prom/requesthandle.h"
#include "core/prom/transport.h"

#include <QObject>
#include <QUrl>

#include <functional>

namespace vitals::alertmanager {

// The endpoints of Alertmanager's API v2 (/api/v2) used by the console, over the same
// transport as PromClient (timeouts, size cap, TLS and its CA file, credentials).
//
// The connection profile names the Alertmanager (ConnectionProfile::alertmanagerUrl); its
// credentials, tenant and extra headers go with every request only when the profile says so
// (alertmanagerSendsCredentials), so a Prometheus password never reaches another host unasked.
//
// Calls follow PromClient's pattern: `done` runs exactly once from the event loop on the client's
// thread (the GUI thread) unless the returned handle is reset or destroyed first, or `context`
// is destroyed first. Failures never throw: the result's `error` says what happened.
// Ownership: QObject parent; destroying the client aborts what it has in flight.
class AlertmanagerClient : public QObject
{
    Q_OBJECT
public:
    explicit AlertmanagerClient(const prom::ConnectionProfile &profile = {},
                                QObject *parent = nullptr);
    ~AlertmanagerClient() override;

    // Requests sent afterwards use the new profile.
    void setProfile(const prom::ConnectionProfile &profile);
    // The Alertmanager's base URL; empty when the profile names none (calls then fail at once
    // with a Client error saying so).
    QUrl baseUrl() const { return m_baseUrl; }
    bool isConfigured() const { return m_baseUrl.isValid() && !m_baseUrl.isEmpty(); }
    prom::Transport *transport() const { return m_transport; }

    // GET /api/v2/alerts/groups
    prom::RequestHandle alertGroups(QObject *context,
                                    std::function<void(const AlertGroupsResult &)> done);
    // GET /api/v2/alerts (active, silenced, inhibited and unprocessed alike)
    prom::RequestHandle alerts(QObject *context, std::function<void(const AlertsResult &)> done);
    // GET /api/v2/silences
    prom::RequestHandle silences(QObject *context,
                                 std::function<void(const SilencesResult &)> done);
    // POST /api/v2/silences
    prom::RequestHandle createSilence(const SilenceDraft &draft, QObject *context,
                                      std::function<void(const CreateSilenceResult &)> done);
    // DELETE /api/v2/silence/{id}: ends the silence now (Alertmanager keeps it as expired).
    prom::RequestHandle expireSilence(const QString &id, QObject *context,
                                      std::function<void(const ExpireSilenceResult &)> done);
    // GET /api/v2/status
    prom::RequestHandle status(QObject *context, std::function<void(const StatusResult &)> done);

    // The profile the transport uses for the Alertmanager of `profile`: its URL as base URL, no
    // path prefix, and its own credentials (alertmanagerUsername, …Password, …BearerToken) when
    // it has any; otherwise the connection's only when alertmanagerSendsCredentials is set.
    static prom::ConnectionProfile transportProfile(const prom::ConnectionProfile &profile);

private:
    template<typename Result>
    prom::RequestHandle call(const prom::HttpRequest &request, QObject *context,
                             Result (*decode)(const prom::HttpResponse &),
                             std::function<void(const Result &)> done);

    prom::Transport *m_transport;
    QUrl m_baseUrl;
};

} // namespace vitals::alertmanager

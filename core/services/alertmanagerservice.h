#pragma once

#include "core/alertmanager/alertmanagertypes.h"
#include "core/prom/connectionprofile.h"
#include "core/prom/requesthandle.h"

#include <QObject>
#include <QUrl>

#include <memory>
#include <vector>

namespace vitals {

namespace alertmanager {
class AlertmanagerClient;
}

// True when Alertmanager mutes the alert with `labels`: an active silence of `silences` matches
// them, or an alert of `groups` that carries at least these labels (Alertmanager's copy may add
// the sending Prometheus's external labels) is silenced or inhibited (Alertmanager notifies
// neither). Pure; any thread.
bool isMutedByAlertmanager(const std::vector<alertmanager::AlertGroup> &groups,
                           const std::vector<alertmanager::Silence> &silences,
                           const alertmanager::Labels &labels);

// The Alerts page's Alertmanager data service (API v2): the alert groups, the silences and the
// version of the Alertmanager the connection names (ConnectionProfile::alertmanagerUrl), kept as
// plain values for the page's models, and the silence actions (create, expire).
//
// GUI thread. Owns its client and every request: setProfile() and the destructor abort them, a
// refresh() while one runs is skipped, and no signal is emitted for an aborted request. A
// successful create or expire starts a refresh at once, so the lists show it.
class AlertmanagerService : public QObject
{
    Q_OBJECT
public:
    explicit AlertmanagerService(QObject *parent = nullptr);
    ~AlertmanagerService() override;

    // The Alertmanager of `profile`: clears the lists, asks for its status and refreshes.
    // A profile without an Alertmanager URL leaves the service idle (isConfigured() false).
    void setProfile(const prom::ConnectionProfile &profile);
    bool isConfigured() const;
    QUrl baseUrl() const;
    // True from refresh() until refreshFinished().
    bool isBusy() const { return m_pending > 0; }

    // Asks for the groups and the silences; returns false (does nothing) when no Alertmanager is
    // configured or the previous refresh still runs.
    bool refresh();
    // POST a silence; silenceCreated() or actionFailed() follows. Supersedes an action in flight.
    void createSilence(const alertmanager::SilenceDraft &draft);
    // DELETE the silence; silenceExpired() or actionFailed() follows.
    void expireSilence(const QString &id);

    // The last answers (empty until the first arrives, and after setProfile()).
    const std::vector<alertmanager::AlertGroup> &groups() const { return m_groups; }
    const std::vector<alertmanager::Silence> &silences() const { return m_silences; }
    // Alertmanager's version from /api/v2/status; empty until known.
    QString version() const { return m_version; }
    // The last failure of each list, ready to show; empty when it was read.
    QString groupsError() const { return m_groupsError; }
    QString silencesError() const { return m_silencesError; }

    // isMutedByAlertmanager() over the last answers.
    bool isSilenced(const alertmanager::Labels &labels) const;

Q_SIGNALS:
    // setProfile() named another Alertmanager (or none): the lists are empty again.
    void profileChanged();
    // Both lists were read (or failed) once more; the getters hold the new state.
    void refreshFinished();
    void versionChanged(const QString &version);
    void silenceCreated(const QString &id);
    void silenceExpired(const QString &id);
    // A create or expire failed; `message` is ready to show.
    void actionFailed(const QString &message);

private:
    void finishOne();
    void restartRefresh();

    std::unique_ptr<alertmanager::AlertmanagerClient> m_client;
    prom::RequestHandle m_groupsRequest;
    prom::RequestHandle m_silencesRequest;
    prom::RequestHandle m_statusRequest;
    prom::RequestHandle m_action;
    std::vector<alertmanager::AlertGroup> m_groups;
    std::vector<alertmanager::Silence> m_silences;
    QString m_version;
    QString m_groupsError;
    QString m_silencesError;
    int m_pending = 0;
};

} // namespace vitals

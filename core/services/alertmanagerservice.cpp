#include "core/services/alertmanagerservice.h"

#include "core/alertmanager/alertmanagerclient.h"
#include "core/services/serviceslogging.h"

namespace vitals {

namespace {

bool contains(const alertmanager::Labels &all, const alertmanager::Labels &part)
{
    for (auto it = part.begin(); it != part.end(); ++it)
        if (!all.contains(it.key()) || all.value(it.key()) != it.value())
            return false;
    return true;
}

} // namespace

bool isMutedByAlertmanager(const std::vector<alertmanager::AlertGroup> &groups,
                           const std::vector<alertmanager::Silence> &silences,
                           const alertmanager::Labels &labels)
{
    if (labels.isEmpty())
        return false;
    if (alertmanager::isSilenced(silences, labels))
        return true;
    for (const auto &g : groups)
        for (const auto &a : g.alerts)
            if ((a.isSilenced() || a.isInhibited()) && contains(a.labels, labels))
                return true;
    return false;
}

AlertmanagerService::AlertmanagerService(QObject *parent)
    : QObject(parent)
    , m_client(std::make_unique<alertmanager::AlertmanagerClient>())
{}

AlertmanagerService::~AlertmanagerService() = default;

void AlertmanagerService::setProfile(const prom::ConnectionProfile &profile)
{
    m_groupsRequest = {};
    m_silencesRequest = {};
    m_statusRequest = {};
    m_action = {};
    m_pending = 0;
    m_client->setProfile(profile);
    m_groups.clear();
    m_silences.clear();
    m_version.clear();
    m_groupsError.clear();
    m_silencesError.clear();
    Q_EMIT profileChanged();
    if (!isConfigured())
        return;
    m_statusRequest = m_client->status(this, [this](const alertmanager::StatusResult &r) {
        if (!r.ok()) {
            qCDebug(lcServices) << "alertmanager status:" << r.error.message;
            return;
        }
        m_version = r.version;
        Q_EMIT versionChanged(m_version);
    });
    refresh();
}

bool AlertmanagerService::isConfigured() const
{
    return m_client->isConfigured();
}

QUrl AlertmanagerService::baseUrl() const
{
    return m_client->baseUrl();
}

bool AlertmanagerService::refresh()
{
    if (!isConfigured() || m_pending > 0)
        return false;
    m_pending = 2;
    m_groupsRequest = m_client->alertGroups(this, [this](const alertmanager::AlertGroupsResult &r) {
        m_groupsError = r.ok() ? QString() : r.error.message;
        if (r.ok())
            m_groups = r.groups;
        else
            qCDebug(lcServices) << "alertmanager groups:" << r.error.message;
        finishOne();
    });
    m_silencesRequest = m_client->silences(this, [this](const alertmanager::SilencesResult &r) {
        m_silencesError = r.ok() ? QString() : r.error.message;
        if (r.ok())
            m_silences = r.silences;
        else
            qCDebug(lcServices) << "alertmanager silences:" << r.error.message;
        finishOne();
    });
    return true;
}

void AlertmanagerService::finishOne()
{
    if (m_pending > 0 && --m_pending == 0)
        Q_EMIT refreshFinished();
}

void AlertmanagerService::restartRefresh()
{
    // The lists read before the change are stale: drop them and ask again.
    m_groupsRequest = {};
    m_silencesRequest = {};
    m_pending = 0;
    refresh();
}

void AlertmanagerService::createSilence(const alertmanager::SilenceDraft &draft)
{
    m_action =
        m_client->createSilence(draft, this, [this](const alertmanager::CreateSilenceResult &r) {
            if (!r.ok()) {
                Q_EMIT actionFailed(r.error.message);
                return;
            }
            Q_EMIT silenceCreated(r.silenceId);
            restartRefresh();
        });
}

void AlertmanagerService::expireSilence(const QString &id)
{
    m_action =
        m_client->expireSilence(id, this, [this, id](const alertmanager::ExpireSilenceResult &r) {
            if (!r.ok()) {
                Q_EMIT actionFailed(r.error.message);
                return;
            }
            Q_EMIT silenceExpired(id);
            restartRefresh();
        });
}

bool AlertmanagerService::isSilenced(const alertmanager::Labels &labels) const
{
    return isMutedByAlertmanager(m_groups, m_silences, labels);
}

} // namespace vitals

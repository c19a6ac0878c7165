#include "core/services/alertsservice.h"

#include "core/prom/promclient.h"
#include "core/services/serviceslogging.h"

namespace vitals {

AlertsService::AlertsService(prom::PromClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

AlertsService::~AlertsService() = default;

void AlertsService::setClient(prom::PromClient *client)
{
    m_alertsRequest = {};
    m_rulesRequest = {};
    m_pending = 0;
    m_client = client;
}

bool AlertsService::refresh()
{
    if (!m_client || m_pending > 0)
        return false;
    m_pending = 2;
    m_alertsRequest = m_client->alerts(this, [this](const prom::AlertsResult &r) {
        if (!r.ok())
            qCDebug(lcServices) << "alerts:" << r.error.message;
        Q_EMIT alertsReceived(r);
        finishOne();
    });
    m_rulesRequest = m_client->rules(this, [this](const prom::RulesResult &r) {
        if (!r.ok())
            qCDebug(lcServices) << "rules:" << r.error.message;
        Q_EMIT rulesReceived(r);
        finishOne();
    });
    return true;
}

void AlertsService::finishOne()
{
    if (m_pending > 0 && --m_pending == 0)
        Q_EMIT refreshFinished();
}

} // namespace vitals

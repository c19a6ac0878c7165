#include "core/services/targetsservice.h"

#include "core/prom/promclient.h"
#include "core/services/serviceslogging.h"

namespace vitals {

TargetsService::TargetsService(QObject *parent)
    : QObject(parent)
{}

TargetsService::~TargetsService() = default;

void TargetsService::setPrometheus(const QUrl &baseUrl)
{
    m_request = {};
    prom::ConnectionProfile profile;
    profile.name = QStringLiteral("local-stack");
    profile.baseUrl = baseUrl;
    m_client = std::make_unique<prom::PromClient>(profile);
}

bool TargetsService::refresh()
{
    if (!m_client || m_request.isActive())
        return false;
    m_request = m_client->targets(this, [this](const prom::TargetsResult &result) {
        if (!result.ok())
            qCDebug(lcServices) << "targets:" << result.error.message;
        Q_EMIT targetsReceived(result);
    });
    return true;
}

} // namespace vitals

#include "core/services/connectiontester.h"

#include "core/alertmanager/alertmanagerclient.h"
#include "core/prom/promclient.h"

namespace vitals {

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
{}

ConnectionTester::~ConnectionTester() = default;

void ConnectionTester::test(const prom::ConnectionProfile &profile)
{
    m_test = {};
    m_scrapeProbe = {};
    m_alertmanagerTest = {};
    m_client = std::make_unique<prom::PromClient>(profile);
    m_test = m_client->testConnection(this, [this](const prom::ConnectionTestResult &result) {
        Q_EMIT tested(result);
        if (!result.ok())
            return;
        m_scrapeProbe = m_client->scrapeInterval(
            this, [this](const prom::ScrapeInterval &s) { Q_EMIT scrapeIntervalFound(s); });
    });
    if (profile.alertmanagerUrl.isEmpty()) {
        m_alertmanager.reset();
        return;
    }
    m_alertmanager = std::make_unique<alertmanager::AlertmanagerClient>(profile);
    m_alertmanagerTest = m_alertmanager->status(
        this, [this](const alertmanager::StatusResult &r) { Q_EMIT alertmanagerTested(r); });
}

} // namespace vitals

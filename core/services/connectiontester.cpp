#include "core/services/connectiontester.h"

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
    m_client = std::make_unique<prom::PromClient>(profile);
    m_test = m_client->testConnection(this, [this](const prom::ConnectionTestResult &result) {
        Q_EMIT tested(result);
        if (!result.ok())
            return;
        m_scrapeProbe = m_client->scrapeInterval(
            this, [this](const prom::ScrapeInterval &s) { Q_EMIT scrapeIntervalFound(s); });
    });
}

} // namespace vitals

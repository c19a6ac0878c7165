#include "core/services/reportdataservice.h"

#include "core/prom/promclient.h"

namespace vitals {

ReportDataService::ReportDataService(prom::PromClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

ReportDataService::~ReportDataService() = default;

void ReportDataService::fetchFiringAlerts(FiringAlertsDone done)
{
    if (!m_client) {
        done({}, tr("no server"));
        return;
    }
    m_alertsRequest =
        m_client->alerts(this, [done = std::move(done)](const prom::AlertsResult &result) {
            std::vector<prom::Alert> firing;
            if (!result.ok()) {
                done(firing, result.error.message);
                return;
            }
            for (const prom::Alert &alert : result.alerts)
                if (alert.state == u"firing")
                    firing.push_back(alert);
            done(firing, QString());
        });
}

void ReportDataService::fetchScrapeInterval(qint64 overrideMs, ScrapeIntervalDone done)
{
    if (overrideMs > 0 || !m_client) {
        done(prom::chooseScrapeInterval(overrideMs, nullptr, nullptr));
        return;
    }
    m_scrapeRequest = m_client->scrapeInterval(this, std::move(done));
}

void ReportDataService::cancelFiringAlerts()
{
    m_alertsRequest = {};
}

void ReportDataService::cancel()
{
    m_alertsRequest = {};
    m_scrapeRequest = {};
}

} // namespace vitals

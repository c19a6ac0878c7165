#pragma once

#include "core/alertmanager/alertmanagertypes.h"
#include "core/prom/connectionprofile.h"
#include "core/prom/requesthandle.h"
#include "core/prom/results.h"
#include "core/prom/scrapeinterval.h"

#include <QObject>

#include <memory>

namespace vitals {

namespace prom {
class PromClient;
}
namespace alertmanager {
class AlertmanagerClient;
}

// The connection dialog's data service: tries a connection profile before it is saved
// (prom::PromClient::testConnection: build info and a query "1"), and once that works, learns
// the scrape interval the dashboards would be planned with. When the profile names an
// Alertmanager, it is asked for its status (GET /api/v2/status) at the same time, with the
// credentials the Alertmanager client would send (AlertmanagerClient::transportProfile).
//
// GUI thread. Owns a client for the profile under test and its requests: a new test() and the
// destructor abort the one in flight, and no signal of an aborted test follows.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    // Tests `profile`; tested() follows, then scrapeIntervalFound() when the test passed; and
    // alertmanagerTested() when the profile names an Alertmanager (in either order).
    void test(const prom::ConnectionProfile &profile);

Q_SIGNALS:
    void tested(const vitals::prom::ConnectionTestResult &result);
    void scrapeIntervalFound(const vitals::prom::ScrapeInterval &interval);
    void alertmanagerTested(const vitals::alertmanager::StatusResult &result);

private:
    std::unique_ptr<prom::PromClient> m_client;
    std::unique_ptr<alertmanager::AlertmanagerClient> m_alertmanager;
    prom::RequestHandle m_test;
    prom::RequestHandle m_scrapeProbe;
    prom::RequestHandle m_alertmanagerTest;
};

} // namespace vitals

#pragma once

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

// The connection dialog's data service: tries a connection profile before it is saved
// (prom::PromClient::testConnection: build info and a query "1"), and once that works, learns
// the scrape interval the dashboards would be planned with.
//
// GUI thread. Owns a client for the profile under test and its requests: a new test() and the
// destructor abort the one in flight, and no signal of an aborted test follows.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    // Tests `profile`; tested() follows, then scrapeIntervalFound() when the test passed.
    void test(const prom::ConnectionProfile &profile);

Q_SIGNALS:
    void tested(const vitals::prom::ConnectionTestResult &result);
    void scrapeIntervalFound(const vitals::prom::ScrapeInterval &interval);

private:
    std::unique_ptr<prom::PromClient> m_client;
    prom::RequestHandle m_test;
    prom::RequestHandle m_scrapeProbe;
};

} // namespace vitals

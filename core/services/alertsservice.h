#pragma once

#include "core/prom/requesthandle.h"
#include "core/prom/results.h"

#include <QObject>

namespace vitals {

namespace prom {
class PromClient;
}

// The Alerts page's data service: Prometheus's active alerts (/api/v1/alerts) and its rules
// (/api/v1/rules), asked together at each refresh(), handed on as plain results.
//
// GUI thread. Does not own the client (the window does; it must outlive the service or be
// replaced with setClient() first). Owns its requests: setClient() and the destructor abort
// them, and no signal is emitted for an aborted request.
class AlertsService : public QObject
{
    Q_OBJECT
public:
    explicit AlertsService(prom::PromClient *client = nullptr, QObject *parent = nullptr);
    ~AlertsService() override;

    // A new server: aborts the requests of the old one.
    void setClient(prom::PromClient *client);
    bool hasClient() const { return m_client != nullptr; }
    // True from refresh() until refreshFinished().
    bool isBusy() const { return m_pending > 0; }

    // Asks for the alerts and the rules; does nothing (returns false) without a client or while
    // the previous refresh still runs.
    bool refresh();

Q_SIGNALS:
    void alertsReceived(const vitals::prom::AlertsResult &result);
    void rulesReceived(const vitals::prom::RulesResult &result);
    // Both answers of a refresh arrived (after their own signals).
    void refreshFinished();

private:
    void finishOne();

    prom::PromClient *m_client = nullptr;
    prom::RequestHandle m_alertsRequest;
    prom::RequestHandle m_rulesRequest;
    int m_pending = 0;
};

} // namespace vitals

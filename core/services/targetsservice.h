#pragma once

#include "core/prom/requesthandle.h"
#include "core/prom/results.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace vitals {

namespace prom {
class PromClient;
}

// The Stack page's data service for Prometheus's view of its scrape targets
// (/api/v1/targets) on the local stack's Prometheus.
//
// GUI thread. Owns its client (one per Prometheus URL) and its request: setPrometheus() and
// the destructor abort the request in flight, and no signal follows an aborted request.
class TargetsService : public QObject
{
    Q_OBJECT
public:
    explicit TargetsService(QObject *parent = nullptr);
    ~TargetsService() override;

    // The Prometheus to ask from now on (the local stack's, once it is ready).
    void setPrometheus(const QUrl &baseUrl);
    bool hasPrometheus() const { return m_client != nullptr; }

    // Asks for the targets; does nothing (returns false) without a Prometheus or while the
    // previous request still runs.
    bool refresh();

Q_SIGNALS:
    void targetsReceived(const vitals::prom::TargetsResult &result);

private:
    std::unique_ptr<prom::PromClient> m_client;
    prom::RequestHandle m_request;
};

} // namespace vitals

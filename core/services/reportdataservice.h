#pragma once

#include "core/prom/requesthandle.h"
#include "core/prom/results.h"
#include "core/prom/scrapeinterval.h"

#include <QObject>
#include <QString>

#include <functional>
#include <vector>

namespace vitals {

namespace prom {
class PromClient;
}

// The data service of a report (ui ReportJob) or a snapshot (ui SnapshotActions) for what it asks
// the server besides the panels: the alerts firing now, for the title page and the snapshot, and
// the scrape interval the panels' steps are planned with. The panels themselves are refreshed by
// the report's own DashboardPage.
//
// GUI thread. Does not own the client, which must outlive the service. Owns its requests:
// cancel() and the destructor abort them, and their callbacks then never run.
class ReportDataService : public QObject
{
    Q_OBJECT
public:
    // `firing`: the /api/v1/alerts entries in state "firing"; `error`: why the alerts could not
    // be read (empty when they could).
    using FiringAlertsDone =
        std::function<void(const std::vector<prom::Alert> &firing, const QString &error)>;
    using ScrapeIntervalDone = std::function<void(const prom::ScrapeInterval &interval)>;

    explicit ReportDataService(prom::PromClient *client, QObject *parent = nullptr);
    ~ReportDataService() override;

    // Asks for the alerts firing now; `done` runs once, from the event loop. Without a client
    // `done` runs at once with an error.
    void fetchFiringAlerts(FiringAlertsDone done);
    // The scrape interval to plan with: `overrideMs` (ms) when > 0, passed to `done` at once;
    // else asked of the server (prom::PromClient::scrapeInterval: its targets, then its
    // configuration, then the 15 s default), `done` running from the event loop. Without a
    // client `done` runs at once with the default.
    void fetchScrapeInterval(qint64 overrideMs, ScrapeIntervalDone done);
    // Aborts the alerts request only.
    void cancelFiringAlerts();
    // Aborts both requests.
    void cancel();

private:
    prom::PromClient *m_client;
    prom::RequestHandle m_alertsRequest;
    prom::RequestHandle m_scrapeRequest;
};

} // namespace vitals

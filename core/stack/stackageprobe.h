#pragma once

#include "core/prom/requesthandle.h"

#include <QObject>

#include <optional>

namespace vitals {

namespace prom {
class PromClient;
}

namespace stack {

// Asks a Prometheus how old the data of a fresh local stack is (stack::dataAgeQuery()), for
// the window's first minutes (ui StackAgeFollower). The data service of that follower: views
// see only the age, never the client.
//
// GUI thread. Does not own the client, which must outlive the probe (or be replaced with
// setClient()). Owns its one request: ask(), setClient() and the destructor abort the
// request in flight, whose answer then never arrives.
class StackAgeProbe : public QObject
{
    Q_OBJECT
public:
    explicit StackAgeProbe(prom::PromClient *client, QObject *parent = nullptr);
    ~StackAgeProbe() override;

    void setClient(prom::PromClient *client);
    bool hasClient() const { return m_client != nullptr; }

    // Asks for the age of the oldest sample within the last `lookbackMs`, at a resolution of
    // `scrapeIntervalMs` (both ms). ageReceived() follows when the server answers; a failed
    // request is dropped silently (a stack's Prometheus that does not answer yet says nothing
    // new about its age). Returns false, and asks nothing, without a client.
    bool ask(qint64 lookbackMs, qint64 scrapeIntervalMs);

Q_SIGNALS:
    // The data's age in ms; nullopt while nothing has been scraped.
    void ageReceived(std::optional<qint64> ageMs);

private:
    prom::PromClient *m_client;
    prom::RequestHandle m_request;
};

} // namespace stack
} // namespace vitals

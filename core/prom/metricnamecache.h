#pragma once

#include "core/prom/requesthandle.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace vitals::prom {

class PromClient;

// The metric names a server knows (/api/v1/label/__name__/values), kept for `maxAgeMs` so that
// every empty panel of a refresh can ask without a request each. Requests made while one is in
// flight wait for it. Used to explain empty panels ("this server has no metric …").
//
// GUI thread; the client is not owned. Callbacks run from the event loop, never from inside
// get(), and never after their context is destroyed.
class MetricNameCache : public QObject
{
    Q_OBJECT
public:
    explicit MetricNameCache(PromClient *client = nullptr, qint64 maxAgeMs = 10000,
                             QObject *parent = nullptr);
    ~MetricNameCache() override;

    // Forgets the names (a new connection) and asks `client` from now on.
    void setClient(PromClient *client);
    // The names, or nullopt when the server could not say (not connected, an error).
    using Names = std::optional<QSet<QString>>;
    void get(QObject *context, std::function<void(const Names &)> done);

private:
    void deliver();

    PromClient *m_client = nullptr;
    qint64 m_maxAgeMs;
    Names m_names;
    QElapsedTimer m_age;
    RequestHandle m_request;
    std::vector<std::pair<QPointer<QObject>, std::function<void(const Names &)>>> m_waiting;
};

} // namespace vitals::prom

#include "core/stack/stackageprobe.h"

#include "core/prom/promclient.h"
#include "core/stack/stackage.h"

#include <cmath>

namespace vitals::stack {

StackAgeProbe::StackAgeProbe(prom::PromClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

StackAgeProbe::~StackAgeProbe() = default;

void StackAgeProbe::setClient(prom::PromClient *client)
{
    m_request = {};
    m_client = client;
}

bool StackAgeProbe::ask(qint64 lookbackMs, qint64 scrapeIntervalMs)
{
    if (!m_client)
        return false;
    prom::InstantQuery q;
    q.expr = dataAgeQuery(lookbackMs, scrapeIntervalMs);
    m_request = m_client->query(q, this, [this](const prom::QueryResult &r) {
        if (!r.ok())
            return;
        std::optional<qint64> age;
        if (r.type == prom::ResultType::Vector && !r.vector.empty()
            && std::isfinite(r.vector.front().value))
            age = qint64(r.vector.front().value * 1000.0);
        Q_EMIT ageReceived(age);
    });
    return true;
}

} // namespace vitals::stack

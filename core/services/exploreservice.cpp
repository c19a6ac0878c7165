#include "core/services/exploreservice.h"

#include "core/prom/promclient.h"

namespace vitals {

ExploreService::ExploreService(prom::PromClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

ExploreService::~ExploreService() = default;

void ExploreService::setClient(prom::PromClient *client)
{
    m_rangeRequest = {};
    m_instantRequest = {};
    m_namesRequest = {};
    m_metadataRequest = {};
    m_labelRequests.clear();
    m_pendingRun = 0;
    m_pendingNames = 0;
    m_client = client;
}

bool ExploreService::run(const prom::RangeQuery &range, const prom::InstantQuery &instant)
{
    if (!m_client)
        return false;
    m_pendingRun = 2;
    m_rangeRequest = m_client->queryRange(range, this, [this](const prom::RangeResult &r) {
        --m_pendingRun;
        Q_EMIT rangeFinished(r);
    });
    m_instantRequest = m_client->query(instant, this, [this](const prom::QueryResult &r) {
        --m_pendingRun;
        Q_EMIT instantFinished(r);
    });
    return true;
}

bool ExploreService::loadMetricNames()
{
    if (!m_client)
        return false;
    m_names.clear();
    m_help.clear();
    m_namesOk = false;
    m_pendingNames = 2;
    auto finish = [this] {
        if (--m_pendingNames > 0)
            return;
        Q_EMIT metricNamesLoaded(m_names, m_help, m_namesOk);
    };
    m_namesRequest = m_client->labelValues(QStringLiteral("__name__"), {}, this,
                                           [this, finish](const prom::StringListResult &r) {
                                               m_namesOk = r.ok();
                                               if (r.ok())
                                                   m_names = r.values;
                                               finish();
                                           });
    m_metadataRequest =
        m_client->metadata(QString(), 0, this, [this, finish](const prom::MetadataResult &r) {
            for (auto it = r.metrics.cbegin(); it != r.metrics.cend(); ++it) {
                if (it.value().isEmpty())
                    continue;
                const prom::MetricMetadata &m = it.value().front();
                m_help.insert(it.key(), m.help.isEmpty()
                                            ? m.type
                                            : QStringLiteral("%1 — %2").arg(m.type, m.help));
            }
            finish();
        });
    return true;
}

prom::RequestHandle &ExploreService::newLabelRequest()
{
    // Finished requests are dropped here rather than in their callbacks, which run from them.
    std::erase_if(m_labelRequests, [](const prom::RequestHandle &h) { return !h.isActive(); });
    m_labelRequests.emplace_back();
    return m_labelRequests.back();
}

void ExploreService::labelNames(const QString &metric, QObject *context, Values reply)
{
    if (!m_client) {
        reply({});
        return;
    }
    prom::SelectorQuery q;
    if (!metric.isEmpty())
        q.match << metric;
    newLabelRequest() =
        m_client->labels(q, context, [reply = std::move(reply)](const prom::StringListResult &r) {
            reply(r.ok() ? r.values : QStringList());
        });
}

void ExploreService::labelValues(const QString &metric, const QString &label, QObject *context,
                                 Values reply)
{
    if (!m_client) {
        reply({});
        return;
    }
    prom::SelectorQuery q;
    if (!metric.isEmpty())
        q.match << metric;
    newLabelRequest() = m_client->labelValues(
        label, q, context, [reply = std::move(reply)](const prom::StringListResult &r) {
            reply(r.ok() ? r.values : QStringList());
        });
}

} // namespace vitals

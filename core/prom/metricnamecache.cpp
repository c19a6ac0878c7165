#include "core/prom/metricnamecache.h"

#include "core/prom/promclient.h"

#include <QTimer>

namespace vitals::prom {

MetricNameCache::MetricNameCache(PromClient *client, qint64 maxAgeMs, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_maxAgeMs(maxAgeMs)
{}

MetricNameCache::~MetricNameCache() = default;

void MetricNameCache::setClient(PromClient *client)
{
    m_client = client;
    m_names.reset();
    m_age.invalidate();
    m_request.reset();
    // Whoever waited for the old server learns nothing from it.
    for (auto &[context, done] : std::exchange(m_waiting, {}))
        if (context)
            QTimer::singleShot(0, context, [done] { done(std::nullopt); });
}

void MetricNameCache::get(QObject *context, std::function<void(const Names &)> done)
{
    m_waiting.emplace_back(context, std::move(done));
    if (m_age.isValid() && m_age.elapsed() < m_maxAgeMs) {
        QTimer::singleShot(0, this, &MetricNameCache::deliver);
        return;
    }
    if (!m_client) {
        m_names.reset();
        QTimer::singleShot(0, this, &MetricNameCache::deliver);
        return;
    }
    if (m_request.isActive())
        return;
    m_request = m_client->labelValues(
        QStringLiteral("__name__"), {}, this, [this](const StringListResult &r) {
            if (r.ok()) {
                m_names = QSet<QString>(r.values.cbegin(), r.values.cend());
                m_age.start();
            } else {
                m_names.reset();
                m_age.invalidate();
            }
            deliver();
        });
}

void MetricNameCache::deliver()
{
    for (auto &[context, done] : std::exchange(m_waiting, {}))
        if (context && done)
            done(m_names);
}

} // namespace vitals::prom

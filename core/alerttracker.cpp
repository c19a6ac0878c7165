#include "core/alerttracker.h"

namespace vitals {

std::vector<AlertTracker::Change> AlertTracker::update(const std::vector<prom::Alert> &alerts)
{
    QSet<QString> firing;
    QHash<QString, QString> summaries;
    for (const auto &alert : alerts) {
        if (alert.state != QLatin1String("firing"))
            continue;
        const QString key = alert.labels.toString();
        firing.insert(key);
        m_names.insert(key, alert.labels.value(u"alertname"));
        m_labels.insert(key, alert.labels);
        summaries.insert(key, alert.annotations.value(u"summary"));
        m_summaries.insert(key, alert.annotations.value(u"summary"));
    }
    std::vector<Change> changes;
    if (m_primed) {
        for (const QString &key : firing)
            if (!m_firing.contains(key))
                changes.push_back(
                    {key, m_names.value(key), summaries.value(key), true, m_labels.value(key)});
        for (const QString &key : m_firing)
            if (!firing.contains(key))
                // A resolved alert is gone from /alerts: it is announced with what it said.
                changes.push_back(
                    {key, m_names.value(key), m_summaries.value(key), false, m_labels.value(key)});
    }
    m_primed = true;
    m_firing = firing;
    return changes;
}

} // namespace vitals

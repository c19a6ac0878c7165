#include "ui/queryhistory.h"

#include <QSettings>

namespace vitals {

namespace {

const QString kHistoryKey = QStringLiteral("explore/history");

} // namespace

void QueryHistory::add(const QString &query)
{
    if (query.trimmed().isEmpty())
        return;
    m_entries.removeAll(query);
    m_entries.prepend(query);
    while (m_entries.size() > kMaxEntries)
        m_entries.removeLast();
}

void QueryHistory::load(const QSettings &settings)
{
    m_entries.clear();
    const QStringList stored = settings.value(kHistoryKey).toStringList();
    for (const QString &q : stored)
        if (!q.trimmed().isEmpty() && !m_entries.contains(q) && m_entries.size() < kMaxEntries)
            m_entries << q;
}

void QueryHistory::save(QSettings &settings) const
{
    settings.setValue(kHistoryKey, m_entries);
}

} // namespace vitals

#pragma once

#include <QStringList>

class QSettings;

namespace vitals {

// The queries run on the Explore page, most recent first, without duplicates, at most
// kMaxEntries. Stored in QSettings under "explore/history". Plain value type.
class QueryHistory
{
public:
    static constexpr int kMaxEntries = 50;

    // Puts `query` first (moving it up if it was there already); blank queries are ignored.
    void add(const QString &query);
    const QStringList &entries() const { return m_entries; }
    void clear() { m_entries.clear(); }

    void load(const QSettings &settings);
    void save(QSettings &settings) const;

private:
    QStringList m_entries;
};

} // namespace vitals

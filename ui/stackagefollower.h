#pragma once

#include "core/prom/requesthandle.h"
#include "core/timerange.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace vitals {

namespace prom {
class PromClient;
}
class DashboardPage;
class ExplorePage;
class TimeRangePicker;

// The window's first minutes with a fresh local stack (core/stack/stackage.h). Every few
// seconds it asks the stack's Prometheus how old its data is and
//  - shows the last max(data age, 2 min) instead of the dashboard's range until the data fills
//    that range, so the data is not a thin strip at the right edge; a range the user picks,
//    a zoom or another dashboard's range ends this;
//  - while the data is under a minute old (or nothing is scraped yet) has empty panels say
//    "Starting…" instead of a hint about what to check, and refreshes once when that ends.
// GUI thread only; the client and the pages are not owned and must outlive it (the window
// owns both); its request is aborted with it.
class StackAgeFollower : public QObject
{
    Q_OBJECT
public:
    StackAgeFollower(prom::PromClient *client, DashboardPage *dashboard, TimeRangePicker *picker,
                     ExplorePage *explore, QObject *parent = nullptr);
    ~StackAgeFollower() override;

    // The range the user chose (the one restored when following ends).
    TimeRange chosenRange() const { return m_chosen; }
    bool isFollowing() const { return m_following; }
    // The data's age at the last answer; nullopt before one, or while nothing is scraped.
    std::optional<qint64> dataAgeMs() const { return m_ageMs; }
    // How often the age is asked, in ms (default 2000).
    void setIntervalMs(int ms) { m_timer.setInterval(ms); }

public Q_SLOTS:
    // Asks for the data's age now.
    void check();

Q_SIGNALS:
    // The range shown or the starting state changed: the panels should refresh.
    void refreshWanted();

private:
    void apply(std::optional<qint64> ageMs);
    void stopFollowing();

    prom::PromClient *m_client;
    DashboardPage *m_dashboard;
    TimeRangePicker *m_picker;
    ExplorePage *m_explore;
    TimeRange m_chosen;
    TimeRange m_shown;
    bool m_following = true;
    bool m_starting = true;
    std::optional<qint64> m_ageMs;
    QTimer m_timer;
    prom::RequestHandle m_request;
};

} // namespace vitals

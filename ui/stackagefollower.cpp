#include "ui/stackagefollower.h"

#include "core/prom/promclient.h"
#include "core/stack/stackage.h"
#include "ui/dashboardpage.h"
#include "ui/explorepage.h"
#include "widgets/timerangepicker.h"

#include <cmath>

namespace vitals {

StackAgeFollower::StackAgeFollower(prom::PromClient *client, DashboardPage *dashboard,
                                   TimeRangePicker *picker, ExplorePage *explore, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_dashboard(dashboard)
    , m_picker(picker)
    , m_explore(explore)
    , m_chosen(dashboard->range())
    , m_shown(dashboard->range())
{
    m_dashboard->setStackStarting(true);
    // The user's own choice of range ends the following.
    connect(m_picker, &TimeRangePicker::rangeChanged, this, [this](const TimeRange &range) {
        m_chosen = range;
        m_following = false;
    });
    connect(m_dashboard, &DashboardPage::rangeChanged, this, [this] { m_following = false; });
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &StackAgeFollower::check);
    m_timer.start();
    check();
}

StackAgeFollower::~StackAgeFollower() = default;

void StackAgeFollower::check()
{
    if (!m_client)
        return;
    prom::InstantQuery q;
    q.expr = stack::dataAgeQuery(m_chosen.isRelative() ? m_chosen.spanMs() : 15 * 60 * 1000,
                                 m_dashboard->scrapeIntervalMs());
    m_request = m_client->query(q, this, [this](const prom::QueryResult &r) {
        if (!r.ok())
            return; // the stack's Prometheus is not answering: say nothing new
        std::optional<qint64> age;
        if (r.type == prom::ResultType::Vector && !r.vector.empty()
            && std::isfinite(r.vector.front().value))
            age = qint64(r.vector.front().value * 1000.0);
        apply(age);
    });
}

void StackAgeFollower::apply(std::optional<qint64> ageMs)
{
    m_ageMs = ageMs;
    bool changed = false;
    // Something else set the range (another dashboard's own range): not ours to follow.
    if (m_following && !(m_dashboard->range() == m_shown)) {
        m_chosen = m_dashboard->range();
        m_following = false;
    }
    if (m_following) {
        const auto range = stack::rangeForDataAge(m_chosen, ageMs.value_or(0));
        const TimeRange show = range.value_or(m_chosen);
        if (!range)
            m_following = false; // the data fills the chosen range: done
        if (!(show == m_shown)) {
            m_shown = show;
            m_dashboard->setRange(show);
            m_picker->setRange(show);
            m_explore->setRange(show);
            changed = true;
        }
    }
    const bool starting = stack::isStarting(ageMs);
    if (starting != m_starting) {
        m_starting = starting;
        m_dashboard->setStackStarting(starting);
        changed = true;
    }
    if (!m_following && !m_starting)
        m_timer.stop(); // nothing left to follow
    if (changed)
        Q_EMIT refreshWanted();
}

} // namespace vitals

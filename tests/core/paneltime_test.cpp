// A panel's own time range (Grafana's timeFrom, timeShift, hideTimeOverride).
#include "core/dashboard/paneltime.h"

#include <gtest/gtest.h>

using namespace vitals::dashboard;

namespace {

constexpr qint64 kHour = 3600 * 1000;

Panel withOverride(const QString &from, const QString &shift, bool hide = false)
{
    Panel p;
    p.title = QStringLiteral("CPU");
    p.timeFrom = from;
    p.timeShift = shift;
    p.hideTimeOverride = hide;
    return p;
}

} // namespace

TEST(PanelTime, FromAndShiftMoveTheQueriedSpan)
{
    // The dashboard shows the last 6 h before t = 100 h.
    const qint64 to = 100 * kHour;
    const qint64 from = to - 6 * kHour;
    EXPECT_EQ(panelTimeSpan(Panel{}, from, to), (TimeSpan{from, to}));
    // timeFrom 1h: the last hour before the dashboard's end.
    EXPECT_EQ(panelTimeSpan(withOverride(QStringLiteral("1h"), {}), from, to),
              (TimeSpan{to - kHour, to}));
    // timeShift 1d: the dashboard's 6 h, a day earlier.
    EXPECT_EQ(panelTimeSpan(withOverride({}, QStringLiteral("1d")), from, to),
              (TimeSpan{from - 24 * kHour, to - 24 * kHour}));
    // Both: the last 2 h, an hour earlier.
    EXPECT_EQ(panelTimeSpan(withOverride(QStringLiteral("2h"), QStringLiteral("1h")), from, to),
              (TimeSpan{to - 3 * kHour, to - kHour}));
}

TEST(PanelTime, HeaderTextAsGrafanaWritesIt)
{
    EXPECT_EQ(panelTimeInfo(withOverride(QStringLiteral("1h"), {})), QStringLiteral("Last 1 hour"));
    EXPECT_EQ(panelTimeInfo(withOverride(QStringLiteral("24h"), {})),
              QStringLiteral("Last 24 hours"));
    EXPECT_EQ(panelTimeInfo(withOverride(QStringLiteral("7d"), QStringLiteral("1h"))),
              QStringLiteral("Last 7 days timeshift -1h"));
    EXPECT_EQ(panelTimeInfo(withOverride({}, QStringLiteral("1h"))),
              QStringLiteral("timeshift -1h"));
    EXPECT_EQ(panelTimeInfo(withOverride(QStringLiteral("1h"), {}, true)), QString());
    EXPECT_EQ(panelTitleWithTimeInfo(withOverride(QStringLiteral("5m"), {})),
              QStringLiteral("CPU · Last 5 minutes"));
    EXPECT_EQ(panelTitleWithTimeInfo(Panel{}), QString());
}

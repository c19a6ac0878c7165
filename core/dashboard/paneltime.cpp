#include "core/dashboard/paneltime.h"

#include "core/units.h"

#include <QRegularExpression>

namespace vitals::dashboard {

namespace {

// Grafana's describeTextRange for "now-<n><unit>": "Last 1 hour", "Last 7 days"; other
// durations as they are written ("Last 1h30m").
QString describeLast(const QString &duration)
{
    static const QRegularExpression simple(QStringLiteral("^(\\d+)(s|m|h|d|w|M|y)$"));
    const QRegularExpressionMatch m = simple.match(duration);
    if (!m.hasMatch())
        return QStringLiteral("Last ") + duration;
    const int n = m.captured(1).toInt();
    static const std::map<QString, QString> names{{QStringLiteral("s"), QStringLiteral("second")},
                                                  {QStringLiteral("m"), QStringLiteral("minute")},
                                                  {QStringLiteral("h"), QStringLiteral("hour")},
                                                  {QStringLiteral("d"), QStringLiteral("day")},
                                                  {QStringLiteral("w"), QStringLiteral("week")},
                                                  {QStringLiteral("M"), QStringLiteral("month")},
                                                  {QStringLiteral("y"), QStringLiteral("year")}};
    return QStringLiteral("Last %1 %2%3")
        .arg(n)
        .arg(names.at(m.captured(2)))
        .arg(n == 1 ? QString() : QStringLiteral("s"));
}

} // namespace

TimeSpan panelTimeSpan(const Panel &panel, qint64 fromMs, qint64 toMs)
{
    TimeSpan span{fromMs, toMs};
    const qint64 from = panel.timeFrom.isEmpty() ? -1 : units::parseDurationMs(panel.timeFrom);
    if (from > 0)
        span.fromMs = span.toMs - from;
    const qint64 shift = panel.timeShift.isEmpty() ? -1 : units::parseDurationMs(panel.timeShift);
    if (shift > 0) {
        span.fromMs -= shift;
        span.toMs -= shift;
    }
    return span;
}

QString panelTimeInfo(const Panel &panel)
{
    if (panel.hideTimeOverride)
        return {};
    QStringList parts;
    if (!panel.timeFrom.isEmpty() && units::parseDurationMs(panel.timeFrom) > 0)
        parts << describeLast(panel.timeFrom);
    if (!panel.timeShift.isEmpty() && units::parseDurationMs(panel.timeShift) > 0)
        parts << QStringLiteral("timeshift -") + panel.timeShift;
    return parts.join(QLatin1Char(' '));
}

QString panelTitleWithTimeInfo(const Panel &panel)
{
    const QString info = panelTimeInfo(panel);
    if (info.isEmpty())
        return panel.title;
    return panel.title.isEmpty() ? info : panel.title + QStringLiteral(" · ") + info;
}

} // namespace vitals::dashboard

#include "core/timerange.h"

#include "core/units.h"

#include <QDateTime>
#include <QLocale>

namespace vitals {

TimeRange TimeRange::last(qint64 spanMs)
{
    TimeRange r;
    r.m_relative = true;
    r.m_spanMs = std::max<qint64>(1000, spanMs);
    return r;
}

TimeRange TimeRange::absolute(qint64 fromMs, qint64 toMs)
{
    TimeRange r;
    r.m_relative = false;
    r.m_fromMs = std::min(fromMs, toMs);
    r.m_toMs = std::max(fromMs, toMs);
    if (r.m_toMs == r.m_fromMs)
        r.m_toMs = r.m_fromMs + 1000;
    return r;
}

qint64 TimeRange::spanMs() const
{
    return m_relative ? m_spanMs : m_toMs - m_fromMs;
}

std::optional<TimeRange> TimeRange::parse(const QString &text)
{
    QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    const int dots = int(t.indexOf(QLatin1String("..")));
    if (dots > 0) {
        const QString a = t.left(dots).trimmed();
        const QString b = t.mid(dots + 2).trimmed();
        auto toMs = [](const QString &s) -> std::optional<qint64> {
            bool ok = false;
            const qint64 n = s.toLongLong(&ok);
            if (ok)
                return n;
            const QDateTime dt = QDateTime::fromString(s, Qt::ISODate);
            if (dt.isValid())
                return dt.toMSecsSinceEpoch();
            return std::nullopt;
        };
        const auto from = toMs(a);
        const auto to = toMs(b);
        if (!from || !to || *from == *to)
            return std::nullopt;
        return absolute(*from, *to);
    }
    if (t.startsWith(QLatin1String("now-")))
        t = t.mid(4);
    else if (t.startsWith(QLatin1Char('-')))
        t = t.mid(1);
    const qint64 ms = units::parseDurationMs(t);
    if (ms < 1000)
        return std::nullopt;
    return last(ms);
}

QString TimeRange::toString() const
{
    if (m_relative)
        return units::durationString(m_spanMs);
    return QString::number(m_fromMs) + QStringLiteral("..") + QString::number(m_toMs);
}

TimeRange TimeRange::shifted(qint64 deltaMs, qint64 nowMs) const
{
    return absolute(fromMs(nowMs) + deltaMs, toMs(nowMs) + deltaMs);
}

QString TimeRange::label() const
{
    if (m_relative) {
        struct Named {
            qint64 ms;
            const char *text;
        };
        static const Named named[] = {
            {5 * 60000, "Last 5 minutes"},   {15 * 60000, "Last 15 minutes"},
            {30 * 60000, "Last 30 minutes"}, {3600000, "Last 1 hour"},
            {6 * 3600000, "Last 6 hours"},   {24 * 3600000, "Last 24 hours"},
            {7LL * 86400000, "Last 7 days"}};
        for (const auto &n : named)
            if (n.ms == m_spanMs)
                return QString::fromLatin1(n.text);
        return QStringLiteral("Last %1").arg(units::durationString(m_spanMs));
    }
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(m_fromMs);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(m_toMs);
    const QString fmt = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    const QString toFmt = from.date() == to.date() ? QStringLiteral("HH:mm:ss") : fmt;
    return from.toString(fmt) + QStringLiteral(" – ") + to.toString(toFmt);
}

std::optional<TimeRange> ZoomHistory::back()
{
    if (m_stack.empty())
        return std::nullopt;
    TimeRange r = m_stack.back();
    m_stack.pop_back();
    return r;
}

} // namespace vitals

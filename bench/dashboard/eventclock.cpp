#include "dashboard/eventclock.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QMetaEnum>
#include <QTimer>

#include <algorithm>
#include <ctime>

namespace vitals::bench {

namespace {

QString describe(const QObject *receiver, const QEvent *event)
{
    const QMetaEnum types = QMetaEnum::fromType<QEvent::Type>();
    const char *type = types.valueToKey(int(event->type()));
    QString what = type ? QString::fromLatin1(type) : QString::number(int(event->type()));
    what += QStringLiteral(" → ") + QString::fromLatin1(receiver->metaObject()->className());
    if (!receiver->objectName().isEmpty())
        what += QStringLiteral(" '%1'").arg(receiver->objectName());
    if (const auto *timer = qobject_cast<const QTimer *>(receiver))
        what += QStringLiteral(" (every %1 ms)").arg(timer->interval());
    int levels = 0;
    for (const QObject *p = receiver->parent(); p && levels < 3; p = p->parent(), ++levels)
        what += QStringLiteral(" < ") + QString::fromLatin1(p->metaObject()->className());
    return what;
}

} // namespace

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

EventClockApplication::EventClockApplication(int &argc, char **argv)
    : QApplication(argc, argv)
{}

void EventClockApplication::record(double wallMs, double cpuMs, const QString &what)
{
    if (!m_armed)
        return;
    m_longest.push_back({wallMs, cpuMs, what});
    std::sort(m_longest.begin(), m_longest.end(),
              [](const Event &a, const Event &b) { return a.cpuMs > b.cpuMs; });
    if (m_longest.size() > 5)
        m_longest.pop_back();
}

bool EventClockApplication::notify(QObject *receiver, QEvent *event)
{
    if (!m_armed || m_depth > 0) {
        ++m_depth;
        const bool done = QApplication::notify(receiver, event);
        --m_depth;
        return done;
    }
    // Described before dispatch: the receiver may be gone after it.
    const double cpu = threadCpuMs();
    QElapsedTimer clock;
    clock.start();
    const QString what = describe(receiver, event);
    ++m_depth;
    const bool done = QApplication::notify(receiver, event);
    --m_depth;
    const double cpuMs = threadCpuMs() - cpu;
    if (m_longest.size() < 5 || cpuMs > m_longest.back().cpuMs)
        record(clock.nsecsElapsed() / 1e6, cpuMs, what);
    return done;
}

} // namespace vitals::bench

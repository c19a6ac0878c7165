#include "dashboard/eventclock.h"

#include "widgets/timeserieschart.h"

#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QMetaEnum>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
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

double monotonicMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

EventClockApplication::EventClockApplication(int &argc, char **argv)
    : QApplication(argc, argv)
{
    if (qEnvironmentVariableIsSet("VITALS_BENCH_EVENTS"))
        QObject::connect(QAbstractEventDispatcher::instance(), &QAbstractEventDispatcher::awake,
                         [] { std::fprintf(stderr, "    -- awake %.1f\n", monotonicMs()); });
}

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
    if (QThread::currentThread() != thread())
        return QApplication::notify(receiver, event);
    const bool paint = event->type() == QEvent::Paint || event->type() == QEvent::UpdateRequest;
    if (!m_armed || m_depth > 0) {
        ++m_depth;
        const bool done = QApplication::notify(receiver, event);
        --m_depth;
        if (paint)
            paintFinished();
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
    static const bool everyEvent = qEnvironmentVariableIsSet("VITALS_BENCH_EVENTS");
    if (everyEvent && clock.nsecsElapsed() > 500'000)
        std::fprintf(stderr, "    event %.1f..%.1f: %s\n",
                     monotonicMs() - clock.nsecsElapsed() / 1e6, monotonicMs(), qPrintable(what));
    if (paint)
        paintFinished();
    if (m_longest.size() < 5 || cpuMs > m_longest.back().cpuMs)
        record(clock.nsecsElapsed() / 1e6, cpuMs, what);
    return done;
}

double EventClockApplication::waitUntilPainted(double sinceMs, int quietMs)
{
    for (;;) {
        const quint64 paints = m_paintsFinished;
        QEventLoop quiet;
        QTimer::singleShot(quietMs, &quiet, &QEventLoop::quit);
        quiet.exec();
        if (paints == m_paintsFinished && TimeSeriesChart::allRebuilt())
            break;
    }
    return std::max(sinceMs, m_lastPaintEndMs);
}

void EventClockApplication::paintFinished()
{
    m_lastPaintEndMs = monotonicMs();
    m_lastPaintEndCpuMs = threadCpuMs();
    ++m_paintsFinished;
}

} // namespace vitals::bench

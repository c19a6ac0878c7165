#pragma once

#include <QApplication>
#include <QString>

#include <vector>

namespace vitals::bench {

// A QApplication that times every event its GUI thread dispatches from the event loop (the
// outermost notify(), so an event sent from inside another counts with it) while armed, and
// remembers the longest ones: what a user waits for before the window answers input again.
// Wall time includes waiting for a CPU on a loaded machine; CPU time (the GUI thread's) does not,
// so the CPU figure is the one to compare between runs on a shared machine.
//
// Events of other threads (the network's, a replay server's) pass through untimed: Qt calls
// notify() in every thread, and the figures are the GUI thread's.
class EventClockApplication : public QApplication
{
public:
    EventClockApplication(int &argc, char **argv);

    struct Event {
        double wallMs = 0;
        double cpuMs = 0;
        QString what; // event type, receiver class and object name, its parents' classes
    };

    void setArmed(bool armed) { m_armed = armed; }
    // Counts a blocking call made outside the event loop (a grab) as an event named `what`.
    void record(double wallMs, double cpuMs, const QString &what);
    // The longest events seen while armed, by CPU time, longest first (at most 5).
    const std::vector<Event> &longest() const { return m_longest; }

    // When the GUI thread last finished painting (a Paint or UpdateRequest event returned, armed
    // or not), on monotonicMs()'s clock (0 before any), with the GUI thread's CPU time then
    // (threadCpuMs()), and how many such events have finished.
    double lastPaintEndMs() const { return m_lastPaintEndMs; }
    double lastPaintEndCpuMs() const { return m_lastPaintEndCpuMs; }
    quint64 paintsFinished() const { return m_paintsFinished; }

    // Turns the event loop until the charts have no rebuild queued or due (their one-frame
    // coalescing timer) and no paint has finished for `quietMs`, then returns when the last paint
    // finished (monotonicMs()), or `sinceMs` if nothing was painted after it. The window paints
    // itself, as it does on screen: only what changed, when it changed. The quiet wait is not
    // in the returned time.
    double waitUntilPainted(double sinceMs, int quietMs = 50);

    bool notify(QObject *receiver, QEvent *event) override;

private:
    bool m_armed = false;
    int m_depth = 0;
    std::vector<Event> m_longest;
    void paintFinished();
    double m_lastPaintEndMs = 0;
    double m_lastPaintEndCpuMs = 0;
    quint64 m_paintsFinished = 0;
};

// The thread's CPU time, ms.
double threadCpuMs();
// CLOCK_MONOTONIC, ms.
double monotonicMs();

} // namespace vitals::bench

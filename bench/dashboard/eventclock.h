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
// GUI thread only.
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

    bool notify(QObject *receiver, QEvent *event) override;

private:
    bool m_armed = false;
    int m_depth = 0;
    std::vector<Event> m_longest;
};

// The thread's CPU time, ms.
double threadCpuMs();

} // namespace vitals::bench

#pragma once

#include <QObject>

#include <functional>

// The GUI thread's work that arrives in bursts — a refresh's answers handed to their panels,
// charts rebuilt after new data — done one item per turn of the event loop.
//
// Between two items the loop goes back to its dispatcher: input, timers and the window's paints
// are handled in between, so a dashboard's twenty answers never keep a click waiting for all of
// them. A zero-interval timer carries the queue, not a posted call: Qt may deliver calls posted
// during a pass of posted events in that same pass (a nested sendPostedEvents() extends it), so
// a chain of posted calls can run back to back for tens of milliseconds; a timer cannot.
//
// Items run in the order they were posted, one per turn, never from inside post(). An item
// whose context object is destroyed before its turn is dropped.
//
// Threading: the GUI thread only (the thread of the QCoreApplication).
namespace vitals::turnqueue {

void post(QObject *context, std::function<void()> work);

// Items posted and not yet run or dropped (benchmarks and tests wait for 0).
int pending();

} // namespace vitals::turnqueue

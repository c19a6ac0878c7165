// The GUI thread's one-item-per-turn queue (core/turnqueue.h).
#include "core/turnqueue.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

using namespace vitals;

namespace {

// Turns the event loop until the queue is empty; how many items ran in the turn that ran most.
int drainCountingItemsPerTurn(const int &ran)
{
    int most = 0;
    QElapsedTimer clock;
    clock.start();
    while (turnqueue::pending() > 0 && clock.elapsed() < 5000) {
        const int before = ran;
        QCoreApplication::processEvents();
        most = std::max(most, ran - before);
    }
    return most;
}

} // namespace

TEST(TurnQueue, ItemsRunInOrderOnePerTurnAndNeverInsidePost)
{
    QObject context;
    std::vector<int> order;
    int ran = 0;
    for (int i = 0; i < 4; ++i)
        turnqueue::post(&context, [&, i] {
            order.push_back(i);
            ++ran;
        });
    EXPECT_EQ(ran, 0) << "an item ran inside post()";
    EXPECT_EQ(turnqueue::pending(), 4);
    EXPECT_EQ(drainCountingItemsPerTurn(ran), 1);
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(turnqueue::pending(), 0);
}

TEST(TurnQueue, AnItemWhoseContextIsDestroyedIsDropped)
{
    auto gone = std::make_unique<QObject>();
    QObject kept;
    std::vector<int> order;
    turnqueue::post(gone.get(), [&] { order.push_back(1); });
    turnqueue::post(&kept, [&] { order.push_back(2); });
    gone.reset();
    EXPECT_EQ(turnqueue::pending(), 1);
    int ran = 0;
    drainCountingItemsPerTurn(ran);
    EXPECT_EQ(order, std::vector<int>{2});
}

// The reason the queue rides on a timer: an item that flushes posted events (as Qt Charts and
// layouts do inside their handlers) must not run the next item inside that flush, or a burst
// of items runs back to back without the loop ever returning to input.
TEST(TurnQueue, AnItemThatFlushesPostedEventsDoesNotRunTheNextOne)
{
    QObject context;
    int ran = 0;
    int ranDuringFlush = -1;
    turnqueue::post(&context, [&] {
        ++ran;
        QCoreApplication::sendPostedEvents();
        ranDuringFlush = ran;
    });
    turnqueue::post(&context, [&] { ++ran; });
    QElapsedTimer clock;
    clock.start();
    while (ranDuringFlush < 0 && clock.elapsed() < 5000)
        QCoreApplication::processEvents();
    EXPECT_EQ(ranDuringFlush, 1) << "the second item ran inside the first one's flush";
    drainCountingItemsPerTurn(ran);
    EXPECT_EQ(ran, 2);
}

// Between items the loop serves its timers (and so input and paints): a 1 ms timer keeps
// ticking while five items that each keep the thread busy for 3 ms run. Qt fires the timers
// that are due in the order they fell due, so the item whose timer was armed first may run
// once before the tick; never more than two items in a row.
TEST(TurnQueue, TimersRunBetweenItems)
{
    QObject context;
    std::vector<char> log;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        if (log.empty() || log.back() != 't')
            log.push_back('t');
    });
    // The timer runs before the items come, as a user's input and the window's paints do.
    tick.start();
    QElapsedTimer clock;
    clock.start();
    while (log.empty() && clock.elapsed() < 5000)
        QCoreApplication::processEvents();
    for (int i = 0; i < 5; ++i)
        turnqueue::post(&context, [&] {
            QElapsedTimer busy;
            busy.start();
            while (busy.nsecsElapsed() < 3'000'000) {
            }
            log.push_back('i');
        });
    int ran = 0;
    drainCountingItemsPerTurn(ran);
    tick.stop();
    const std::string seen(log.begin(), log.end());
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 'i'), 5) << seen;
    EXPECT_EQ(seen.find("iii"), std::string::npos) << "items ran back to back: " << seen;
    EXPECT_GE(std::count(seen.begin(), seen.end(), 't'), 3) << seen;
}

#include "core/turnqueue.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <deque>

namespace vitals::turnqueue {

namespace {

struct Item {
    QPointer<QObject> context;
    std::function<void()> work;
};

class Queue
{
public:
    Queue()
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(0);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { runOne(); });
    }

    void post(QObject *context, std::function<void()> work)
    {
        Q_ASSERT(QThread::currentThread() == QCoreApplication::instance()->thread());
        m_items.push_back({context, std::move(work)});
        if (!m_timer.isActive())
            m_timer.start();
    }

    int pending() const
    {
        int n = 0;
        for (const Item &item : m_items)
            n += item.context ? 1 : 0;
        return n;
    }

private:
    void runOne()
    {
        // Dropped items (their context is gone) cost nothing: skip them in this turn.
        while (!m_items.empty() && !m_items.front().context)
            m_items.pop_front();
        if (m_items.empty())
            return;
        Item item = std::move(m_items.front());
        m_items.pop_front();
        // Armed before the item runs: the item may post more, or spin a nested event loop.
        if (!m_items.empty())
            m_timer.start();
        item.work();
    }

    std::deque<Item> m_items;
    QTimer m_timer;
};

Queue &queue()
{
    // Created on first use in the GUI thread; lives until the process exits (after the
    // application object, so its timer is never used then).
    static Queue *instance = new Queue;
    return *instance;
}

} // namespace

void post(QObject *context, std::function<void()> work)
{
    queue().post(context, std::move(work));
}

int pending()
{
    return queue().pending();
}

} // namespace vitals::turnqueue

#pragma once

#include <QObject>
#include <QPointer>

namespace vitals::prom {

namespace detail {
// An operation in flight that a RequestHandle can abort. Implemented inside core/prom; lives in
// the thread of the Transport/PromClient that started it and deletes itself when done.
class Cancelable : public QObject
{
public:
    using QObject::QObject;
    // Aborts the operation: no callback runs afterwards. Safe to call more than once.
    virtual void cancel() = 0;
    // True once the callback has been called (or is running) or the operation was canceled.
    bool isFinished() const { return m_finished; }

protected:
    void markFinished() { m_finished = true; }

private:
    bool m_finished = false;
};
} // namespace detail

// The one owner of a request in flight (STYLE.md rule 4). Move-only.
//
// Destroying or reset()-ing the handle, or assigning another handle to it, aborts the request
// it owns: the network transfer is stopped and its callback never runs. So a panel keeps one
// handle per query and simply assigns the handle of a refresh to it, which cancels the previous
// refresh if it is still running. A finished request leaves an inactive handle behind;
// resetting it then does nothing.
//
// Threading: use a handle in the thread that started the request (the GUI thread).
class RequestHandle
{
public:
    RequestHandle() = default;
    explicit RequestHandle(detail::Cancelable *operation)
        : m_op(operation)
    {}
    ~RequestHandle() { reset(); }

    RequestHandle(RequestHandle &&other) noexcept
        : m_op(other.m_op)
    {
        other.m_op = nullptr;
    }
    RequestHandle &operator=(RequestHandle &&other) noexcept
    {
        if (this != &other) {
            reset();
            m_op = other.m_op;
            other.m_op = nullptr;
        }
        return *this;
    }
    RequestHandle(const RequestHandle &) = delete;
    RequestHandle &operator=(const RequestHandle &) = delete;

    // Aborts the request if it is still running.
    void reset()
    {
        if (detail::Cancelable *op = m_op.data())
            op->cancel();
        m_op = nullptr;
    }

    // True while the request runs (its callback has not been called yet).
    bool isActive() const { return !m_op.isNull() && !m_op->isFinished(); }

private:
    QPointer<detail::Cancelable> m_op;
};

} // namespace vitals::prom

#pragma once

#include <QString>
#include <QStringList>

#include <functional>

namespace vitals {

// Where label names and values come from, implemented by whoever owns a Prometheus client (the
// Explore page). Answers may arrive later; the editor keeps a cache and shows them when the
// cursor is still where they were asked for. A request may be answered with an empty list
// (nothing known, or the server failed) and must be answered at most once.
class PromQLCompletionProvider
{
public:
    using Reply = std::function<void(const QStringList &)>;
    virtual ~PromQLCompletionProvider() = default;

    // Label names of the series of `metric` (every label name when it is empty).
    virtual void requestLabelNames(const QString &metric, Reply reply) = 0;
    // Values of `label` among the series of `metric` (among every series when it is empty).
    virtual void requestLabelValues(const QString &metric, const QString &label, Reply reply) = 0;
};

} // namespace vitals

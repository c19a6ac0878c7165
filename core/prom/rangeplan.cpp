#include "core/prom/rangeplan.h"

#include <algorithm>
#include <utility>

namespace vitals::prom {

namespace {

qint64 ceilDiv(qint64 a, qint64 b)
{
    return (a + b - 1) / b;
}

qint64 floorTo(qint64 t, qint64 step)
{
    qint64 q = t / step;
    if (t % step != 0 && t < 0)
        --q;
    return q * step;
}

qint64 roundStep(qint64 stepMs)
{
    stepMs = std::max<qint64>(stepMs, 1);
    // Whole seconds read well in the UI ("step 15s") and cache well on the server.
    if (stepMs >= 1000)
        return ceilDiv(stepMs, 1000) * 1000;
    return stepMs;
}

} // namespace

RangeQuery planRange(const QString &expr, qint64 startMs, qint64 endMs, int plotWidthPx,
                     qint64 scrapeIntervalMs, qint64 maxPoints)
{
    if (endMs < startMs)
        std::swap(startMs, endMs);
    maxPoints = std::max<qint64>(maxPoints, 2);
    const qint64 range = endMs - startMs;

    qint64 step = 1;
    if (plotWidthPx > 0)
        step = std::max(step, ceilDiv(range, plotWidthPx));
    if (scrapeIntervalMs > 0)
        step = std::max(step, scrapeIntervalMs);
    // maxPoints − 2: one point for the inclusive end, one for the partial step alignment adds.
    step = std::max(step, ceilDiv(range, maxPoints - 2));
    step = roundStep(step);

    RangeQuery q;
    q.expr = expr;
    q.stepMs = step;
    q.startMs = floorTo(startMs, step);
    q.endMs = std::max(q.startMs, floorTo(endMs, step));
    while (pointCount(q) > maxPoints) {
        q.stepMs = roundStep(q.stepMs + 1);
        q.startMs = floorTo(startMs, q.stepMs);
        q.endMs = std::max(q.startMs, floorTo(endMs, q.stepMs));
    }
    return q;
}

qint64 pointCount(const RangeQuery &query)
{
    if (query.stepMs <= 0 || query.endMs < query.startMs)
        return 0;
    return (query.endMs - query.startMs) / query.stepMs + 1;
}

} // namespace vitals::prom

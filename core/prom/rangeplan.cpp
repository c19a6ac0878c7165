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

RangePlan::RangePlan(qint64 fromMs, qint64 toMs, int widthPx, qint64 scrapeIntervalMs,
                     qint64 maxPoints)
{
    if (toMs < fromMs)
        std::swap(fromMs, toMs);
    maxPoints = std::max<qint64>(maxPoints, 2);
    const qint64 range = toMs - fromMs;

    qint64 step = 1;
    if (widthPx > 0)
        step = std::max(step, ceilDiv(range, widthPx));
    if (scrapeIntervalMs > 0)
        step = std::max(step, scrapeIntervalMs);
    // maxPoints − 2: one point for the inclusive end, one for the partial step alignment adds.
    step = std::max(step, ceilDiv(range, maxPoints - 2));
    m_stepMs = roundStep(step);
    m_startMs = floorTo(fromMs, m_stepMs);
    m_endMs = std::max(m_startMs, floorTo(toMs, m_stepMs));
    while ((m_endMs - m_startMs) / m_stepMs + 1 > maxPoints) {
        m_stepMs = roundStep(m_stepMs + 1);
        m_startMs = floorTo(fromMs, m_stepMs);
        m_endMs = std::max(m_startMs, floorTo(toMs, m_stepMs));
    }
}

RangeQuery RangePlan::query(const QString &expr) const
{
    RangeQuery q;
    q.expr = expr;
    q.startMs = m_startMs;
    q.endMs = m_endMs;
    q.stepMs = m_stepMs;
    return q;
}

RangeQuery planRange(const QString &expr, qint64 startMs, qint64 endMs, int plotWidthPx,
                     qint64 scrapeIntervalMs, qint64 maxPoints)
{
    return RangePlan(startMs, endMs, plotWidthPx, scrapeIntervalMs, maxPoints).query(expr);
}

qint64 pointCount(const RangeQuery &query)
{
    if (query.stepMs <= 0 || query.endMs < query.startMs)
        return 0;
    return (query.endMs - query.startMs) / query.stepMs + 1;
}

} // namespace vitals::prom

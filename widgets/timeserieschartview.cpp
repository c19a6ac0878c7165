#include "widgets/timeserieschart_p.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace vitals {

TimeSeriesChart::View::View(QChart *chart, TimeSeriesChart *owner)
    : QChartView(chart, owner)
    , m_owner(owner)
{
    setRenderHint(QPainter::Antialiasing, true);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setRubberBand(QChartView::NoRubberBand);
}

void TimeSeriesChart::View::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_owner->plotArea().contains(event->position())) {
        QChartView::mousePressEvent(event);
        return;
    }
    m_pressX = event->position().x();
    m_panning = event->modifiers() & Qt::ShiftModifier;
    m_dragging = true;
    event->accept();
}

void TimeSeriesChart::View::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    const QRectF plot = m_owner->plotArea();
    if (m_dragging && !m_panning) {
        const double x0 = std::clamp(std::min(m_pressX, pos.x()), plot.left(), plot.right());
        const double x1 = std::clamp(std::max(m_pressX, pos.x()), plot.left(), plot.right());
        QChart *chart = m_owner->d->chart;
        const QPointF topLeft = chart->mapFromScene(mapToScene(QPoint(int(x0), int(plot.top()))));
        const QPointF bottomRight =
            chart->mapFromScene(mapToScene(QPoint(int(x1), int(plot.bottom()))));
        m_owner->d->selection->setRect(QRectF(topLeft, bottomRight));
        m_owner->d->selection->show();
    }
    if (plot.contains(pos)) {
        const qint64 t = m_owner->timeAtX(pos.x());
        m_owner->setCrosshair(t);
        Q_EMIT m_owner->hovered(t);
        showValues(pos, event->globalPosition().toPoint());
    } else if (m_owner->hasCrosshair()) {
        m_owner->clearCrosshair();
        QToolTip::hideText();
        Q_EMIT m_owner->hoverLeft();
    }
    QChartView::mouseMoveEvent(event);
}

void TimeSeriesChart::View::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging || event->button() != Qt::LeftButton) {
        QChartView::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    m_owner->d->selection->hide();
    const double x = event->position().x();
    if (std::abs(x - m_pressX) < 4.0)
        return; // a click, not a drag
    if (m_panning) {
        // Dragging the plot to the right shows earlier times.
        const qint64 delta = m_owner->timeAtX(m_pressX) - m_owner->timeAtX(x);
        Q_EMIT m_owner->panRequested(delta);
    } else {
        Q_EMIT m_owner->rangeSelected(m_owner->timeAtX(std::min(m_pressX, x)),
                                      m_owner->timeAtX(std::max(m_pressX, x)));
    }
    event->accept();
}

// Qt sends a ToolTip event once the mouse rests; QGraphicsView hands it to the scene, which
// hides any tooltip when no graphics item under the mouse has one of its own. Over the plot
// the values tooltip answers instead, so it stays until the mouse leaves (as in Grafana).
bool TimeSeriesChart::View::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        if (m_owner->plotArea().contains(help->pos())) {
            showValues(help->pos(), help->globalPos());
            return true;
        }
    }
    if (event->type() == QEvent::Paint && m_owner->d->rebuildPending) {
        // Scrolled into view with data that arrived while it was out of view: rebuild it once,
        // now. Its new axis labels move the plot area, which Qt Charts would lay out only after
        // this paint; fitAxesToLayout() lays it out at once and fits the ticks to it, so no
        // second rebuild (decimation, series) is needed on the next frame.
        m_owner->rebuild();
        m_owner->fitAxesToLayout();
    }
    return QChartView::viewportEvent(event);
}

void TimeSeriesChart::View::leaveEvent(QEvent *event)
{
    QToolTip::hideText();
    if (m_owner->hasCrosshair()) {
        m_owner->clearCrosshair();
        Q_EMIT m_owner->hoverLeft();
    }
    QChartView::leaveEvent(event);
}

void TimeSeriesChart::View::keyPressEvent(QKeyEvent *event)
{
    const qint64 quarter = (m_owner->toMs() - m_owner->fromMs()) / 4;
    if (event->key() == Qt::Key_Left) {
        Q_EMIT m_owner->panRequested(-quarter);
        event->accept();
    } else if (event->key() == Qt::Key_Right) {
        Q_EMIT m_owner->panRequested(quarter);
        event->accept();
    } else {
        QChartView::keyPressEvent(event);
    }
}

void TimeSeriesChart::View::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    m_owner->scheduleRebuild();
}

// Shows the values at `pos` (view coordinates) beside the mouse, or hides the tooltip when
// there are none. The tooltip hides itself when the mouse leaves the plot area, and is
// otherwise kept for an hour rather than Qt's default of about ten seconds.
void TimeSeriesChart::View::showValues(QPointF pos, QPoint globalPos)
{
    const QString tip = m_owner->tooltipText(m_owner->timeAtX(pos.x()));
    if (tip.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    constexpr int kShownMs = 3600 * 1000;
    QToolTip::showText(globalPos + QPoint(16, 16), tip, this, m_owner->plotArea().toAlignedRect(),
                       kShownMs);
}

} // namespace vitals

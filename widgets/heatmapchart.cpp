#include "widgets/heatmapchart.h"

#include "widgets/timeaxis.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace vitals {

namespace {

constexpr double kPad = 6.0;

} // namespace

HeatmapChart::HeatmapChart(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(160, 120);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    applyColors();
}

void HeatmapChart::setBuckets(series::HeatmapBuckets buckets)
{
    m_buckets = std::move(buckets);
    m_stepMs = 0;
    for (std::size_t j = 1; j < m_buckets.t.size(); ++j) {
        const qint64 d = m_buckets.t[j] - m_buckets.t[j - 1];
        m_stepMs = m_stepMs == 0 ? d : std::min(m_stepMs, d);
    }
    m_labelWidth = -1;
    update();
}

void HeatmapChart::setUnit(units::Unit unit)
{
    m_unit = unit;
    m_labelWidth = -1;
    update();
}

void HeatmapChart::setTimeSpan(qint64 fromMs, qint64 toMs)
{
    m_fromMs = std::min(fromMs, toMs);
    m_toMs = std::max(fromMs + 1, toMs);
    update();
}

void HeatmapChart::setColors(const QString &spec)
{
    m_colorSpec = spec;
    applyColors();
}

void HeatmapChart::applyColors()
{
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    m_colors = HeatmapColors::fromSpec(m_colorSpec, dark);
    update();
}

void HeatmapChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyColors();
    if (event->type() == QEvent::FontChange)
        m_labelWidth = -1;
    QWidget::changeEvent(event);
}

QColor HeatmapChart::colorFor(double count, double maxCount)
{
    static const HeatmapColors defaults = HeatmapColors::fromSpec(QString());
    return defaults.colorFor(count, maxCount);
}

QColor HeatmapChart::cellColor(double count, double maxCount) const
{
    return m_colors.colorFor(count, maxCount);
}

QString HeatmapChart::boundLabel(double bound) const
{
    return std::isinf(bound) ? QStringLiteral("+Inf") : units::format(bound, m_unit);
}

qint64 HeatmapChart::stepMs() const
{
    return m_stepMs > 0 ? m_stepMs : std::max<qint64>(1, (m_toMs - m_fromMs) / 100);
}

QRectF HeatmapChart::plotArea() const
{
    const QFontMetricsF metrics(font());
    if (m_labelWidth < 0) {
        // Kept until the buckets, unit or font change: painting asks for every cell.
        m_labelWidth = metrics.horizontalAdvance(QStringLiteral("+Inf"));
        for (double bound : m_buckets.upperBounds)
            m_labelWidth = std::max(m_labelWidth, metrics.horizontalAdvance(boundLabel(bound)));
    }
    return QRectF(QPointF(kPad + m_labelWidth + kPad, kPad),
                  QPointF(width() - kPad, height() - kPad - metrics.height() - kPad));
}

QRectF HeatmapChart::cellRect(std::size_t bucket, std::size_t timeIndex) const
{
    return cellRect(plotArea(), bucket, timeIndex);
}

QRectF HeatmapChart::cellRect(const QRectF &plot, std::size_t bucket, std::size_t timeIndex) const
{
    const std::size_t rows = m_buckets.upperBounds.size();
    if (bucket >= rows || timeIndex >= m_buckets.t.size() || plot.width() <= 0)
        return {};
    const double span = double(m_toMs - m_fromMs);
    const qint64 t = m_buckets.t[timeIndex];
    const double x1 = plot.left() + plot.width() * double(t - m_fromMs) / span;
    const double x0 = plot.left() + plot.width() * double(t - stepMs() - m_fromMs) / span;
    const double rowHeight = plot.height() / double(rows);
    const double y1 = plot.bottom() - rowHeight * double(bucket);
    const QRectF cell = QRectF(QPointF(x0, y1 - rowHeight), QPointF(x1, y1)).intersected(plot);
    return cell.width() > 0 ? cell : QRectF();
}

QString HeatmapChart::tooltipAt(QPointF pos) const
{
    const QRectF plot = plotArea();
    for (std::size_t b = 0; b < m_buckets.upperBounds.size(); ++b) {
        for (std::size_t j = 0; j < m_buckets.t.size(); ++j) {
            const double count = m_buckets.counts[b][j];
            if (std::isnan(count) || !cellRect(plot, b, j).contains(pos))
                continue;
            return (m_buckets.lowerInclusive ? tr("[%1, %2): %3\n%4") : tr("(%1, %2]: %3\n%4"))
                .arg(boundLabel(m_buckets.lowerBound(b)), boundLabel(m_buckets.upperBounds[b]),
                     units::format(count, units::Unit::None),
                     QDateTime::fromMSecsSinceEpoch(m_buckets.t[j])
                         .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        }
    }
    return {};
}

void HeatmapChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QRectF plot = plotArea();
    const QColor text = palette().color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    const double most = m_buckets.maxCount();
    for (std::size_t b = 0; b < m_buckets.upperBounds.size(); ++b) {
        for (std::size_t j = 0; j < m_buckets.t.size(); ++j) {
            const double count = m_buckets.counts[b][j];
            if (!(count > 0))
                continue; // empty and zero cells stay background, as in Grafana
            const QRectF cell = cellRect(plot, b, j);
            if (!cell.isEmpty())
                p.fillRect(cell, cellColor(count, most));
        }
    }
    p.setPen(grid);
    p.drawRect(plot);
    // Bucket bounds on the left, at each row's top edge; times below, whole and on round times.
    p.setPen(text);
    const QFontMetricsF metrics(font());
    const std::size_t rows = m_buckets.upperBounds.size();
    const double rowHeight = rows ? plot.height() / double(rows) : 0;
    double lastY = 1e9;
    for (std::size_t b = 0; b < rows; ++b) {
        const double y = plot.bottom() - rowHeight * double(b + 1);
        if (lastY - y < metrics.height())
            continue; // rows thinner than a label: every other bound
        const QString label = boundLabel(m_buckets.upperBounds[b]);
        p.drawText(QPointF(plot.left() - kPad - metrics.horizontalAdvance(label),
                           y + metrics.ascent() / 2.0),
                   label);
        lastY = y;
    }
    auto labelWidth = [&metrics](const QString &label) { return metrics.horizontalAdvance(label); };
    const int offset = QDateTime::currentDateTime().offsetFromUtc();
    for (const auto &tick :
         timeaxis::fittingTicks(m_fromMs, m_toMs, plot.width(), labelWidth, 16, offset)) {
        const double x =
            plot.left() + plot.width() * double(tick.tMs - m_fromMs) / double(m_toMs - m_fromMs);
        const double w = labelWidth(tick.label);
        if (x - w / 2 < plot.left() - kPad || x + w / 2 > width())
            continue;
        p.drawText(QPointF(x - w / 2, plot.bottom() + kPad + metrics.ascent()), tick.label);
    }
    if (const auto x = drawnCrosshairX()) {
        p.setPen(QPen(text, 1, Qt::DashLine));
        p.drawLine(QPointF(*x, plot.top()), QPointF(*x, plot.bottom()));
    }
    if (m_dragFromX) {
        QColor band = palette().color(QPalette::Highlight);
        band.setAlpha(60);
        const double a = std::clamp(*m_dragFromX, plot.left(), plot.right());
        const double b = std::clamp(m_dragToX, plot.left(), plot.right());
        p.fillRect(
            QRectF(QPointF(std::min(a, b), plot.top()), QPointF(std::max(a, b), plot.bottom())),
            band);
    }
}

void HeatmapChart::setCrosshair(qint64 tMs)
{
    m_crosshairMs = tMs;
    update();
}

void HeatmapChart::clearCrosshair()
{
    m_crosshairMs.reset();
    update();
}

std::optional<double> HeatmapChart::drawnCrosshairX() const
{
    if (!m_crosshairMs || *m_crosshairMs < m_fromMs || *m_crosshairMs > m_toMs)
        return std::nullopt;
    const QRectF plot = plotArea();
    return plot.left()
           + plot.width() * double(*m_crosshairMs - m_fromMs) / double(m_toMs - m_fromMs);
}

qint64 HeatmapChart::timeAt(double x) const
{
    const QRectF plot = plotArea();
    const double f = plot.width() > 0 ? std::clamp((x - plot.left()) / plot.width(), 0.0, 1.0) : 0;
    return m_fromMs + qint64(std::llround(f * double(m_toMs - m_fromMs)));
}

void HeatmapChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && plotArea().contains(event->position())) {
        m_dragFromX = event->position().x();
        m_dragToX = *m_dragFromX;
        update();
    }
    QWidget::mousePressEvent(event);
}

void HeatmapChart::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (m_dragFromX) {
        m_dragToX = pos.x();
        update();
    }
    if (plotArea().contains(pos))
        Q_EMIT hovered(timeAt(pos.x()));
    QWidget::mouseMoveEvent(event);
}

void HeatmapChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragFromX && event->button() == Qt::LeftButton) {
        const double from = std::min(*m_dragFromX, event->position().x());
        const double to = std::max(*m_dragFromX, event->position().x());
        m_dragFromX.reset();
        update();
        // A click is not a zoom: a drag of a few pixels at least.
        if (to - from >= 4)
            Q_EMIT rangeSelected(timeAt(from), timeAt(to));
    }
    QWidget::mouseReleaseEvent(event);
}

void HeatmapChart::leaveEvent(QEvent *event)
{
    Q_EMIT hoverLeft();
    QWidget::leaveEvent(event);
}

bool HeatmapChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString tip = tooltipAt(help->pos());
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace vitals

#include "widgets/heatmapchart.h"

#include "widgets/timeaxis.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace vitals {

namespace {

// The ends of d3's interpolateOranges, Grafana's default heatmap scheme.
const QColor kLow(0xfd, 0xd0, 0xa2);
const QColor kHigh(0x7f, 0x27, 0x04);

constexpr double kPad = 6.0;

} // namespace

HeatmapChart::HeatmapChart(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(240, 160);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

void HeatmapChart::setBuckets(series::HeatmapBuckets buckets)
{
    m_buckets = std::move(buckets);
    update();
}

void HeatmapChart::setUnit(units::Unit unit)
{
    m_unit = unit;
    update();
}

void HeatmapChart::setTimeSpan(qint64 fromMs, qint64 toMs)
{
    m_fromMs = std::min(fromMs, toMs);
    m_toMs = std::max(fromMs + 1, toMs);
    update();
}

QColor HeatmapChart::colorFor(double count, double maxCount)
{
    const double f = maxCount > 0 ? std::sqrt(std::clamp(count / maxCount, 0.0, 1.0)) : 0.0;
    auto mix = [f](int a, int b) { return int(std::lround(a + (b - a) * f)); };
    return QColor(mix(kLow.red(), kHigh.red()), mix(kLow.green(), kHigh.green()),
                  mix(kLow.blue(), kHigh.blue()));
}

QString HeatmapChart::boundLabel(double bound) const
{
    return std::isinf(bound) ? QStringLiteral("+Inf") : units::format(bound, m_unit);
}

qint64 HeatmapChart::stepMs() const
{
    qint64 step = 0;
    for (std::size_t j = 1; j < m_buckets.t.size(); ++j) {
        const qint64 d = m_buckets.t[j] - m_buckets.t[j - 1];
        step = step == 0 ? d : std::min(step, d);
    }
    return step > 0 ? step : std::max<qint64>(1, (m_toMs - m_fromMs) / 100);
}

QRectF HeatmapChart::plotArea() const
{
    const QFontMetricsF metrics(font());
    double labels = metrics.horizontalAdvance(QStringLiteral("+Inf"));
    for (double bound : m_buckets.upperBounds)
        labels = std::max(labels, metrics.horizontalAdvance(boundLabel(bound)));
    return QRectF(QPointF(kPad + labels + kPad, kPad),
                  QPointF(width() - kPad, height() - kPad - metrics.height() - kPad));
}

QRectF HeatmapChart::cellRect(std::size_t bucket, std::size_t timeIndex) const
{
    const QRectF plot = plotArea();
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
    for (std::size_t b = 0; b < m_buckets.upperBounds.size(); ++b) {
        for (std::size_t j = 0; j < m_buckets.t.size(); ++j) {
            const double count = m_buckets.counts[b][j];
            if (std::isnan(count) || !cellRect(b, j).contains(pos))
                continue;
            return tr("(%1, %2]: %3\n%4")
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
            const QRectF cell = cellRect(b, j);
            if (!cell.isEmpty())
                p.fillRect(cell, colorFor(count, most));
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

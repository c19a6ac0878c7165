#include "widgets/timeserieschart.h"

#include "core/series/decimate.h"
#include "widgets/timeaxis.h"
#include "widgets/valueaxis.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QFontMetrics>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGuiApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace vitals {

namespace {

// A palette that stays distinguishable on light and dark backgrounds (after Grafana's classic
// palette), so the same series keeps its colour on every panel.
const QColor kPalette[] = {QColor(0x73, 0xbf, 0x69), QColor(0xf2, 0xcc, 0x0c),
                           QColor(0x57, 0x94, 0xf2), QColor(0xff, 0x78, 0x83),
                           QColor(0xb8, 0x77, 0xd9), QColor(0x8a, 0xb8, 0xff),
                           QColor(0xff, 0x98, 0x30), QColor(0x1f, 0x9e, 0x89),
                           QColor(0xe0, 0x2f, 0x44), QColor(0xca, 0x95, 0xe5)};

QColor colorFor(int index)
{
    return kPalette[index % int(std::size(kPalette))];
}

// The pen of a line series. A dense trace (several samples per pixel column) is drawn as the
// min-to-max stroke of each column, which fills its band whatever the pen's width: a hairline
// draws the same band, and the raster engine strokes hairlines on a fast path where a wider pen
// is turned into a polygon and filled.
QPen linePen(int index, bool dense)
{
    return QPen(colorFor(index), dense ? 1.0 : 1.6);
}

QColor colorOf(const std::vector<ChartSeries> &series, std::size_t i)
{
    return i < series.size() && series[i].color.isValid() ? series[i].color : colorFor(int(i));
}

QPen linePen(const std::vector<ChartSeries> &series, std::size_t i, bool dense)
{
    if (i >= series.size() || (!series[i].color.isValid() && !series[i].dashed))
        return linePen(int(i), dense);
    QPen pen(colorOf(series, i), dense ? 1.0 : 1.6);
    if (series[i].dashed)
        pen.setStyle(Qt::DashLine);
    return pen;
}

// Index of the sample nearest to `t`, if it lies within one sample interval of it (at least a
// second), so hovering far beyond the data shows nothing.
std::optional<std::size_t> nearestSample(const series::Series &s, qint64 t)
{
    if (s.isEmpty())
        return std::nullopt;
    const std::ptrdiff_t before = s.indexAtOrBefore(t);
    const std::ptrdiff_t after = s.indexAtOrAfter(t);
    std::size_t best;
    if (before < 0)
        best = std::size_t(after);
    else if (after < 0)
        best = std::size_t(before);
    else
        best = t - s.timestampAt(std::size_t(before)) <= s.timestampAt(std::size_t(after)) - t
                   ? std::size_t(before)
                   : std::size_t(after);
    qint64 interval = 0;
    if (s.size() > 1) {
        const std::size_t j = best + 1 < s.size() ? best : best - 1;
        interval = s.timestampAt(j + 1) - s.timestampAt(j);
    }
    if (std::llabs(s.timestampAt(best) - t) > std::max<qint64>(interval, 1000))
        return std::nullopt;
    return best;
}

// The value of `s` at exactly `t`, or 0 when it has no finite sample there (for stacking).
double valueAtExactly(const series::Series &s, qint64 t)
{
    const std::ptrdiff_t i = s.indexAtOrAfter(t);
    if (i < 0 || s.timestampAt(std::size_t(i)) != t)
        return 0.0;
    const double v = s.value(std::size_t(i));
    return std::isfinite(v) ? v : 0.0;
}

// The times of `times` within [from, to], thinned to the last one of each pixel column, for
// stacked areas where every series is drawn at the same times.
std::vector<qint64> sampleColumns(const std::vector<qint64> &times, qint64 from, qint64 to,
                                  int columns)
{
    const auto begin = std::lower_bound(times.begin(), times.end(), from);
    const auto end = std::upper_bound(begin, times.end(), to);
    if (std::size_t(end - begin) <= std::size_t(columns))
        return std::vector<qint64>(begin, end);
    std::vector<qint64> out;
    const qint64 span = to - from + 1;
    for (auto it = begin; it != end; ++it) {
        const auto next = it + 1;
        if (next == end || (*next - from) * columns / span != (*it - from) * columns / span)
            out.push_back(*it);
    }
    return out;
}

} // namespace

// Qt Charts objects, kept out of the header so no other file needs Qt Charts.
struct TimeSeriesChart::Impl {
    QChart *chart = nullptr;
    View *view = nullptr;
    QCategoryAxis *timeAxis = nullptr; // x in Unix ms, ticks on round local times
    QCategoryAxis *valueAxis = nullptr;
    std::vector<QLineSeries *> lines;  // one per series (upper line of an area when stacked)
    std::vector<QLineSeries *> lowers; // stacked only: lower lines
    std::vector<QAreaSeries *> areas;  // stacked only
    std::vector<bool> dense;           // lines only: drawn as a dense min/max trace
    QGraphicsLineItem *crosshair = nullptr;
    QGraphicsRectItem *selection = nullptr;
    std::vector<QGraphicsRectItem *> shading;
    QTimer rebuildTimer;
};

// The chart view: turns mouse and keyboard input into zoom, pan and hover requests.
class TimeSeriesChart::View : public QChartView
{
public:
    View(QChart *chart, TimeSeriesChart *owner)
        : QChartView(chart, owner)
        , m_owner(owner)
    {
        setRenderHint(QPainter::Antialiasing, true);
        setMouseTracking(true);
        setFocusPolicy(Qt::StrongFocus);
        setRubberBand(QChartView::NoRubberBand);
    }

protected:
    void mousePressEvent(QMouseEvent *event) override
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

    void mouseMoveEvent(QMouseEvent *event) override
    {
        const QPointF pos = event->position();
        const QRectF plot = m_owner->plotArea();
        if (m_dragging && !m_panning) {
            const double x0 = std::clamp(std::min(m_pressX, pos.x()), plot.left(), plot.right());
            const double x1 = std::clamp(std::max(m_pressX, pos.x()), plot.left(), plot.right());
            QChart *chart = m_owner->d->chart;
            const QPointF topLeft =
                chart->mapFromScene(mapToScene(QPoint(int(x0), int(plot.top()))));
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

    void mouseReleaseEvent(QMouseEvent *event) override
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
    bool viewportEvent(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(event);
            if (m_owner->plotArea().contains(help->pos())) {
                showValues(help->pos(), help->globalPos());
                return true;
            }
        }
        return QChartView::viewportEvent(event);
    }

    void leaveEvent(QEvent *event) override
    {
        QToolTip::hideText();
        if (m_owner->hasCrosshair()) {
            m_owner->clearCrosshair();
            Q_EMIT m_owner->hoverLeft();
        }
        QChartView::leaveEvent(event);
    }

    void keyPressEvent(QKeyEvent *event) override
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

    void resizeEvent(QResizeEvent *event) override
    {
        QChartView::resizeEvent(event);
        m_owner->scheduleRebuild();
    }

private:
    // Shows the values at `pos` (view coordinates) beside the mouse, or hides the tooltip when
    // there are none. The tooltip hides itself when the mouse leaves the plot area, and is
    // otherwise kept for an hour rather than Qt's default of about ten seconds.
    void showValues(QPointF pos, QPoint globalPos)
    {
        const QString tip = m_owner->tooltipText(m_owner->timeAtX(pos.x()));
        if (tip.isEmpty()) {
            QToolTip::hideText();
            return;
        }
        constexpr int kShownMs = 3600 * 1000;
        QToolTip::showText(globalPos + QPoint(16, 16), tip, this,
                           m_owner->plotArea().toAlignedRect(), kShownMs);
    }

    TimeSeriesChart *m_owner;
    double m_pressX = 0;
    bool m_dragging = false;
    bool m_panning = false;
};

TimeSeriesChart::TimeSeriesChart(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Impl>())
{
    d->chart = new QChart;
    d->chart->setMargins(QMargins(4, 4, 4, 4));
    d->chart->setBackgroundRoundness(0);
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->chart->legend()->setShowToolTips(true);
    d->timeAxis = new QCategoryAxis;
    d->timeAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    d->valueAxis = new QCategoryAxis;
    d->valueAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    d->chart->addAxis(d->timeAxis, Qt::AlignBottom);
    d->chart->addAxis(d->valueAxis, Qt::AlignLeft);

    d->view = new View(d->chart, this); // the view owns the chart
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(d->view);

    d->crosshair = new QGraphicsLineItem(d->chart);
    d->crosshair->setZValue(100);
    d->crosshair->hide();
    d->selection = new QGraphicsRectItem(d->chart);
    d->selection->setZValue(99);
    d->selection->hide();

    d->rebuildTimer.setSingleShot(true);
    d->rebuildTimer.setInterval(16); // one frame: coalesces bursts of updates into one rebuild
    connect(&d->rebuildTimer, &QTimer::timeout, this, &TimeSeriesChart::rebuild);
    connect(d->chart, &QChart::plotAreaChanged, this, [this] {
        placeCrosshair();
        placeShading();
    });

    applyPalette();
    setMinimumSize(240, 160);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    setTimeSpan(now - 15 * 60000, now);
}

TimeSeriesChart::~TimeSeriesChart() = default;

void TimeSeriesChart::setUnit(units::Unit unit)
{
    m_unit = unit;
    scheduleRebuild();
}

void TimeSeriesChart::setStyle(Style style)
{
    if (style == m_style)
        return;
    m_style = style;
    // The Qt Charts objects differ between styles: drop them, rebuild makes the right ones.
    d->chart->removeAllSeries();
    d->lines.clear();
    d->lowers.clear();
    d->areas.clear();
    d->dense.clear();
    scheduleRebuild();
}

void TimeSeriesChart::setValueBounds(std::optional<double> min, std::optional<double> max)
{
    m_minBound = min;
    m_maxBound = max;
    scheduleRebuild();
}

void TimeSeriesChart::setTimeSpan(qint64 fromMs, qint64 toMs)
{
    m_fromMs = std::min(fromMs, toMs);
    m_toMs = std::max(fromMs + 1, toMs);
    scheduleRebuild();
}

void TimeSeriesChart::setSeries(std::vector<ChartSeries> series)
{
    m_series = std::move(series);
    m_visible.assign(m_series.size(), true);
    for (std::size_t i = 0; i < m_series.size(); ++i)
        m_visible[i] = std::find(m_hiddenNames.begin(), m_hiddenNames.end(), m_series[i].name)
                       == m_hiddenNames.end();
    scheduleRebuild();
}

QString TimeSeriesChart::seriesName(int index) const
{
    return index >= 0 && index < seriesCount() ? m_series[std::size_t(index)].name : QString();
}

void TimeSeriesChart::setSeriesVisible(int index, bool visible)
{
    if (index < 0 || index >= seriesCount() || m_visible[std::size_t(index)] == visible)
        return;
    m_visible[std::size_t(index)] = visible;
    const QString &name = m_series[std::size_t(index)].name;
    m_hiddenNames.erase(std::remove(m_hiddenNames.begin(), m_hiddenNames.end(), name),
                        m_hiddenNames.end());
    if (!visible)
        m_hiddenNames.push_back(name);
    scheduleRebuild();
    Q_EMIT seriesVisibilityChanged(index, visible);
}

QColor TimeSeriesChart::seriesColor(int index) const
{
    return index >= 0 && index < seriesCount() ? colorFor(index) : QColor();
}

void TimeSeriesChart::clickLegend(int index, Qt::KeyboardModifiers modifiers)
{
    if (index < 0 || index >= seriesCount())
        return;
    if (modifiers & (Qt::ControlModifier | Qt::MetaModifier)) {
        setSeriesVisible(index, !isSeriesVisible(index));
        return;
    }
    bool onlyThis = isSeriesVisible(index);
    for (int i = 0; i < seriesCount(); ++i)
        if (i != index && isSeriesVisible(i))
            onlyThis = false;
    for (int i = 0; i < seriesCount(); ++i)
        setSeriesVisible(i, onlyThis || i == index);
}

bool TimeSeriesChart::isSeriesVisible(int index) const
{
    return index >= 0 && index < seriesCount() && m_visible[std::size_t(index)];
}

void TimeSeriesChart::setCrosshair(qint64 tMs)
{
    m_crosshairMs = tMs;
    m_crosshairVisible = true;
    placeCrosshair();
}

void TimeSeriesChart::clearCrosshair()
{
    m_crosshairVisible = false;
    d->crosshair->hide();
}

std::vector<TimeSeriesChart::HoverValue> TimeSeriesChart::valuesAt(qint64 tMs) const
{
    std::vector<HoverValue> out;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        if (!m_visible[i])
            continue;
        const auto &s = m_series[i];
        const auto nearest = nearestSample(s.samples, tMs);
        if (!nearest)
            continue;
        out.push_back({s.name, s.samples.timestampAt(*nearest), s.samples.value(*nearest),
                       colorOf(m_series, i)});
    }
    return out;
}

QString TimeSeriesChart::tooltipText(qint64 tMs) const
{
    const auto values = valuesAt(tMs);
    if (values.empty())
        return {};
    QString text = QStringLiteral("<b>%1</b>")
                       .arg(QDateTime::fromMSecsSinceEpoch(values.front().t)
                                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    for (const auto &v : values)
        text += QStringLiteral("<br><span style='color:%1'>■</span> %2: <b>%3</b>")
                    .arg(v.color.name(), v.name.toHtmlEscaped(), units::format(v.value, m_unit));
    if (std::any_of(m_shaded.begin(), m_shaded.end(),
                    [tMs](const auto &span) { return span.first <= tMs && tMs <= span.second; }))
        text += QStringLiteral("<br><span style='color:#d63b3b'>%1</span>")
                    .arg(tr("An alert was firing"));
    return text;
}

void TimeSeriesChart::setShadedSpans(std::vector<std::pair<qint64, qint64>> spans)
{
    m_shaded = std::move(spans);
    placeShading();
}

void TimeSeriesChart::placeShading()
{
    while (d->shading.size() < m_shaded.size()) {
        auto *item = new QGraphicsRectItem(d->chart);
        item->setZValue(-1); // behind the series
        item->setPen(Qt::NoPen);
        item->setBrush(QColor(0xd6, 0x3b, 0x3b, 45));
        d->shading.push_back(item);
    }
    const QRectF plot = d->chart->plotArea();
    const double span = double(m_toMs - m_fromMs);
    for (std::size_t i = 0; i < d->shading.size(); ++i) {
        QGraphicsRectItem *item = d->shading[i];
        if (i >= m_shaded.size() || m_shaded[i].second < m_fromMs || m_shaded[i].first > m_toMs) {
            item->hide();
            continue;
        }
        const double x0 =
            plot.left()
            + plot.width() * double(std::max(m_shaded[i].first, m_fromMs) - m_fromMs) / span;
        const double x1 =
            plot.left()
            + plot.width() * double(std::min(m_shaded[i].second, m_toMs) - m_fromMs) / span;
        item->setRect(
            QRectF(QPointF(x0, plot.top()), QPointF(std::max(x1, x0 + 1.0), plot.bottom())));
        item->show();
    }
}

std::optional<double> TimeSeriesChart::drawnCrosshairX() const
{
    if (!d->crosshair->isVisible())
        return std::nullopt;
    const QPointF scene = d->crosshair->mapToScene(d->crosshair->line().p1());
    return d->view->mapTo(this, d->view->mapFromScene(scene)).x();
}

std::vector<QRectF> TimeSeriesChart::drawnShading() const
{
    std::vector<QRectF> out;
    for (const QGraphicsRectItem *item : d->shading) {
        if (!item->isVisible())
            continue;
        const QRectF scene = item->mapToScene(item->rect()).boundingRect();
        out.emplace_back(QPointF(d->view->mapTo(this, d->view->mapFromScene(scene.topLeft()))),
                         QPointF(d->view->mapTo(this, d->view->mapFromScene(scene.bottomRight()))));
    }
    return out;
}

void TimeSeriesChart::flush()
{
    d->rebuildTimer.stop();
    rebuild();
}

QRectF TimeSeriesChart::plotArea() const
{
    const QRectF scene = d->chart->mapToScene(d->chart->plotArea()).boundingRect();
    const QPoint tl = d->view->mapFromScene(scene.topLeft());
    const QPoint br = d->view->mapFromScene(scene.bottomRight());
    return QRectF(d->view->mapTo(this, tl), d->view->mapTo(this, br));
}

qint64 TimeSeriesChart::timeAtX(double x) const
{
    const QRectF plot = plotArea();
    if (plot.width() <= 0)
        return m_fromMs;
    const double f = std::clamp((x - plot.left()) / plot.width(), 0.0, 1.0);
    return m_fromMs + qint64(std::llround(f * double(m_toMs - m_fromMs)));
}

double TimeSeriesChart::xAtTime(qint64 tMs) const
{
    const QRectF plot = plotArea();
    return plot.left() + plot.width() * double(tMs - m_fromMs) / double(m_toMs - m_fromMs);
}

void TimeSeriesChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void TimeSeriesChart::scheduleRebuild()
{
    if (!d->rebuildTimer.isActive())
        d->rebuildTimer.start();
}

void TimeSeriesChart::rebuild()
{
    const int columns = std::max(16, int(plotArea().width()));
    const std::size_t n = m_series.size();
    const bool stacked = m_style == Style::StackedArea;

    // Keep the Qt Charts objects when the series count is unchanged, so a refresh is a
    // replace() of points and not a teardown.
    if (d->lines.size() != n) {
        d->chart->removeAllSeries();
        d->lines.clear();
        d->lowers.clear();
        d->areas.clear();
        d->dense.assign(stacked ? 0 : n, false);
        for (std::size_t i = 0; i < n; ++i) {
            auto *upper = new QLineSeries;
            d->lines.push_back(upper);
            if (stacked) {
                auto *lower = new QLineSeries;
                auto *area = new QAreaSeries(upper, lower);
                // The area does not own its boundary lines; make it, so they go with it.
                upper->setParent(area);
                lower->setParent(area);
                QColor fill = colorOf(m_series, i);
                fill.setAlpha(170);
                area->setBrush(fill);
                area->setPen(
                    Qt::NoPen); // stroking a filled area's outline costs more than the fill
                d->lowers.push_back(lower);
                d->areas.push_back(area);
                d->chart->addSeries(area);
                area->attachAxis(d->timeAxis);
                area->attachAxis(d->valueAxis);
            } else {
                upper->setPen(linePen(m_series, i, false));
                d->chart->addSeries(upper);
                upper->attachAxis(d->timeAxis);
                upper->attachAxis(d->valueAxis);
            }
        }
        updateLegendMarkers();
    }

    // Qt Charts recomputes every series' geometry when an axis range changes and again when
    // its points are replaced: empty the series first, so the axis change costs nothing and
    // each series is laid out once, with its new points.
    for (QLineSeries *line : d->lines)
        line->clear();
    for (QLineSeries *line : d->lowers)
        line->clear();
    d->timeAxis->setRange(double(m_fromMs), double(m_toMs));

    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    int rendered = 0;
    QList<QPointF> points;
    if (stacked) {
        // Stack on the union of time stamps; a series without a sample at a time adds nothing.
        std::vector<qint64> times;
        for (std::size_t i = 0; i < n; ++i)
            if (m_visible[i])
                times.insert(times.end(), m_series[i].samples.timestampsMs().begin(),
                             m_series[i].samples.timestampsMs().end());
        std::sort(times.begin(), times.end());
        times.erase(std::unique(times.begin(), times.end()), times.end());
        // Filled areas need no per-pixel detail, and Qt Charts' area fill gets slow with many
        // vertices: one point per two pixel columns.
        const std::vector<qint64> columnsT =
            sampleColumns(times, m_fromMs, m_toMs, std::max(8, columns / 2));
        std::vector<double> base(columnsT.size(), 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            QList<QPointF> upper;
            QList<QPointF> lower;
            if (m_visible[i]) {
                upper.reserve(qsizetype(columnsT.size()));
                lower.reserve(qsizetype(columnsT.size()));
                for (std::size_t c = 0; c < columnsT.size(); ++c) {
                    const double v = valueAtExactly(m_series[i].samples, columnsT[c]);
                    lower.append(QPointF(double(columnsT[c]), base[c]));
                    base[c] += v;
                    upper.append(QPointF(double(columnsT[c]), base[c]));
                    hi = std::max(hi, base[c]);
                    lo = std::min(lo, 0.0);
                }
            }
            rendered += int(upper.size() + lower.size());
            d->lines[i]->replace(upper);
            d->lowers[i]->replace(lower);
            d->areas[i]->setName(m_series[i].name);
            d->areas[i]->setVisible(m_visible[i]);
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            points.clear();
            if (m_visible[i]) {
                // A margin of one column on each side lets lines run to the plot's edges.
                const qint64 margin = (m_toMs - m_fromMs) / columns + 1;
                const auto kept = series::decimate(m_series[i].samples, m_fromMs - margin,
                                                   m_toMs + margin, columns);
                points.reserve(qsizetype(kept.size()));
                // A dense trace (more points than two per column) is drawn as the min-to-max
                // stroke of each pixel column: a column's first and last samples lie between
                // its extremes and add nothing visible at one pixel wide, only drawing cost.
                const bool dense = kept.size() > std::size_t(columns) * 2;
                d->dense[i] = dense;
                // Also when a series at this place changed its own colour or dash.
                if (const QPen pen = linePen(m_series, i, dense); d->lines[i]->pen() != pen)
                    d->lines[i]->setPen(pen);
                const double span = double(m_toMs - m_fromMs + 2 * margin);
                auto columnOf = [&](qint64 t) {
                    return qint64(double(t - m_fromMs + margin) * columns / span);
                };
                for (std::size_t k = 0; k < kept.size();) {
                    std::size_t end = k + 1;
                    if (dense)
                        while (end < kept.size()
                               && columnOf(kept[end].tMs) == columnOf(kept[k].tMs))
                            ++end;
                    std::size_t lowest = k, highest = k;
                    for (std::size_t j = k; j < end; ++j) {
                        if (!std::isfinite(kept[j].v))
                            continue; // Qt Charts cannot draw infinities
                        if (!std::isfinite(kept[lowest].v) || kept[j].v < kept[lowest].v)
                            lowest = j;
                        if (!std::isfinite(kept[highest].v) || kept[j].v > kept[highest].v)
                            highest = j;
                    }
                    const std::size_t picks[2] = {std::min(lowest, highest),
                                                  std::max(lowest, highest)};
                    for (int n = 0; n < (lowest == highest ? 1 : 2); ++n) {
                        const auto &p = kept[picks[n]];
                        if (!std::isfinite(p.v))
                            continue;
                        points.append(QPointF(double(p.tMs), p.v));
                        lo = std::min(lo, p.v);
                        hi = std::max(hi, p.v);
                    }
                    k = end;
                }
            }
            rendered += int(points.size());
            // The legend labels a marker it creates later with the series' own name.
            d->lines[i]->setName(m_series[i].name);
            d->lines[i]->replace(points);
            d->lines[i]->setVisible(m_visible[i]);
        }
    }
    m_renderedPoints = rendered;
    // Antialiasing stays on for line charts whatever their density: dense traces are hairlines
    // (linePen()), which it costs little on, and without it the raster engine draws the grid's
    // long one-pixel lines span by span through its thread pool, which costs more than the
    // antialiasing it saves.
    d->view->setRenderHint(QPainter::Antialiasing, !stacked);
    rebuildAxes(lo, hi);
    updateLegendMarkers();
    placeCrosshair();
    placeShading();
}

void TimeSeriesChart::rebuildAxes(double minValue, double maxValue)
{
    for (const QString &label : d->timeAxis->categoriesLabels())
        d->timeAxis->remove(label);
    // About one label per 90 px, so "MM-dd HH:mm" labels do not collide on a narrow chart.
    const int maxTicks = std::max(2, int(plotArea().width()) / 90);
    const int offset = QDateTime::currentDateTime().offsetFromUtc();
    d->timeAxis->setStartValue(double(m_fromMs));
    // A label centred on a tick near either end of the axis would be cut in half: leave it out.
    const QFontMetrics metrics(d->timeAxis->labelsFont());
    const double width = plotArea().width();
    for (const auto &tick : timeaxis::ticks(m_fromMs, m_toMs, maxTicks, offset)) {
        const double x =
            width * double(tick.tMs - m_fromMs) / double(std::max<qint64>(1, m_toMs - m_fromMs));
        const double half = metrics.horizontalAdvance(tick.label) / 2.0;
        if (width > 0 && (x < half || width - x < half))
            continue;
        d->timeAxis->append(tick.label, double(tick.tMs));
    }
    d->timeAxis->setRange(double(m_fromMs), double(m_toMs));

    valueaxis::fill(d->valueAxis, minValue, maxValue, m_unit, m_minBound, m_maxBound);
}

void TimeSeriesChart::applyPalette()
{
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    d->chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    d->chart->setBackgroundBrush(pal.color(QPalette::Base));
    d->chart->setPlotAreaBackgroundVisible(false);
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(d->timeAxis), static_cast<QAbstractAxis *>(d->valueAxis)}) {
        axis->setLabelsColor(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    d->chart->legend()->setLabelColor(text);
    QColor cross = text;
    cross.setAlpha(160);
    d->crosshair->setPen(QPen(cross, 1.0, Qt::DashLine));
    QColor sel = pal.color(QPalette::Highlight);
    sel.setAlpha(60);
    d->selection->setBrush(sel);
    d->selection->setPen(Qt::NoPen);
    updateLegendMarkers(); // their label colours come from the palette
    // Setting a theme resets series colours: put ours back.
    for (std::size_t i = 0; i < d->lines.size(); ++i) {
        if (i < d->areas.size()) {
            QColor fill = colorOf(m_series, i);
            fill.setAlpha(170);
            d->areas[i]->setBrush(fill);
            d->areas[i]->setPen(Qt::NoPen);
        } else {
            d->lines[i]->setPen(linePen(m_series, i, i < d->dense.size() && d->dense[i]));
        }
    }
}

void TimeSeriesChart::updateLegendMarkers()
{
    const QList<QLegendMarker *> markers = d->chart->legend()->markers();
    for (int i = 0; i < markers.size() && i < seriesCount(); ++i) {
        QLegendMarker *marker = markers[i];
        marker->setLabel(m_series[std::size_t(i)].name);
        marker->setVisible(true); // a hidden series keeps its legend entry, to click it back
        QFont font = marker->font();
        font.setStrikeOut(!m_visible[std::size_t(i)]);
        marker->setFont(font);
        QColor label = palette().color(QPalette::Text);
        if (!m_visible[std::size_t(i)])
            label.setAlpha(110);
        marker->setLabelBrush(label);
        marker->disconnect(this);
        // The keys held now: keyboardModifiers() is the state of the last key event seen,
        // which can still say Ctrl after Ctrl was released elsewhere.
        connect(marker, &QLegendMarker::clicked, this,
                [this, i] { clickLegend(i, QGuiApplication::queryKeyboardModifiers()); });
    }
}

void TimeSeriesChart::placeCrosshair()
{
    if (!m_crosshairVisible || m_crosshairMs < m_fromMs || m_crosshairMs > m_toMs) {
        d->crosshair->hide();
        return;
    }
    const QRectF plot = d->chart->plotArea();
    const double x =
        plot.left() + plot.width() * double(m_crosshairMs - m_fromMs) / double(m_toMs - m_fromMs);
    d->crosshair->setLine(x, plot.top(), x, plot.bottom());
    d->crosshair->show();
}

} // namespace vitals

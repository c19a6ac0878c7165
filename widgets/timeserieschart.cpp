#include "widgets/timeserieschart_p.h"

#include "core/turnqueue.h"

#include <QApplication>
#include <QDateTime>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QLegend>
#include <QLegendMarker>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace vitals {

namespace chartstyle {

namespace {

// A palette that stays distinguishable on light and dark backgrounds (after Grafana's classic
// palette), so the same series keeps its colour on every panel.
const QColor kPalette[] = {QColor(0x73, 0xbf, 0x69), QColor(0xf2, 0xcc, 0x0c),
                           QColor(0x57, 0x94, 0xf2), QColor(0xff, 0x78, 0x83),
                           QColor(0xb8, 0x77, 0xd9), QColor(0x8a, 0xb8, 0xff),
                           QColor(0xff, 0x98, 0x30), QColor(0x1f, 0x9e, 0x89),
                           QColor(0xe0, 0x2f, 0x44), QColor(0xca, 0x95, 0xe5)};

} // namespace

QColor paletteColor(int index)
{
    return kPalette[index % int(std::size(kPalette))];
}

QColor colorOf(const std::vector<ChartSeries> &series, std::size_t i)
{
    return i < series.size() && series[i].color.isValid() ? series[i].color : paletteColor(int(i));
}

// A dense trace (several samples per pixel column) is drawn as the min-to-max stroke of each
// column, which fills its band whatever the pen's width: a hairline draws the same band, and the
// raster engine strokes hairlines on a fast path where a wider pen is turned into a polygon and
// filled.
QPen linePen(const std::vector<ChartSeries> &series, std::size_t i, bool dense)
{
    const std::optional<double> width = i < series.size() ? series[i].lineWidth : std::nullopt;
    QPen pen(colorOf(series, i), width ? std::max(0.5, *width) : dense ? 1.0 : 1.6);
    if (i < series.size() && series[i].dashed)
        pen.setStyle(Qt::DashLine);
    return pen;
}

} // namespace chartstyle

using chartstyle::colorOf;
using chartstyle::linePen;

namespace {

// The property of a legend marker that holds the index of the ChartSeries it stands for; set
// when its click is connected.
constexpr char kLegendIndex[] = "vitalsSeriesIndex";

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

} // namespace

std::vector<ChartSeries> clone(const std::vector<ChartSeries> &list)
{
    std::vector<ChartSeries> out;
    out.reserve(list.size());
    for (const ChartSeries &s : list)
        out.push_back(s.clone());
    return out;
}

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
    // A chart scene holds a few dozen items: a BSP index costs more to keep up to date after each
    // rebuild (QGraphicsScene::_q_updateIndex) than it saves on lookups.
    d->view->scene()->setItemIndexMethod(QGraphicsScene::NoIndex);
    d->view->setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
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
    connect(&d->rebuildTimer, &QTimer::timeout, this, &TimeSeriesChart::queueRebuild);
    connect(d->chart, &QChart::plotAreaChanged, this, [this] {
        placeCrosshair();
        placeShading();
    });

    applyPalette();
    // Four Grafana w=6 panels across a 1000 px window (Prometheus 2.0 Stats) leave about 230 px
    // a chart; AxisLabels.NoLabelIsElidedAtTheChartsMinimumSize keeps every label whole at this.
    setMinimumSize(224, 150);
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
    d->clearPieces();
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
    return index >= 0 && index < seriesCount() ? colorOf(m_series, std::size_t(index)) : QColor();
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
        // A series hidden from the tooltip (Grafana's hideFrom.tooltip) is still drawn.
        if (!m_visible[i] || m_series[i].hideTooltip)
            continue;
        const auto &s = m_series[i];
        const auto nearest = nearestSample(s.samples, tMs);
        if (!nearest)
            continue;
        out.push_back({s.name, s.samples.timestampAt(*nearest), s.samples.value(*nearest),
                       colorOf(m_series, i), s.unit.value_or(m_unit)});
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
                    .arg(v.color.name(), v.name.toHtmlEscaped(), units::format(v.value, v.unit));
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
    d->rebuildQueued = false;
    rebuild();
}

int TimeSeriesChart::countCharts(bool (*waits)(const Impl &))
{
    int n = 0;
    for (QWidget *w : QApplication::allWidgets())
        if (auto *chart = qobject_cast<TimeSeriesChart *>(w))
            n += waits(*chart->d) ? 1 : 0;
    return n;
}

int TimeSeriesChart::queuedRebuilds()
{
    return countCharts([](const Impl &d) { return d.rebuildQueued; });
}

bool TimeSeriesChart::allRebuilt()
{
    return turnqueue::pending() == 0 && queuedRebuilds() == 0 && dueRebuilds() == 0;
}

void TimeSeriesChart::whenAllRebuilt(QObject *context, std::function<void()> then)
{
    QTimer::singleShot(1, context, [context, then = std::move(then)]() mutable {
        if (allRebuilt())
            then();
        else
            whenAllRebuilt(context, std::move(then));
    });
}

void TimeSeriesChart::queueRebuild()
{
    if (d->rebuildQueued)
        return;
    d->rebuildQueued = true;
    // One chart per turn of the event loop (core/turnqueue.h): when a refresh's answers arrive
    // together, rebuilding every chart in one go would keep input waiting for all of them.
    // A chart flushed or deleted meanwhile is skipped.
    turnqueue::post(this, [this] {
        if (!d->rebuildQueued)
            return;
        d->rebuildQueued = false;
        rebuildWhenSeen();
    });
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

void TimeSeriesChart::rebuildWhenSeen()
{
    // On a big dashboard most charts are scrolled out of view: decimating their data and laying
    // out their axes now would delay the charts the user sees for ones they may never scroll
    // to. A hidden chart (no window shown: tests, reports) is rebuilt as before.
    if (isVisible() && !intersectsWindowView()) {
        d->rebuildPending = true;
        return;
    }
    rebuild();
}

bool TimeSeriesChart::intersectsWindowView() const
{
    // The chart's rectangle clipped by every ancestor up to its window (a scroll area's
    // viewport clips what is scrolled away). Not visibleRegion(): that also subtracts opaque
    // children, and the chart view covers this whole widget.
    QRect r = rect();
    const QWidget *w = this;
    while (!w->isWindow() && w->parentWidget()) {
        r.translate(w->pos());
        w = w->parentWidget();
        r &= w->rect();
        if (r.isEmpty())
            return false;
    }
    return !r.isEmpty();
}

void TimeSeriesChart::scheduleRebuild()
{
    if (d->rebuildTimer.isActive() || d->rebuildQueued)
        return; // the rebuild already on its way reads the chart as it is then
    // The first change after a quiet frame is queued at once: the queue runs on a later turn,
    // so the rest of a burst of setters made in this turn joins the same rebuild, and an answer
    // is drawn without waiting a frame. A change within a frame of the last rebuild waits for
    // the frame's end, so a stream of changes is drawn at most once a frame.
    constexpr qint64 frameMs = 16;
    const qint64 since = d->lastRebuild.isValid() ? d->lastRebuild.elapsed() : frameMs;
    if (since >= frameMs)
        queueRebuild();
    else
        d->rebuildTimer.start(int(frameMs - since));
}

int TimeSeriesChart::dueRebuilds()
{
    return countCharts([](const Impl &d) { return d.rebuildTimer.isActive(); });
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
    applySeriesLegend();
    applySeriesPalette(); // areas and the right-hand axis
    for (std::size_t i = 0; i < d->lines.size(); ++i)
        for (QLineSeries *line : d->lines[i])
            line->setPen(linePen(m_series, i, i < d->dense.size() && d->dense[i]));
}

void TimeSeriesChart::updateLegendMarkers()
{
    QLegend *legend = d->chart->legend();
    auto hideExtraPieces = [legend](const auto &pieces) {
        for (std::size_t k = 1; k < pieces.size(); ++k)
            for (QLegendMarker *marker : legend->markers(pieces[k]))
                marker->setVisible(false);
    };
    for (const auto &pieces : d->lines)
        hideExtraPieces(pieces);
    for (const auto &pieces : d->areas)
        hideExtraPieces(pieces);
    for (int i = 0; i < seriesCount(); ++i) {
        QAbstractSeries *owner = d->legendSeries(std::size_t(i));
        if (!owner)
            continue;
        for (QLegendMarker *marker : legend->markers(owner)) {
            marker->setLabel(m_series[std::size_t(i)].name);
            marker->setVisible(true); // a hidden series keeps its legend entry, to click it back
            QFont font = marker->font();
            font.setStrikeOut(!m_visible[std::size_t(i)]);
            marker->setFont(font);
            QColor label = palette().color(QPalette::Text);
            if (!m_visible[std::size_t(i)])
                label.setAlpha(110);
            marker->setLabelBrush(label);
            // Connected once per marker (it lives as long as its series, which keeps its
            // place): a rebuild reconnecting every marker cost as much as the rest of the legend.
            if (marker->property(kLegendIndex).isValid())
                continue;
            marker->setProperty(kLegendIndex, i);
            // The keys held now: keyboardModifiers() is the state of the last key event seen,
            // which can still say Ctrl after Ctrl was released elsewhere.
            connect(marker, &QLegendMarker::clicked, this, [this, marker] {
                clickLegend(marker->property(kLegendIndex).toInt(),
                            QGuiApplication::queryKeyboardModifiers());
            });
        }
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

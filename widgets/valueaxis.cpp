#include "widgets/valueaxis.h"

#include "core/series/axisticks.h"

#include <QCategoryAxis>
#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace vitals::valueaxis {

namespace {

// Qt Charts' padding around axis labels and the margin of its label text items (Qt Charts
// 6.4: ChartAxisElement::labelPadding(), ChartPresenter::textMargin()), and a pixel of slack
// for rounding.
constexpr double kLabelPadding = 4.0;
constexpr double kTextMargin = 0.5;
constexpr double kSlack = 1.0;

} // namespace

int maxTicks(double heightPx, const QFont &font)
{
    const double label = QFontMetricsF(font).height() + 2 * kTextMargin + kSlack;
    // n labels take n + 1 intervals (the one below the lowest tick is empty but counted).
    const int fit = int(std::floor(heightPx / (label + 2 * kLabelPadding))) - 1;
    // And no denser than a tick per 40 px, so a tall chart is not striped with grid lines.
    const int readable = int(heightPx / 40.0) + 1;
    return std::max(2, std::min(fit, readable));
}

void setCategories(QCategoryAxis *axis, double start, const QStringList &labels,
                   const std::vector<double> &ends)
{
    // Each remove() and append() makes Qt Charts lay the axis out again; most refreshes of a
    // dashboard give the same ticks, so keep the categories that are already right.
    const QStringList old = axis->categoriesLabels();
    qsizetype same = 0;
    if (axis->startValue() == start)
        while (same < old.size() && same < labels.size() && old[same] == labels[same]
               && axis->endValue(old[same]) == ends[std::size_t(same)])
            ++same;
    for (qsizetype k = old.size(); k-- > same;)
        axis->remove(old[k]);
    if (axis->startValue() != start)
        axis->setStartValue(start);
    for (qsizetype k = same; k < labels.size(); ++k)
        axis->append(labels[k], ends[std::size_t(k)]);
}

void fill(QCategoryAxis *axis, double lo, double hi, units::Unit unit,
          std::optional<double> minBound, std::optional<double> maxBound, int maxTicks)
{
    const axisticks::ValueTicks ticks =
        axisticks::valueTicks(lo, hi, unit, maxTicks, minBound, maxBound);
    // A category axis labels the end of each category: the lowest tick gets one of its own,
    // a sliver just below the axis' start, so the axis' origin ("0") is labelled too.
    setCategories(axis, ticks.min - ticks.step * 1e-6, ticks.labels, ticks.values);
    if (axis->min() != ticks.min || axis->max() != ticks.max)
        axis->setRange(ticks.min, ticks.max);
}

} // namespace vitals::valueaxis
